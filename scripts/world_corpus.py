#!/usr/bin/env python3
"""Write a benchmark corpus that looks like the plans idp-audit meets: every
plan the project holds (the development set, every held-out set, the
fixtures) and the real-world DOCX corpus (fixtures/docx-wild: other projects'
test files, odd and broken ones among them), copied round-robin to COUNT
files in part folders of 250, so that one slow kind of plan cannot hide in a
generated corpus's sameness.

  scripts/world_corpus.py --count 2000 --out DIR

Python 3 standard library only.
"""
import argparse
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
PLAN_SUFFIXES = {".docx", ".md", ".txt"}


def sources():
    files = []
    for d in ["fixtures/docx", "fixtures/md", "fixtures/txt", "fixtures/docx-wild"]:
        files += sorted(p for p in (ROOT / d).iterdir() if p.suffix in PLAN_SUFFIXES)
    for s in sorted((ROOT / "fixtures").iterdir()):
        if (s / "docs").is_dir():
            files += sorted(p for p in (s / "docs").iterdir() if p.suffix in PLAN_SUFFIXES)
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    src = sources()
    for i in range(args.count):
        f = src[i % len(src)]
        part = out / f"part{i // 250:02d}"
        part.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, part / f"plan-{i:04d}-{f.stem[:40]}{f.suffix}")
    kinds = {}
    for f in src:
        kinds[f.suffix] = kinds.get(f.suffix, 0) + 1
    print(f"{args.count} files from {len(src)} plans ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))})")


if __name__ == "__main__":
    main()
