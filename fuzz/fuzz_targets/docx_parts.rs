//! The DOCX reader's XML walker: the input is the package's parts,
//! separated by `\n--part--\n` (document.xml, styles.xml, numbering.xml,
//! document.xml.rels), zipped here so that mutations reach the XML instead
//! of breaking the zip's checksums.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;

const NAMES: [&str; 4] = ["word/document.xml", "word/styles.xml", "word/numbering.xml", "word/_rels/document.xml.rels"];
const RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fuzz_target!(|data: &[u8]| {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("_rels/.rels", stored).unwrap();
    zip.write_all(RELS.as_bytes()).unwrap();
    for (name, part) in NAMES.iter().zip(split(data, b"\n--part--\n")) {
        zip.start_file(*name, stored).unwrap();
        zip.write_all(part).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    idp_audit_fuzz::audit(&bytes, "plan.docx");
});

fn split<'a>(mut data: &'a [u8], sep: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    while let Some(i) = data.windows(sep.len()).position(|w| w == sep) {
        out.push(&data[..i]);
        data = &data[i + sep.len()..];
    }
    out.push(data);
    out
}
