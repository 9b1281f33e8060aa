#!/usr/bin/env python3
"""Make PDF copies of a labelled set's DOCX plans, to score the PDF reader.

Usage:
  pdf_sets.py --set DIR [--set DIR ...] [--out DIR] [--kind tagged|untagged|both] [--score CMD]

Every DOCX plan that DIR/labels.json names is exported to PDF by LibreOffice
two ways: tagged (the document structure kept, as Word's "Save as PDF" does by
default) and untagged (positioned words and the lines drawn round cells only).
Each kind goes to OUT/tagged or OUT/untagged with a labels.json holding the
same labels, the file names ending in .pdf. The Markdown and text plans of the
set are left out: they have no layout to lose.

Given more than one --set, the sets are pooled: every set's DOCX plans go into
the same OUT/KIND folder, each file name led by its set's folder name, so one
score covers them all. OUT/docx then holds the same plans as DOCX (linked, not
copied) with the same labels, to score the Word files beside their PDFs.

With --score CMD, scripts/score.py is run on each kind with that command
(e.g. "target/release/idp-audit check --format json") and its figures printed.
With --parity as well, each kind is scored a second time against what the same
command reads from the DOCX plans themselves (OUT/parity-KIND/labels.json):
how far the PDF reader matches the DOCX reader, whatever the later stages do.

OUT defaults to a new temporary folder (printed). LibreOffice (`soffice`) must
be installed; it runs with a profile of its own in OUT, so it does not clash
with a LibreOffice already running. Python 3 standard library only.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

TAGGED = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
UNTAGGED = "pdf"
KINDS = {"tagged": TAGGED, "untagged": UNTAGGED}


def convert(docx_paths, outdir, filter_name, profile):
    os.makedirs(outdir, exist_ok=True)
    cmd = [
        "soffice",
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        filter_name,
        "--outdir",
        outdir,
    ] + docx_paths
    run = subprocess.run(cmd, capture_output=True, timeout=1800)
    if run.returncode != 0:
        sys.exit(f"pdf_sets: soffice failed ({run.returncode}): {run.stderr.decode('utf-8', 'replace')[-2000:]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", required=True, action="append", help="a folder with labels.json (more than one: pooled)")
    ap.add_argument("--out", help="where to write (default: a new temporary folder)")
    ap.add_argument("--kind", choices=["tagged", "untagged", "both"], default="both")
    ap.add_argument("--score", help="a command for scripts/score.py --cmd, run on each kind")
    ap.add_argument("--parity", action="store_true", help="also score against the DOCX plans as the command reads them")
    args = ap.parse_args()

    if shutil.which("soffice") is None:
        sys.exit("pdf_sets: soffice (LibreOffice) is not installed: apt-get install libreoffice-writer")
    pooled = len(args.set) > 1
    docs, sources = [], []
    for folder in args.set:
        with open(os.path.join(folder, "labels.json"), encoding="utf-8") as f:
            labels = json.load(f)
        found = [d for d in labels["documents"] if d["file"].lower().endswith(".docx")]
        if not found:
            sys.exit(f"pdf_sets: {folder}/labels.json names no .docx plan")
        lead = os.path.basename(os.path.normpath(folder)) + "__" if pooled else ""
        for d in found:
            docs.append((lead, d))
            sources.append(os.path.abspath(os.path.join(folder, d["file"])))
    out = args.out or tempfile.mkdtemp(prefix="idp-pdf-sets-")
    out = os.path.abspath(out)
    profile = os.path.join(out, ".lo-profile")
    kinds = ["tagged", "untagged"] if args.kind == "both" else [args.kind]
    for kind in kinds:
        docs_dir = os.path.join(out, kind, "docs")
        if pooled:
            # Each set converts into a folder of its own (two sets may hold plans of the
            # same name), then its PDFs move into docs/ led by the set's name.
            os.makedirs(docs_dir, exist_ok=True)
            for lead in dict.fromkeys(lead for lead, _ in docs):
                where = os.path.join(out, kind, ".convert", lead)
                convert([src for (l, _), src in zip(docs, sources) if l == lead], where, KINDS[kind], profile)
                for name in os.listdir(where):
                    os.replace(os.path.join(where, name), os.path.join(docs_dir, lead + name))
        else:
            convert(sources, docs_dir, KINDS[kind], profile)
        entries = []
        for lead, d in docs:
            pdf = os.path.splitext(os.path.basename(d["file"]))[0] + ".pdf"
            e = dict(d)
            e["file"] = "docs/" + lead + pdf
            e["layout"] = f"{kind} PDF exported by LibreOffice from {d['file']}; " + d.get("layout", "")
            entries.append(e)
        shutil.rmtree(os.path.join(out, kind, ".convert"), ignore_errors=True)
        for e in entries:
            if not os.path.exists(os.path.join(out, kind, e["file"])):
                sys.exit(f"pdf_sets: LibreOffice did not write {kind}/{e['file']}")
        with open(os.path.join(out, kind, "labels.json"), "w", encoding="utf-8") as f:
            json.dump({"documents": entries}, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"{kind}: {len(entries)} PDFs in {os.path.join(out, kind)}")
    shutil.rmtree(profile, ignore_errors=True)
    if pooled:
        kinds = kinds + ["docx"]
        docx_dir = os.path.join(out, "docx", "docs")
        os.makedirs(docx_dir, exist_ok=True)
        entries = []
        for (lead, d), src in zip(docs, sources):
            name = lead + os.path.basename(d["file"])
            if not os.path.lexists(os.path.join(docx_dir, name)):
                os.symlink(src, os.path.join(docx_dir, name))
            e = dict(d)
            e["file"] = "docs/" + name
            entries.append(e)
        with open(os.path.join(out, "docx", "labels.json"), "w", encoding="utf-8") as f:
            json.dump({"documents": entries}, f, indent=1, ensure_ascii=False)
            f.write("\n")
    docs = [d for _, d in docs]
    if args.score and args.parity:
        write_parity(args.score, sources, docs, out, [k for k in kinds if k != "docx"])
    if args.score:
        score = os.path.join(os.path.dirname(os.path.abspath(__file__)), "score.py")
        for kind in kinds:
            print(f"--- {' '.join(args.set)} ({kind})")
            sys.stdout.flush()
            subprocess.run([sys.executable, score, "--set", os.path.join(out, kind), "--cmd", args.score])
            if args.parity and kind != "docx":
                print(f"--- {args.set} ({kind}, against the DOCX as read)")
                sys.stdout.flush()
                subprocess.run(
                    [sys.executable, score, "--set", os.path.join(out, "parity-" + kind), "--cmd", args.score]
                )


def write_parity(cmd, sources, docs, out, kinds):
    """Labels made from what `cmd` reads from the DOCX plans."""
    import shlex

    run = subprocess.run(shlex.split(cmd) + sources, capture_output=True, timeout=1800)
    report = json.loads(run.stdout.decode("utf-8"))
    by_path = {os.path.realpath(d["path"]): d for d in report["documents"]}
    for kind in kinds:
        entries = []
        for d, src in zip(docs, sources):
            got = by_path.get(os.path.realpath(src), {})
            provisions = []
            for p in got.get("provisions", []):
                e = {"text": p["text"], "kind": p["kind"], "verdict": p["verdict"]}
                for name in ("frequency", "duration", "provider", "qualification", "group"):
                    e[name] = p["elements"][name]["status"]
                e["hedges"] = [f["matched"] for f in p["findings"] if f.get("kind") == "hedge" and f.get("matched")]
                provisions.append(e)
            pdf = os.path.splitext(os.path.basename(d["file"]))[0] + ".pdf"
            entries.append(
                {"file": "docs/" + pdf, "section_2b": got.get("status") != "no_section_2b", "provisions": provisions}
            )
        folder = os.path.join(out, "parity-" + kind)
        os.makedirs(folder, exist_ok=True)
        link = os.path.join(folder, "docs")
        if not os.path.exists(link):
            os.symlink(os.path.join(out, kind, "docs"), link)
        with open(os.path.join(folder, "labels.json"), "w", encoding="utf-8") as f:
            json.dump({"documents": entries}, f, indent=1, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main()
