#!/usr/bin/env bash
# Train an assay-shapes model on a lent GPU (the full recipe, or TRAIN_ARGS), evaluate it, send it back.
#
# Here, once:   .venv/bin/python bench/gpu_prepare_shapes.py          (writes var/gpu-carry/, ~25 MB)
# Device tool:  run(command="bash bench/gpu_train_shapes.sh", carry=["var/gpu-carry"], timeout_s=600)
#               (the tracked tree plus the carry exceed the tool's 64 MiB: `bash bench/gpu_tree.sh slim`
#               before the call, `bash bench/gpu_tree.sh restore` straight after it; `slim --keep-shipped`
#               for a recipe with --init-from generation/shapes/assay-shapes-1, such as session 37's)
# Session 37's continuation (8.76 M samples in 9.3 min: compiled, batch 2048, 19.7 k samples/s; the model
# is generation/shapes/wip/assay-shapes-diverse, whose README has the figures), in two calls of one lease:
#   RUN=var/shapes-run TRAIN_ARGS="--preset cpu --init-from generation/shapes/assay-shapes-1
#     --unet-batch 2048 --bank-size 65536 --unet-lr 4e-4 --object-weight 5 --compile" MINUTES=7.3 SEED=9
#     REFINE_MINUTES=0 SKIP_EVAL=1                  (548 s; compilation took 1.8 min of the budget)
#   the same with RESUME=1 MINUTES=9.3 REFINE_MINUTES=0.75, at once on the warm machine (221 s: var/ kept
#   the run folder and the compile cache; the tool hands a machine back after 30 s idle).
# Next lent GPU: the same two calls with --init-from generation/shapes/wip/assay-shapes-diverse and a new
# SEED (a new bank of scenes; plain `bash bench/gpu_tree.sh slim` leaves assay-shapes-1's weights behind);
# evaluate the returned model here with guidance 3 and 5 and replace the wip folder only when it is better.
# Assumes the GPU image's python3 (torch >= 2.4 with CUDA, transformers 5, huggingface_hub >= 1.32,
# safetensors, scipy, Pillow, numpy) and nothing from a registry: diffusers and MiniLM travel in
# var/gpu-carry. TRAIN_ARGS (default "--preset full") picks the recipe, e.g. continuing the shipped model:
#   TRAIN_ARGS="--preset cpu --init-from generation/shapes/assay-shapes-1 --unet-batch 256 ..."
# MINUTES (default 5) is the training budget (a call may run 600 s: MINUTES=6 plus the bank, the refinement
# and the tar left no time for the evaluation in session 11; evaluate the returned model here instead); the wall clock adds ~1 min for the latent
# bank and checkpoints and ~1 min for the final evaluation (24 held-out prompts x 4 seeds, 20 steps,
# the folder's default guidance, through DiffusersBackend). What comes back in $OUT (at most 8 files of 16 MiB):
#   model.tar.part-aa, -ab, ...   the model folder (tar, split in 15 MB parts):
#                                 cat model.tar.part-* | tar -x -C var/shapes-gpu
#   metrics.json, contact_sheet.png, train.log, eval.log
set -uo pipefail
OUT=${OUT:-$PWD/var/gpu-out}
MINUTES=${MINUTES:-5}
SEED=${SEED:-0}
PY=${PYTHON:-python3}
# Dry run on a CPU (checks the carry and the script, not the recipe):
#   PYTHON=.venv/bin/python EXTRA_ARGS="--vae-steps 2 --unet-steps 2 --bank-size 64 --eval-prompts 1" \
#   EVAL_ARGS="--prompts 2 --seeds 1 --steps 2" REFINE_ARGS="--max-steps 2" bash bench/gpu_train_shapes.sh
EXTRA_ARGS=${EXTRA_ARGS:-}
EVAL_ARGS=${EVAL_ARGS:-}
REFINE_ARGS=${REFINE_ARGS:-}
RUN=${RUN:-/tmp/shapes-run}
# RESUME=1 continues RUN's checkpoint (a second call on the still-warm machine: RUN under the git-ignored
# var/ survives between calls) with MINUTES as the raised total budget.
RESUME=${RESUME:-0}
[ "$RESUME" = 1 ] || rm -rf "$RUN"
mkdir -p "$OUT" /tmp/site
tar -xzf var/gpu-carry/diffusers.tar.gz -C /tmp/site || exit 1
tar -xzf var/gpu-carry/minilm.tar.gz -C /tmp || exit 1
export PYTHONPATH="/tmp/site:$PWD/var/gpu-carry/site:$PWD" HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1
export ASSAY_MINILM_DIR=/tmp/minilm
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
"$PY" -c "import torch, diffusers, transformers, scipy; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'diffusers', diffusers.__version__, 'transformers', transformers.__version__)" || exit 1
ARGS=${TRAIN_ARGS:---preset full}
[ "$RESUME" = 1 ] || : > "$OUT/train.log"
train() {
    local resume=""
    [ "$RESUME" = 1 ] && resume="--resume"
    "$PY" -m generation.shapes.train --out "$RUN" --minutes "$MINUTES" --seed "$SEED" $ARGS \
        $EXTRA_ARGS $resume "$@" 2>&1 \
        | grep -v -e "should be kept in float32" -e "Expected types for text_encoder" | tee -a "$OUT/train.log"
    return "${PIPESTATUS[0]}"
}
if ! train && [[ " $ARGS " == *" --compile "* ]]; then
    # torch.compile failing on the image's torch must not cost the call: train eagerly instead, from the
    # checkpoint if one was written (its budget already counts the time spent), else afresh on what is
    # left of MINUTES (the latent bank is cached in RUN, so it is not encoded again).
    echo "compiled training failed; training eagerly" | tee -a "$OUT/train.log"
    ARGS=${ARGS//--compile/}
    if [ -f "$RUN/checkpoints/last.pt" ]; then
        RESUME=1
    else
        MINUTES=$(awk -v m="$MINUTES" -v s="$SECONDS" 'BEGIN { r = m - s / 60; print (r > 0.5 ? r : 0.5) }')
    fi
    train
fi
if [ -f "$RUN/model/model_index.json" ]; then
    # Third stage: the decoder on whole renders, encoder frozen (generation/shapes/refine.py).
    # REFINE_MINUTES=0 leaves it to a later call that resumes the run (SKIP_EVAL=1 leaves the evaluation).
    if awk -v m="${REFINE_MINUTES:-1}" 'BEGIN { exit !(m > 0) }'; then
        "$PY" -m generation.shapes.refine --model "$RUN/model" --out "$RUN/refine" --minutes "${REFINE_MINUTES:-1}" \
            --batch 32 --apply $REFINE_ARGS 2>&1 | grep -v "should be kept in float32" | tee "$OUT/refine.log"
    fi
    (cd "$RUN" && tar -cf /tmp/model.tar model && split -b 15M /tmp/model.tar "$OUT/model.tar.part-")
    if [ "${SKIP_EVAL:-0}" != 1 ]; then
        "$PY" bench/eval_shapes_model.py "$RUN/model" --out "$RUN/eval" $EVAL_ARGS 2>&1 \
            | grep -v -e "should be kept in float32" -e "Expected types for text_encoder" | tee "$OUT/eval.log"
        cp "$RUN/eval/metrics.json" "$RUN/eval/contact_sheet.png" "$OUT/" 2>/dev/null
    fi
fi
ls -la "$OUT"
