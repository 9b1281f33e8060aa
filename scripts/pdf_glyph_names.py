#!/usr/bin/env python3
"""Writes src/read/pdf/glyph_names.txt and src/read/pdf/base_encodings.rs
from lopdf's own tables (its encodings/glyphnames.rs and mappings.rs, in
cargo's registry), so that the PDF reader decodes a simple font's
/Encoding as lopdf does without linking lopdf's glyph-name match (half a
megabyte of WebAssembly). `cargo test` checks the result against lopdf.

    python3 scripts/pdf_glyph_names.py [PATH-TO-lopdf-SOURCE]
"""
import glob
import os
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
if len(sys.argv) > 1:
    src = pathlib.Path(sys.argv[1])
else:
    home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    found = sorted(glob.glob(f"{home}/registry/src/*/lopdf-0.47.0"))
    if not found:
        sys.exit("lopdf 0.47.0's source is not in cargo's registry: run `cargo fetch`, or name it")
    src = pathlib.Path(found[-1])
enc = src / "src" / "encodings"

codes = {}
order = []
for m in re.finditer(r"0x([0-9a-fA-F]{4}) = \[([^\]]*)\];", (enc / "glyphnames.rs").read_text()):
    for name in (n.strip() for n in m.group(2).split(",")):
        # A match takes its first arm: a name listed twice keeps its first code.
        if name and name not in codes:
            codes[name] = int(m.group(1), 16)
            order.append(name)
out = ROOT / "src" / "read" / "pdf" / "glyph_names.txt"
out.write_text(
    "# The glyph names of the Adobe Glyph List (BSD-3-Clause) as lopdf 0.47 (MIT) has them\n"
    "# in its encodings/glyphnames.rs: a name and its UTF-16 unit in hex. Written by\n"
    "# scripts/pdf_glyph_names.py; src/read/pdf/objects.rs's tests check it against lopdf.\n"
    + "".join(f"{n} {codes[n]:04x}\n" for n in sorted(order))
)

tables = {}
text = (enc / "mappings.rs").read_text()
for m in re.finditer(r"pub const (\w+): CodedCharacterSet = \[(.*?)\];", text, re.S):
    entries = re.findall(r"None|Some\(Glyph::(\w+)\)", m.group(2))
    assert len(entries) == 256, (m.group(1), len(entries))
    tables[m.group(1)] = [codes[e] if e else 0 for e in entries]
rs = [
    "//! The one-byte encodings a simple font's /Encoding names, as lopdf 0.47 has",
    "//! them: each code's UTF-16 unit, 0 for none. Written by",
    "//! scripts/pdf_glyph_names.py; checked against lopdf by `cargo test`.",
    "",
]
for name in ["STANDARD_ENCODING", "MAC_ROMAN_ENCODING", "MAC_EXPERT_ENCODING", "WIN_ANSI_ENCODING", "PDF_DOC_ENCODING"]:
    t = tables[name]
    rs.append(f"pub(super) const {name}: [u16; 256] = [")
    for i in range(0, 256, 14):
        rs.append("    " + " ".join(f"0x{c:04x}," for c in t[i : i + 14]))
    rs.append("];")
(ROOT / "src" / "read" / "pdf" / "base_encodings.rs").write_text("\n".join(rs) + "\n")
print(f"{len(order)} glyph names, {len(tables)} encodings")
