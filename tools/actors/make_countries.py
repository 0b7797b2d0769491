#!/usr/bin/env python3
"""Generate data/actors/countries.txt (dyad actor format) for every ISO 3166-1 country and
territory, plus Kosovo.

Sources, merged in this order:
  1. tools/actors/countries_extra.txt: dyad's own facts (news names, adjectives, demonyms,
     capitals, seat-of-government metonyms, parents of territories), current to 2026;
  2. Debian iso-codes /usr/share/iso-codes/json/iso_3166-1.json (LGPL-2.1): ISO names,
     alpha-2 and alpha-3 codes;
  3. PETRARCH2's Phoenix.Countries.actors.txt (MIT, Open Event Data Alliance): the
     alternative names and spellings of each country block, up to its capital (later
     synonyms are cities and provinces, which dyad leaves to its gazetteer).

Usage: python3 tools/actors/make_countries.py [PETRARCH_DIR] > data/actors/countries.txt
PETRARCH_DIR defaults to ../shared/data/petrarch2-dictionaries (relative to the repo root);
without it only sources 1 and 2 are used.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ISO = "/usr/share/iso-codes/json/iso_3166-1.json"
SMALL = {"of", "the", "and", "de", "la", "du", "des", "al", "el", "y", "e", "da", "do", "di",
         "del", "van", "von", "und", "et", "i"}
ACRONYMS = {"USA", "UAE", "DRC", "ROK", "UK", "US", "EU", "UN", "PRC", "DPRK", "CAR", "RSA",
            "ROC", "FYROM", "TFYRM", "HKSAR", "BVI", "USVI", "PNG", "KSA", "DR", "DPR", "SAR"}
# Territories without a parent code of their own in CAMEO practice.
TERRITORIES_NO_PARENT = {"ATA", "ESH", "HKG", "MAC"}


def key(name):
    return " ".join(re.sub(r"['’]s\b", " 's", name.lower()).replace(",", " ,").split())


def title(phrase):
    words = phrase.split()
    out = []
    for i, w in enumerate(words):
        bare = w.strip("().,")
        if w.upper() in ACRONYMS or bare.upper() in ACRONYMS:
            out.append(w.upper())
        elif "." in w:
            out.append(w.upper())
        elif i > 0 and w.lower() in SMALL:
            out.append(w.lower())
        elif not re.search(r"[AEIOUYaeiouy]", w) and len(w) <= 5:
            out.append(w.upper())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def iso_names(c):
    names = []
    for f in ("common_name", "name", "official_name"):
        n = c.get(f)
        if not n or "Province of China" in n:
            continue
        if ", " in n:
            x, y = n.split(", ", 1)
            if y.endswith(" of") or y.endswith(" of the") or " " not in y:
                n = y + " " + x
        names.append(n)
    return names


def petrarch_blocks(path):
    """(primary, synonyms, codes) of each actor block of a PETRARCH file."""
    blocks = []
    cur = None
    for raw in open(path, encoding="utf-8", errors="replace"):
        line = raw.split("#")[0].rstrip()
        t = line.strip()
        if not t:
            continue
        codes = re.findall(r"\[([A-Z]{3,})[^\]]*\]", t)
        if t.startswith("["):
            if cur:
                cur[2].extend(codes)
        elif t.startswith("+"):
            if cur:
                cur[1].append(t[1:].split("[")[0].replace("_", " ").strip())
                cur[2].extend(codes)
        else:
            cur = (t.split("[")[0].replace("_", " ").strip(), [], codes)
            blocks.append(cur)
    return blocks


def main():
    pdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        ROOT, "..", "shared", "data", "petrarch2-dictionaries")
    pfile = os.path.join(pdir, "Phoenix.Countries.actors.txt")
    iso = {c["alpha_3"]: c for c in json.load(open(ISO, encoding="utf-8"))["3166-1"]}
    rows = []
    for line in open(os.path.join(HERE, "countries_extra.txt"), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        f = line.split("|")
        lst = lambda s: [x.strip() for x in s.split(";") if x.strip()]
        rows.append({"iso3": f[0], "name": f[1], "aliases": lst(f[2]), "adj": lst(f[3]),
                     "dem": lst(f[4]), "cap": lst(f[5]), "met": lst(f[6]), "parent": f[7]})
    blocks = petrarch_blocks(pfile) if os.path.exists(pfile) else []

    # Every name dyad's own facts and ISO give, to keep PETRARCH aliases from colliding.
    owner = {}
    for r in rows:
        c = iso.get(r["iso3"], {})
        r["iso"] = iso_names(c) if c else []
        for n in [r["name"]] + r["aliases"] + r["iso"] + r["adj"] + r["dem"] + r["cap"] + r["met"]:
            owner.setdefault(key(n), set()).add(r["iso3"])

    for r in rows:
        r["petrarch"] = []
        if not blocks:
            continue
        own = {key(n) for n in [r["name"]] + r["aliases"] + r["iso"]}
        best = None
        for prim, syns, codes in blocks:
            if key(prim) in own and any(r["iso3"] in c for c in codes):
                if best is None or len(syns) > len(best[1]):
                    best = (prim, syns, codes)
        if best is None:
            continue
        caps = {key(x) for x in r["cap"]}
        stems = {key(n)[:4] for n in [r["name"]] + r["aliases"] + r["adj"] + r["iso"]}
        syns = best[1]
        cut = next((i for i, s in enumerate(syns) if key(s) in caps), None)
        if cut is not None:
            chosen = syns[:cut]
        else:
            chosen = [s for s in syns if key(s)[:4] in stems]
        for s in [best[0]] + chosen:
            if len(s) < 3 or re.search(r"\d", s):
                continue
            t = title(s)
            k = key(t)
            if k in owner:
                continue  # already named (by this entry or, ambiguously, by another)
            owner.setdefault(k, set()).add(r["iso3"])
            r["petrarch"].append(t)
    # Drop PETRARCH aliases claimed by two entries.
    for r in rows:
        r["petrarch"] = [t for t in r["petrarch"] if len(owner[key(t)]) == 1]

    out = sys.stdout
    out.write("# dyad actors: countries and territories (ISO 3166-1, plus Kosovo)\n")
    out.write("# Generated by tools/actors/make_countries.py from tools/actors/countries_extra.txt,\n")
    out.write("# Debian iso-codes (LGPL-2.1) and PETRARCH2's Phoenix.Countries.actors.txt (MIT).\n")
    out.write("# Edit countries_extra.txt and regenerate rather than editing this file.\n")
    out.write("# Territories carry CAMEO's parent+territory code (USAPRI, GBRGIB), as PETRARCH does.\n\n")
    for r in sorted(rows, key=lambda r: key(r["name"])):
        c = iso.get(r["iso3"])
        seen = set()
        def fresh(n):
            k = key(n)
            if k in seen:
                return False
            seen.add(k)
            return True
        for n in r["adj"] + r["dem"] + r["cap"] + r["met"]:
            seen.add(key(n))
        names = [n for n in [r["name"]] + r["aliases"] + r["iso"] if fresh(n)]
        out.write(" | ".join(names) + "\n")
        if r["parent"] or r["iso3"] in TERRITORIES_NO_PARENT:
            kind = "territory"
        else:
            kind = "country"
        out.write("  kind: %s\n" % kind)
        if c:
            out.write("  iso2: %s\n  iso3: %s\n" % (c["alpha_2"], c["alpha_3"]))
        elif r["iso3"] == "KSV":
            out.write("  iso2: XK\n  iso3: XKX\n")
            out.write("  note: not in ISO 3166-1; XK/XKX are the user-assigned codes in common use, KSV is CAMEO's\n")
        for k, vals in (("adjective", r["adj"]), ("demonym", r["dem"]), ("capital", r["cap"]),
                        ("metonym", r["met"])):
            for v in vals:
                out.write("  %s: %s\n" % (k, v))
        for a in r["petrarch"]:
            if fresh(a):
                out.write("  alias: %s\n" % a)
        srcs = ["dyad", "iso-codes" if c else None, "PETRARCH2" if r["petrarch"] else None]
        out.write("  source: %s\n" % ", ".join(s for s in srcs if s))
        code = (r["parent"] + r["iso3"]) if r["parent"] else r["iso3"]
        out.write("  %s\n\n" % code)


if __name__ == "__main__":
    main()
