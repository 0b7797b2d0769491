#!/usr/bin/env python3
"""Reorder the code lines inside each entry so that, where codes overlap in time, the most
telling one comes first: dyad-lexicon's `ActorEntry::code_at` returns the first dated code (in
file order) that holds on a date. Order: GOV, then MIL/SPY/JUD/LEG/COP and IGO codes, then REB,
OPP, PTY, other roles; chronological (by start date) within each rank. Attribute lines and
comment-only lines stay above the code lines, in their original order.

usage: order_codes.py FILE...   (rewrites the files in place; prints the entries it changed)
"""
import re
import sys

RANK = {"GOV": 0, "MIL": 1, "SPY": 1, "JUD": 1, "LEG": 1, "COP": 1, "REB": 2, "OPP": 3, "PTY": 4}
CODE_LINE = re.compile(r"^  ([A-Z]{3}(?:[A-Z]{3})*)(?:\s+(\S*\.\.\S*))?(?:\s|$)")


def rank(code):
    if code.startswith("IGO") or code.startswith("NGO"):
        return 1
    role = code[3:6]
    return RANK.get(role, 5)


def start_key(rng):
    if not rng:
        return ""
    a = rng.split("..", 1)[0].lstrip("~")
    return a or "0000"


def main():
    for path in sys.argv[1:]:
        lines = open(path, encoding="utf-8").read().split("\n")
        out, i, changed = [], 0, []
        while i < len(lines):
            line = lines[i]
            if not line or line.startswith("#") or line.startswith(" "):
                out.append(line)
                i += 1
                continue
            # entry line
            out.append(line)
            i += 1
            keep, codes = [], []
            while i < len(lines) and lines[i].startswith(" "):
                m = CODE_LINE.match(lines[i])
                if m and ":" not in lines[i].split("#")[0]:
                    codes.append((rank(m.group(1)), start_key(m.group(2)), len(codes), lines[i]))
                else:
                    keep.append(lines[i])
                i += 1
            new = [c[3] for c in sorted(codes)]
            if new != [c[3] for c in codes]:
                changed.append(line.split(" | ")[0])
            out.extend(keep + new)
        open(path, "w", encoding="utf-8").write("\n".join(out))
        for c in changed:
            print(f"{path}: reordered {c}")


if __name__ == "__main__":
    main()
