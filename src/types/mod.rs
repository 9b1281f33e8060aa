//! The bottom layer: the types every stage shares (the document model, a
//! provision, findings, element values, rule ids, errors, limits, a plan's
//! report). It imports nothing of the pipeline above it.

pub mod error;
pub mod finding;
pub mod limits;
pub mod model;
pub mod provision;
pub mod report;
pub mod rule_id;
pub mod value;

pub use finding::{
    Checked, Element, ElementName, Elements, Finding, FindingKind, HedgeEffects, Kind, RuleSettings, Severity, Status,
    Verdict,
};
pub use rule_id::RuleId;
pub use value::{Amount, Field, Value};
