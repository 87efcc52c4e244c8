"""Runs spanlab and spaCy on the same job in one process tree and prints
both rates and their ratio. Called by run.sh (which builds both sides).

Usage: compare.py SPANLAB_BIN VENV_PYTHON JOB_DIR
"""
import json
import os
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))


def timed(cmd, stdin_path, stdout_path, env=None):
    with open(stdin_path, "rb") as i, open(stdout_path, "wb") as o:
        start = time.perf_counter()
        done = subprocess.run(cmd, stdin=i, stdout=o, stderr=subprocess.PIPE, env=env, check=True)
        took = time.perf_counter() - start
    return took, done.stderr.decode().strip()


def suggestions(path):
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                n += len(json.loads(line).get("suggestions", []))
    return n


def main():
    spanlab, python, job = sys.argv[1], sys.argv[2], sys.argv[3]
    corpus = os.path.join(job, "corpus.jsonl")
    mb = os.path.getsize(corpus) / 1e6
    runs = {}
    for threads in ("1", "2"):
        env = dict(os.environ, RAYON_NUM_THREADS=threads)
        best = None
        for _ in range(3):
            took, err = timed(
                [spanlab, "suggest", "-", "--rules", os.path.join(job, "rules.ron")],
                corpus, os.path.join(job, f"spanlab-{threads}.jsonl"), env)
            best = took if best is None else min(best, took)
        runs[threads] = best
        print(f"spanlab suggest -, {threads} thread(s): {best:.2f} s, {mb / best:.1f} MB/s ({err})", flush=True)
    took, err = timed([python, os.path.join(here, "spacy_ruler.py"), os.path.join(job, "patterns.jsonl")],
                      corpus, os.path.join(job, "spacy.jsonl"))
    spacy_rate = mb / took
    print(f"spaCy EntityRuler (blank en), 1 process: {took:.1f} s, {spacy_rate:.2f} MB/s ({err})", flush=True)
    ours = suggestions(os.path.join(job, "spanlab-2.jsonl"))
    print(f"suggestions: spanlab {ours}, spaCy {suggestions(os.path.join(job, 'spacy.jsonl'))}")
    for threads, best in runs.items():
        print(f"ratio, spanlab on {threads} thread(s) / spaCy: {mb / best / spacy_rate:.0f}x")


if __name__ == "__main__":
    main()
