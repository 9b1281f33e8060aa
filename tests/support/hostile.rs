//! Hostile and broken files, built at run time (nothing large is committed),
//! with what idp-audit must say about each.
//!
//! Shared by `tests/hostile.rs` and `examples/hostile_files.rs` (which writes
//! them to a folder so that the release binary's peak memory can be measured
//! on a batch of them: `scripts/hostile-batch.sh`).
//!
//! Every name in these plans is invented.

#![allow(dead_code)]

use std::io::Write;

/// What idp-audit must report for one file.
#[derive(Debug, Clone)]
pub struct Expect {
    /// `ok`, `no_section_2b` or `error`.
    pub status: &'static str,
    /// `error.kind`, for an error.
    pub kind: Option<&'static str>,
    /// Words the error message must contain (case-insensitive).
    pub says: Vec<&'static str>,
    /// A notice code the report must carry.
    pub notice: Option<&'static str>,
    /// How many provisions, for a plan that is read.
    pub provisions: Option<usize>,
    /// Text that must appear in some provision (e.g. an entity left literal).
    pub provision_contains: Option<&'static str>,
}

impl Expect {
    pub fn error(kind: &'static str, says: &[&'static str]) -> Self {
        Expect {
            status: "error",
            kind: Some(kind),
            says: says.to_vec(),
            notice: None,
            provisions: None,
            provision_contains: None,
        }
    }

    pub fn ok(provisions: usize) -> Self {
        Expect {
            status: "ok",
            kind: None,
            says: Vec::new(),
            notice: None,
            provisions: Some(provisions),
            provision_contains: None,
        }
    }

    pub fn notice(mut self, code: &'static str) -> Self {
        self.notice = Some(code);
        self
    }

    pub fn containing(mut self, text: &'static str) -> Self {
        self.provision_contains = Some(text);
        self
    }

    /// Compare with what was reported; `Err` says what differs.
    pub fn check(
        &self,
        status: &str,
        kind: Option<&str>,
        message: Option<&str>,
        notices: &[String],
        provisions: &[String],
    ) -> Result<(), String> {
        let mut wrong = Vec::new();
        if status != self.status {
            wrong.push(format!("status {status}, expected {} ({kind:?}: {message:?})", self.status));
        }
        if kind != self.kind {
            wrong.push(format!("error kind {kind:?}, expected {:?} ({message:?})", self.kind));
        }
        let msg = message.unwrap_or("").to_lowercase();
        for w in &self.says {
            if !msg.contains(&w.to_lowercase()) {
                wrong.push(format!("message {message:?} does not say {w:?}"));
            }
        }
        if let Some(m) = message {
            // A parent reads this: whole sentences that say what to do.
            if m.len() < 40 || !m.trim_end().ends_with(['.', ')']) {
                wrong.push(format!("unclear message {m:?}"));
            }
        }
        if let Some(n) = self.notice
            && !notices.iter().any(|c| c == n)
        {
            wrong.push(format!("no notice {n:?} in {notices:?}"));
        }
        if let Some(n) = self.provisions
            && provisions.len() != n
        {
            wrong.push(format!("{} provisions, expected {n}", provisions.len()));
        }
        if let Some(t) = self.provision_contains
            && !provisions.iter().any(|p| p.contains(t))
        {
            wrong.push(format!("no provision contains {t:?}"));
        }
        if wrong.is_empty() { Ok(()) } else { Err(wrong.join("; ")) }
    }
}

pub struct Case {
    /// The file name (its extension matters: it is a hint for text files).
    pub name: String,
    pub bytes: Vec<u8>,
    pub expect: Expect,
}

fn case(name: &str, bytes: Vec<u8>, expect: Expect) -> Case {
    Case { name: name.to_string(), bytes, expect }
}

/// One GiB: the least a zip bomb here inflates to.
pub const GIB: u64 = 1 << 30;

/// Every hostile file, in a fixed order.
pub fn cases() -> Vec<Case> {
    let mut out = vec![
        case(
            "zip-bomb-declared.docx",
            zip_bomb(true),
            Expect::error("limit", &["max_part_bytes", "word/document.xml", "idp-audit.toml"]),
        ),
        case(
            "zip-bomb-lying-header.docx",
            zip_bomb(false),
            Expect::error(
                "corrupt",
                &["word/document.xml", "more than the 4096 bytes its header declares", "zip bomb"],
            ),
        ),
        case("entity-bomb.docx", entity_bomb(), Expect::ok(2).notice("dtd_ignored").containing("&lol9;")),
        case("external-entity.docx", external_entity(), Expect::ok(2).notice("dtd_ignored").containing("&xxe;")),
        case(
            "nested-tables-20000.docx",
            nested_tables(20_000),
            Expect::error("limit", &["max_table_depth", "nested", "idp-audit.toml"]),
        ),
        case(
            "deep-xml.docx",
            docx(&format!(
                "{}{}{}",
                "<w:sdt><w:sdtContent>".repeat(2_000),
                para("Section 2B"),
                "</w:sdtContent></w:sdt>".repeat(2_000)
            )),
            Expect::error("limit", &["max_xml_depth", "idp-audit.toml"]),
        ),
        case(
            "many-attributes.docx",
            docx(&format!(
                "{}<w:p><w:pPr><w:pStyle {}w:val=\"x\"/></w:pPr></w:p>",
                plan_body(),
                (0..100_000).map(|i| format!("a{i}=\"\" ")).collect::<String>()
            )),
            Expect::ok(2),
        ),
        case("truncated.docx", truncated(), Expect::error("corrupt", &["truncated", "cut off", "save a new copy"])),
        case("random.docx", random_bytes(0x5eed, 64 * 1024), Expect::error("binary", &["save the plan as .docx"])),
        case("random-zip.docx", random_zip(), Expect::error("corrupt", &["cannot be opened", "save a new copy"])),
        case(
            "password.docx",
            ole(&["EncryptionInfo", "EncryptedPackage", "\u{6}DataSpaces"]),
            Expect::error("encrypted", &["password-protected", "remove the password", "save as .docx"]),
        ),
        case(
            "old-word.doc",
            ole(&["WordDocument", "1Table", "\u{5}SummaryInformation"]),
            Expect::error("legacy_doc", &["save it", ".docx"]),
        ),
        case("old-excel.xls", ole(&["Workbook"]), Expect::error("wrong_office_type", &["Excel"])),
        case("old-slides.ppt", ole(&["PowerPoint Document"]), Expect::error("wrong_office_type", &["PowerPoint"])),
        case(
            "email.msg",
            ole(&["__substg1.0_0037001F", "__properties_version1.0"]),
            Expect::error("wrong_office_type", &["email", "attach"]),
        ),
        case("empty.docx", Vec::new(), Expect::error("empty", &["empty"])),
        case("blank.md", b" \n\n\t \r\n".to_vec(), Expect::error("empty", &["empty"])),
        case(
            "renamed-pdf.docx",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec(),
            Expect::error("pdf", &["PDF is not supported yet", "export it to Word", ".txt"]),
        ),
        case("renamed-rtf.docx", b"{\\rtf1\\ansi Section 2B}".to_vec(), Expect::error("rtf", &["save it as .docx"])),
        case(
            "spreadsheet.xlsx",
            office_zip("xl/workbook.xml", "workbook"),
            Expect::error("wrong_office_type", &["Excel"]),
        ),
        case(
            "slides.pptx",
            office_zip("ppt/presentation.xml", "presentation"),
            Expect::error("wrong_office_type", &["PowerPoint"]),
        ),
        case(
            "no-document.docx",
            zip(&[("notes.txt", b"not a plan".as_slice())]),
            Expect::error("corrupt", &["no Word document"]),
        ),
        case("many-entries.docx", many_entries(10_001), Expect::error("limit", &["max_zip_entries", "idp-audit.toml"])),
        case("encrypted-entry.docx", zip_encrypted_entry(), Expect::error("encrypted", &["password"])),
        case("unknown-compression.docx", zip_unknown_method(), Expect::error("corrupt", &["compressed", "save"])),
        case("latin1.txt", latin1_plan(), Expect::ok(2).notice("invalid_utf8")),
        case("utf16le.md", utf16_plan(&plan_markdown(), false), Expect::ok(2).notice("utf16")),
        case("utf16be.txt", utf16_plan(&plan_text(), true), Expect::ok(2).notice("utf16")),
        case("big-plan.md", big_markdown_plan(40 * 1024 * 1024), Expect::ok(2)),
        case(
            "deep-quotes.md",
            format!("{} Section 2B\n", ">".repeat(50_000)).into_bytes(),
            Expect::error("limit", &["max_markdown_depth", "idp-audit.toml"]),
        ),
        case(
            "deep-lists.md",
            format!("## Section 2B\n\n{}daily reading\n", "- ".repeat(50_000)).into_bytes(),
            Expect::error("limit", &["max_markdown_depth", "idp-audit.toml"]),
        ),
        case(
            "too-many-provisions.md",
            format!("## Section 2B\n\n{}", "- A teaching assistant reads with her daily.\n".repeat(6_000)).into_bytes(),
            Expect::error("limit", &["max_provisions", "idp-audit.toml"]),
        ),
    ];
    out.push(case(
        "one-huge-provision.md",
        format!("## Section 2B\n\n- {}\n", "Daily reading with a teaching assistant as required. ".repeat(20_000))
            .into_bytes(),
        Expect::error("limit", &["max_provision_bytes", "Provision 1", "idp-audit.toml"]),
    ));
    // Any panic or hang would show on these as much as on the rest.
    out.push(case("nul-bytes.md", vec![0u8; 4096], Expect::error("binary", &["not a Word document"])));
    out
}

/// Good plans to mix into a batch: each must still be reported as read.
pub fn good_plans() -> Vec<Case> {
    vec![
        case("good-plan.md", plan_markdown().into_bytes(), Expect::ok(2)),
        case("good-plan.docx", docx(&plan_body()), Expect::ok(2)),
        case("good-plan.txt", plan_text().into_bytes(), Expect::ok(2)),
    ]
}

// ---------------------------------------------------------------------------
// Plans

pub const PROVISION_1: &str =
    "Daily reading practice with a teaching assistant trained in Read Write Inc, 20 minutes a day";
pub const PROVISION_2: &str = "Speech and language therapy as required";

pub fn plan_markdown() -> String {
    format!(
        "# Individual Development Plan – Nia Prys\n\n## Section 2A: Description of additional learning needs\n\n\
         Nia finds long spoken instructions hard to follow.\n\n\
         ## Section 2B: Description of additional learning provision\n\n- {PROVISION_1}\n- {PROVISION_2}\n\n\
         ## Section 2C: Provision to be secured by an NHS body\n\nNone.\n"
    )
}

pub fn plan_text() -> String {
    format!(
        "Individual Development Plan - Nia Prys\n\nSection 2B: Description of additional learning provision\n\n\
         • {PROVISION_1}\n• {PROVISION_2}\n\nSection 2C: Provision to be secured by an NHS body\n\nNone.\n"
    )
}

fn latin1_plan() -> Vec<u8> {
    // Windows-1252 bytes, as an old editor saves them: "Ysgol Gymraeg Caerdydd – Nia's café".
    let mut b = b"Individual Development Plan - Nia Prys, caf\xe9 club \x96 Ysgol \xd4r Bryn\n\n".to_vec();
    b.extend_from_slice(plan_text().as_bytes());
    b
}

fn utf16_plan(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

/// A plan of `size` bytes: a short Section 2B amid long sections of prose.
pub fn big_markdown_plan(size: usize) -> Vec<u8> {
    let mut s = String::with_capacity(size + 4096);
    s.push_str("# Individual Development Plan – Nia Prys\n\n## Section 1: About Nia\n\n");
    let para = "Nia enjoys drawing, swimming and reading comics with her older brother. She likes to \
                know what is happening next and finds changes to routine hard. \
                Mae hi'n hoffi darllen llyfrau am y gofod.\n\n";
    while s.len() < size / 2 {
        s.push_str(para);
    }
    s.push_str(&format!(
        "## Section 2B: Description of additional learning provision\n\n- {PROVISION_1}\n- {PROVISION_2}\n\n"
    ));
    s.push_str("## Section 3: Review notes\n\n");
    while s.len() < size {
        s.push_str(para);
    }
    s.into_bytes()
}

// ---------------------------------------------------------------------------
// DOCX packages

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn heading(text: &str) -> String {
    format!("<w:p><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn list_item(text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
    )
}

/// The body of a small plan whose Section 2B holds two provisions.
pub fn plan_body() -> String {
    format!(
        "{}{}{}{}{}",
        heading("Section 2B: Description of additional learning provision"),
        list_item(PROVISION_1),
        list_item(PROVISION_2),
        heading("Section 2C: Provision to be secured by an NHS body"),
        para("None.")
    )
}

fn document_xml(prolog: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n{prolog}<w:document xmlns:w=\"{W}\"><w:body>{body}</w:body></w:document>"
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

fn root_rels(target: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{target}"/></Relationships>"#
    )
}

/// A DOCX package whose body is `body`.
pub fn docx(body: &str) -> Vec<u8> {
    docx_with_prolog("", body)
}

fn docx_with_prolog(prolog: &str, body: &str) -> Vec<u8> {
    let doc = document_xml(prolog, body);
    let rels = root_rels("word/document.xml");
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
    ])
}

/// A deflated zip built with the zip crate.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        z.start_file(*name, opts).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// The billion laughs: ten entities of ten, nine deep. Expanded it would be
/// 3 GB of "lol"; idp-audit must leave `&lol9;` as it is.
fn entity_bomb() -> Vec<u8> {
    let mut dtd = String::from("<!DOCTYPE w:document [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        dtd.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    dtd.push_str("]>\n");
    let body = format!(
        "{}{}{}",
        heading("Section 2B: Description of additional learning provision"),
        list_item(&format!("{PROVISION_1} &lol9;")),
        list_item(PROVISION_2)
    );
    docx_with_prolog(&dtd, &body)
}

/// The text that must never appear in a report: it sits in a file that an
/// external entity names.
pub const SECRET: &str = "SECRET-7f3a91-must-never-be-read";

/// An external entity naming a file that holds [`SECRET`] (written by
/// [`write_secret`]) and a URL: neither may be read.
fn external_entity() -> Vec<u8> {
    let path = secret_path();
    let dtd = format!(
        "<!DOCTYPE w:document [\n<!ENTITY xxe SYSTEM \"file://{}\">\n<!ENTITY web SYSTEM \"http://127.0.0.1:9/x\">\n]>\n",
        path.display()
    );
    let body = format!(
        "{}{}{}",
        heading("Section 2B: Description of additional learning provision"),
        list_item(&format!("{PROVISION_1} &xxe;")),
        list_item(&format!("{PROVISION_2} &web;"))
    );
    docx_with_prolog(&dtd, &body)
}

pub fn secret_path() -> std::path::PathBuf {
    std::env::temp_dir().join("idp-audit-hostile-secret.txt")
}

pub fn write_secret() {
    std::fs::write(secret_path(), SECRET).unwrap();
}

/// Tables nested `depth` deep, each in the one cell of its parent.
pub fn nested_tables(depth: usize) -> Vec<u8> {
    let mut body = heading("Section 2B: Description of additional learning provision");
    body.push_str(&"<w:tbl><w:tr><w:tc>".repeat(depth));
    body.push_str(&para("Daily reading with a teaching assistant, 20 minutes"));
    body.push_str(&"</w:tc></w:tr></w:tbl>".repeat(depth));
    docx(&body)
}

/// Text boxes nested `depth` deep, each in a run of the one before.
pub fn nested_text_boxes(depth: usize) -> Vec<u8> {
    let mut body = heading("Section 2B: Description of additional learning provision");
    body.push_str(&"<w:p><w:r><w:txbxContent>".repeat(depth));
    body.push_str(&para(PROVISION_1));
    body.push_str(&"</w:txbxContent></w:r></w:p>".repeat(depth));
    docx(&body)
}

/// A good plan cut off halfway, as an interrupted download leaves it.
fn truncated() -> Vec<u8> {
    let mut b = docx(&format!("{}{}", plan_body(), para(&"Padding so the package is not tiny. ".repeat(200))));
    b.truncate(b.len() / 2);
    b
}

fn random_bytes(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            // xorshift64: fixed, so any failure reproduces.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn random_zip() -> Vec<u8> {
    let mut b = b"PK\x03\x04".to_vec();
    b.extend(random_bytes(0xb0b, 32 * 1024));
    b
}

/// A zip holding `main` (an Excel or PowerPoint main part) as `.rels` names it.
fn office_zip(main: &str, root: &str) -> Vec<u8> {
    let rels = root_rels(main);
    let xml =
        format!("<?xml version=\"1.0\"?><{root} xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>");
    zip(&[("[Content_Types].xml", CONTENT_TYPES.as_bytes()), ("_rels/.rels", rels.as_bytes()), (main, xml.as_bytes())])
}

fn many_entries(n: usize) -> Vec<u8> {
    let mut entries: Vec<RawEntry> =
        (0..n).map(|i| RawEntry::stored(&format!("word/media/image{i}.png"), b"")).collect();
    let rels = root_rels("word/document.xml");
    let doc = document_xml("", &plan_body());
    entries.push(RawEntry::stored("_rels/.rels", rels.as_bytes()));
    entries.push(RawEntry::stored("word/document.xml", doc.as_bytes()));
    raw_zip(&entries)
}

fn zip_encrypted_entry() -> Vec<u8> {
    let rels = root_rels("word/document.xml");
    let mut doc = RawEntry::stored("word/document.xml", &random_bytes(7, 2048));
    doc.flags |= 1; // traditional PKWARE encryption
    raw_zip(&[RawEntry::stored("_rels/.rels", rels.as_bytes()), doc])
}

fn zip_unknown_method() -> Vec<u8> {
    let rels = root_rels("word/document.xml");
    let mut doc = RawEntry::stored("word/document.xml", &random_bytes(8, 2048));
    doc.method = 98; // PPMd: zip files can say so, idp-audit cannot inflate it
    raw_zip(&[RawEntry::stored("_rels/.rels", rels.as_bytes()), doc])
}

/// A zip bomb: `word/document.xml` inflates to 1 GiB of spaces from about
/// 7 MB. `declared` says so in the headers; otherwise the headers claim a
/// small part and only reading can find out (the CRC is left 0: a reader
/// that obeys its limit stops long before it could check it).
pub fn zip_bomb(declared: bool) -> Vec<u8> {
    let rels = root_rels("word/document.xml");
    let stream = deflated_spaces(GIB);
    let mut doc = RawEntry::stored("word/document.xml", b"");
    doc.method = 8;
    doc.crc = 0;
    doc.size = if declared { GIB as u32 } else { 4096 };
    doc.data = stream;
    raw_zip(&[
        RawEntry::stored("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        RawEntry::stored("_rels/.rels", rels.as_bytes()),
        doc,
    ])
}

/// A raw deflate stream (fixed Huffman codes) that inflates to `n` spaces
/// (n > 258): one literal, then matches of length 258 at distance 1.
pub fn deflated_spaces(n: u64) -> Vec<u8> {
    /// A Huffman code of `n` bits, most significant first, as deflate
    /// packs it (bits are written least significant first).
    fn rev(code: u64, n: u32) -> u64 {
        (0..n).fold(0u64, |r, i| r | (((code >> i) & 1) << (n - 1 - i)))
    }
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        len: u32,
    }
    impl Bits {
        /// `value`'s low `n` bits, least significant first.
        fn put(&mut self, value: u64, n: u32) {
            self.acc |= value << self.len;
            self.len += n;
            while self.len >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.len -= 8;
            }
        }
        fn code(&mut self, code: u64, n: u32) {
            self.put(rev(code, n), n);
        }
    }
    let mut b = Bits { out: Vec::with_capacity((n / 150) as usize), acc: 0, len: 0 };
    b.put(0, 1); // not the final block
    b.put(1, 2); // fixed Huffman
    b.code(0x30 + u64::from(b' '), 8); // literal ' ' (literals 0..=143: 8 bits from 0x30)
    let mut left = n - 1;
    // Length 258 is code 285 (8 bits, 0xC5) with no extra bits; distance 1 is code 0 (5 bits).
    let match_258 = rev(0xC5, 8) | (rev(0, 5) << 8);
    while left >= 258 {
        b.put(match_258, 13);
        left -= 258;
    }
    for _ in 0..left {
        b.code(0x30 + u64::from(b' '), 8);
    }
    b.code(0, 7); // end of block (256: 7 zero bits)
    b.put(1, 1); // a final, empty fixed block
    b.put(1, 2);
    b.code(0, 7);
    if b.len > 0 {
        b.put(0, 8 - b.len);
    }
    b.out
}

/// A zip entry written by hand, for headers the zip crate will not write.
pub struct RawEntry {
    pub name: String,
    pub method: u16,
    pub flags: u16,
    pub crc: u32,
    /// The uncompressed size the headers declare.
    pub size: u32,
    pub data: Vec<u8>,
}

impl RawEntry {
    pub fn stored(name: &str, data: &[u8]) -> Self {
        RawEntry {
            name: name.to_string(),
            method: 0,
            flags: 0,
            crc: crc32(data),
            size: data.len() as u32,
            data: data.to_vec(),
        }
    }
}

pub fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let name = e.name.as_bytes();
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes()); // version needed
            v.extend_from_slice(&e.flags.to_le_bytes());
            v.extend_from_slice(&e.method.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // time
            v.extend_from_slice(&0x21u16.to_le_bytes()); // date 1980-01-01
            v.extend_from_slice(&e.crc.to_le_bytes());
            v.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
            v.extend_from_slice(&e.size.to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra length
        };
        out.extend_from_slice(b"PK\x03\x04");
        common(&mut out);
        out.extend_from_slice(name);
        out.extend_from_slice(&e.data);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        common(&mut central);
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attrs
        central.extend_from_slice(&0u32.to_le_bytes()); // external attrs
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]); // disk numbers
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

// ---------------------------------------------------------------------------
// OLE compound files (old Office files, and password-protected new ones)

/// A small but well-formed OLE compound file whose root holds `streams`.
pub fn ole(streams: &[&str]) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let mut h = Vec::with_capacity(512);
    h.extend_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    h.extend_from_slice(&[0; 16]);
    for v in [0x3Eu16, 3, 0xFFFE, 9, 6] {
        h.extend_from_slice(&v.to_le_bytes());
    }
    h.extend_from_slice(&[0; 6]);
    for v in [0u32, 1, 1, 0, 4096, END, 0, END, 0] {
        h.extend_from_slice(&v.to_le_bytes());
    }
    h.extend_from_slice(&0u32.to_le_bytes()); // DIFAT[0]: the FAT is sector 0
    while h.len() < 512 {
        h.extend_from_slice(&FREE.to_le_bytes());
    }
    // Sector 0: the FAT. Sector 1: the directory. Sector 2: stream data.
    let mut fat = Vec::with_capacity(512);
    for v in [0xFFFF_FFFDu32, END, END] {
        fat.extend_from_slice(&v.to_le_bytes());
    }
    while fat.len() < 512 {
        fat.extend_from_slice(&FREE.to_le_bytes());
    }
    let mut dir = Vec::new();
    let entry = |name: &str, kind: u8, right: u32, child: u32, start: u32, size: u32| {
        let mut e = Vec::with_capacity(128);
        let units: Vec<u16> = name.encode_utf16().collect();
        for u in &units {
            e.extend_from_slice(&u.to_le_bytes());
        }
        e.resize(64, 0);
        e.extend_from_slice(&(((units.len() + 1) * 2) as u16).to_le_bytes());
        e.push(kind);
        e.push(1); // black
        e.extend_from_slice(&FREE.to_le_bytes()); // left sibling
        e.extend_from_slice(&right.to_le_bytes());
        e.extend_from_slice(&child.to_le_bytes());
        e.extend_from_slice(&[0; 16 + 4 + 16]);
        e.extend_from_slice(&start.to_le_bytes());
        e.extend_from_slice(&size.to_le_bytes());
        e.extend_from_slice(&0u32.to_le_bytes());
        e
    };
    dir.extend(entry("Root Entry", 5, FREE, 1, END, 0));
    for (i, s) in streams.iter().enumerate() {
        let right = if i + 1 < streams.len() { i as u32 + 2 } else { FREE };
        dir.extend(entry(s, 2, right, FREE, 2, 512));
    }
    dir.resize(dir.len().div_ceil(512) * 512, 0);
    let mut out = h;
    out.extend(fat);
    out.extend(dir);
    out.extend(random_bytes(0x01e, 512));
    out
}
