//! The bottom layer: the types every stage shares (rule ids, findings,
//! element values). It imports nothing of the pipeline above it.

pub mod finding;
pub mod rule_id;
pub mod value;

pub use finding::{
    Checked, Element, ElementName, Elements, Finding, FindingKind, Kind, RuleSettings, Severity, Status, Verdict,
};
pub use rule_id::RuleId;
pub use value::{Amount, Field, Value};
