#!/usr/bin/env bash
# The whole model pipeline on the CPU in a few minutes, on a tiny configuration: corpus slice
# (smoke_data.py), a 1024-id BPE (bpe.py), token streams (tokens.py), a 0.15M-parameter
# error-aware model trained for 300 steps (train.py --objective mdlm+edit), int8 export and
# reassembly from parts (weights.py), reference vectors (refvec.py); then the Go engine loads the
# file (Config.ErrorAware set) and matches PyTorch's logits (engine's TestParityFiles), and
# `redraft eval --limit 20 --model FILE` runs on it. Fails on the first step that fails.
#
# usage: model/smoke.sh [WORKDIR]    (default: a temporary folder, removed afterwards)
# Needs Go and Python 3 with torch, numpy and regex (Debian: python3-torch python3-regex).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=${PYTHON:-/usr/bin/python3}
if [ -n "${1:-}" ]; then
  W=$1
  mkdir -p "$W"
else
  W=$(mktemp -d "${TMPDIR:-/tmp}/redraft-smoke.XXXXXX")
  trap 'rm -rf "$W"' EXIT
fi
step() { printf '\n== smoke: %s (%s)\n' "$1" "$(date +%T)"; }
mkdir -p "$W/model"

step "corpus slice and eval set"
"$PY" model/smoke_data.py "$W"

step "tokenizer (1024 ids) and token streams"
"$PY" model/bpe.py "$W/corpus.txt" "$W/model/tokenizer.json" 1024 | tail -1
"$PY" model/tokens.py "$W/model/tokenizer.json" "$W/corpus.txt" "$W/train.bin" --workers 2
"$PY" model/tokens.py "$W/model/tokenizer.json" "$W/heldout.txt" "$W/heldout.bin" --workers 2

step "train a tiny error-aware model (300 steps; at most 4 minutes)"
"$PY" model/train.py --train "$W/train.bin" --held "$W/heldout.bin" --tokenizer "$W/model/tokenizer.json" \
  --out "$W/out" --objective mdlm+edit --steps 300 --budget 240 --d_model 64 --n_layers 2 --n_heads 4 --d_ff 128 \
  --max_len 512 --tokens_per_step 1024 --lengths 64:0.5,128:0.5 --lr 3e-3 --eval_seqs 32 --samples 0 \
  --export_every 1e9
grep -q '"objective": "mdlm+edit"' "$W/out/metrics.json"

step "reassemble the int8 parts and make reference vectors"
"$PY" model/weights.py join "$W/model/model.safetensors" "$W"/out/model.safetensors.[0-9][0-9]
"$PY" model/weights.py info "$W/model/model.safetensors" | grep '"quant": "int8-g64"' >/dev/null
"$PY" model/refvec.py "$W/model/model.safetensors" "$W/model/tokenizer.json" "$W/eval" "$W/reference.json"

step "the Go engine loads the file and matches PyTorch"
REDRAFT_PARITY_MODEL="$W/model/model.safetensors" REDRAFT_PARITY_REFERENCE="$W/reference.json" \
  go test -count=1 -run '^TestParityFiles$' -v ./engine/ | grep -E 'parity_test|^(ok|FAIL|---)'

step "redraft eval --limit 20 on it"
go build -o "$W/redraft" ./cmd/redraft
if ! "$W/redraft" eval --set "$W/eval" --limit 20 --model "$W/model/model.safetensors" >"$W/eval.txt" 2>"$W/eval.err"; then
  cat "$W/eval.err" >&2
  exit 1
fi
cat "$W/eval.txt"
step "passed"
