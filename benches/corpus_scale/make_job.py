"""Builds the corpus-scale job from the CoNLL-2003 training file.

Writes into OUT_DIR:
  gazetteers/LABEL.txt  every entity string of the file, one per line, per label
  rules.ron             one whole-word, case-sensitive phrase rule per label
  patterns.jsonl        the same gazetteer as spaCy EntityRuler patterns
  corpus.jsonl          the documents' text as {"id", "text"} lines, repeated
                        until the corpus reaches TARGET_MB

Usage: make_job.py CONLL_FILE OUT_DIR [TARGET_MB]
"""
import json
import os
import sys


def documents(path):
    """(tokens per sentence, tags per sentence) per -DOCSTART- document."""
    doc, sent = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                if sent:
                    doc.append(sent)
                if doc:
                    yield doc
                doc, sent = [], []
                continue
            if not line.strip():
                if sent:
                    doc.append(sent)
                sent = []
                continue
            cols = line.split()
            sent.append((cols[0], cols[-1]))
    if sent:
        doc.append(sent)
    if doc:
        yield doc


def entities(sent):
    """IOB1 entities of a sentence as (label, text)."""
    out, cur, label = [], [], None
    for word, tag in sent:
        if tag == "O":
            if cur:
                out.append((label, " ".join(cur)))
            cur, label = [], None
            continue
        prefix, _, name = tag.partition("-")
        if cur and (prefix == "B" or name != label):
            out.append((label, " ".join(cur)))
            cur = []
        cur.append(word)
        label = name
    if cur:
        out.append((label, " ".join(cur)))
    return out


def main():
    conll, out_dir = sys.argv[1], sys.argv[2]
    target = float(sys.argv[3]) if len(sys.argv) > 3 else 24.6
    os.makedirs(os.path.join(out_dir, "gazetteers"), exist_ok=True)
    gaz = {}
    texts = []
    for doc in documents(conll):
        for sent in doc:
            for label, text in entities(sent):
                gaz.setdefault(label, set()).add(text)
        texts.append("\n".join(" ".join(w for w, _ in sent) for sent in doc))
    rules = []
    with open(os.path.join(out_dir, "patterns.jsonl"), "w", encoding="utf-8") as pat:
        for label in sorted(gaz):
            with open(os.path.join(out_dir, "gazetteers", label + ".txt"), "w", encoding="utf-8") as g:
                for phrase in sorted(gaz[label]):
                    g.write(phrase + "\n")
                    pat.write(json.dumps({"label": label, "pattern": phrase}) + "\n")
            rules.append(f'(id: "{label.lower()}", label: "{label}", kind: phrases(file: "gazetteers/{label}.txt"))')
    with open(os.path.join(out_dir, "rules.ron"), "w", encoding="utf-8") as r:
        r.write("#![enable(implicit_some)]\n(rules: [\n  " + ",\n  ".join(rules) + ",\n])\n")
    size = 0
    n = 0
    with open(os.path.join(out_dir, "corpus.jsonl"), "w", encoding="utf-8") as c:
        while size < target * 1e6:
            for text in texts:
                line = json.dumps({"id": f"d{n}", "text": text}, ensure_ascii=False) + "\n"
                c.write(line)
                size += len(line.encode("utf-8"))
                n += 1
    strings = sum(len(v) for v in gaz.values())
    print(f"job: {strings} gazetteer strings in {len(gaz)} labels, {n} documents, {size / 1e6:.1f} MB of JSONL")


if __name__ == "__main__":
    main()
