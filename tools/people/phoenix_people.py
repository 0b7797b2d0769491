#!/usr/bin/env python3
"""Convert the people of PETRARCH2's Phoenix.Countries.actors.txt into dyad people files.

Reads Phoenix.Countries.actors.txt (MIT, Open Event Data; PETRARCH's actor format, see
dictionaries.rst) and writes data/actors/people/ISO3.txt, in dyad's actor format, for every
country that has no hand-written people file yet. Files this tool wrote before (they say so in
their header) are rewritten; hand-written files are never touched, and the people in them win.

What is converted (details in tools/people/README.md):
- only people: entries from CountryInfo's leader and cabinet lists (marked `# CountryInfo.txt`)
  and other entries with dated role codes whose names are not those of institutions or groups;
- only roles whose date range reaches --since (default 1990-01-01) or later; a person left
  with no such role is skipped;
- codes become dyad codes: the country (CAMEO's TMP is ISO's TLS), a dependent territory if
  any (DNKFRO), and one sector (XXXGOVEDU -> XXXGOV; XXXGOVLEG -> XXXLEG, legislators;
  XXXGOVSPY -> XXXSPY); IGO, NGO and region codes stay as written; codes dyad cannot
  represent are dropped and counted. Phoenix's undated `[XXXELI]` default is dropped: dyad's
  coder already makes a person out of office an elite of their country (XXXELI), and an
  undated code would beat an open-ended role for articles without a date;
- names are title-cased; Phoenix aliases are kept; a surname-only alias is added only when the
  surname is distinctive (see `surname_problem`).

Python 3, standard library only. Run from anywhere:
    python3 tools/people/phoenix_people.py [--phoenix FILE] [--since YYYY-MM-DD] [--dry-run]
"""

import argparse
import collections
import datetime
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PHOENIX = (ROOT.parent / "shared" / "data" / "petrarch2-dictionaries"
                   / "Phoenix.Countries.actors.txt")
PEOPLE = ROOT / "data" / "actors" / "people"
MARKER = "converted by tools/people/phoenix_people.py"
WORDS = Path("/usr/share/dict/words")

# --- dyad's code tables, read from the Rust sources so that they never drift --------------


def rust_strings(path, const):
    """The string literals of `const NAME: &[&str] = &[...]` in a Rust file."""
    text = path.read_text(encoding="utf-8")
    m = re.search(r"const " + const + r": &\[&str\] = &\[(.*?)\];", text, re.S)
    if not m:
        sys.exit(f"cannot find {const} in {path}")
    return re.findall(r'"([A-Z]+)"', m.group(1))


LEXICON = ROOT / "crates" / "lexicon" / "src"
ISO3_CURRENT = set(rust_strings(LEXICON / "prefixes.rs", "ISO3_CURRENT")) | {"KSV", "XKX"}
ISO3_WITHDRAWN = set(rust_strings(LEXICON / "prefixes.rs", "ISO3_WITHDRAWN"))
REGIONS = set(rust_strings(LEXICON / "code.rs", "REGIONS"))
TRANSNATIONAL = set(rust_strings(LEXICON / "code.rs", "TRANSNATIONAL"))
SECTORS = set(rust_strings(LEXICON / "code.rs", "SECTOR_CODES"))
COUNTRY_PREFIXES = ISO3_CURRENT | ISO3_WITHDRAWN
OTHER_PREFIXES = REGIONS | TRANSNATIONAL | {"IGO", "NGO"}

# CAMEO country codes that differ from ISO 3166-1.
PREFIX_MAP = {"TMP": "TLS"}
# XXXGOV followed by one of these is that sector ("GOVLEG" is a legislator in Phoenix).
GOV_SUBSECTOR = {"LEG": "LEG", "SPY": "SPY"}
# Code order within an entry: dyad's code_at takes the first dated code that holds.
SECTOR_RANK = {"GOV": 0, "MIL": 1, "SPY": 1, "JUD": 1, "LEG": 1, "COP": 1, "REB": 2, "OPP": 3,
               "PTY": 4, "ELI": 9}

# --- names ---------------------------------------------------------------------------------

# Words that make a name an institution or a group, not a person.
ORG_WORDS = set("""
PARTY COUNCIL ARMY FRONT BRIGADE BRIGADES COALITION MOVEMENT FORCE FORCES MINISTRY ASSEMBLY
GOVERNMENT COMMITTEE UNION SOVIET REPUBLIC OBSERVATORY STATE STATES AUTHORITY PARLIAMENT
CONGRESS COURT POLICE BANK AGENCY DEPARTMENT OFFICE COMMISSION ORGANIZATION ORGANISATION
ASSOCIATION FEDERATION LEAGUE ALLIANCE CORPS GUARD GUARDS MILITIA REBELS TASK NATIONAL
DIRECTORATE SERVICE SERVICES INSTITUTE UNIVERSITY COMPANY CORPORATION ISLANDS ISLAND PROVINCE
REGION CITY KINGDOM EMIRATE SFSR BUREAU SECRETARIAT CABINET PRESIDENCY SENATE
""".split())

# Job titles written before some names ("PRESIDENT_MUBARAK_"): stripped, the titled form dropped.
JOB_TITLES = [
    "VICE PRESIDENT", "PRESIDENT", "PRIME MINISTER", "DEPUTY PRIME MINISTER", "FOREIGN MINISTER",
    "DEFENSE MINISTER", "DEFENCE MINISTER", "ACTING MINISTER", "MINISTER", "ACTING",
    "SECRETARY OF STATE", "SECRETARY", "SENATOR", "MR", "MR.", "MRS", "MRS.", "MS", "MS.", "DR",
    "DR.", "GEN", "GEN.", "GENERAL", "COL", "COL.", "COLONEL", "CHANCELLOR", "SPEAKER",
]
# Honorifics: stripped from the canonical name, the titled form kept as an alias.
HONORIFICS = [
    "DATUK SERI", "DATO SERI", "DATO' SERI", "TAN SRI", "TUN", "SAMDECH", "LYONPO", "RATU SIR",
    "SIR", "DAME", "LORD", "KING", "QUEEN", "CROWN PRINCE", "PRINCE", "PRINCESS", "SHEIKH",
    "SHAIKH", "SHEIKHA", "EMIR", "SULTAN", "CHIEF", "BISHOP", "RATU", "TUNKU",
    "TUANKU", "DATUK", "DATO", "RAJA", "AYATOLLAH", "MULLAH",
]
# Lower-case particles inside names.
PARTICLES = {"de", "da", "do", "dos", "das", "del", "della", "di", "du", "des", "la", "le", "van",
             "von", "der", "den", "ter", "bin", "ibn", "bint", "al", "el", "y", "e", "ben"}
PARTICLES_LOWER = PARTICLES - {"ben"}
# Arabic articles written before a hyphen: "al-Sisi", "ash-Shara".
ARTICLES = {"al", "el", "ad", "as", "ash", "at", "az", "ar", "an", "ul", "ud", "ed"}
ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}
SUFFIXES = {"JR", "JR.", "SR", "SR."}

# No surname alias: countries whose names put the family name first or rarely use it alone;
# San Marino, Andorra, Switzerland and Monaco, whose heads of state or government change
# every six months or every year (captains regent, the Swiss presidency) or are foreigners
# (Andorra's co-princes, Monaco's French ministers of state).
NO_SURNAME = {"VNM", "KHM", "SGP", "HKG", "MAC", "CHN", "TWN", "KOR", "PRK", "LAO", "MMR",
              "THA", "BTN", "SMR", "AND", "CHE", "MCO"}
# Capitalised words that are names of other things (planets, gods, months), and the
# surnames of leaders that the word list knows as other names (reviewed by hand).
NOT_SURNAMES = set("""
mercury venus mars jupiter saturn neptune uranus pluto apollo athena zeus hercules january
february march april june july august september october november december monday tuesday
wednesday thursday friday saturday sunday christ christian islam allah easter
proust duncan goodwin scotty bioko
""".split())
# Surnames the word list knows (as a name) that still stand for one person in the news; reviewed
# by hand.
KNOWN_SURNAMES = {"kenyatta"}
# Countries with Spanish naming: a father's then a mother's surname ("Choquehuanca Céspedes").
SPANISH_NAMING = {"ARG", "BOL", "CHL", "COL", "CRI", "CUB", "DOM", "ECU", "ESP", "GTM", "HND",
                  "MEX", "NIC", "PAN", "PER", "PRY", "SLV", "URY", "VEN"}

# Countries whose surnames are those of a European language, shared by people everywhere
# ("Ventura", "Mancini", "Hurley"): a bare surname only for heads of state and government.
ENGLISH_NAMING = {"IRL", "NZL", "JAM", "BHS", "BRB", "BLZ", "BMU", "CYM", "TTO", "LCA", "VCT",
                  "GRD", "DMA", "ATG", "KNA", "GUY", "LBR", "AIA", "VGB", "TCA", "MSR", "FLK",
                  "GIB", "USA", "GBR", "CAN", "AUS"}
EUROPEAN_NAMING = ENGLISH_NAMING | SPANISH_NAMING | {
    "PRT", "BRA", "AGO", "MOZ", "CPV", "GNB", "STP", "TLS", "AUT", "CHE", "LIE", "LUX", "MCO",
    "SMR", "AND", "ALB", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "ISL", "LTU", "LVA", "MDA",
    "MKD", "MLT", "MNE", "ROU", "SVK", "SVN", "KSV", "DDR", "KGZ", "TJK", "TKM", "UZB", "HTI",
    "SUR", "SYC"}

# Countries where many people share a few family names, or names are patronymics: a bare
# surname only for heads of state and government too ("Thapa", "Haque", "Khaldi", "Razak").
ARABIC_NAMING = {"DZA", "TUN", "MAR", "MRT", "KWT", "BHR", "OMN", "DJI", "COM", "TCD"}
SOUTH_ASIAN_NAMING = {"BGD", "NPL", "LKA", "MDV", "BTN", "MUS", "GUY", "TTO", "SUR", "FJI"}
LEADERS_ONLY = EUROPEAN_NAMING | ARABIC_NAMING | SOUTH_ASIAN_NAMING | {"MYS", "BRN"}

# Given names and surnames shared by many people: never a surname alias on their own. The data
# adds every first name of a Phoenix person and every surname two people share.
COMMON_NAMES = set("""
mohammed mohamed muhammad mohammad mohamad muhammed ahmed ahmad ali hassan hasan hussein husain
hussain hossain hosseini ibrahim abdullah abdallah abdul abdel abdelaziz mahmoud mahmud mustafa
mostafa khalil saleh salih said saeed sayed omar umar othman osman uthman yusuf youssef yousef
ismail ismael rashid rachid hamad hamid nasser nasir nasr aziz karim rahman rahim abbas jaber
jabir khalifa sultan mansour mansur salem salim suleiman sulaiman soliman musa moussa issa idris
idriss adam yahya zayed farouk haddad qasim kassem qassem hashem hashim habib amin amine sheikh
shaikh hadi malik khan shah singh kumar sharma patel gupta reddy chowdhury choudhury islam uddin
begum perera fernando silva diallo traore traore diop ndiaye camara cisse coulibaly konate sylla
barry keita toure kone ouattara sangare sawadogo ouedraogo dlamini nkosi banda phiri mwale tembo
moyo ncube mutua kamau otieno ochieng odhiambo mensah owusu boateng asante addo okafor okonkwo
adeyemi garcia rodriguez gonzalez gonzales fernandez lopez martinez sanchez perez gomez martin
jimenez ruiz hernandez diaz moreno alvarez munoz romero alonso gutierrez navarro torres
dominguez vazquez ramos serrano blanco suarez molina morales ortega delgado castro ortiz rubio
marin sanz iglesias nunez medina garrido santos castillo cortes lozano guerrero cano prieto
mendez calvo cruz gallego vidal leon herrera marquez pena cabrera flores campos vega diez
fuentes carrasco caballero nieto reyes aguilar pascual herrero santana lorenzo hidalgo montero
ibanez gimenez ferrer duran vicente benitez mora santiago arias vargas carmona crespo roman
pastor soto saez velasco soler moya esteban parra bravo gallardo rojas costa pereira oliveira
ferreira alves lima gomes ribeiro carvalho almeida lopes soares vieira barbosa rocha dias
nascimento andrade moreira nunes marques machado mendes freitas cardoso teixeira correia
monteiro martins araujo pinto moura fonseca sousa souza kim lee park choi jung kang yoon jang
wang zhang chen yang huang zhao zhou zhu nguyen tran pham hoang phan dang smith johnson
williams brown jones miller davis wilson anderson taylor thomas moore jackson thompson white
harris clark lewis robinson walker young allen king wright scott green baker adams nelson hill
campbell mitchell roberts carter phillips evans turner parker collins edwards stewart morris
murphy rogers morgan cooper peterson bailey kelly howard richardson watson brooks bennett gray
james hughes price sanders myers ross foster powell jenkins perry russell sullivan coleman
butler henderson barnes fisher henry graham wallace hamilton stevens simmons patterson alexander
marshall owens kennedy wells murray freeman simpson hunt palmer mills grant knight ferguson
hunter cunningham bradley andrews spencer gardner stephens payne pierce matthews arnold wagner
willis hudson harper ryan mason olson hansen jensen nielsen larsen andersen pedersen johansson
karlsson nilsson eriksson larsson olsen muller mueller schmidt schneider fischer weber meyer
becker schulz hoffmann rossi russo ferrari esposito bianchi romano colombo ricci bruno gallo
conti bernard dubois robert richard petit durand leroy moreau simon laurent lefebvre michel
david bertrand roux vincent fournier morel girard andre mercier dupont lambert bonnet francois
ivanov petrov smirnov popov sokolov kuznetsov novak horvat kovac nowak kowalski papadopoulos
yilmaz kaya demir sahin celik cohen raju nakamura tanaka suzuki watanabe yamamoto kobayashi
titov morozov volkov lebedev kozlov novikov pavlov semenov egorov orlov andreev makarov nikitin
zakharov zaitsev borisov yakovlev grigoriev romanov sergeev frolov alexandrov dmitriev korolev
gusev kiselev ilyin maksimov polyakov sorokin kovalev belov medvedev antonov tarasov zhukov
baranov filippov komarov davydov belyaev gerasimov bogdanov osipov sidorov matveev markov
mironov krylov kulikov karpov vlasov melnikov denisov gavrilov tikhonov kazakov danilov fomin
chernov abramov nazarov kalinin isaev bykov maslov lazarev voronin klimov filatov kuzmin
jaleel jalil baraka barakat babu osei appiah agyeman acheampong ofori amoah darko adjei oppong
sarpong antwi asamoah bonsu kwarteng frimpong yeboah amponsah badu danso ansah quaye tetteh
lamptey quartey otieno ochieng onyango omondi owino kariuki mwangi kimani njoroge wanjiru
kiprop kiprotich cheruiyot rotich korir langat kosgei kipchumba chebet kibet kirui koech
sibanda dube ndlovu nyathi mpofu ngwenya mlambo mulenga mwanza zulu chanda bwalya duval dupuis
lefevre leclerc yadav thapa shrestha adhikari giri bista chand bhattarai
biswas haque sarkar sircar hamdani n'guessan konan kouassi kouame kouadio koffi bamba seck gueye
mbaye sarr niang ndoye dieng diagne reina schmid shevchenko kovalenko bondarenko tkachenko
kravchenko levi levy friedman joseph john paul peter george charles michael daniel samuel moses
abraham isaac jacob emmanuel francis patrick william richard
""".split())


def strip_title(words, titles):
    """Leading title (a list of words) of `words`, if any: (title words, rest)."""
    for t in titles:
        tw = t.split()
        if words[: len(tw)] == tw and len(words) > len(tw):
            return words[: len(tw)], words[len(tw):]
    return [], words


def cap_word(w, first):
    """Title-case one upper-case Phoenix word."""
    if w in ROMAN and not first:
        return w
    low = w.lower()
    if not first and low in PARTICLES_LOWER:
        return low
    if len(w) == 2 and w.endswith(".") or (len(w) == 1 and w.isalpha()):
        return w.upper()  # an initial: "R."
    parts = w.split("-")
    out = []
    for i, p in enumerate(parts):
        pl = p.lower()
        if i == 0 and len(parts) > 1 and pl in ARTICLES and not first:
            out.append(pl)
            continue
        out.append(cap_simple(p))
    return "-".join(out)


def cap_simple(p):
    if not p:
        return p
    if re.fullmatch(r"([A-Z]\.)+", p):
        return p  # initials: "S.R."
    m = re.match(r"^([^A-Za-z]*)(.*)$", p)  # "'ISA" -> "'Isa"
    s = m.group(1) + m.group(2)[:1].upper() + m.group(2)[1:].lower()
    # O'Neill, N'Dour, D'Alema: capital after a one-letter prefix and an apostrophe.
    m = re.match(r"^([A-Za-z])'([a-z])(.*)$", s)
    if m:
        s = m.group(1).upper() + "'" + m.group(2).upper() + m.group(3)
    if re.match(r"^Mc[a-z]", s):
        s = "Mc" + s[2].upper() + s[3:]
    return s


def title_case(words):
    return " ".join(cap_word(w, i == 0) for i, w in enumerate(words))


def split_phrase(s):
    """(words, nicknames) of a Phoenix phrase (underscores and blanks join words). A
    parenthesised remark ("(ACTING") is dropped; a quoted nickname ("KOPELIPA") is returned
    apart."""
    s = re.sub(r"[\x00-\x1f\x7f]", "", s)  # "JAN_STRASK\x1aY": a lost letter
    s = s.replace("`", "'").replace("_", " ")
    nicks = re.findall(r'"([^"]+)"', s)
    s = re.sub(r'"[^"]*"', " ", s)
    s = re.sub(r"\([^)]*(\)|$)", " ", s)
    return s.split(), [n.split() for n in nicks]


def key(name):
    """Matching key: case-folded, curly apostrophes straight, single blanks (as dyad)."""
    return " ".join(name.replace("\u2019", "'").replace("\u2018", "'").lower().split())


# --- dates ----------------------------------------------------------------------------------


def petr_date(s):
    """A PETRARCH date: YYMMDD (00-30 read as 20YY, as dyad's reader does) or YYYYMMDD; a date
    with more digits is repaired as dyad repairs it (the later of the first and last eight)."""
    if not s.isdigit():
        return None
    try:
        if len(s) == 6:
            yy = int(s[:2])
            return datetime.date(2000 + yy if yy <= 30 else 1900 + yy, int(s[2:4]), int(s[4:]))
        if len(s) == 8:
            return datetime.date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        return None
    if len(s) > 8:
        cands = [d for d in (petr_date(s[:8]), petr_date(s[-8:])) if d]
        return max(cands) if cands else None
    return None


def parse_restriction(r):
    """(from, to, ok) of a restriction: `<d`, `>d`, `d-d` or nothing (undated: from = to =
    None). Ranges are half-open, as dyad reads PETRARCH: the end day is excluded."""
    r = r.replace(" ", "")
    if not r:
        return None, None, True
    if r[0] == "<":
        d = petr_date(r[1:])
        return None, d, d is not None
    if r[0] == ">":
        d = petr_date(r[1:])
        return d, None, d is not None
    if "-" in r:
        a, b = r.split("-", 1)
        da, db = petr_date(a), petr_date(b)
        return da, db, da is not None and db is not None
    d = petr_date(r)  # dyad reads a bare date as `>date`
    return d, None, d is not None


# --- reading Phoenix --------------------------------------------------------------------------


def code_groups(text):
    """(code, restriction) of every `[CODE restriction]` of a line."""
    return [tuple((g.split(None, 1) + [""])[:2]) for g in re.findall(r"\[([^\]]*)\]", text)]


def read_phoenix(path):
    """Entries: {'names': [word lists], 'codes': [(code, restriction)], 'ci': bool, 'line': n}."""
    cur = None
    out = []
    for i, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines()):
        body, _, comment = raw.partition("#")
        m = re.search(r"\s;", body)  # TABARI comments
        if m:
            body = body[: m.start()]
        t = body.strip()
        if not t:
            continue
        if t.startswith("["):
            if cur is not None:
                cur["codes"] += code_groups(t)
            continue
        syn = t.startswith("+")
        text = t[1:] if syn else t
        if not syn or cur is None:
            cur = {"names": [], "nicks": [], "codes": [], "ci": False, "line": i + 1}
            out.append(cur)
        if "countryinfo" in comment.lower():
            cur["ci"] = True
        words, nicks = split_phrase(text.split("[", 1)[0])
        if words:
            cur["names"].append([w.upper() for w in words])
        cur["nicks"] += [[w.upper() for w in n] for n in nicks if len(n) == 1]
        cur["codes"] += code_groups(text)
    return out


# --- codes -------------------------------------------------------------------------------------


def convert_code(code):
    """A dyad code for a Phoenix code, or (None, reason)."""
    code = code.strip().upper()
    if not re.fullmatch(r"[A-Z]+", code) or len(code) % 3:
        return None, "syntax"
    prefix = PREFIX_MAP.get(code[:3], code[:3])
    segs = [code[i:i + 3] for i in range(3, len(code), 3)]
    if prefix in OTHER_PREFIXES:
        return prefix + "".join(segs), None
    if prefix not in COUNTRY_PREFIXES:
        return None, f"unknown prefix {code[:3]}"
    territory = ""
    while segs and segs[0] not in SECTORS:
        if segs[0] in ISO3_CURRENT and not territory:
            territory = segs[0]
        segs = segs[1:]
    if not segs:
        return None, "no sector"
    sector = segs[0]
    if sector == "GOV" and len(segs) > 1 and segs[1] in GOV_SUBSECTOR:
        sector = GOV_SUBSECTOR[segs[1]]
    return prefix + territory + sector, None


def sector_of(code):
    for i in range(3, len(code), 3):
        if code[i:i + 3] in SECTORS:
            return code[i:i + 3]
    return None


def code_rank(code):
    if code[:3] in OTHER_PREFIXES:
        return 8
    return SECTOR_RANK.get(sector_of(code), 5)


MIN = datetime.date.min
MAX = datetime.date.max


def merge_ranges(ranges):
    """Union of half-open ranges (None = open). Ranges one day apart are joined too: Phoenix
    often ends a term on the last day of a month and starts the next on the first."""
    rs = sorted(((a or MIN, b or MAX) for a, b in ranges))
    out = []
    for a, b in rs:
        end = out[-1][1] if out else None
        if out and (a <= end or (end != MAX and a <= end + datetime.timedelta(days=1))):
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return [(None if a == MIN else a, None if b == MAX else b) for a, b in out]


def covered(a, b, ranges, since):
    """Whether [max(a, since), b) lies inside the union of `ranges`."""
    lo = max(a or MIN, since)
    hi = b or MAX
    for x, y in merge_ranges(ranges):
        x, y = x or MIN, y or MAX
        if x <= lo and hi <= y:
            return True
    return False


def fmt_range(a, b):
    return f"{a.isoformat() if a else ''}..{b.isoformat() if b else ''}"


# --- the other dictionaries -------------------------------------------------------------------


def dyad_actor_names(path):
    """Every matchable name of a dyad actor file, with the canonical name of its entry."""
    names = []
    cur = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if not line.strip():
            continue
        if not line[0].isspace():
            body = re.sub(r"\s@Q\d+\s*$", "", line)
            ns = [n.strip() for n in body.split(" | ") if n.strip()]
            cur = ns[0] if ns else None
            names += [(n, cur, "name") for n in ns]
            continue
        m = re.match(r"\s+(alias|adjective|demonym|capital|metonym):\s*(.+)$", line)
        if m and cur:
            names.append((m.group(2).strip(), cur, m.group(1)))
    return names


def people_entries(path):
    """(canonical, names, kind) of the entries of a dyad people file."""
    out = []
    for n, canon, role in dyad_actor_names(path):
        if n == canon and role == "name":
            out.append([canon, []])
        if out:
            out[-1][1].append(n)
    return out


def other_dictionary_names():
    """Keys of every name in data/actors/*.txt (actors, agents, discards)."""
    keys = set()
    base = ROOT / "data" / "actors"
    for p in sorted(base.glob("*.txt")):
        if p.name == "agents.txt":
            for raw in p.read_text(encoding="utf-8").splitlines():
                line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
                if line and not line[0].isspace():
                    body = re.sub(r"\s+~?[A-Z]+~?\s*$", "", line)
                    keys |= {key(n) for n in body.split(" | ") if n.strip()}
        elif p.name == "discards.txt":
            for raw in p.read_text(encoding="utf-8").splitlines():
                line = re.sub(r"(^|\s)#.*$", "", raw).strip().lstrip("+").strip().rstrip("*")
                if line:
                    keys.add(key(line))
        else:
            keys |= {key(n) for n, _, _ in dyad_actor_names(p)}
    return keys


def place_names():
    """Keys of the gazetteer's names and aliases (data/places/*.tsv)."""
    keys = set()
    base = ROOT / "data" / "places"
    cols = {"cities.tsv": (0, 1, 2), "regions.tsv": (0, 1), "countries.tsv": (0, 3),
            "areas.tsv": (0, 1), "aliases.tsv": (2, 3)}
    for fname, idx in cols.items():
        p = base / fname
        if not p.exists():
            continue
        for raw in p.read_text(encoding="utf-8").splitlines():
            if raw.startswith("#") or not raw.strip():
                continue
            f = raw.split("\t")
            for i in idx:
                if i < len(f):
                    keys |= {key(n) for n in f[i].split("|") if n.strip()}
    return keys


def english_words():
    """(lower-case words, capitalised words) of the system word list (SCOWL), or a small stop
    list. The capitalised ones are names known in English: places, given names, famous
    people, common English surnames."""
    if WORDS.exists():
        lower, caps = set(), set()
        for w in WORDS.read_text(encoding="utf-8", errors="replace").split():
            w = w.split("'")[0]
            (lower if w[:1].islower() else caps).add(w.lower())
        return lower, caps - lower
    return set("""the and for with from that this have been were will would could should about
    after before over under into against between during without within among other people
    party state court power peace union english""".split()), set()


def country_names():
    names = {}
    p = ROOT / "data" / "places" / "countries.tsv"
    for raw in p.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#"):
            continue
        f = raw.split("\t")
        if len(f) > 1:
            names[f[1]] = f[0].strip()
    iso3 = Path("/usr/share/iso-codes/json/iso_3166-3.json")
    if iso3.exists():
        for c in json.loads(iso3.read_text(encoding="utf-8"))["3166-3"]:
            if "alpha_3" in c:
                names.setdefault(c["alpha_3"], c["name"])
    names.setdefault("KSV", "Kosovo")
    return names


# --- people -------------------------------------------------------------------------------------


class Person:
    def __init__(self, names, codes, leader, line):
        self.names = names  # title-cased, canonical first
        self.singles = []  # single-word names (Phoenix aliases, nicknames): candidates
        self.phoenix_singles = set()  # the Phoenix aliases among them
        self.codes = codes  # [(code, from, to, Phoenix code or codes)]
        self.leader = leader
        self.lines = [line]
        self.country = None

    def latest_country(self):
        best = None
        for code, a, b, _ in self.codes:
            if code[:3] in OTHER_PREFIXES:
                continue
            k = (b or MAX, a or MIN)
            if best is None or k > best[0]:
                best = (k, code[:3])
        return best[1] if best else None


def common_full_name(name, given, lower, caps):
    """Whether `name` is a given name known in English and a common surname."""
    ws = name.lower().split()
    return (len(ws) == 2 and ws[0] in given and (ws[0] in caps or ws[0] in lower)
            and (ws[1] in caps or ws[1] in lower or ws[1] in COMMON_NAMES))


def is_subsequence(a, b):
    it = iter(b)
    return all(w in it for w in a)


def is_org(name_lists):
    return any(w.strip(".,'") in ORG_WORDS for ws in name_lists for w in ws)


def clean_names(name_lists):
    """(full names, single-word names) of a Phoenix entry, title-cased, canonical first."""
    full, singles = [], []
    for ws in name_lists:
        if len(ws) > 1 and all(re.fullmatch(r"[A-Z]\.?", w) for w in ws[1:]):
            continue  # "GEORGE_P": a given name and initials only, cut short
        title, rest = strip_title(ws, JOB_TITLES)
        if title:
            ws = rest
        hon, rest = strip_title(ws, HONORIFICS)
        if len(ws) == 1:
            singles.append(title_case(ws))
            continue
        if hon and len(rest) >= 2:
            full.append(title_case(rest))
            full.append(title_case(ws))
        else:
            full.append(title_case(ws))
    seen, out = set(), []
    for n in full:
        if key(n) not in seen:
            seen.add(key(n))
            out.append(n)
    return out, singles


def surname_candidate(p, given):
    """The word a bare-surname alias would be, or None."""
    words = p.names[0].split()
    hon, rest = strip_title([w.upper() for w in words], HONORIFICS)
    words = words[len(hon):]
    while words and (words[-1].upper() in ROMAN or words[-1].upper() in SUFFIXES):
        words = words[:-1]
    if not words:
        return None
    if len(words) == 1:
        # "King Mswati III": the regnal name, after an honorific only.
        return words[0] if hon else None
    idx = len(words) - 1
    # Spanish naming: the father's surname comes before the mother's ("David Choquehuanca
    # Cespedes"), unless the word before the last is a given name ("Ana Teresa Morales").
    if p.country in SPANISH_NAMING and len(words) >= 3 and words[-2].lower() not in given:
        idx = len(words) - 2
    cand = words[idx]
    if cand.lower() in PARTICLES or (idx > 0 and words[idx - 1].lower() in PARTICLES):
        return None  # "dos Santos", "bin Laden": compound surnames
    return cand


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phoenix", type=Path, default=DEFAULT_PHOENIX)
    ap.add_argument("--out", type=Path, default=PEOPLE)
    ap.add_argument("--since", default="1990-01-01", help="keep roles that reach this date")
    ap.add_argument("--dry-run", action="store_true", help="report, write nothing")
    args = ap.parse_args()
    since = datetime.date.fromisoformat(args.since)
    stats = collections.Counter()
    dropped_codes = collections.Counter()

    # Files written by hand are kept; files this tool wrote are rewritten.
    hand, generated = {}, []
    for p in sorted(args.out.glob("*.txt")):
        head = p.read_text(encoding="utf-8")[:2000]
        if MARKER in head:
            generated.append(p)
        else:
            hand[p.stem] = p

    # Names already taken.
    other_keys = other_dictionary_names()
    hand_people = []  # (country, canonical, names)
    for iso, p in hand.items():
        for canon, names in people_entries(p):
            hand_people.append((iso, canon, names))
    hand_name_keys = {key(n) for _, _, ns in hand_people for n in ns}
    given = {c.split()[0].lower() for _, c, _ in hand_people if len(c.split()) >= 2}
    places = place_names()
    english = english_words()

    entries = read_phoenix(args.phoenix)
    # `given` also gets the first word of every Phoenix person, any time (below).
    persons = []
    for e in entries:
        if not e["names"]:
            continue
        dated = [(c, r) for c, r in e["codes"] if r.strip()]
        person_like = e["ci"] or (
            any(sector_of(c.upper()) for c, _ in dated) and not is_org(e["names"]))
        if not person_like:
            continue
        if not e["codes"]:
            stats["people without codes (skipped)"] += 1
            continue
        for ws in e["names"]:
            _, ws2 = strip_title(ws, JOB_TITLES)
            _, ws2 = strip_title(ws2, HONORIFICS)
            if len(ws2) >= 2:
                given.add(ws2[0].lower())
        stats["people read"] += 1
        codes = []
        undated = []
        leader = False
        has_eli = any(sector_of(c.upper()) == "ELI" for c, _ in e["codes"])
        for c, r in e["codes"]:
            if c.strip().strip("-") == "":
                continue  # the null code
            a, b, ok = parse_restriction(r)
            # A head of state or government: CountryInfo's leader lists give them an elite
            # code besides a plain XXXGOV (ministers have XXXGOVEDU, XXXGOVBUS, ...); the
            # entries Phoenix's editors added by hand (no CountryInfo mark) are leaders too.
            if ((has_eli or not e["ci"]) and ok and re.fullmatch(r"[A-Z]{3}GOV", c.strip().upper())
                    and r.strip() and (b is None or b > since)):
                leader = True
            if not ok:
                dropped_codes["unreadable date"] += 1
                continue
            if a and b and b <= a:
                dropped_codes["empty or reversed range"] += 1
                continue
            if r.strip() == "":
                undated.append(c)
                continue
            if b is not None and b <= since:
                stats["roles before --since"] += 1
                continue
            new, why = convert_code(c)
            if new is None:
                dropped_codes[why] += 1
                continue
            codes.append((new, a, b, c.strip().upper()))
        for c in undated:
            new, why = convert_code(c)
            if new is None:
                dropped_codes[why] += 1
                continue
            if dated and sector_of(new) == "ELI":
                stats["undated ELI defaults dropped"] += 1
                continue
            if dated and not codes:
                continue  # every dated role ended before --since
            stats["undated codes kept" + (" beside dated ones" if dated else "")] += 1
            codes.append((new, None, None, c.strip().upper()))
        if not codes:
            stats["people with no role since --since"] += 1
            continue
        full, singles = clean_names(e["names"])
        if not full:
            stats["people with a one-word name only (skipped)"] += 1
            continue
        if any("OULD" in ws for ws in e["names"]):
            # Phoenix lists Mauritania's leaders (Moktar Ould Daddah ... Mohamed Ould Abdel
            # Aziz) under Mauritius with MUS codes; "Ould" names are Mauritanian.
            fixed = [(("MRT" + c[3:]) if c[:3] == "MUS" else c, a, b, o) for c, a, b, o in codes]
            if fixed != codes:
                stats["people moved from MUS to MRT (Ould names)"] += 1
            codes = fixed
        p = Person(full, codes, leader, e["line"])
        p.phoenix_singles = set(singles)
        p.singles = singles + [title_case(n) for n in e["nicks"]]
        p.country = p.latest_country()
        if p.country is None:
            stats["people with no country code (skipped)"] += 1
            continue
        persons.append(p)

    # Only countries without a hand-written file.
    kept = []
    for p in persons:
        if p.country in hand:
            stats["people of countries with a hand-written file"] += 1
            continue
        if key(p.names[0]) in hand_name_keys:
            stats["people already in a hand-written file (skipped)"] += 1
            continue
        kept.append(p)

    # Merge entries of one country that share a name (a person listed twice).
    by_country = collections.defaultdict(list)
    for p in kept:
        by_country[p.country].append(p)
    merged = {}
    for iso, ps in by_country.items():
        parent = list(range(len(ps)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i
        owner = {}
        ends = collections.defaultdict(list)  # (first, last word) -> [(entry, words)]
        for i, p in enumerate(ps):
            for n in p.names:
                k = key(n)
                if k in owner:
                    parent[find(i)] = find(owner[k])
                else:
                    owner[k] = i
                ws = k.split()
                if len(ws) >= 2:
                    ends[(ws[0], ws[-1])].append((i, ws))
        # "Ralph Gonsalves" is "Ralph Everard Gonsalves": a name whose words are some of
        # another's, in order, with the same first and last word, is the same person.
        for group in ends.values():
            for i, a in group:
                for j, b in group:
                    if i != j and len(a) < len(b) and is_subsequence(a, b):
                        parent[find(i)] = find(j)
        groups = collections.defaultdict(list)
        for i in range(len(ps)):
            groups[find(i)].append(ps[i])
        out = []
        for g in groups.values():
            first = g[0]
            for q in g[1:]:
                stats["entries merged into another of the same name"] += 1
                for n in q.names:
                    if key(n) not in {key(m) for m in first.names}:
                        first.names.append(n)
                first.singles += q.singles
                first.phoenix_singles |= q.phoenix_singles
                first.codes += q.codes
                first.leader |= q.leader
                first.lines += q.lines
            out.append(first)
        merged[iso] = out

    # Codes: union of the ranges of one code; ELI ranges inside other roles dropped; order.
    for iso, ps in merged.items():
        for p in ps:
            byc = collections.defaultdict(list)
            for c, a, b, orig in p.codes:
                byc[c].append((a, b, orig))
            codes = []
            for c, rs in byc.items():
                if any(a is None and b is None for a, b, _ in rs):
                    codes.append((c, None, None, sorted({o for _, _, o in rs})))
                    continue
                for a, b in merge_ranges([(a, b) for a, b, _ in rs]):
                    origs = sorted({o for x, y, o in rs
                                    if (x or MIN) >= (a or MIN) and (y or MAX) <= (b or MAX)})
                    codes.append((c, a, b, origs))
            others = [(a, b) for c, a, b, _ in codes if sector_of(c) != "ELI" and (a or b)]
            final = []
            for c, a, b, o in codes:
                if sector_of(c) == "ELI" and (a or b) and covered(a, b, others, since):
                    stats["ELI ranges inside other roles dropped"] += 1
                    continue
                final.append((c, a, b, o))
            final.sort(key=lambda t: (code_rank(t[0]), t[0][:3] != iso, t[0], t[1] or MIN))
            p.codes = final

    # A common two-word name ("George Wallace", "David Parker") would match namesakes all
    # over the news: such people are skipped, unless heads of state or government.
    lower, caps = english
    for iso in merged:
        keep = []
        for p in merged[iso]:
            if not p.leader and all(common_full_name(n, given, lower, caps) for n in p.names):
                stats["people with a common two-word name only (skipped)"] += 1
                continue
            keep.append(p)
        merged[iso] = keep

    # Names used by more than one entry anywhere: aliases dropped, canonical names kept.
    all_people = [p for ps in merged.values() for p in ps]
    name_owners = collections.defaultdict(set)
    for i, p in enumerate(all_people):
        for n in p.names:
            name_owners[key(n)].add(i)
    for i, p in enumerate(all_people):
        keep = [p.names[0]]
        for n in p.names[1:]:
            k = key(n)
            if len(name_owners[k]) > 1 or k in hand_name_keys or k in other_keys:
                stats["aliases dropped: name of another entry"] += 1
                continue
            keep.append(n)
        p.names = keep
    canon_count = collections.Counter(key(p.names[0]) for p in all_people)
    stats["canonical names shared by entries of different files"] = sum(
        1 for k, n in canon_count.items() if n > 1)

    # Surnames: who else has each one?
    surname_people = collections.defaultdict(list)  # surname key -> [(country, person or None)]
    for iso, canon, names in hand_people:
        words = {w.lower() for n in names for w in n.split()[1:] if w.lower() not in PARTICLES}
        words |= {n.lower() for n in names if len(n.split()) == 1}
        for w in words:
            surname_people[w].append((iso, None))
    for p in all_people:
        # Every word but the first of every name counts: "Joseph Kabila Kabange" shares
        # "Kabila" with Laurent-Désiré Kabila.
        lasts = {w.lower() for n in p.names for w in n.split()[1:]
                 if w.lower() not in PARTICLES and not w.endswith(".")}
        c = surname_candidate(p, given)
        if c:
            lasts.add(c.lower())
        lasts |= {s.lower() for s in p.singles}
        for s in lasts:
            surname_people[s].append((p.country, p))
    for p in all_people:
        cands = []
        c = surname_candidate(p, given)
        if c:
            cands.append(c)
        cands += [s for s in p.singles if s not in cands]
        for cand in cands:
            why = surname_problem(cand, p, cand in p.phoenix_singles, surname_people, given,
                                  english, other_keys, places, hand_name_keys, name_owners)
            if why:
                stats[f"surnames refused: {why}"] += 1
                continue
            if key(cand) not in {key(n) for n in p.names}:
                p.names.append(cand)
                stats["surname aliases added"] += 1
            break

    # Write.
    cnames = country_names()
    written = 0
    roles = 0
    people = 0
    new_files = set()
    for iso, ps in sorted(merged.items()):
        ps.sort(key=lambda p: key(p.names[0]))
        path = args.out / f"{iso}.txt"
        new_files.add(path)
        lines = header(iso, cnames.get(iso, iso), since, args.phoenix.name)
        prev = None
        for p in ps:
            if prev is not None and key(p.names[0]) == prev:
                stats["duplicate canonical names in a file (skipped)"] += 1
                continue
            prev = key(p.names[0])
            lines.append(" | ".join(p.names))
            lines.append("  kind: person")
            cells = [f"{c} {fmt_range(a, b)}" if (a or b) else c for c, a, b, _ in p.codes]
            width = max(len(x) for x in cells)
            for cell, (c, a, b, origs) in zip(cells, p.codes):
                note = ", ".join(o for o in origs if o != c)
                lines.append(f"  {cell:<{width}}   # Phoenix {note}" if note else f"  {cell}")
                roles += 1
            people += 1
        if not args.dry_run:
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written += 1
    for p in generated:
        if p not in new_files and not args.dry_run:
            p.unlink()
            print(f"removed {p} (no people left)")

    verb = "would write" if args.dry_run else "wrote"
    print(f"{verb} {written} files, {people} people, {roles} roles")
    for k, v in sorted(stats.items()):
        print(f"  {k}: {v}")
    print(f"  codes dropped: {sum(dropped_codes.values())}")
    for k, v in sorted(dropped_codes.items()):
        print(f"    {k}: {v}")
    print("  hand-written files kept: " + " ".join(sorted(hand)))


def surname_problem(cand, p, from_phoenix, surname_people, given, english, other_keys, places,
                    hand_name_keys, name_owners):
    """Why `cand` may not be a bare-surname alias of `p`, or None. `from_phoenix`: Phoenix
    lists the bare name itself ("VUJANOVIC_"), a sign that the news uses it."""
    low = cand.lower()
    letters = re.sub(r"[^a-z]", "", low)
    if p.country in NO_SURNAME:
        return "no surnames for this country"
    if len(letters) < 4:
        return "shorter than 4 letters"
    if not re.fullmatch(r"[A-Za-z][A-Za-z'\-]*", cand):
        return "odd characters"
    lower, caps = english
    if low in lower or low.replace("-", "") in lower or any(
            part in lower for part in low.split("-") if len(part) > 3):
        return "English word"
    if p.country in LEADERS_ONLY and not p.leader and not from_phoenix:
        return "shared naming tradition, not a leader"
    if (low in caps and (not p.leader or p.country in ENGLISH_NAMING)
            and low not in KNOWN_SURNAMES):
        return "a name known in English (word list), not a leader"
    if low in NOT_SURNAMES:
        return "name of something else"
    if low in COMMON_NAMES or any(part in COMMON_NAMES for part in low.split("-")):
        return "common name"
    if low in given:
        return "a given name"
    k = key(cand)
    if k in other_keys:
        return "name in data/actors"
    if k in places:
        return "place name"
    if k in hand_name_keys or name_owners.get(k):
        return "name of another entry"
    sharers = [(c, q) for c, q in surname_people.get(low, []) if q is not p]
    if sharers:
        # One head of state or government among relatives of one country keeps the surname
        # ("Museveni" is Yoweri, not Janet Museveni, a minister).
        same = all(q is not None and c == p.country for c, q in sharers)
        if not (same and p.leader and not any(q.leader for _, q in sharers)):
            return "surname of several people"
    return None


def header(iso, cname, since, src):
    return [
        f"# data/actors/people/{iso}.txt — {cname}",
        f"# People {MARKER} from PETRARCH2's",
        f"# {src} (MIT, Open Event Data; built from CountryInfo.140130.txt).",
        "# Regenerate rather than edit (tools/people/README.md); a file written by hand, without",
        "# this header, is left alone.",
        f"# Roles kept: those whose dates reach {since.isoformat()} or later. Open-ended ranges",
        "# are Phoenix's: the person held the role when Phoenix's lists were last updated (for",
        "# most countries in 2009-2011), not necessarily later. Codes are the country",
        f"# and the first sector of Phoenix's code ({iso}GOVEDU -> {iso}GOV); `# Phoenix` gives",
        "# the original code where it differs.",
        "",
    ]


if __name__ == "__main__":
    main()
