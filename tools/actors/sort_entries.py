#!/usr/bin/env python3
"""Sort the entries of a dyad actor file by canonical name, keeping the header comment
(the lines before the first entry) in place and each entry's indented lines with it.

Usage: python3 tools/actors/sort_entries.py data/actors/igos.txt [...]  (rewrites in place)
"""
import re
import sys


def key(name):
    # As dyad's checker compares them: tokens as dyad's tokenizer splits them (a hyphen is
    # a token of its own), joined by spaces.
    name = re.sub(r"['’]s\b", " 's", name.lower())
    return " ".join(re.sub(r"-", " - ", name).split())


def main():
    for path in sys.argv[1:]:
        lines = open(path, encoding="utf-8").read().split("\n")
        head, blocks = [], []
        for line in lines:
            if line and not line[0].isspace() and not line.startswith("#"):
                blocks.append([line])
            elif blocks:
                if line.strip():
                    blocks[-1].append(line)
            else:
                head.append(line)
        blocks.sort(key=lambda b: key(b[0].split("|")[0].split("@")[0].strip()))
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(head).rstrip("\n") + "\n\n")
            for b in blocks:
                f.write("\n".join(b) + "\n")


if __name__ == "__main__":
    main()
