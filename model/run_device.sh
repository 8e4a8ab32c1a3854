#!/usr/bin/env bash
# One training run on a lent GPU (the `device` tool), in three steps (model/README.md, "A run on
# a lent GPU"):
#
#   model/run_device.sh prepare            here: fill model/data/, check that what the call sends
#                                          fits 64 MiB, print the one device call to make
#   model/run_device.sh train              there (GPU machine, repository root, $OUT set): continue
#                                          the shipped weights for about 7 minutes, write the new
#                                          model to $OUT in parts of at most 15 MB, with its log
#   model/run_device.sh gates DIR [--ship] here: reassemble DIR's parts and run the gates (held-out
#                                          NELBO lower, no more damage on the dev sets); with
#                                          --ship and every gate passed, install the model and
#                                          its reference vectors (commit them yourself, once)
#
# Settings (environment): train: BUDGET (training seconds, 420), LR (6e-4), OBJECTIVE (mdlm+edit),
# LIMIT (seconds the whole command may take, 530), EXTRA (more train.py flags); gates: GATE_SEQS
# (held-out windows for the NELBO, 256), GATE_LIMIT / GATE_MULTI_LIMIT (dev cases per set, 60 /
# 40), SHARED (the shared folder, ../shared from the repository root); PYTHON (train: python3,
# here: /usr/bin/python3).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=${PYTHON:-/usr/bin/python3} # here: Debian's python3-torch (the first python3 on PATH may lack torch)
DATA=model/data
CARRY=("$DATA/train.bin.xz" "$DATA/heldout.bin")
LIMIT_BYTES=$((64 << 20))
SHIPPED=engine/assets/model.safetensors

say() { printf 'run_device: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# shared_dir prints the shared folder (read-only material: v1 tokens, dev sets).
shared_dir() { (cd "${SHARED:-$ROOT/../shared}" 2>/dev/null && pwd) || die "no shared folder at ${SHARED:-$ROOT/../shared} (set SHARED)"; }

prepare() {
  local shared
  shared=$(shared_dir)
  mkdir -p "$DATA"
  if [ -f "$DATA/train.bin.xz" ]; then
    if cmp -s "$DATA/train.bin.xz" "$shared/model/train/data/train.bin.xz"; then
      say "training tokens: $DATA/train.bin.xz, the v1 tokens (copied here before; model/corpus/build.sh would put corpus v2 there)"
    else
      say "training tokens: $DATA/train.bin.xz, not the v1 tokens: corpus v2 from model/corpus/build.sh"
    fi
  else
    [ -f "$shared/model/train/data/train.bin.xz" ] || die "no $DATA/train.bin.xz and no v1 tokens in $shared/model/train/data/"
    install -m 644 "$shared/model/train/data/train.bin.xz" "$DATA/train.bin.xz"
    say "training tokens: copied the v1 corpus tokens from $shared/model/train/data/ (no corpus v2 build in $DATA)"
  fi
  [ -f "$DATA/heldout.bin" ] || install -m 644 "$shared/model/train/data/heldout.bin" "$DATA/heldout.bin"
  git check-ignore -q "$DATA/train.bin.xz" || die "$DATA is not git-ignored: its tokens would travel twice"
  xz -t "$DATA/train.bin.xz" || die "$DATA/train.bin.xz is not a valid xz file"

  # What the call sends: tracked files, untracked files git does not ignore, and the carry.
  local tracked untracked carry total
  tracked=$(git ls-files -z | xargs -0 -r stat -c %s -- 2>/dev/null | awk '{s += $1} END {print s + 0}')
  untracked=$(git ls-files -z -o --exclude-standard | xargs -0 -r stat -c %s -- 2>/dev/null | awk '{s += $1} END {print s + 0}')
  carry=$(stat -c %s -- "${CARRY[@]}" | awk '{s += $1} END {print s + 0}')
  total=$((tracked + untracked + carry))
  printf 'run_device: sends %.1f MB: tracked %.1f MB (the model %.1f MB) + untracked %.1f MB + carry %.1f MB; limit %.1f MB\n' \
    "$(mb "$total")" "$(mb "$tracked")" "$(mb "$(stat -c %s "$SHIPPED")")" "$(mb "$untracked")" "$(mb "$carry")" "$(mb "$LIMIT_BYTES")" >&2
  if [ "$total" -gt "$LIMIT_BYTES" ]; then
    die "over the device's 64 MiB: nothing would be sent. Ship the int8 model (model/README.md), remove large untracked files, or carry fewer tokens."
  fi
  [ "$untracked" -lt $((1 << 20)) ] || say "note: $(mb "$untracked") MB of untracked files would travel too (git status)"
  cat <<EOF
The one device call (about 9 minutes; leaves device time for one retry if the start fails):

  run(command="bash model/run_device.sh train", timeout_s=540, carry=["${CARRY[0]}", "${CARRY[1]}"])

then here: model/run_device.sh gates <the files_at folder of its reply> [--ship]
EOF
}

mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1e6}'; }

train() {
  local t0=$SECONDS limit=${LIMIT:-530} budget=${BUDGET:-420} py=${PYTHON:-python3} # there: the python3 with torch 2.x
  : "${OUT:?train runs on the device machine, which sets OUT}"
  mkdir -p "$OUT"
  local log=$OUT/train.log bin=${TMPDIR:-/tmp}/redraft-train.bin
  for f in "${CARRY[@]}" "$SHIPPED"; do [ -f "$f" ] || die "$f missing (did the call carry it?)"; done
  {
    date -u
    nvidia-smi --query-gpu=name,memory.total --format=csv 2>&1 || true
    "$py" -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available())'
  } >"$log" 2>&1
  xz -T0 -dc "$DATA/train.bin.xz" >"$bin" 2>>"$log" ||
    "$py" -c "import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], 'wb'))" "$DATA/train.bin.xz" "$bin"
  say "tokens unpacked: $(stat -c %s "$bin") bytes after $((SECONDS - t0)) s" 2>&1 | tee -a "$log"
  attempt() { # training seconds, then more flags
    local b=$1 left
    shift
    left=$((limit - (SECONDS - t0) - 10))
    PYTHONUNBUFFERED=1 timeout "$left" "$py" model/train.py --train "$bin" --held "$DATA/heldout.bin" \
      --tokenizer engine/assets/tokenizer.json --init "$SHIPPED" --objective "${OBJECTIVE:-mdlm+edit}" \
      --out "$OUT" --budget "$b" --lr "${LR:-6e-4}" ${EXTRA:-} "$@" 2>&1 | tee -a "$log"
  }
  attempt "$budget" || true
  if [ ! -f "$OUT/metrics.json" ]; then
    # The first attempt failed (a fused optimizer, bfloat16 or a kernel the machine lacks):
    # retry in float32 with what time is left, keeping a periodic export if it made one.
    local left=$((limit - (SECONDS - t0) - 90))
    if [ "$left" -gt 60 ]; then
      echo "=== first attempt left no final model; retrying in safe mode for $left s" | tee -a "$log"
      attempt "$left" --safe --export_every 60 || true
    fi
  fi
  rm -f "$bin"
  ls -la "$OUT" | tee -a "$log"
}

gates() {
  local dir=${1:?usage: run_device.sh gates DIR [--ship]} ship=${2:-} shared work
  shared=$(shared_dir)
  work=$(mktemp -d "${TMPDIR:-/tmp}/redraft-gates.XXXXXX")
  local new=$work/model.safetensors
  compgen -G "$dir/model.safetensors.[0-9][0-9]" >/dev/null || die "no model.safetensors.NN parts in $dir"
  "$PY" model/weights.py join "$new" "$dir"/model.safetensors.[0-9][0-9]
  "$PY" model/weights.py info "$new" | grep '"quant": "int8-g64"' >/dev/null || die "$new is not int8-g64: it would not leave room for the next run"
  [ -f "$dir/metrics.json" ] && { say "the run's own metrics:"; cat "$dir/metrics.json" >&2; }
  mkdir -p "$DATA"
  [ -f "$DATA/heldout.bin" ] || install -m 644 "$shared/model/train/data/heldout.bin" "$DATA/heldout.bin"
  go build -o "$work/redraft" ./cmd/redraft
  # The engine must load it (every check of the format) before anything else.
  "$work/redraft" eval --set "$shared/eval" --limit 1 --no-oracle --model "$new" >/dev/null ||
    die "the engine refuses $new"

  local failed=()
  say "gate 1: held-out NELBO, shipped vs new, same windows and masks (${GATE_SEQS:-256} windows)"
  nice -n 10 "$PY" model/evaluate.py "$SHIPPED" "$new" --held "$DATA/heldout.bin" --n_seq "${GATE_SEQS:-256}" \
    --reps 1 --no-acc --json "$work/nelbo.json"
  "$PY" - "$work/nelbo.json" "$SHIPPED" "$new" <<'EOF' || failed+=("NELBO")
import json, sys
r = json.load(open(sys.argv[1]))["results"]
old, new = r[sys.argv[2]]["nelbo_nats_per_token"], r[sys.argv[3]]["nelbo_nats_per_token"]
print(f"NELBO shipped {old:.4f}, new {new:.4f} ({new - old:+.4f} nats/token)")
sys.exit(0 if new < old else 1)
EOF
  local set limit
  for set in "" multi; do
    limit=${GATE_LIMIT:-60}
    [ -n "$set" ] && limit=${GATE_MULTI_LIMIT:-40}
    say "gate: redraft eval --set $shared/eval${set:+/$set} --limit $limit, shipped vs new"
    nice -n 10 "$work/redraft" eval --set "$shared/eval${set:+/$set}" --limit "$limit" --no-oracle --json --model "$SHIPPED" >"$work/old-${set:-eval}.json"
    nice -n 10 "$work/redraft" eval --set "$shared/eval${set:+/$set}" --limit "$limit" --no-oracle --json --model "$new" >"$work/new-${set:-eval}.json"
    "$PY" model/compare_eval.py "$work/old-${set:-eval}.json" "$work/new-${set:-eval}.json" || failed+=("eval${set:+/$set}")
  done
  if [ ${#failed[@]} -gt 0 ]; then
    say "REFUSED: the new model fails ${failed[*]}; the shipped model stays. (results in $work)"
    exit 1
  fi
  say "every gate passed (results in $work)"
  if [ "$ship" = --ship ]; then
    cp "$new" "$SHIPPED"
    "$PY" model/refvec.py "$SHIPPED" engine/assets/tokenizer.json "$shared/eval" engine/testdata/reference.json
    go test -count=1 ./engine/
    say "installed $SHIPPED and engine/testdata/reference.json; update engine/assets/README.md's numbers and commit them together, once (git show --stat HEAD)"
  fi
}

case "${1:-}" in
  prepare) prepare ;;
  train) train ;;
  gates) shift; gates "$@" ;;
  *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
