"""spaCy's side of the corpus-scale job: JSONL in (stdin), JSONL out
(stdout) with each document's EntityRuler matches as "suggestions".

Usage: spacy_ruler.py PATTERNS.jsonl < corpus.jsonl > out.jsonl
"""
import json
import sys

import spacy


def main():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    with open(sys.argv[1], encoding="utf-8") as f:
        ruler.add_patterns([json.loads(line) for line in f])
    records = (json.loads(line) for line in sys.stdin if line.strip())
    out = sys.stdout
    found = 0
    for doc, record in nlp.pipe(((r["text"], r) for r in records), as_tuples=True, batch_size=256):
        record["suggestions"] = [
            {"start": e.start_char, "end": e.end_char, "label": e.label_, "rule": "entity_ruler"} for e in doc.ents
        ]
        found += len(doc.ents)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"spaCy: {found} suggestions", file=sys.stderr)


if __name__ == "__main__":
    main()
