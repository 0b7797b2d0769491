#!/usr/bin/env python3
"""List PETRARCH (Phoenix) actor entries whose codes start with a given country prefix
and whose date restrictions reach 2000 or later, for cross-checking dyad's people files.

usage: petrarch_people.py ISO3 [--all]
Reads /work/shared/data/petrarch2-dictionaries/Phoenix.{Countries,International}.actors.txt
(MIT, Open Event Data). Dates are printed as ISO (YYMMDD -> 19YY if YY > 30 else 20YY).
"""
import re
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parents[3] / "shared" / "data" / "petrarch2-dictionaries"
FILES = ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"]


def iso(d):
    d = d.strip()
    if len(d) == 8:
        return f"{d[:4]}-{d[4:6]}-{d[6:]}"
    if len(d) == 6:
        yy = int(d[:2])
        century = 1900 if yy > 30 else 2000
        return f"{century + yy}-{d[2:4]}-{d[4:]}"
    return d


def parse_restr(r):
    r = r.strip()
    if r.startswith("<"):
        return None, iso(r[1:])
    if r.startswith(">"):
        return iso(r[1:]), None
    if "-" in r:
        a, b = r.split("-", 1)
        return iso(a), iso(b)
    return None, None


def entries(path):
    cur = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        if line.startswith("\t") or line.startswith(" "):
            m = re.match(r"\s*\[([A-Z~]+)\s*([^\]]*)\]", body)
            if m and cur is not None:
                cur["codes"].append((m.group(1), m.group(2).strip(), line.strip()))
            continue
        if body.startswith("+"):
            if cur is not None:
                cur["names"].append(body[1:].split("[")[0].strip())
            continue
        if cur is not None:
            yield cur
        m = re.match(r"([^\[;]+)(\[([^\]]*)\])?", body)
        cur = {"names": [m.group(1).strip()], "codes": []}
        if m.group(3):
            cur["codes"].append((m.group(3), "", ""))
    if cur is not None:
        yield cur


def main():
    pre = sys.argv[1].upper()
    show_all = "--all" in sys.argv
    for f in FILES:
        for e in entries(BASE / f):
            hits = [c for c in e["codes"] if c[0].startswith(pre)]
            if not hits:
                continue
            keep = show_all
            for code, r, _ in hits:
                a, b = parse_restr(r) if r else (None, None)
                if r and (b is None or b >= "2000"):
                    keep = True
            if not keep:
                continue
            print(" | ".join(n.replace("_", " ").strip() for n in e["names"]))
            for code, r, _ in hits:
                a, b = parse_restr(r) if r else (None, None)
                print(f"    {code:12} {a or ''}..{b or ''}" if r else f"    {code}")


if __name__ == "__main__":
    main()
