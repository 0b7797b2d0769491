"""Speed of spaCy's small English pipeline on a JSONL corpus, for comparison with `dyad bench`.

Usage (one thread; the corpus's `text` fields):
    OMP_NUM_THREADS=1 BLIS_NUM_THREADS=1 python bench.py CORPUS.jsonl [--repeat N] [--no-ner]

Prints documents/s, whitespace words/s, spaCy tokens/s, best of the repeats, and the peak
memory of the process. See README.md beside this file for the versions measured.
"""
import argparse
import json
import resource
import time

import spacy


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-ner", action="store_true", help="tagger and parser only")
    ap.add_argument("--model", default="en_core_web_sm")
    a = ap.parse_args()
    with open(a.corpus, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    words = sum(len(t.split()) for t in texts)
    disable = ["ner"] if a.no_ner else []
    t0 = time.perf_counter()
    try:
        nlp = spacy.load(a.model, disable=disable)
    except OSError:
        # A model installed as a plain module (such as a mirror package) is not linked.
        nlp = __import__(a.model).load(disable=disable)
    load = time.perf_counter() - t0
    best = None
    tokens = 0
    for _ in range(a.repeat):
        t0 = time.process_time()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
        dt = time.process_time() - t0
        best = dt if best is None else min(best, dt)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"spacy {spacy.__version__}, model {a.model} {nlp.meta.get('version')}, pipes {nlp.pipe_names}")
    print(f"documents {len(texts)}, words {words} (whitespace), tokens {tokens} (spaCy's)")
    print(f"load {load:.2f}s; best of {a.repeat}: {best:.2f}s CPU")
    print(f"docs/s {len(texts) / best:.1f}  words/s {words / best:.0f}  tokens/s {tokens / best:.0f}")
    print(f"peak memory {peak:.1f} MB")


if __name__ == "__main__":
    main()
