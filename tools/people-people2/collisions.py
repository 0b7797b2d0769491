#!/usr/bin/env python3
"""Report names (aliases included) that appear in more than one people file.

usage: collisions.py DIR [ISO3 ...]
Names are compared case-folded with punctuation other than letters/digits removed, roughly as
dyad's matcher tokenises them. With ISO3 codes given, only collisions that involve one of those
files are printed. Cross-file duplicates are not errors for the lexicon parser, but they make a
bare name ambiguous at run time, so each one deserves a look.
"""
import re
import sys
import unicodedata
from pathlib import Path


def key(name):
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[a-z0-9]+", s))


def names(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line[0] in " #":
            continue
        body = re.split(r"\s#", line, maxsplit=1)[0].strip()
        body = re.sub(r"\s+@Q\d+$", "", body)
        parts = [p.strip() for p in body.split(" | ")]
        for p in parts:
            yield p, parts[0]


def main():
    d = Path(sys.argv[1])
    only = {c.upper() for c in sys.argv[2:]}
    seen = {}
    for f in sorted(d.glob("*.txt")):
        for n, canon in names(f):
            seen.setdefault(key(n), []).append((f.stem, canon, n))
    for k, hits in sorted(seen.items()):
        files = {h[0] for h in hits}
        if len(files) < 2:
            continue
        if only and not files & only:
            continue
        print(f"{k!r}: " + "; ".join(f"{h[0]}:{h[1]}" for h in hits))


if __name__ == "__main__":
    main()
