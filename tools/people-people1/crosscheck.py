#!/usr/bin/env python3
"""Cross-check dated codes in data/actors/people/<ISO3>.txt against PETRARCH's Phoenix
dictionaries: for each person found in both (by canonical name or alias), report PETRARCH
ranges of the same code whose start is more than 45 days away from every start we give.

Usage: crosscheck.py FILE ...
"""
import datetime
import re
import sys

from petrarch_people import DEFAULT, entries


def pdate(s):
    s = s.strip(">< ")
    try:
        if len(s) == 6:
            y = int(s[:2])
            y += 2000 if y < 30 else 1900
            return datetime.date(y, int(s[2:4]), int(s[4:6]))
        if len(s) == 8:
            return datetime.date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        return None
    return None


def petrarch_index():
    idx = {}
    for p in DEFAULT:
        for name, syns, codes in entries(p):
            for n in [name, *syns]:
                key = re.sub(r"[_ ]+", " ", n).strip(" _").lower()
                idx.setdefault(key, []).extend(codes)
    return idx


def ours(path):
    cur = None
    for line in open(path, encoding="utf-8"):
        body = line.split(" #")[0].rstrip()
        if not body or body.startswith("#"):
            continue
        if not body[0].isspace():
            names = [n.strip() for n in re.sub(r"\s+@Q\d+$", "", body).split(" | ")]
            cur = {"names": names, "codes": []}
            yield cur
        elif ":" not in body:
            parts = body.split()
            rng = parts[1] if len(parts) > 1 else ""
            start = rng.split("..")[0].lstrip("~") if rng else ""
            d = None
            if start:
                bits = [int(x) for x in start.split("-")] + [1, 1]
                d = datetime.date(bits[0], bits[1], bits[2])
            cur["codes"].append((parts[0], d))


def main():
    idx = petrarch_index()
    for path in sys.argv[1:]:
        for e in list(ours(path)):
            pc = None
            for n in e["names"]:
                pc = idx.get(n.lower())
                if pc:
                    break
            if not pc:
                continue
            for c in pc:
                m = re.match(r"\[(\w+) (>?\d{6,8})-?(\d{6,8})?\]", c)
                if not m or not m.group(1).endswith("GOV"):
                    continue
                code, s = m.group(1), pdate(m.group(2))
                if s is None or s.year < 2000:
                    continue
                mine = [d for (cc, d) in e["codes"] if cc == code and d]
                if mine and min(abs((s - d).days) for d in mine) > 45:
                    print(f"{path}: {e['names'][0]}: PETRARCH {c} vs ours {[str(d) for d in mine]}")


if __name__ == "__main__":
    main()
