//! The DOCX reader on raw bytes: mutated real packages (seeded from the
//! fixtures and the docx-wild corpus) and arbitrary zips.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    idp_audit_fuzz::audit(data, "plan.docx");
});
