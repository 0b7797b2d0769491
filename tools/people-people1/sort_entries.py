#!/usr/bin/env python3
"""Sort the entries of dyad people files by canonical name, in place.

Usage: sort_entries.py FILE ...
The leading comment block stays on top; column-0 comment lines directly
before an entry travel with that entry; blank lines between entries are
normalised to none.
"""
import sys


def sort_key(name):
    # the order dyad-lexicon checks: lower-cased, curly apostrophes straightened,
    # compared by code point (diacritics are not stripped)
    return " ".join(name.replace("\u2019", "'").replace("\u2018", "'").lower().split())


def canon(line):
    return line.split("#", 1)[0].split(" | ")[0].split("  @")[0].strip()


def sort_file(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().rstrip("\n").split("\n")
    header, blocks, pending, i = [], [], [], 0
    while i < len(lines) and (lines[i].startswith("#") or not lines[i].strip()):
        header.append(lines[i])
        i += 1
    for line in lines[i:]:
        if not line.strip():
            continue
        if line.startswith("#"):
            pending.append(line)
        elif not line[0].isspace():
            blocks.append([*pending, line])
            pending = []
        else:
            if pending:
                blocks[-1].extend(pending)
                pending = []
            blocks[-1].append(line)
    tail = pending
    blocks.sort(key=lambda b: sort_key(canon(next(x for x in b if not x.startswith("#")))))
    while header and not header[-1].strip():
        header.pop()
    out = header + [""] if header else []
    for b in blocks:
        out.extend(b)
    out.extend(tail)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


for p in sys.argv[1:]:
    sort_file(p)
