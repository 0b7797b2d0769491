#!/usr/bin/env python3
"""Validate (and optionally sort) dyad actor dictionary files (data/actors/people/*.txt).

usage: validate.py [--sort] FILE...

Checks: line syntax (entry lines at column 0, two-space indented attribute / code lines),
known attribute keys, code shape (3-letter prefix + 3-letter role codes), dates
(YYYY, YYYY-MM, YYYY-MM-DD, optional leading ~, real calendar dates, 1900..2027),
ranges not reversed, no overlapping ranges of the same code within an entry, entries sorted
by canonical name (case-folded, accents removed), no name given to two entries of one file,
every entry of a people file has `kind: person` and at least one code line, the file
starts with a comment line, and overlapping codes are listed most telling first (GOV, then
MIL/SPY/JUD/LEG/COP/IGO, REB, OPP, PTY), as dyad's `code_at` takes the first that holds.
With --sort, rewrites each file with its entries sorted (header comment lines kept at the
top). Exit status 1 if any error.
"""
import datetime
import re
import sys
import unicodedata

KEYS = {"kind", "adjective", "demonym", "capital", "metonym", "iso2", "iso3", "note", "source"}
KINDS = {"person", "country", "territory", "org", "igo", "ngo", "group", "place", "agent"}
CODE_RE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})*$")
DATE_RE = re.compile(r"^(~?)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
QID_RE = re.compile(r"^@Q\d+$")


RANK = {"GOV": 0, "MIL": 1, "SPY": 1, "JUD": 1, "LEG": 1, "COP": 1, "REB": 2, "OPP": 3, "PTY": 4}


def rank(code):
    if code.startswith("IGO") or code.startswith("NGO"):
        return 1
    return RANK.get(code[3:6], 5)


def strip_comment(line):
    if line.lstrip().startswith("#"):
        return ""
    m = re.search(r"\s#", line)
    return line[: m.start()] if m else line


def sort_key(name):
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.casefold()


def parse_date(s, end):
    """Return (lo, hi) days as date objects for a partial date; None if invalid."""
    m = DATE_RE.match(s)
    if not m:
        return None
    y = int(m.group(2))
    mo = int(m.group(3)) if m.group(3) else None
    d = int(m.group(4)) if m.group(4) else None
    if not 1900 <= y <= 2027:
        return None
    try:
        if mo is None:
            return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
        if d is None:
            lo = datetime.date(y, mo, 1)
            nxt = datetime.date(y + (mo == 12), mo % 12 + 1, 1)
            return lo, nxt - datetime.timedelta(days=1)
        x = datetime.date(y, mo, d)
        return x, x
    except ValueError:
        return None


def check_file(path, do_sort):
    errs = []
    lines = open(path, encoding="utf-8").read().split("\n")
    if not lines or not lines[0].startswith("#"):
        errs.append(f"{path}:1: file must start with a comment line naming the country")
    header, blocks, cur = [], [], None
    for i, raw in enumerate(lines, 1):
        if raw.endswith(" ") or "\t" in raw:
            errs.append(f"{path}:{i}: trailing space or tab")
        body = strip_comment(raw).rstrip()
        if not body:
            if cur is None:
                header.append(raw)
            else:
                cur["lines"].append(raw)
            continue
        if not raw.startswith(" "):
            cur = {"line": i, "head": body, "lines": [raw], "codes": [], "kind": None}
            blocks.append(cur)
            parts = body.split()
            qid = None
            if parts and parts[-1].startswith("@"):
                qid = parts[-1]
                if not QID_RE.match(qid):
                    errs.append(f"{path}:{i}: bad Wikidata id {qid!r}")
                body = body[: body.rfind("@")].rstrip()
            names = [n.strip() for n in body.split(" | ")]
            if any(not n or "|" in n or "  " in n for n in names):
                errs.append(f"{path}:{i}: bad name list {body!r}")
            cur["names"] = names
            continue
        if cur is None:
            errs.append(f"{path}:{i}: indented line before any entry")
            continue
        cur["lines"].append(raw)
        if not raw.startswith("  ") or raw.startswith("   "):
            errs.append(f"{path}:{i}: indent must be exactly two spaces")
        b = body.strip()
        m = re.match(r"^([a-z0-9_]+):\s*(.*)$", b)
        if m:
            k, v = m.group(1), m.group(2)
            if k not in KEYS:
                errs.append(f"{path}:{i}: unknown key {k!r}")
            if k == "kind":
                if v not in KINDS:
                    errs.append(f"{path}:{i}: unknown kind {v!r}")
                cur["kind"] = v
            if not v:
                errs.append(f"{path}:{i}: empty value")
            continue
        parts = b.split()
        if len(parts) > 2:
            errs.append(f"{path}:{i}: code line has extra text {b!r}")
            continue
        code = parts[0]
        if not CODE_RE.match(code):
            errs.append(f"{path}:{i}: bad code {code!r}")
        rng = (None, None)
        if len(parts) == 2:
            r = parts[1]
            if ".." not in r:
                errs.append(f"{path}:{i}: bad range {r!r}")
                continue
            a, bb = r.split("..", 1)
            if not a and not bb:
                errs.append(f"{path}:{i}: empty range '..'")
            pa = parse_date(a, False) if a else (datetime.date.min, datetime.date.min)
            pb = parse_date(bb, True) if bb else (datetime.date.max, datetime.date.max)
            if pa is None or pb is None:
                errs.append(f"{path}:{i}: bad date in {r!r}")
                continue
            if pa[0] > pb[1]:
                errs.append(f"{path}:{i}: reversed range {r!r}")
            # keep (earliest start, latest end) so that partial dates shared by two
            # ranges (..2010 then 2010..) count as overlapping; equal full dates may touch
            rng = (pa[0], pb[1])
        else:
            rng = (datetime.date.min, datetime.date.max)
        cur["codes"].append((code, rng, i))
    # per-entry checks
    seen = {}
    for bl in blocks:
        if bl["kind"] != "person":
            errs.append(f"{path}:{bl['line']}: entry lacks 'kind: person'")
        if not bl["codes"]:
            errs.append(f"{path}:{bl['line']}: entry has no code line")
        by = {}
        for code, rng, i in bl["codes"]:
            by.setdefault(code, []).append((rng, i))
        for code, rs in by.items():
            rs.sort()
            for (r1, i1), (r2, i2) in zip(rs, rs[1:]):
                if r2[0] < r1[1]:
                    errs.append(f"{path}:{i2}: {code} range overlaps line {i1}")
        # where two codes overlap, the first in file order wins in dyad's code_at: it
        # should be the more telling one (see order_codes.py)
        cs = bl["codes"]
        for j, (c2, r2, i2) in enumerate(cs):
            for c1, r1, i1 in cs[:j]:
                if c1 != c2 and r1[0] < r2[1] and r2[0] < r1[1] and rank(c1) > rank(c2):
                    errs.append(f"{path}:{i2}: {c2} overlaps {c1} (line {i1}) but is listed after it; run order_codes.py")
        if len({n.casefold() for n in bl["names"]}) != len(bl["names"]):
            errs.append(f"{path}:{bl['line']}: a name is repeated within the entry")
        for n in bl["names"]:
            k = n.casefold()
            if k in seen and seen[k] != bl["line"]:
                errs.append(f"{path}:{bl['line']}: name {n!r} also used by entry at line {seen[k]}")
            seen[k] = bl["line"]
    keys = [sort_key(b["names"][0]) for b in blocks]
    if not do_sort:
        for (k1, b1), (k2, b2) in zip(zip(keys, blocks), zip(keys[1:], blocks[1:])):
            if k2 < k1:
                errs.append(f"{path}:{b2['line']}: entry {b2['names'][0]!r} out of order")
    else:
        hdr = header
        while hdr and hdr[-1] == "":
            hdr = hdr[:-1]
        out = hdr[:]
        for bl in sorted(blocks, key=lambda b: sort_key(b["names"][0])):
            ls = bl["lines"]
            while ls and ls[-1].strip() == "":
                ls = ls[:-1]
            out.extend(ls)
        open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")
    return errs, len(blocks), sum(len(b["codes"]) for b in blocks)


def main():
    args = sys.argv[1:]
    do_sort = "--sort" in args
    files = [a for a in args if a != "--sort"]
    bad = False
    tp = tc = 0
    for f in files:
        errs, np, nc = check_file(f, do_sort)
        if do_sort:
            errs, np, nc = check_file(f, False)
        tp += np
        tc += nc
        for e in errs:
            print(e)
        bad |= bool(errs)
        print(f"{f}: {np} people, {nc} code lines{'' if not errs else f', {len(errs)} errors'}")
    print(f"total: {tp} people, {tc} code lines")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
