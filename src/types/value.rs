//! What an element states, as values a program can use: a rate is a count
//! and a period, a length is minutes, a group has a size, a provider a role.
//! The checker fills them in; the JSON report writes them (and is the only
//! place JSON is made); delivery arithmetic reads them.

/// A number or a range of numbers ("3", "8-10").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    pub low: f64,
    pub high: f64,
}

impl Amount {
    /// `low..=high`, in either order.
    pub fn between(a: f64, b: f64) -> Self {
        Amount { low: a.min(b), high: a.max(b) }
    }

    pub fn exactly(v: f64) -> Self {
        Amount { low: v, high: v }
    }

    pub fn is_single(&self) -> bool {
        self.low == self.high
    }
}

/// The value of one element: whichever of these the words state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Value {
    /// How many times, per `per` ("3 times a week").
    pub count: Option<Amount>,
    /// The period of a rate: "day", "week", "half_term", "term", "year"...
    pub per: Option<String>,
    /// Once in every N periods ("every six weeks").
    pub every: Option<f64>,
    /// Named days ("Tuesdays and Thursdays").
    pub days: Option<String>,
    /// "at_least", "up_to", "about" and the like.
    pub qualifier: Option<&'static str>,
    /// A length in minutes (a session's, or a total per `per`).
    pub minutes: Option<Amount>,
    /// A time of day ("8.50-9.05am").
    pub slot: Option<String>,
    /// A course's length.
    pub weeks: Option<Amount>,
    pub sessions: Option<Amount>,
    pub terms: Option<Amount>,
    pub course: Option<String>,
    /// An amount in per cent ("25% extra time").
    pub percent: Option<f64>,
    /// A group's size ("1:1" is 1).
    pub size: Option<Amount>,
    /// A group described without a size ("a nurture group").
    pub description: Option<String>,
    /// A schedule tied to the day or to events ("at lunchtime").
    pub schedule: Option<String>,
    /// A coverage ("in all lessons").
    pub coverage: Option<String>,
    /// A deadline ("by 31 March 2027").
    pub deadline: Option<String>,
    pub date: Option<String>,
    /// A single occasion ("once", "a one-off").
    pub occasion: Option<String>,
    /// The provider's role, as the lexicon labels it.
    pub role: Option<String>,
    /// Whether that role's title is regulated (it names its qualification).
    pub regulated: Option<bool>,
    /// The words that state a qualification, and what sort of credential.
    pub credential: Option<String>,
    pub credential_type: Option<&'static str>,
    /// A regulated profession that stands for the qualification.
    pub regulated_profession: Option<String>,
}

/// One named part of a value, as reports write it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field<'a> {
    Number(f64),
    Text(&'a str),
    Flag(bool),
}

impl Value {
    /// The value's parts by name, in name order: an amount is `count`, or
    /// `count_min` and `count_max` for a range (so for minutes, size, weeks,
    /// sessions and terms).
    pub fn fields(&self) -> Vec<(String, Field<'_>)> {
        let mut out: Vec<(String, Field<'_>)> = Vec::new();
        let mut amount = |key: &str, a: &Option<Amount>| {
            if let Some(a) = a {
                if a.is_single() {
                    out.push((key.to_string(), Field::Number(a.low)));
                } else {
                    out.push((format!("{key}_min"), Field::Number(a.low)));
                    out.push((format!("{key}_max"), Field::Number(a.high)));
                }
            }
        };
        amount("count", &self.count);
        amount("minutes", &self.minutes);
        amount("weeks", &self.weeks);
        amount("sessions", &self.sessions);
        amount("terms", &self.terms);
        amount("size", &self.size);
        let texts: [(&str, &Option<String>); 13] = [
            ("per", &self.per),
            ("days", &self.days),
            ("slot", &self.slot),
            ("course", &self.course),
            ("description", &self.description),
            ("schedule", &self.schedule),
            ("coverage", &self.coverage),
            ("deadline", &self.deadline),
            ("date", &self.date),
            ("occasion", &self.occasion),
            ("role", &self.role),
            ("credential", &self.credential),
            ("regulated_profession", &self.regulated_profession),
        ];
        for (key, v) in texts {
            if let Some(t) = v {
                out.push((key.to_string(), Field::Text(t)));
            }
        }
        for (key, v) in [("qualifier", self.qualifier), ("type", self.credential_type)] {
            if let Some(t) = v {
                out.push((key.to_string(), Field::Text(t)));
            }
        }
        for (key, v) in [("every", self.every), ("percent", self.percent)] {
            if let Some(n) = v {
                out.push((key.to_string(), Field::Number(n)));
            }
        }
        if let Some(r) = self.regulated {
            out.push(("regulated".to_string(), Field::Flag(r)));
        }
        crate::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_min_and_max_and_fields_come_in_name_order() {
        let v = Value { count: Some(Amount::between(10.0, 8.0)), per: Some("term".into()), ..Value::default() };
        let names: Vec<String> = v.fields().into_iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["count_max", "count_min", "per"]);
        assert_eq!(v.fields()[1].1, Field::Number(8.0));
    }
}
