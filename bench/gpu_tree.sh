#!/usr/bin/env bash
# Fit the working tree under the device tool's 64 MiB (tracked files plus the carry) for one call.
#
# The tracked tree is ~83 MB: policy's training data (prompts.jsonl, short_prompts.jsonl and the two
# semantic heads, 39 MB), which no GPU recipe reads, and two model folders' weights of 18 MB each, of
# which a recipe reads one; with var/gpu-carry (25 MB) the tool refuses the call. `slim` takes the data and one folder's weights out of
# git's index and excludes them (the files stay on disk, nothing is committed): assay-shapes-1's by default
# (continuing generation/shapes/wip/assay-shapes-diverse), the wip folder's with --keep-shipped (a recipe
# with --init-from generation/shapes/assay-shapes-1). `restore` puts the index and the exclude file back.
# Run restore straight after the call, before any commit: a commit made while slim would delete them from
# the repository.
#
#   bash bench/gpu_tree.sh slim [--keep-shipped] && <device call> ; bash bench/gpu_tree.sh restore
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
DATA=(policy/data/prompts.jsonl policy/data/semantic_head.npz policy/data/short_prompts.jsonl
      policy/data/semantic_head_short.npz)
SHIPPED=(generation/shapes/assay-shapes-1/unet/diffusion_pytorch_model.safetensors
         generation/shapes/assay-shapes-1/vae/diffusion_pytorch_model.safetensors)
WIP=(generation/shapes/wip/assay-shapes-diverse/unet/diffusion_pytorch_model.safetensors
     generation/shapes/wip/assay-shapes-diverse/vae/diffusion_pytorch_model.safetensors)
EXCLUDE=.git/info/exclude
case "${1:-}" in
    slim)
        if [ "${2:-}" = --keep-shipped ]; then
            FILES=("${DATA[@]}" "${WIP[@]}")
        else
            FILES=("${DATA[@]}" "${SHIPPED[@]}")
        fi
        git rm -q --cached "${FILES[@]}"
        printf '%s\n' "${FILES[@]}" >> "$EXCLUDE"
        echo "slim: ${FILES[*]} untracked for the call; run 'bash bench/gpu_tree.sh restore' after it"
        ;;
    restore)
        FILES=("${DATA[@]}" "${SHIPPED[@]}" "${WIP[@]}")
        git reset -q -- "${FILES[@]}"
        for f in "${FILES[@]}"; do
            grep -vxF "$f" "$EXCLUDE" > "$EXCLUDE.tmp" || true
            mv "$EXCLUDE.tmp" "$EXCLUDE"
        done
        git status --short -- "${FILES[@]}"
        echo "restored"
        ;;
    *)
        echo "usage: bash bench/gpu_tree.sh slim [--keep-shipped] | restore" >&2
        exit 2
        ;;
esac
