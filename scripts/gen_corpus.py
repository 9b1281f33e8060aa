#!/usr/bin/env python3
"""Write a corpus of invented IDPs for the benchmark: half DOCX, half Markdown.

Python 3 standard library only, deterministic for a given --seed. Each plan
has a one-page profile, Section 2A, a Section 2B of 6-16 provisions (a table,
or in some Markdown plans a list), Section 2C and a review. DOCX files are
built the way Word writes them (runs with rsids and run properties, table
and cell properties, styles, settings, font table, theme, a logo image), so
they come out at 10-40 KB; Markdown plans at 3-10 KB.

Plans are split into folders of 250 (part00, part01, ...), so that a
benchmark can run on the first 500 and on all of them.

Every child, school and member of staff is invented.

Usage: python3 scripts/gen_corpus.py --count 2000 --out /tmp/idp-corpus
"""

import argparse
import os
import random
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

FIRST = ["Cerys", "Osian", "Mabli", "Efa", "Tomos", "Gethin", "Lowri", "Ifan", "Nia", "Deio", "Elin", "Macsen",
         "Seren", "Twm", "Alys", "Cai", "Gwenllian", "Hedd", "Megan", "Rhodri"]
LAST = ["Pritchard-Inventa", "ap Ficsiwn", "Dychmygol", "Example", "Sampl", "Ffug", "Madeup", "Testun"]
SCHOOLS = ["Ysgol Gynradd Bryn Ffug", "Ysgol y Dychymyg", "Pentre Example Primary", "Ysgol Gymraeg Sampl",
           "Cwm Invented Community School", "Ysgol Uwchradd Testun"]
STAFF = ["Mrs A. Invent", "Mr B. Sample", "Ms C. Example", "Dr D. Ficsiwn"]

SPECIFIC = [
    ("Speech and language therapy to develop expressive vocabulary", "one 30-minute session each week",
     "30 minutes", "HCPC-registered speech and language therapist"),
    ("Precision teaching of high-frequency words", "daily, 5 times a week", "10 minutes",
     "teaching assistant trained in precision teaching"),
    ("ELSA sessions on recognising and naming feelings", "once a week", "45 minutes",
     "ELSA-trained teaching assistant, supervised by the educational psychologist"),
    ("Fine motor programme (Clever Hands)", "three times a week", "15 minutes",
     "TA trained by the occupational therapist"),
    ("Small-group phonics (Read Write Inc.) in a group of no more than 4", "4 times a week", "20 minutes",
     "HLTA trained in Read Write Inc."),
    ("Numeracy intervention (Numicon) 1:1", "twice a week", "20 minutes", "teacher trained in Numicon"),
    ("Social skills group (Lego therapy) of 3 pupils", "weekly", "40 minutes",
     "TA trained in Lego-based therapy"),
    ("Adult support in literacy lessons, 1:1", "5 mornings a week", "1 hour",
     "teaching assistant trained in ELKLAN Level 3"),
]
VAGUE = [
    ("Access to speech and language therapy as required", "as required", "", "SaLT"),
    ("Support in class where possible", "regularly", "", "staff"),
    ("Opportunities to work in a small group", "when appropriate", "as needed", "an adult"),
    ("Up to 3 hours of TA support", "weekly", "", "TA"),
    ("Movement breaks may be offered", "as needed", "short", ""),
    ("Advice from the educational psychologist", "TBC", "", "EP"),
    ("Use of a laptop for extended writing, subject to availability", "", "", ""),
    ("Regular check-ins with a trusted adult", "regularly", "brief", "key worker"),
    ("Mynediad at gymorth yn y dosbarth yn ôl yr angen", "yn ôl yr angen", "", "cynorthwyydd"),
]
PROFILE = [
    "{c} is a kind and funny pupil who loves drawing dragons and building with Lego.",
    "What is important to {c}: having a quiet space to calm down, and knowing what is happening next.",
    "{c} finds loud, busy rooms difficult and may cover {p} ears or leave the room.",
    "People who know {c} well say that {p} notices small details and remembers facts about trains.",
    "{c} communicates best when adults give one instruction at a time and check understanding.",
    "At home {c} enjoys swimming, walking the dog with {p} grandmother, and cooking pancakes.",
    "{c}'s reading age was assessed in September as about two years below {p} chronological age.",
    "{c} is learning to ask for help by using a help card on {p} desk.",
]
NEEDS = [
    "{c} has a diagnosis of developmental language disorder (DLD), which affects understanding of spoken language.",
    "{c} has difficulties with fine motor skills that make handwriting slow and tiring.",
    "{c} experiences anxiety, particularly at transitions between activities and at the start of the day.",
    "Assessments show significant difficulties with phonological awareness and working memory.",
    "{c} has social communication needs and finds unstructured times, such as break, hard to manage.",
]


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class Plan:
    def __init__(self, rng, i):
        self.rng = rng
        self.child = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        self.first = self.child.split()[0]
        self.pron = rng.choice(["her", "his", "their"])
        self.school = rng.choice(SCHOOLS)
        self.alnco = rng.choice(STAFF)
        self.n = rng.randint(6, 16)
        rows = []
        for _ in range(self.n):
            bank = SPECIFIC if rng.random() < 0.55 else VAGUE
            what, freq, dur, who = rng.choice(bank)
            start = f"{rng.randint(1, 28):02d}/{rng.choice([9, 10, 11, 1, 2])}/2025"
            rows.append((what, freq, dur, who, start, rng.choice(["termly", "half-termly", "at the annual review"])))
        self.rows = rows
        self.profile = [s.format(c=self.first, p=self.pron) for s in rng.sample(PROFILE, rng.randint(4, 8))]
        self.needs = [s.format(c=self.first, p=self.pron) for s in rng.sample(NEEDS, rng.randint(2, 5))]
        self.outcomes = [f"By July 2026 {self.first} will {x}." for x in rng.sample([
            "read 100 high-frequency words accurately", "use a help card to ask for help in 4 out of 5 lessons",
            "write three linked sentences independently", "join in a group game for 10 minutes at break",
            "follow a two-step instruction without a visual prompt", "use 5 new topic words in conversation"], 3)]


# ------------------------------------------------------------------ Markdown

def markdown(plan):
    rng = plan.rng
    out = [f"# Individual Development Plan (IDP): {plan.child}", "",
           f"School: {plan.school}  ", f"ALNCo: {plan.alnco}  ", "Date of plan: 14/10/2025", "",
           "## Section 1: One-page profile", ""]
    for heading in ["What people like and admire about me", "What is important to me", "How best to support me"]:
        out += [f"### {heading}", ""] + [f"- {s}" for s in rng.sample(plan.profile, min(3, len(plan.profile)))] + [""]
    out += ["## Section 2A: Description of additional learning needs", ""] + [" ".join(plan.needs), ""]
    out += ["## Section 2B: Additional learning provision", ""]
    if rng.random() < 0.75:
        out += ["| Provision | Frequency | Duration | Delivered by | Start date | Review |",
                "|---|---|---|---|---|---|"]
        out += [f"| {' | '.join(r)} |" for r in plan.rows]
    else:
        out += [f"- {r[0]}, {r[1]}, {r[2] or 'duration to be agreed'}, delivered by {r[3] or 'school staff'}."
                for r in plan.rows]
    out += ["", "## Section 2C: Outcomes", ""] + [f"{i + 1}. {o}" for i, o in enumerate(plan.outcomes)]
    out += ["", "## Section 3: Transition and next steps", "",
            f"{plan.first} will visit the new classroom three times in the summer term with a familiar adult. "
            "A transition booklet with photographs will be made and shared with the family.", "",
            "## Section 4: Review", "", "This plan will be reviewed at least annually, and sooner if "
            f"{plan.first}'s needs change. Contributors: parent, class teacher, ALNCo, speech and language "
            "therapist.", ""]
    text = "\n".join(out)
    # Meeting notes pad the plan to a realistic size (3-10 KB).
    target = rng.randint(3000, 10000)
    notes = ["", "## Notes from the person-centred planning meeting", ""]
    while len(text) + sum(len(n) + 1 for n in notes) < target:
        notes.append(rng.choice(plan.profile + plan.needs) + " " + rng.choice(plan.outcomes))
        notes.append("")
    return text + "\n".join(notes) + "\n"


# ---------------------------------------------------------------------- DOCX

def rsid(rng):
    return "00%06X" % rng.randrange(1 << 24)


def run(rng, text, bold=False):
    rpr = ('<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>' + ("<w:b/><w:bCs/>" if bold else "")
           + '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr>')
    return f'<w:r w:rsidRPr="{rsid(rng)}">{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def para(rng, text, style=None, bold=False):
    # Word splits text into runs at edits and proofing marks.
    words = text.split(" ")
    runs, i = [], 0
    while i < len(words):
        j = i + rng.randint(2, 7)
        chunk = " ".join(words[i:j]) + (" " if j < len(words) else "")
        runs.append(run(rng, chunk, bold))
        if rng.random() < 0.15:
            runs.append('<w:proofErr w:type="spellStart"/><w:proofErr w:type="spellEnd"/>')
        i = j
    ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + \
        '<w:spacing w:after="120" w:line="276" w:lineRule="auto"/><w:rPr><w:rFonts w:ascii="Arial" ' \
        'w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/></w:rPr></w:pPr>'
    return f'<w:p w:rsidR="{rsid(rng)}" w:rsidRDefault="{rsid(rng)}" w:rsidP="{rsid(rng)}">{ppr}{"".join(runs)}</w:p>'


def cell(rng, text, width, header=False):
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>' if header else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}<w:vAlign w:val="top"/></w:tcPr>'
            + para(rng, text or " ", bold=header) + "</w:tc>")


def table(rng, header, rows):
    widths = [3000, 1500, 1200, 1800, 1200, 1200][: len(header)]
    borders = "".join(f'<w:{b} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                      for b in ["top", "left", "bottom", "right", "insideH", "insideV"])
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
           f'<w:tblBorders>{borders}</w:tblBorders><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
           'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
    out.append(f'<w:tr w:rsidR="{rsid(rng)}"><w:trPr><w:tblHeader/></w:trPr>'
               + "".join(cell(rng, h, w, True) for h, w in zip(header, widths)) + "</w:tr>")
    for r in rows:
        out.append(f'<w:tr w:rsidR="{rsid(rng)}" w:rsidTr="{rsid(rng)}"><w:trPr><w:cantSplit/></w:trPr>'
                   + "".join(cell(rng, c, w) for c, w in zip(r, widths)) + "</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def document_xml(plan):
    rng = plan.rng
    b = [para(rng, f"Individual Development Plan (IDP): {plan.child}", "Title"),
         table(rng, ["School", "ALNCo", "Date of plan"], [(plan.school, plan.alnco, "14/10/2025")]),
         para(rng, "Section 1: One-page profile", "Heading1")]
    for heading in ["What people like and admire about me", "What is important to me", "How best to support me"]:
        b.append(para(rng, heading, "Heading2"))
        b += [para(rng, s, "ListParagraph") for s in rng.sample(plan.profile, min(3, len(plan.profile)))]
    b.append(para(rng, "Section 2A: Description of additional learning needs", "Heading1"))
    b += [para(rng, s) for s in plan.needs]
    b.append(para(rng, "Section 2B: Additional learning provision", "Heading1"))
    b.append(table(rng, ["Provision", "Frequency", "Duration", "Delivered by", "Start date", "Review"], plan.rows))
    b.append(para(rng, "Section 2C: Outcomes", "Heading1"))
    b += [para(rng, o, "ListParagraph") for o in plan.outcomes]
    b.append(para(rng, "Section 3: Transition and next steps", "Heading1"))
    b.append(para(rng, f"{plan.first} will visit the new classroom three times in the summer term with a familiar "
                       "adult. A transition booklet with photographs will be made and shared with the family."))
    b.append(para(rng, "Section 4: Review", "Heading1"))
    b.append(table(rng, ["Name", "Role", "Contribution"],
                   [(rng.choice(STAFF), role, rng.choice(plan.profile)) for role in
                    ["Parent", "Class teacher", "ALNCo", "Speech and language therapist"]]))
    # Meeting notes, as schools paste them in, to a realistic size.
    target = rng.randint(60_000, 200_000)
    size = sum(map(len, b))
    if size < target:
        b.append(para(rng, "Notes from the person-centred planning meeting", "Heading2"))
    while size < target:
        p = para(rng, rng.choice(plan.profile + plan.needs) + " " + rng.choice(plan.outcomes))
        b.append(p)
        size += len(p)
    body = "".join(b) + ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" '
                         'w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>')
    return (DECL + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
            'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14">'
            f"<w:body>{body}</w:body></w:document>")


def styles_xml():
    styles = []
    for sid, name, size, bold in [("Normal", "Normal", 22, False), ("Title", "Title", 40, True),
                                  ("Heading1", "heading 1", 32, True), ("Heading2", "heading 2", 26, True),
                                  ("ListParagraph", "List Paragraph", 22, False),
                                  ("TableGrid", "Table Grid", 22, False)]:
        styles.append(f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
                      '<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="240" w:after="120"/>'
                      f'</w:pPr><w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr></w:style>')
    # Word lists latent styles for every built-in style.
    latent = "".join(f'<w:lsdException w:name="heading {i}" w:uiPriority="{i + 9}" w:qFormat="1"/>'
                     for i in range(1, 200))
    return (DECL + f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts '
            'w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/><w:sz w:val="22"/><w:lang w:val="en-GB"/>'
            f'</w:rPr></w:rPrDefault></w:docDefaults><w:latentStyles w:count="376">{latent}</w:latentStyles>'
            + "".join(styles) + "</w:styles>")


def docx(plan, path):
    rng = plan.rng
    ct = (DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/></Types>')
    rels = (DECL + f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{R_NS}/officeDocument" '
            'Target="word/document.xml"/></Relationships>')
    doc_rels = (DECL + f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{R_NS}/styles" '
                f'Target="styles.xml"/><Relationship Id="rId2" Type="{R_NS}/settings" Target="settings.xml"/>'
                f'<Relationship Id="rId3" Type="{R_NS}/image" Target="media/image1.png"/></Relationships>')
    settings = (DECL + f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/><w:proofState w:spelling="clean"/>'
                '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:rsids>'
                + "".join(f'<w:rsid w:val="{rsid(rng)}"/>' for _ in range(rng.randint(20, 120)))
                + "</w:rsids></w:settings>")
    # The school's logo: noise stands in for a compressed image.
    logo = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(rng.randint(2000, 9000)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("word/document.xml", document_xml(plan)),
                           ("word/_rels/document.xml.rels", doc_rels), ("word/styles.xml", styles_xml()),
                           ("word/settings.xml", settings)]:
            info = zipfile.ZipInfo(name, (2025, 10, 14, 9, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
        info = zipfile.ZipInfo("word/media/image1.png", (2025, 10, 14, 9, 30, 0))
        z.writestr(info, logo, compress_type=zipfile.ZIP_STORED)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=2025)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    for i in range(args.count):
        folder = os.path.join(args.out, f"part{i // 250:02d}")
        os.makedirs(folder, exist_ok=True)
        plan = Plan(random.Random(rng.randrange(1 << 30)), i)
        stem = f"plan-{i:04d}-{plan.first.lower()}"
        if i % 2 == 0:
            docx(plan, os.path.join(folder, stem + ".docx"))
        else:
            with open(os.path.join(folder, stem + ".md"), "w", encoding="utf-8") as f:
                f.write(markdown(plan))


if __name__ == "__main__":
    main()
