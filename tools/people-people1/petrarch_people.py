#!/usr/bin/env python3
"""List PETRARCH (Phoenix) actor entries carrying dated codes for one country prefix.

Usage: petrarch_people.py ISO3 [DICT ...]
Used only to cross-check dates while writing data/actors/people/<ISO3>.txt.
"""
import os
import re
import sys

# the shared data sits next to the workspace: <workspace>/../shared/data
_DICTS = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data", "petrarch2-dictionaries"
)
DEFAULT = [
    os.path.normpath(os.path.join(_DICTS, "Phoenix.Countries.actors.txt")),
    os.path.normpath(os.path.join(_DICTS, "Phoenix.International.actors.txt")),
]


def entries(path):
    name, syns, codes = None, [], []
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            if line.startswith("+"):
                syns.append(line[1:].strip())
            elif line.lstrip().startswith("["):
                codes.append(line.strip())
            elif not line[0].isspace():
                if name:
                    yield name, syns, codes
                name, syns, codes = line.strip(), [], []
    if name:
        yield name, syns, codes


def main():
    iso = sys.argv[1].upper()
    paths = sys.argv[2:] or DEFAULT
    for p in paths:
        for name, syns, codes in entries(p):
            dated = [c for c in codes if c[1:4] == iso and re.search(r"\d{6}", c)]
            if dated:
                print(name, "|", ", ".join(s for s in syns[:4]))
                for c in codes:
                    print("   ", c)


if __name__ == "__main__":
    main()
