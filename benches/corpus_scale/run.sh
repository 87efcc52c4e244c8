#!/usr/bin/env bash
# The corpus-scale benchmark: `spanlab suggest -` against spaCy's
# EntityRuler on the same gazetteer (every entity string of CoNLL-2003
# train) over the same ~24.6 MB of its news text as JSONL, in one run.
# Makes a venv with spaCy 3.8 from PyPI in target/bench-venv on first use.
#
# Usage: benches/corpus_scale/run.sh [TARGET_MB]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/benches/corpus_scale"
conll="$root/../shared/samples/conll2003-eng.train.iob1.txt"
job="$root/target/corpus-scale"
venv="$root/target/bench-venv"
if [ ! -f "$conll" ]; then
  echo "$conll is not here: the benchmark needs the CoNLL-2003 training file" >&2
  exit 1
fi
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import spacy' 2>/dev/null; then
  echo "making $venv with spaCy 3.8 from PyPI" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'spacy>=3.8,<3.9'
fi
(cd "$root" && cargo build --release --quiet)
python3 "$here/make_job.py" "$conll" "$job" "${1:-24.6}"
python3 "$here/compare.py" "$root/target/release/spanlab" "$venv/bin/python" "$job"
