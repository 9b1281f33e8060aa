#!/usr/bin/env python3
"""Write everything idp-audit says about every plan the project holds, so that
two builds can be compared byte for byte (a refactoring must not change a
single byte).

Usage:
  scripts/compare_outputs.py snapshot OUT_DIR [--bin target/release/idp-audit]
  scripts/compare_outputs.py diff A_DIR B_DIR

`snapshot` runs the binary over each set of plans (the fixtures, the
development set, every held-out set and the real-world DOCX corpus) in every
report format, `dump`s each plan, writes the Markdown letter for each plan
that has a vague provision, and prints `rules` and `explain` for every rule.
`diff` compares two snapshots file by file and exits 1 on any difference.

Take one snapshot at a time: each writes its letters through one fixed
temporary path (so that what idp-audit says about the path is the same in
every snapshot), and two at once would write over each other's letters.

Python 3 standard library only.
"""
import argparse
import filecmp
import os
import pathlib
import subprocess
import tempfile
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FORMATS = ["human", "json", "sarif", "csv", "markdown"]


def plan_sets():
    sets = {
        "fixtures": sorted(
            p for d in ("docx", "md", "txt") for p in (ROOT / "fixtures" / d).iterdir() if p.is_file()
        ),
        "docx-wild": sorted((ROOT / "fixtures/docx-wild").glob("*.docx")),
    }
    for d in sorted((ROOT / "fixtures").iterdir()):
        docs = d / "docs"
        if docs.is_dir():
            sets[d.name] = sorted(p for p in docs.iterdir() if p.is_file())
    return sets


def run(cmd, cwd):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"})
    return r.stdout + b"\n--- stderr ---\n" + r.stderr + f"\n--- exit {r.returncode} ---\n".encode()


def snapshot(out, binary):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    binary = str(pathlib.Path(binary).resolve())
    n = 0
    for name, plans in plan_sets().items():
        rel = [str(p.relative_to(ROOT)) for p in plans]
        for fmt in FORMATS:
            (out / f"{name}.{fmt}").write_bytes(run([binary, "check", "--format", fmt, "-j", "2", *rel], ROOT))
            n += 1
        dumps = b"".join(b"=== " + r.encode() + b"\n" + run([binary, "dump", r], ROOT) for r in rel)
        (out / f"{name}.dump").write_bytes(dumps)
        letters = []
        # One fixed path, so that what idp-audit says about it is the same for every snapshot.
        tmp = pathlib.Path(tempfile.gettempdir()) / "idp-audit-compare-letter.md"
        for r in rel:
            if tmp.exists():
                tmp.unlink()
            said = run([binary, "letter", r, "--out", str(tmp), "--date", "2026-12-14"], ROOT)
            body = tmp.read_bytes() if tmp.exists() else b""
            letters.append(b"=== " + r.encode() + b"\n" + said + body)
        if tmp.exists():
            tmp.unlink()
        (out / f"{name}.letters").write_bytes(b"".join(letters))
        n += 2
    rules = run([binary, "rules"], ROOT)
    (out / "rules").write_bytes(rules)
    ids = [line.split()[0] for line in rules.decode().splitlines() if line.startswith("IDP")]
    (out / "explain").write_bytes(b"".join(run([binary, "explain", i], ROOT) for i in ids))
    print(f"{n + 2} files written to {out} ({len(ids)} rules explained)")


def diff(a, b):
    a, b = pathlib.Path(a), pathlib.Path(b)
    names = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    differ = [n for n in names if not ((a / n).exists() and (b / n).exists() and filecmp.cmp(a / n, b / n, False))]
    for n in differ:
        print(f"differs: {n}")
    print(f"{len(names) - len(differ)} of {len(names)} files byte for byte the same")
    return 1 if differ else 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("out")
    s.add_argument("--bin", default=str(ROOT / "target/release/idp-audit"))
    d = sub.add_parser("diff")
    d.add_argument("a")
    d.add_argument("b")
    args = ap.parse_args()
    if args.cmd == "snapshot":
        snapshot(args.out, args.bin)
        return 0
    return diff(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
