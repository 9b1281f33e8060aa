//! The Markdown reader, and everything after it, on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    idp_audit_fuzz::audit(data, "plan.md");
});
