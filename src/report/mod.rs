//! Reports: one module per output format.

pub mod dump;
pub mod human;
pub mod json;
pub mod rules;
pub mod words;
