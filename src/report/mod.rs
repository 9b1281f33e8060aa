//! Reports: one module per output format.

pub mod dump;
pub mod json;
