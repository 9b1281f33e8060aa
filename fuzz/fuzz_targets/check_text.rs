//! The checker on arbitrary text: as one provision (whole, and split into
//! fields at " | " as a table row is), and as a .txt plan.
#![no_main]
use idp_audit::rules::check;
use idp_audit::lexicon::Lexicon;
use idp_audit::types::provision::{Field, Layout, Location, RawProvision, Role};
use libfuzzer_sys::fuzz_target;

const ROLES: [Role; 4] = [Role::Description, Role::Frequency, Role::Provider, Role::Duration];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let lex = Lexicon::builtin();
    let settings = Default::default();
    let mut fields = Vec::new();
    let mut start = 0;
    for (i, cell) in text.split(" | ").enumerate() {
        fields.push(Field {
            name: format!("c{i}"),
            role: ROLES[i % ROLES.len()],
            range: start..start + cell.len(),
            merged: false,
        });
        start += cell.len() + 3;
    }
    for fields in [Vec::new(), fields] {
        let raw = RawProvision {
            text: text.clone(),
            fields,
            location: Location::unplaced(Layout::Table),
            comments: Vec::new(),
        };
        let checked = check(&raw, lex, &settings);
        for f in &checked.findings {
            if let Some(s) = &f.span {
                idp_audit_fuzz::assert_span(&text, s, "finding");
            }
        }
        let e = &checked.elements;
        for el in [&e.frequency, &e.duration, &e.provider, &e.qualification, &e.group] {
            if let Some(s) = &el.span {
                idp_audit_fuzz::assert_span(&text, s, "element");
            }
        }
    }
    idp_audit_fuzz::audit(data, "plan.txt");
});
