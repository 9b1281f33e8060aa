//! Rule ids: "IDP201" as a type, so that no code compares rule-id strings.
//! A rule's own file names its id (`pub const ID: RuleId = RuleId::new(201)`);
//! the registry (`rules/mod.rs`) lists the rules; configuration, inline
//! suppressions and the lexicon name them by id or name, looked up there.

use std::fmt;

/// A rule's stable id: IDP001–IDP999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(u16);

impl RuleId {
    /// The rule numbered `n` ("IDP201" is 201).
    pub const fn new(n: u16) -> Self {
        assert!(n >= 1 && n <= 999, "rule ids run from IDP001 to IDP999");
        RuleId(n)
    }

    /// Read "IDP201" (any case). Whether such a rule exists is the registry's
    /// to say.
    pub fn parse(s: &str) -> Option<RuleId> {
        let digits = s.get(..3).filter(|p| p.eq_ignore_ascii_case("IDP")).and(s.get(3..))?;
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u16 = digits.parse().ok()?;
        (n >= 1).then_some(RuleId(n))
    }

    /// The number: 201 for IDP201.
    pub fn number(self) -> u16 {
        self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Padding and alignment apply (`{:<7}` in a table).
        f.pad(&format!("IDP{:03}", self.0))
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_and_print_alike() {
        assert_eq!(RuleId::parse("IDP201"), Some(RuleId::new(201)));
        assert_eq!(RuleId::parse("idp001"), Some(RuleId::new(1)));
        assert_eq!(RuleId::new(1).to_string(), "IDP001");
        for bad in ["IDP", "IDP2011", "IDP20x", "XYZ201", "IDP000", "201", "IDP२०१"] {
            assert_eq!(RuleId::parse(bad), None, "{bad}");
        }
        // Ordered as their printed ids sort.
        assert!(RuleId::new(99) < RuleId::new(101));
    }
}
