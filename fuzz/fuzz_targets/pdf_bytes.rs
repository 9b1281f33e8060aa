//! The PDF reader on raw bytes: mutated PDFs (seeded from the tagged and
//! untagged fixtures) and arbitrary objects after a PDF header.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    idp_audit_fuzz::audit(data, "plan.pdf");
});
