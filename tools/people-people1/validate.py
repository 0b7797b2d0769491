#!/usr/bin/env python3
"""Validate dyad people dictionaries (data/actors/people/*.txt).

Usage: validate.py [FILE ...]   (default: every file in data/actors/people/)

Checks: entry/attribute/code line syntax, known attribute keys, dates
(YYYY, YYYY-MM, YYYY-MM-DD, optional leading ~), reversed ranges,
overlapping ranges of the same code within an entry, roles of one code in
chronological order, `kind:` present, entries sorted by canonical name,
code prefix equal to the file's ISO3, aliases shared by two entries in the
same file, and (as warnings) aliases shared across files.
Exits non-zero on any error.
"""
import datetime
import os
import re
import sys

KEYS = {"kind", "adjective", "demonym", "capital", "metonym", "iso2", "iso3", "note", "source"}
KINDS = {"person", "country", "territory", "org", "igo", "ngo", "group", "place", "agent"}
CODE_RE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})*$")
DATE_RE = re.compile(r"^(~)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
QID_RE = re.compile(r"\s+@(Q\d+)$")


def strip_comment(line):
    if line.lstrip().startswith("#"):
        return ""
    m = re.search(r"\s#", line)
    return line[: m.start()] if m else line


def sort_key(name):
    # the order dyad-lexicon checks: lower-cased, curly apostrophes straightened,
    # compared by code point (diacritics are not stripped)
    return " ".join(name.replace("\u2019", "'").replace("\u2018", "'").lower().split())


def parse_date(text, errs, where):
    m = DATE_RE.match(text)
    if not m:
        errs.append(f"{where}: bad date {text!r}")
        return None
    y, mo, d = int(m.group(2)), m.group(3), m.group(4)
    try:
        return datetime.date(y, int(mo) if mo else 1, int(d) if d else 1)
    except ValueError:
        errs.append(f"{where}: impossible date {text!r}")
        return None


def check_file(path, errs, warns, alias_owner):
    iso = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if not lines or not lines[0].startswith("#"):
        errs.append(f"{path}:1: file must start with a comment naming the country")
    entries = []  # (lineno, names, codes[(code, start, end, lineno)], keys)
    cur = None
    for i, raw in enumerate(lines, 1):
        where = f"{path}:{i}"
        if "\t" in raw:
            errs.append(f"{where}: tab character")
        line = strip_comment(raw).rstrip()
        if not line.strip():
            continue
        if not line[0].isspace():
            qid = None
            m = QID_RE.search(line)
            if m:
                qid = m.group(1)
                line = line[: m.start()]
            if "@" in line:
                errs.append(f"{where}: stray '@' in entry line")
            names = [n.strip() for n in line.split(" | ")]
            if any(not n or "|" in n for n in names):
                errs.append(f"{where}: bad name list {line!r}")
            low = [n.casefold() for n in names]
            if len(set(low)) != len(low):
                errs.append(f"{where}: duplicate name within entry")
            cur = {"line": i, "names": names, "codes": [], "keys": {}, "qid": qid}
            entries.append(cur)
            continue
        if not line.startswith("  ") or line.startswith("   "):
            errs.append(f"{where}: indented lines must use exactly two spaces")
        if cur is None:
            errs.append(f"{where}: indented line before any entry")
            continue
        body = line.strip()
        if re.match(r"^[a-z]+:", body):
            key, _, val = body.partition(":")
            val = val.strip()
            if key not in KEYS:
                errs.append(f"{where}: unknown key {key!r}")
            if not val:
                errs.append(f"{where}: empty value for {key!r}")
            if key == "kind" and val not in KINDS:
                errs.append(f"{where}: unknown kind {val!r}")
            cur["keys"].setdefault(key, []).append(val)
            continue
        parts = body.split()
        code = parts[0]
        if not CODE_RE.match(code):
            errs.append(f"{where}: bad code {code!r}")
        if not code.startswith(iso):
            warns.append(f"{where}: code {code} does not start with {iso}")
        start = end = None
        if len(parts) > 2:
            errs.append(f"{where}: trailing text {body!r}")
        if len(parts) >= 2:
            rng = parts[1]
            if ".." not in rng:
                errs.append(f"{where}: range must be FROM..TO, got {rng!r}")
            else:
                a, b = rng.split("..", 1)
                if not a and not b:
                    errs.append(f"{where}: empty range '..'")
                start = parse_date(a, errs, where) if a else None
                end = parse_date(b, errs, where) if b else None
                if start and end and end < start:
                    errs.append(f"{where}: reversed range {rng}")
        cur["codes"].append((code, start, end, i, len(parts) >= 2))
    lo, hi = datetime.date.min, datetime.date.max
    prev = None
    for e in entries:
        where = f"{path}:{e['line']}"
        canon = e["names"][0]
        if prev is not None and sort_key(canon) < sort_key(prev):
            errs.append(f"{where}: {canon!r} sorted after {prev!r}")
        prev = canon
        if e["keys"].get("kind") != ["person"]:
            errs.append(f"{where}: entry needs exactly one 'kind: person'")
        if not e["codes"]:
            errs.append(f"{where}: entry has no code line")
        by_code = {}
        for c in e["codes"]:
            by_code.setdefault(c[0], []).append(c)
        for code, cs in by_code.items():
            for x in range(len(cs)):
                for y in range(x + 1, len(cs)):
                    a, b = cs[x], cs[y]
                    if not a[4] or not b[4]:
                        errs.append(f"{path}:{b[3]}: undated {code} alongside another {code} line")
                        continue
                    a0, a1 = a[1] or lo, a[2] or hi
                    b0, b1 = b[1] or lo, b[2] or hi
                    if a0 < b1 and b0 < a1:
                        errs.append(f"{path}:{b[3]}: {code} overlaps line {a[3]}")
                    if b0 < a0:
                        errs.append(f"{path}:{b[3]}: {code} roles not chronological")
        for n in e["names"]:
            k = n.casefold()
            owner = alias_owner.get(k)
            if owner and owner[0] == path and owner[1] != canon:
                errs.append(f"{where}: name {n!r} also used by {owner[1]!r} in same file")
            elif owner and owner[0] != path:
                warns.append(f"{where}: name {n!r} also used by {owner[1]!r} in {os.path.basename(owner[0])}")
            else:
                alias_owner[k] = (path, canon)
    return entries


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", ".."))
    files = sys.argv[1:]
    if not files:
        d = os.path.join(root, "data", "actors", "people")
        files = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".txt"))
    errs, warns, alias_owner = [], [], {}
    total_p = total_c = 0
    for p in files:
        ents = check_file(p, errs, warns, alias_owner)
        nc = sum(len(e["codes"]) for e in ents)
        total_p += len(ents)
        total_c += nc
        print(f"{os.path.basename(p)}: {len(ents)} people, {nc} code lines")
    print(f"total: {total_p} people, {total_c} code lines")
    for w in warns:
        print("warning:", w)
    for e in errs:
        print("error:", e)
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
