#!/usr/bin/env python3
"""The script an advocate might write instead of idp-audit: python-docx for
Word files, plain reading for text, a regular expression for hedge words,
Section 2B found by its heading. It is the yardstick for how much faster
idp-audit must be (`scripts/bench.sh` runs it on the same plans).

  scripts/advocate_baseline.py FILE...

Needs python-docx (`pip install python-docx`); the benchmark installs it in a
virtual environment of its own.
"""
import re
import sys

import docx

HEDGES = re.compile(
    r"\b(where possible|as (?:and when )?(?:needed|required|appropriate)|if (?:possible|required|necessary)|"
    r"up to|access to|opportunit(?:y|ies) (?:to|for)|regular(?:ly)?|ongoing|some|may|might|could|should|"
    r"subject to [a-z ]+|to be (?:confirmed|arranged|decided)|tbc|lle bo'?n bosibl|yn ôl yr angen|hyd at|"
    r"mynediad at|cyfleoedd i|yn rheolaidd)\b",
    re.I,
)
FREQ = re.compile(r"\b(daily|weekly|fortnightly|termly|(?:once|twice|\d+ times?) (?:a|per|each) (?:day|week|term))\b", re.I)
MINUTES = re.compile(r"\b\d+\s*(?:min(?:ute)?s?|hours?|hrs?)\b", re.I)
SECTION = re.compile(r"\b(?:section|part|adran|rhan)?\s*2B\b", re.I)
NEXT = re.compile(r"\b(?:section|part|adran|rhan)?\s*2C\b|\b(?:section|part|adran|rhan)\s+3\b", re.I)


def lines_of(path):
    if path.endswith(".docx"):
        try:
            d = docx.Document(path)
        except Exception:
            return []
        out = [p.text for p in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                out.append(" | ".join(c.text for c in row.cells))
        return out
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


def check(path):
    lines = lines_of(path)
    inside, vague, total = False, 0, 0
    for line in lines:
        if not inside:
            inside = bool(SECTION.search(line))
            continue
        if NEXT.search(line):
            break
        if not line.strip():
            continue
        total += 1
        if HEDGES.search(line) or not FREQ.search(line) or not MINUTES.search(line):
            vague += 1
    return total, vague


def main():
    for path in sys.argv[1:]:
        total, vague = check(path)
        print(f"{path}\t{total}\t{vague}")


if __name__ == "__main__":
    main()
