#!/usr/bin/env python3
"""Fill fuzz/corpus/<target>/ with seed inputs from the project's fixtures
(among them the docx-wild corpus and the dev plans). Run from anywhere; the
corpus folder is git-ignored, so nothing private or large is committed."""
import io, pathlib, re, shutil, zipfile

here = pathlib.Path(__file__).resolve().parent
root = here.parent
corpus = here / "corpus"

def docx_files():
    files = sorted((root / "fixtures/docx").glob("*.docx"))
    files += sorted((root / "fixtures/docx-wild").glob("*.docx"))
    files += sorted((root / "fixtures/dev/docs").glob("*.docx"))
    return files

def text_files():
    files = sorted((root / "fixtures/md").glob("*.md")) + sorted((root / "fixtures/txt").glob("*.txt"))
    files += sorted((root / "fixtures/dev/docs").glob("*.md"))
    return files

def write(target, name, data):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)

for t in ["docx_bytes", "docx_parts", "markdown", "check_text", "pdf_bytes"]:
    shutil.rmtree(corpus / t, ignore_errors=True)

for f in docx_files():
    data = f.read_bytes()
    if len(data) <= 1_000_000:
        write("docx_bytes", f.name, data)
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except Exception:
        continue
    parts = []
    for name in ["word/document.xml", "word/styles.xml", "word/numbering.xml", "word/_rels/document.xml.rels"]:
        try:
            parts.append(z.read(name))
        except Exception:
            parts.append(b"")
    joined = b"\n--part--\n".join(parts)
    if len(joined) <= 1_000_000:
        write("docx_parts", f.stem, joined)

for f in text_files():
    data = f.read_bytes()
    write("markdown", f.name, data)
    write("check_text", f.name, data)

cases = (root / "fixtures/checks/cases.toml").read_text()
for i, m in enumerate(re.finditer(r'^text\s*=\s*"(.*)"\s*$', cases, re.M)):
    write("check_text", f"case{i:03}", m.group(1).encode())

for f in sorted((root / "fixtures/pdf").glob("*.pdf")):
    data = f.read_bytes()
    if len(data) <= 1_000_000:
        write("pdf_bytes", f.name, data)

# Inputs that once crashed a target (kept in git under fuzz/seeds/).
for d in sorted((here / "seeds").glob("*")):
    for f in sorted(d.iterdir()):
        write(d.name, f.name, f.read_bytes())

for t in ["docx_bytes", "docx_parts", "markdown", "check_text", "pdf_bytes"]:
    print(t, len(list((corpus / t).iterdir())))
