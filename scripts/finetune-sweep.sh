#!/usr/bin/env bash
# The CXR fine-tuning sweep behind the shipped model, as run: each line one run (checkpointed, resumable), then the
# selection on validation alone, then the one test scoring. About 45 min on one core of this machine, of which the
# whole-backbone run is 35. Needs the frozen heads first (npm run train -- --task cxr).
set -euo pipefail
cd "$(dirname "$0")/.."
run() { npm run --silent finetune -- --task cxr --cache-only "$@"; }
run --start v1-pw13-linear --head-lr 0.001 --backbone-lr 0.0001   # first trial: top 2 blocks from the linear head
for lr in "0.001 0.0001" "0.0003 0.00003" "0.0001 0.00001"; do
  set -- $lr
  run --train-from conv_dw_12 --head-lr "$1" --backbone-lr "$2"   # top 2 blocks
  run --train-from conv_dw_13 --head-lr "$1" --backbone-lr "$2"   # top block
done
run --train-from conv_pw_13 --head-lr 0.0003 --backbone-lr 0.00003        # last pointwise conv only
run --train-from conv_pw_13_relu --head-lr 0.0003 --backbone-lr 0.00003   # control: head only, on augmented maps
run --frozen input_1 --head-lr 0.0003 --backbone-lr 0.00003               # whole backbone, augmented on the fly
npm run finetune:select -- --task cxr
npm run evaluate -- --task cxr
