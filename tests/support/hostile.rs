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
    /// Words the error message must not contain (advice that would not help).
    pub says_not: Vec<&'static str>,
    /// Text that must appear in no provision (hidden text).
    pub provision_lacks: Option<&'static str>,
    /// How many provisions must be reported vague.
    pub vague: Option<usize>,
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
            says_not: Vec::new(),
            provision_lacks: None,
            vague: None,
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
            says_not: Vec::new(),
            provision_lacks: None,
            vague: None,
        }
    }

    /// A plan read with no Section 2B found.
    pub fn no_section() -> Self {
        Expect { status: "no_section_2b", provisions: Some(0), ..Expect::ok(0) }
    }

    pub fn not_saying(mut self, words: &[&'static str]) -> Self {
        self.says_not = words.to_vec();
        self
    }

    pub fn lacking(mut self, text: &'static str) -> Self {
        self.provision_lacks = Some(text);
        self
    }

    pub fn vague(mut self, n: usize) -> Self {
        self.vague = Some(n);
        self
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
        self.check_verdicts(status, kind, message, notices, provisions, None)
    }

    /// [`Expect::check`], and with `vague` (how many provisions were
    /// reported vague) the expected count of them.
    pub fn check_verdicts(
        &self,
        status: &str,
        kind: Option<&str>,
        message: Option<&str>,
        notices: &[String],
        provisions: &[String],
        vague: Option<usize>,
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
        for w in &self.says_not {
            if msg.contains(&w.to_lowercase()) {
                wrong.push(format!("message {message:?} says {w:?}"));
            }
        }
        if let Some(t) = self.provision_lacks
            && let Some(p) = provisions.iter().find(|p| p.contains(t))
        {
            wrong.push(format!("a provision holds {t:?}: {p:?}"));
        }
        if let (Some(want), Some(got)) = (self.vague, vague)
            && want != got
        {
            wrong.push(format!("{got} vague provisions, expected {want}"));
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
            Expect::error("corrupt", &["PDF", "cannot be read", "incomplete", "save (or print) a new copy"]),
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
    out.extend(pdf_cases());
    out
}

/// Broken and hostile PDFs small enough to run in the test process.
pub fn pdf_cases() -> Vec<Case> {
    let plan = pdf_plan();
    vec![
        case("encrypted.pdf", pdf_encrypted(), Expect::error("encrypted", &["password", "save a copy without"])),
        case("broken-xref.pdf", pdf_broken_xref(), Expect::ok(2)),
        case(
            "truncated.pdf",
            plan[..plan.len() / 2].to_vec(),
            Expect::error("corrupt", &["PDF", "incomplete", "download or copy it again"]),
        ),
        case("scanned.pdf", pdf_scanned(), Expect::error("scanned_pdf", &["scanned", "text recognition (OCR)"])),
        case(
            "blank.pdf",
            pdf_page(b"0 0 1 rg 10 10 100 100 re f\n".to_vec(), &[], ""),
            Expect::error("scanned_pdf", &["no text", ".docx"]).not_saying(&["scanned image"]),
        ),
        case("reference-loops.pdf", pdf_reference_loops(), Expect::ok(2)),
        case("self-drawing-form.pdf", pdf_self_drawing_form(), Expect::ok(2)),
        case("object-stream-lying.pdf", pdf_object_stream_lying(u64::from(u32::MAX)), Expect::ok(2)),
        case(
            "garbage-after-header.pdf",
            b"%PDF-1.4\n\x00\xff garbage".to_vec(),
            Expect::error("corrupt", &["PDF", "cannot be read"]),
        ),
    ]
}

/// Good plans to mix into a batch: each must still be reported as read.
pub fn good_plans() -> Vec<Case> {
    vec![
        case("good-plan.md", plan_markdown().into_bytes(), Expect::ok(2)),
        case("good-plan.docx", docx(&plan_body()), Expect::ok(2)),
        case("good-plan.txt", plan_text().into_bytes(), Expect::ok(2)),
        case("good-plan.pdf", pdf_plan(), Expect::ok(2)),
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

// ---------------------------------------------------------------------------
// Files that cost too much work or memory, crash a reader or read wrongly.
// Each is run as its own `idp-audit check --format json` process under a
// wall-clock and a memory ceiling (`tests/hostile.rs`): a reader whose work
// grows with the square of its input, or whose memory grows with a merged
// cell times the rows it covers, fails there instead of hanging the suite.
// Each is just big enough to show it: the readers as they should be take
// well under two seconds on it in a debug build.

/// One file run in a child process, with its ceilings.
pub struct Bounded {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub expect: Expect,
    /// Wall-clock ceiling for the whole process.
    pub seconds: u64,
    /// Peak resident memory ceiling for the whole process.
    pub megabytes: u64,
}

pub fn bounded(name: &'static str, bytes: Vec<u8>, expect: Expect) -> Bounded {
    Bounded { name, bytes, expect, seconds: 20, megabytes: 300 }
}

/// A zip holding `word/document.xml` as given (any bytes), and any other
/// parts given.
pub fn docx_parts(document: &[u8], others: &[(&str, &[u8])]) -> Vec<u8> {
    let rels = root_rels("word/document.xml");
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", document),
    ];
    entries.extend_from_slice(others);
    zip(&entries)
}

fn cell(text: &str, props: &str) -> String {
    let pr = if props.is_empty() { String::new() } else { format!("<w:tcPr>{props}</w:tcPr>") };
    format!("<w:tc>{pr}{}</w:tc>", para(text))
}

fn table_row(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

const SECTION_2B: &str = "Section 2B: Description of additional learning provision";

/// End tags that close nothing: `</w:x>` after each content control, so
/// that without matching end tags to start tags the stack of open controls
/// grows with the file, and every piece of text searches it.
pub fn unbalanced_controls(n: usize) -> Vec<u8> {
    let mut body = heading(SECTION_2B);
    body.push_str(&"<w:sdt></w:x>".repeat(n));
    body.push_str(&para("a").repeat(n));
    docx(&body)
}

/// Four million paragraphs never closed (`<w:p></w:x>`), each held open.
pub fn unbalanced_paragraphs(n: usize) -> Vec<u8> {
    docx(&format!("{}{}", heading(SECTION_2B), "<w:p></w:x>".repeat(n)))
}

/// Many text boxes anchored in one paragraph (well-formed).
pub fn text_boxes_in_one_paragraph(n: usize) -> Vec<u8> {
    let one = format!("<w:txbxContent>{}</w:txbxContent>", para("Daily reading with a teaching assistant"));
    docx(&format!("{}<w:p><w:r>{}</w:r></w:p>", heading(SECTION_2B), one.repeat(n)))
}

/// A 1 MB cell merged down over `rows` rows (`w:vMerge`).
pub fn merged_word_cell(rows: usize) -> Vec<u8> {
    let big = "Speech and language therapy weekly. ".repeat(1 << 15);
    let mut body = heading(SECTION_2B);
    body.push_str("<w:tbl>");
    body.push_str(&table_row(&[cell("Provision", ""), cell("Who", "")]));
    body.push_str(&table_row(&[cell(&big, "<w:vMerge w:val=\"restart\"/>"), cell("Teaching assistant", "")]));
    body.push_str(&table_row(&[cell("", "<w:vMerge/>"), cell("Teaching assistant", "")]).repeat(rows));
    body.push_str("</w:tbl>");
    docx(&body)
}

/// A 1 MB cell of typed bullets, one a line, merged down over `rows`
/// rows: the layout pass splits it into items once, not once a row.
pub fn merged_bullet_cell(rows: usize) -> Vec<u8> {
    let big = "\u{2022}\tSpeech and language therapy weekly.\n".repeat(1 << 15);
    let mut body = heading(SECTION_2B);
    body.push_str("<w:tbl>");
    body.push_str(&table_row(&[cell("Provision", ""), cell("Who", "")]));
    body.push_str(&table_row(&[cell(&big, "<w:vMerge w:val=\"restart\"/>"), cell("Teaching assistant", "")]));
    body.push_str(&table_row(&[cell("", "<w:vMerge/>"), cell("Teaching assistant", "")]).repeat(rows));
    body.push_str("</w:tbl>");
    docx(&body)
}

/// A layout frame of `depth` one-cell tables, each nested in the last, the
/// innermost holding a 2B heading and a table of provisions.
pub fn nested_frames(depth: usize) -> Vec<u8> {
    let mut inner = format!(
        "<w:tbl>{}{}</w:tbl>",
        table_row(&[cell("Provision", ""), cell("Who", "")]),
        table_row(&[cell("Daily reading for 20 minutes", ""), cell("Teaching assistant trained in ELKLAN", "")])
    );
    for _ in 0..depth {
        inner = format!("<w:tbl><w:tr><w:tc>{}{inner}<w:p/></w:tc></w:tr></w:tbl>", para(SECTION_2B));
    }
    docx(&inner)
}

/// Markdown lines that look like the rules of pandoc's tables: grid
/// borders, and dashed rules with a header and a column rule under each
/// but no rows (and no Section 2B: only the scan is measured).
pub fn pandoc_rules(n: usize) -> Vec<u8> {
    let mut s = String::new();
    s.push_str(&"+---+---+\n".repeat(n));
    s.push('\n');
    s.push_str(&"-------\nWhat  Who\n----  ---\n\n".repeat(n));
    s.into_bytes()
}

/// A 1 MB HTML cell with `rowspan`, over `rows` rows.
pub fn html_rowspan(rows: usize) -> Vec<u8> {
    let big = "Speech and language therapy weekly. ".repeat(1 << 15);
    format!(
        "## {SECTION_2B}\n\n<table><tr><th>Provision</th><th>Who</th></tr><tr><td rowspan=10000>{big}</td>\
         <td>Teaching assistant</td></tr>{}</table>\n",
        "<tr><td>Teaching assistant</td></tr>".repeat(rows)
    )
    .into_bytes()
}

/// `colspan=1000` cells, then a `rowspan` cell beyond them all.
pub fn html_colspan(cells: usize) -> Vec<u8> {
    format!(
        "## {SECTION_2B}\n\n<table><tr><th>Provision</th><th>Who</th></tr><tr>{}<td rowspan=3>Reading</td></tr>\
         <tr><td>a</td></tr><tr><td>b</td></tr></table>\n",
        "<td colspan=1000>x</td>".repeat(cells)
    )
    .into_bytes()
}

/// A record table (labels down the first column) whose "How often" row
/// has `cells` cells spanning 64 grid columns each.
pub fn wide_record_table(cells: usize) -> Vec<u8> {
    let wide: Vec<String> = std::iter::once(cell("How often", ""))
        .chain((0..cells).map(|_| cell("Weekly", "<w:gridSpan w:val=\"64\"/>")))
        .collect();
    let mut body = heading(SECTION_2B);
    body.push_str("<w:tbl>");
    body.push_str(&table_row(&[cell("Provision", ""), cell("Speech and language therapy", "")]));
    body.push_str(&table_row(&wide));
    body.push_str(&table_row(&[cell("Who", ""), cell("Speech and language therapist", "")]));
    body.push_str(&table_row(&[cell("Duration", ""), cell("30 minutes", "")]));
    body.push_str("</w:tbl>");
    docx(&body)
}

/// `rows` rows of one cell each, then one row of two.
pub fn one_cell_rows(rows: usize) -> Vec<u8> {
    let mut body = heading(SECTION_2B);
    body.push_str("<w:tbl>");
    body.push_str(&table_row(&[cell("Reading", "")]).repeat(rows));
    body.push_str(&table_row(&[cell("Reading", ""), cell("Daily", "")]));
    body.push_str("</w:tbl>");
    docx(&body)
}

/// A header row of `cells` cells all named "Provision" over a row as wide.
pub fn repeated_header_names(cells: usize) -> Vec<u8> {
    let header: Vec<String> = (0..cells).map(|_| cell("Provision", "")).collect();
    let row: Vec<String> = (0..cells).map(|_| cell("Weekly", "")).collect();
    let mut body = heading(SECTION_2B);
    body.push_str(&format!("<w:tbl>{}{}</w:tbl>", table_row(&header), table_row(&row)));
    docx(&body)
}

/// Lines that each open a quoted tab-separated field and never close it
/// (read at last as one paragraph, past `max_provision_bytes`).
pub fn stray_quotes(lines: usize) -> Vec<u8> {
    format!("Section 2B\n\n{}", "\t\"Numicon\n".repeat(lines)).into_bytes()
}

/// Grid-table borders and nothing else.
pub fn grid_borders(lines: usize) -> Vec<u8> {
    format!("Section 2B\n\n{}", "+-+\n".repeat(lines)).into_bytes()
}

/// Lines of two tab-separated fields, each alone between blank lines: each
/// may open columns wrapped with tabs, and none does.
pub fn tab_blocks(lines: usize) -> Vec<u8> {
    format!("Section 2B\n\n{}", "Reading support\tDaily.\n\n".repeat(lines)).into_bytes()
}

/// A `pdftotext -layout` table header row, and nothing else, on every line.
pub fn layout_headers(lines: usize) -> Vec<u8> {
    format!("Section 2B\n\n{}", " Provision     How often     Who\n".repeat(lines)).into_bytes()
}

/// A header word that ends a sentence on every line: each line may open a
/// table of cells, and none does.
pub fn header_word_lines(lines: usize) -> Vec<u8> {
    format!("Section 2B\n\n{}", "Provision.\n".repeat(lines)).into_bytes()
}

/// A `pdftotext -layout` table whose one row goes on after a page break on
/// every line (each line starts in lower case and opens a bracket).
pub fn rows_cut_by_every_page(lines: usize) -> Vec<u8> {
    let row = |provision: &str, often: &str, who: &str| format!(" {provision:<29}{often:<15}{who}\n");
    let mut s = format!("Section 2B\n\n{}\n{}", row("Provision", "How often", "Who"), row("Reading (", "Daily", "TA"));
    for k in 0..lines {
        s.push('\u{c}');
        s.push_str(&row(&format!("more reading {} (", words(k)), "daily", "ta"));
    }
    s.into_bytes()
}

/// A word broken at the margin on every line, all one paragraph.
pub fn broken_words(lines: usize) -> Vec<u8> {
    format!("Section 2B\n\n{}", "speech and lan-\nguage one-to-\n".repeat(lines / 2)).into_bytes()
}

/// `k` as a word of letters: different for each `k`, so that no line repeats
/// as a running header would.
fn words(mut k: usize) -> String {
    let mut w = String::new();
    loop {
        w.push(char::from(b'a' + (k % 26) as u8));
        k /= 26;
        if k == 0 {
            return w;
        }
    }
}

/// Section 2B headings with nothing under any of them.
pub fn empty_2b_headings(n: usize) -> Vec<u8> {
    "## 2B\n\n".repeat(n).into_bytes()
}

/// A table cell with a Welsh letter 11 bytes after an '&' (the entity
/// decoder once sliced there, inside the 'â').
pub const AMPERSAND_BEFORE_WELSH: &str = "## Section 2B\n\n<table><tr><th>Provision</th><th>Who</th></tr>\
     <tr><td>Therapi iaith & cyfarfod â'r rhieni</td><td>Therapydd iaith</td></tr></table>\n";

/// Hidden guidance in a council template: visible "Speech and language
/// therapy", and hidden details that would make it specific, hidden on the
/// run, through a character style, and through a paragraph style.
pub fn hidden_guidance() -> Vec<u8> {
    let hidden = "1:1, weekly, 30 minutes, HCPC-registered speech and language therapist";
    let run =
        |text: &str, props: &str| format!("<w:r><w:rPr>{props}</w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    let empty = cell("", "");
    let row = |visible: &str, hidden_run: String| {
        format!("<w:tr><w:tc><w:p>{}{hidden_run}</w:p></w:tc>{empty}</w:tr>", run(visible, ""))
    };
    let mut body = heading(SECTION_2B);
    body.push_str("<w:tbl>");
    body.push_str(&table_row(&[cell("Provision", ""), cell("Frequency", "")]));
    body.push_str(&row("Speech and language therapy", run(&format!(", {hidden}"), "<w:vanish/>")));
    body.push_str(&row("Occupational therapy", run(&format!(", {hidden}"), "<w:rStyle w:val=\"Guidance\"/>")));
    body.push_str(&format!(
        "<w:tr><w:tc>{}<w:p><w:pPr><w:pStyle w:val=\"GuidanceText\"/></w:pPr>{}</w:p></w:tc>{empty}</w:tr>",
        para("Access to a quiet room"),
        run(hidden, "")
    ));
    // Shown: w:vanish w:val="0" is off, and w:specVanish only hides a mark.
    body.push_str(&row(
        "Daily reading practice",
        run(
            " with a teaching assistant trained in Read Write Inc, 20 minutes a day",
            "<w:vanish w:val=\"0\"/><w:specVanish/>",
        ),
    ));
    body.push_str("</w:tbl>");
    let styles = format!(
        "<w:styles xmlns:w=\"{W}\"><w:style w:type=\"character\" w:styleId=\"Guidance\"><w:name w:val=\"Guidance\"/>\
         <w:rPr><w:vanish/></w:rPr></w:style><w:style w:type=\"paragraph\" w:styleId=\"GuidanceText\">\
         <w:name w:val=\"Guidance Text\"/><w:rPr><w:vanish/></w:rPr></w:style></w:styles>"
    );
    docx_parts(document_xml("", &body).as_bytes(), &[("word/styles.xml", styles.as_bytes())])
}

/// Welsh written decomposed (NFD), as some PDF tools write it: "yn ôl yr
/// angen" with a combining circumflex.
pub fn decomposed_welsh() -> Vec<u8> {
    "## Adran 2B\n\n- Therapi iaith a lleferydd yn o\u{302}l yr angen, wythnosol, 30 munud, gan therapydd iaith a \
     lleferydd cofrestredig HCPC.\n"
        .as_bytes()
        .to_vec()
}

/// The plain-text plan with each line end replaced.
pub fn plan_text_ending_lines_with(end: &str) -> Vec<u8> {
    plan_text().replace('\n', end).into_bytes()
}

/// A Markdown plan saved as .txt, its lines run together without blank lines.
pub const MARKDOWN_IN_TEXT: &str = "# Individual Development Plan\n## Section 2B: Description of additional learning \
     provision\n- Daily reading practice with a teaching assistant trained in Read Write Inc, 20 minutes a day\n\
     - Speech and language therapy as required\n## Section 2C: Provision to be secured by an NHS body\nNone.\n";

/// A plan that mentions "%PDF-" near its start.
pub fn mentions_pdf() -> Vec<u8> {
    format!("# Plan\n\nThe scanned copy (a %PDF-1.4 file) was replaced by this one.\n\n{}", plan_markdown())
        .into_bytes()
}

/// document.xml in UTF-16 (little-endian) without a byte-order mark.
pub fn utf16_part_without_bom() -> Vec<u8> {
    let xml = document_xml("", &plan_body()).replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
    let bytes: Vec<u8> = xml.encode_utf16().flat_map(u16::to_le_bytes).collect();
    docx_parts(&bytes, &[])
}

/// One NUL byte in a Markdown plan.
pub fn markdown_with_a_nul() -> Vec<u8> {
    plan_markdown().replacen("as required", "as required\0", 1).into_bytes()
}

/// A package whose document.xml declares (through zip64) an inflated size
/// of 5 GiB.
pub fn declared_five_gib() -> Vec<u8> {
    let doc = document_xml("", &plan_body());
    let rels = root_rels("word/document.xml");
    let five_gib: u64 = 5 << 30;
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut count = 0u16;
    let mut add = |name: &str, data: &[u8], declared: Option<u64>, out: &mut Vec<u8>| {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let (csize, usize_) =
            if declared.is_some() { (u32::MAX, u32::MAX) } else { (data.len() as u32, data.len() as u32) };
        let mut extra = Vec::new();
        if let Some(size) = declared {
            extra.extend_from_slice(&1u16.to_le_bytes());
            extra.extend_from_slice(&16u16.to_le_bytes());
            extra.extend_from_slice(&size.to_le_bytes());
            extra.extend_from_slice(&(data.len() as u64).to_le_bytes());
        }
        let header = |v: &mut Vec<u8>| {
            v.extend_from_slice(&45u16.to_le_bytes()); // version needed: zip64
            v.extend_from_slice(&0u16.to_le_bytes()); // flags
            v.extend_from_slice(&0u16.to_le_bytes()); // stored
            v.extend_from_slice(&0u16.to_le_bytes());
            v.extend_from_slice(&0x21u16.to_le_bytes());
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&csize.to_le_bytes());
            v.extend_from_slice(&usize_.to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&(extra.len() as u16).to_le_bytes());
        };
        out.extend_from_slice(b"PK\x03\x04");
        header(out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&extra);
        out.extend_from_slice(data);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&45u16.to_le_bytes());
        header(&mut central);
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
        central.extend_from_slice(&extra);
        count += 1;
    };
    add("[Content_Types].xml", CONTENT_TYPES.as_bytes(), None, &mut out);
    add("_rels/.rels", rels.as_bytes(), None, &mut out);
    add("word/document.xml", doc.as_bytes(), Some(five_gib), &mut out);
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

// ---------------------------------------------------------------------------
// PDF files, written object by object.

/// A PDF of the given objects (numbered from 1, each the text between
/// `N 0 obj` and `endobj`), with a correct cross-reference table and a
/// trailer naming object 1 as the catalogue, plus `trailer_extra`.
pub fn pdf(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}

/// A stream object: its dictionary entries and its (already encoded) data.
pub fn pdf_stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// Drawing instructions that write `lines` one under the other in 11 pt
/// Helvetica (font /F1), from the top of an A4 page; a line starting
/// "Section" is a heading, in bold (font /F2).
pub fn pdf_text_content(lines: &[&str]) -> Vec<u8> {
    let mut c = String::from("BT 72 770 Td 15 TL\n");
    for l in lines {
        let escaped = l.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
        let font = if l.starts_with("Section") { "/F2" } else { "/F1" };
        c.push_str(&format!("{font} 11 Tf ({escaped}) Tj T*\n"));
    }
    c.push_str("ET\n");
    c.into_bytes()
}

/// The font object every test PDF uses: Helvetica, WinAnsi, every width 500.
pub fn pdf_font() -> Vec<u8> {
    pdf_font_named("Helvetica").into_bytes()
}

/// A WinAnsi Type 1 font dictionary, every width 500.
pub fn pdf_font_named(base: &str) -> String {
    let widths = vec!["500"; 224].join(" ");
    format!(
        "<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 \
         /Widths [{widths}] >>"
    )
}

/// The fonts of a page: /F1 (object 5) and /F2, Helvetica-Bold.
pub fn pdf_fonts() -> String {
    format!("/Font << /F1 5 0 R /F2 {} >>", pdf_font_named("Helvetica-Bold"))
}

/// A one-page PDF with the given content stream (object 4) and extra
/// objects from 6 on; the page's resources name font /F1 (object 5) and
/// image /Im1 (object 6, when `extra` has one).
pub fn pdf_page(content: Vec<u8>, extra: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let xobject = if extra.is_empty() { "" } else { "/XObject << /Im1 6 0 R >>" };
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << {} {xobject} >> >>",
            pdf_fonts()
        )
        .into_bytes(),
        pdf_stream("", &content),
        pdf_font(),
    ];
    objects.extend(extra.iter().cloned());
    pdf(&objects, trailer_extra)
}

/// The lines of the plain-text plan ([`plan_text`]), bullets as hyphens;
/// a blank line leaves a line's space between paragraphs.
pub fn pdf_plan_lines() -> Vec<String> {
    plan_text().lines().map(|l| l.replace('•', "-")).collect()
}

/// An untagged one-page PDF of the plain-text plan: Section 2B with its two
/// provisions.
pub fn pdf_plan() -> Vec<u8> {
    let lines = pdf_plan_lines();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    pdf_page(pdf_text_content(&lines), &[], "")
}

/// A zlib stream (deflate with its two-byte header; the checksum at the
/// end left 0) of `n` spaces.
pub fn zlib_spaces(n: u64) -> Vec<u8> {
    let mut z = vec![0x78, 0x01];
    z.extend(deflated_spaces(n));
    z.extend_from_slice(&[0, 0, 0, 0]);
    z
}

/// A page whose content stream inflates to `n` bytes of spaces.
pub fn pdf_content_bomb(n: u64) -> Vec<u8> {
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        pdf_stream("/Filter /FlateDecode", &zlib_spaces(n)),
    ];
    pdf(&objects, "")
}

/// The plan, with an object stream (object 6) holding `n` small objects
/// (a number each), as a file made to exhaust the reader's memory would.
pub fn pdf_object_stream(n: usize) -> Vec<u8> {
    let mut header = String::new();
    let mut body = String::new();
    for i in 0..n {
        header.push_str(&format!("{} {} ", 7 + i, body.len()));
        body.push_str("0 ");
    }
    let data = format!("{header}{body}");
    let first = header.len();
    let lines = pdf_plan_lines();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let objstm = pdf_stream(&format!("/Type /ObjStm /N {n} /First {first}"), data.as_bytes());
    pdf_page(pdf_text_content(&lines), &[objstm], "")
}

/// An object stream that claims `n` objects and holds none.
pub fn pdf_object_stream_lying(n: u64) -> Vec<u8> {
    let lines = pdf_plan_lines();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let objstm = pdf_stream(&format!("/Type /ObjStm /N {n} /First 4"), b"7 0 0");
    pdf_page(pdf_text_content(&lines), &[objstm], "")
}

/// The plan whose page tree loops: the root's kids are the page and the
/// root itself, and the page's parent chain loops too.
pub fn pdf_reference_loops() -> Vec<u8> {
    let lines = pdf_plan_lines();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 2 0 R 6 0 R] /Count 3 /Parent 6 0 R >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << {} >> >>",
            pdf_fonts()
        )
        .into_bytes(),
        pdf_stream("", &pdf_text_content(&lines)),
        pdf_font(),
        b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>".to_vec(),
    ];
    pdf(&objects, "")
}

/// The plan, with a form drawn inside itself (a form that draws itself).
pub fn pdf_self_drawing_form() -> Vec<u8> {
    let lines = pdf_plan_lines();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let mut content = pdf_text_content(&lines);
    content.extend_from_slice(b"/Im1 Do\n");
    let form = pdf_stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Im1 6 0 R >> >>",
        b"/Im1 Do /Im1 Do",
    );
    pdf_page(content, &[form], "")
}

/// A plan whose trailer says it is encrypted.
pub fn pdf_encrypted() -> Vec<u8> {
    let lines = pdf_plan_lines();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let encrypt = b"<< /Filter /Standard /V 2 /R 3 /Length 128 /O (0123456789abcdef0123456789abcdef) \
                    /U (0123456789abcdef0123456789abcdef) /P -3904 >>"
        .to_vec();
    pdf_page(pdf_text_content(&lines), &[encrypt], "/Encrypt 6 0 R /ID [(abcdefghijklmnop) (abcdefghijklmnop)]")
}

/// The plan with its cross-reference table pointing at the wrong places.
pub fn pdf_broken_xref() -> Vec<u8> {
    let good = pdf_plan();
    let text = String::from_utf8_lossy(&good).into_owned();
    let start = text.find("xref\n").unwrap();
    let end = text.find("trailer").unwrap();
    let mut broken = text[..start].to_string();
    broken.push_str("xref\n0 6\n0000000000 65535 f \n");
    for i in 0..5 {
        broken.push_str(&format!("{:010} 00000 n \n", 3 + i * 7));
    }
    broken.push_str(&text[end..]);
    broken.into_bytes()
}

/// A page drawing only an image: a scan.
pub fn pdf_scanned() -> Vec<u8> {
    let image = pdf_stream(
        "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
        &[0, 255, 255, 0],
    );
    pdf_page(b"q 500 0 0 700 40 60 cm /Im1 Do Q\n".to_vec(), &[image], "")
}

/// A PDF whose page holds arrays nested `depth` deep.
pub fn pdf_deep_nesting(depth: usize) -> Vec<u8> {
    let mut objects =
        vec![b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(), b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()];
    let mut page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Junk ".to_vec();
    page.extend(std::iter::repeat_n(b'[', depth));
    page.extend(std::iter::repeat_n(b']', depth));
    page.extend_from_slice(b" >>");
    objects.push(page);
    pdf(&objects, "")
}
