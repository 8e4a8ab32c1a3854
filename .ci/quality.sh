#!/usr/bin/env bash
# Quality gate: refine fixed slices of the three dev sets with the real built-in model and fail when
# damage or untouched-clean crosses its bound. The slices are the first cases of each file and the
# runs are seeded, so the results are deterministic: a failure means a change made Redraft worse.
# Needs ../shared/eval beside the repository (CI has it); skips with a note where it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
sets=../shared/eval
if [ ! -f "$sets/repair.jsonl" ]; then
  echo "quality gate skipped: $sets not found"
  exit 0
fi
bin=$(mktemp -d)/redraft
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/redraft

gate() { # gate DIR LIMIT ONLY REQUIREMENT...
  local dir=$1 limit=$2 only=$3
  shift 3
  local req=()
  for r in "$@"; do req+=(--require "$r"); done
  echo "-- $dir (first $limit of $only)"
  "$bin" eval --set "$dir" --limit "$limit" --only "$only" --no-oracle "${req[@]}" 2>/dev/null
}

# Bounds: what the shipped refine measured on these same slices (2026-12-07, int8 arithmetic on
# an AVX-512 VNNI machine, after the guard's recalibration on clean text: `.` 2 damaged of 100, 98
# of 100 clean untouched, the other two real errors in the clean set fixed; multi 1 of 30
# damaged, 28 of 30 clean untouched, one of them a real error; JFLEG 3 of 100 damaged, GLEU 38.50
# against the unchanged text's 33.95, after missing commas came in; multi 29 of 30 clean untouched
# since wo, w2 and the head take int16 activations) with one case of slack each, for a machine whose kernels
# round differently (float16 arithmetic on arm64, other float summation orders on AVX2). They
# guard against regressions; they are not the refine issue's targets (≤ 1% damaged, ≥ 99% and
# ≥ 98% untouched). Since the guard judges word forms as whole words and confirms marginal word
# choices under a second masking (81b218d), multi's slice has 0 of 30 damaged: its bound is 1.
gate "$sets" 100 repair,clean 'repair_damaged<=0.03' 'clean_untouched>=0.97'
gate "$sets/multi" 30 repair,clean 'repair_damaged<=0.034' 'clean_untouched>=0.93'
gate "$sets/jfleg-dev" 100 repair 'repair_damaged<=0.04' 'gleu>=38.0'
echo "quality gate passed"
