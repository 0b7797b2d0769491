#!/usr/bin/env python3
"""Convert PETRARCH's CAMEO.2.0.txt verb dictionary into dyad's event dictionary format
(data/events/petrarch.txt), as the built-in dictionary's second layer.

Facts taken: PETRARCH's synsets (renamed &P_NAME), and for each verb pattern the verb named
in the pattern's comment (PETRARCH applies a block's patterns to every verb of the block; the
built-in is stricter and keeps the verb the pattern was written for), its particle, object,
prepositions and CAMEO code. Only the plain pattern shapes are converted here:

    - [SUBJ] * [PARTICLE] [OBJECT] [(PREP [X|+|$])]... [CODE] # VERB

where SUBJ/OBJECT/X are a word, a {phrase} or a &SYNSET. Other shapes (TABARI-style bare
prepositions, `%`, `^`, several bare nouns, reversed `[:code]` codes, synsets inside {phrases})
are counted and left out; `dyad` can still read the whole file with `--verbs` (the Rust
reader converts those too, with PETRARCH's block semantics). Entries that would duplicate a
hand-written entry of data/events/verbs.txt (same trigger and requirements) are left out:
the hand-written entry wins.

Usage: python3 tools/events/petrarch_to_dyad.py [CAMEO.2.0.txt] > data/events/petrarch.txt
Source: PETRARCH2 dictionaries, https://github.com/openeventdata/petrarch2 (MIT License,
Copyright (c) 2014 Open Event Data; CAMEO.2.0.txt (c) 2015 Open Event Data Alliance).
"""
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
PARTICLES = set("about across ahead along apart around aside away back by down forth forward "
                "in off on out over round through together up".split())
NOT_BARE_PARTICLES = {"on", "in", "by"}
PREPOSITIONS = set("about above across after against along amid among amongst around as at "
                   "before behind below beside between beyond by despite during for from in "
                   "inside into near of off on onto out outside over per since through "
                   "throughout to toward towards under until upon via with within without".split())
WORD_RE = re.compile(r"^[a-z0-9][a-z0-9'./-]*$")


def singular(w):
    if len(w) < 4 or w.endswith(("ss", "us", "is")):
        return None
    if w in ("news", "series", "species", "means", "politics"):
        return None
    if w == "arms":
        return "arm"
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith("sses"):
        return w[:-2]
    if w.endswith("s"):
        return w[:-1]
    return None


def tokenize(body):
    """Words, ('{', [words]) and ('(', [tokens])."""
    toks, stack, word = [], [], ""
    cur = toks
    i = 0
    while i < len(body):
        ch = body[i]
        if ch.isspace():
            if word:
                cur.append(word)
                word = ""
        elif ch == "(":
            if word:
                cur.append(word)
                word = ""
            new = []
            cur.append(("(", new))
            stack.append(cur)
            cur = new
        elif ch == ")":
            if word:
                cur.append(word)
                word = ""
            if not stack:
                raise ValueError("unbalanced )")
            cur = stack.pop()
        elif ch == "{":
            if word:
                cur.append(word)
                word = ""
            j = body.find("}", i)
            if j < 0:
                raise ValueError("unclosed {")
            cur.append(("{", body[i + 1:j].replace("_", " ").split()))
            i = j
        else:
            word += ch
        i += 1
    if word:
        cur.append(word)
    if stack:
        raise ValueError("unclosed (")
    return toks


class Conv:
    def __init__(self, synsets):
        self.synsets = synsets  # upper name -> dyad name

    def value(self, tok):
        """A constraint value for a word / {phrase} / &SYN token, or None."""
        if isinstance(tok, tuple) and tok[0] == "{":
            words = [w.lower() for w in tok[1]]
            if not words or any(w.startswith("&") for w in words):
                return None
            if not all(WORD_RE.match(w) for w in words):
                return None
            alts = ["_".join(words)]
            s = singular(words[-1])
            if s:
                alts.append("_".join(words[:-1] + [s]))
            return "|".join(sorted(set(alts)))
        if isinstance(tok, str):
            if tok.startswith("&"):
                name = tok[1:].rstrip("_").upper()
                return "&" + self.synsets[name] if name in self.synsets else None
            w = tok.lower()
            if "_" in w:
                parts = w.split("_")
                if not all(WORD_RE.match(p) for p in parts):
                    return None
                s = singular(parts[-1])
                alts = ["_".join(parts)] + (["_".join(parts[:-1] + [s])] if s else [])
                return "|".join(sorted(set(alts)))
            if not WORD_RE.match(w):
                return None
            s = singular(w)
            return "|".join(sorted({w, s} if s else {w}))
        return None

    def convert(self, body):
        """-> (particle, constraints {slots: value}, source, target) or a reason string."""
        try:
            toks = tokenize(body)
        except ValueError as e:
            return str(e)
        if "*" not in toks:
            return "verb position glued or missing"
        star = toks.index("*")
        pre, post = toks[:star], toks[star + 1:]
        cons = {}
        source = None
        target = None
        pre = [t for t in pre if t != "$"]
        if len(pre) > 1:
            return "several words before the verb"
        if pre:
            v = self.value(pre[0])
            if v is None:
                return "subject not a word, phrase or synset"
            cons["subj"] = v
        particle = None
        obj = None
        presence = []
        for k, t in enumerate(post):
            if isinstance(t, tuple) and t[0] == "(":
                inner = t[1]
                if not inner or not isinstance(inner[0], str) or inner[0].lower() not in PREPOSITIONS:
                    return "parenthesis without a known preposition"
                p = inner[0].lower()
                rest = inner[1:]
                slots = f"obl:{p}" + (f"|obj>nmod:{p}" if obj else "")
                if not rest:
                    cons[slots] = "*"
                    presence.append(slots)
                elif rest == ["+"]:
                    target = slots
                elif rest == ["$"]:
                    source = slots
                elif len(rest) == 1:
                    v = self.value(rest[0])
                    if v is None:
                        return "preposition object not a word, phrase or synset"
                    cons[slots] = v
                else:
                    return "complex prepositional phrase"
                continue
            if isinstance(t, str) and t in ("+", "$", "%", "^"):
                return f"bare {t}"
            if (k == 0 and isinstance(t, str) and t.lower() in PARTICLES
                    and t.lower() not in NOT_BARE_PARTICLES):
                particle = t.lower()
                continue
            if isinstance(t, str) and t.lower() in PREPOSITIONS:
                return "bare preposition (TABARI style)"
            if obj is not None:
                return "several bare words after the verb"
            v = self.value(t)
            if v is None:
                return "object not a word, phrase or synset"
            obj = v
            cons["obj"] = v
        if target is None:
            t = ["iobj" if obj else "obj"] + [s for s in presence] + (["obj"] if obj else [])
            target = "|".join(t)
        return particle, cons, source, target


def canon(trigger, pos, cons, source, target):
    items = []
    for k, v in cons.items():
        vv = v if v == "*" or v.startswith("&") else "|".join(sorted(v.split("|")))
        items.append(f"{k}={vv}")
    return (trigger, pos, tuple(sorted(items)), source or "subj", target or "obj")


def read_core():
    """Keys of hand-written entries, and lemmas with an unconstrained verb entry."""
    keys, bare = set(), set()
    path = os.path.join(ROOT, "data", "events", "verbs.txt")
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("&"):
                continue
            toks = line.split()
            trig, pos = toks[0], toks[1]
            cons, source, target = {}, None, None
            for fld in toks[3:]:
                if "=" not in fld:
                    continue
                k, v = fld.split("=", 1)
                if k == "source":
                    source = v
                elif k == "target":
                    target = v
                elif k != "rev":
                    cons[k] = v
            keys.add(canon(trig, pos, cons, source, target))
            if not cons and pos == "verb":
                bare.add(trig)
    return keys, bare


def main():
    default = os.path.join(ROOT, "..", "shared", "data", "petrarch2-dictionaries", "CAMEO.2.0.txt")
    path = sys.argv[1] if len(sys.argv) > 1 else default
    codes = set()
    with open(os.path.join(ROOT, "data", "events", "codebook.tsv"), encoding="utf-8") as f:
        for line in f:
            if line[:1].isdigit():
                codes.add(line.split("\t")[0])
    core_keys, core_bare = read_core()
    lines = open(path, encoding="utf-8").read().splitlines()

    # Synsets.
    synsets, order, cur = {}, [], None
    for raw in lines:
        t = raw.split("#", 1)[0].strip()
        if t.startswith("&"):
            cur = t.split()[0][1:].rstrip("_").upper()
            synsets[cur] = []
            order.append(cur)
            continue
        if cur and t.startswith("+"):
            synsets[cur].append(t[1:].strip())
            continue
        if t:
            cur = None
    names = {n: "P_" + re.sub(r"[^A-Z0-9_]", "_", n) for n in order}

    def expand(item, depth=0):
        words = [w.lower() for w in re.split(r"[_\s]+", item) if w]
        if not words:
            return []
        outs = [[]]
        for w in words:
            if w.startswith("&"):
                sub = synsets.get(w[1:].rstrip("_").upper(), [])
                alts = [e.split("_") for s in sub for e in expand(s, depth + 1)] if depth < 3 else []
                outs = [o + a for o in outs for a in alts]
            else:
                outs = [o + [w] for o in outs]
        return ["_".join(o) for o in outs if o and all(WORD_RE.match(x) for x in o)]

    out = []
    stats = Counter()
    out.append("# dyad built-in event dictionary, layer 2: converted from PETRARCH's CAMEO.2.0.txt")
    out.append("# (PETRARCH2, https://github.com/openeventdata/petrarch2, MIT License) by")
    out.append("# tools/events/petrarch_to_dyad.py. Do not edit by hand: edit verbs.txt/nouns.txt,")
    out.append("# which win over entries here. Comments give the PETRARCH line.")
    out.append("")
    for n in order:
        items = sorted({e for it in synsets[n] for e in expand(it)})
        if items:
            out.append(f"&{names[n]} = " + " ".join(items))
        else:
            del names[n]
    out.append("")
    conv = Conv(names)

    seen = set(core_keys)
    block_verbs, block_name, block_code = {}, None, None
    entries = []
    for ln, raw in enumerate(lines, 1):
        t = raw.strip()
        body, _, comment = t.partition("#")
        body = body.strip()
        if not body or body.startswith(("&", "+", "~")) and not body.startswith("+") or body.startswith("&"):
            pass
        if body.startswith("---"):
            m = re.search(r"---\s*(\S+)\s*\[([^\]]*)\]", body)
            block_name = m.group(1).lower() if m else None
            block_code = m.group(2).strip() if m else "---"
            block_verbs = {}
            continue
        if block_name is None or not body or body.startswith(("&", "~")):
            continue
        if body.startswith("-"):
            stats["pattern lines"] += 1
            m = re.match(r"^-(.*)\[([^\]]*)\]\s*$", body)
            if not m:
                stats["skipped: no code"] += 1
                continue
            pbody, code = m.group(1).strip(), m.group(2).strip().rstrip("!")
            verb = comment.strip().split()[0].lower() if comment.strip() else ""
            if verb not in block_verbs:
                stats["skipped: comment names no verb of the block"] += 1
                continue
            if ":" in code:
                a, b = code.split(":", 1)
                if not a:
                    stats["skipped: reversed-only code [:B]"] += 1
                    continue
                code, rev = a, b
            else:
                rev = None
            if code != "---" and code not in codes or (rev and rev not in codes):
                stats["skipped: code not in the codebook"] += 1
                continue
            r = conv.convert(pbody)
            if isinstance(r, str):
                stats["skipped: " + r] += 1
                continue
            particle, cons, source, target = r
            vparticle = block_verbs[verb]
            if particle and vparticle and particle != vparticle:
                stats["skipped: particle conflict"] += 1
                continue
            particle = particle or vparticle
            trig = verb + ("_" + particle if particle else "")
            key = canon(trig, "verb", cons, source, target)
            if key in seen:
                stats["skipped: duplicate of an earlier or hand-written entry"] += 1
                continue
            seen.add(key)
            fields = [f"{k}={v}" for k, v in cons.items()]
            if source and source != "subj":
                fields.append(f"source={source}")
            if target and target != "obj":
                fields.append(f"target={target}")
            if rev:
                fields.append(f"rev={rev}")
            entries.append((trig, code, fields, ln, raw.split("#")[0].strip()))
            stats["converted"] += 1
            continue
        # A verb line.
        word = body.split("{")[0].split("[")[0].split()
        if not word:
            continue
        w = word[0].lower()
        own = re.search(r"\[([^\]]*)\]", body.split("{")[-1] if "{" in body else body)
        own_code = own.group(1).strip() if own else None
        parts = [p for p in w.split("_") if p]
        particle = None
        if len(parts) == 2 and parts[0].startswith("+") and parts[1] in PARTICLES and parts[1] not in NOT_BARE_PARTICLES:
            lemma, particle = parts[0][1:], parts[1]
        elif len(parts) == 1:
            lemma = parts[0]
        else:
            continue
        if not WORD_RE.match(lemma):
            continue
        block_verbs[lemma] = particle
        code = own_code if own_code else (block_code if lemma == block_name else None)
        if code and ":" not in code and code in codes and lemma not in core_bare:
            trig = lemma + ("_" + particle if particle else "")
            key = canon(trig, "verb", {}, None, None)
            if key not in seen:
                seen.add(key)
                entries.append((trig, code, [], ln, body))
                stats["verb codes"] += 1
    entries.sort(key=lambda e: (e[1], e[0], e[3]))
    last = None
    for trig, code, fields, ln, src in entries:
        if code != last:
            out.append(f"# --- {code}")
            last = code
        line = f"{trig} verb {code}"
        if fields:
            line += " " + " ".join(fields)
        out.append(f"{line}  # CAMEO.2.0.txt:{ln}")
    sys.stdout.write("\n".join(out) + "\n")
    for k, v in sorted(stats.items()):
        print(f"{v:6d} {k}", file=sys.stderr)


if __name__ == "__main__":
    main()
