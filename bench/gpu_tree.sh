#!/usr/bin/env bash
# Fit the working tree under the device tool's 64 MiB (tracked files plus the carry) for one call.
#
# The tracked tree is ~73 MB, of which policy's training data (prompts.jsonl, semantic_head.npz, 30 MB)
# and assay-shapes-1's weights (18 MB) are what no GPU recipe reads now that continuations start from
# generation/shapes/wip/assay-shapes-diverse; with var/gpu-carry (25 MB) the tool refuses the call.
# `slim` takes them out of git's index and excludes them (the files stay on disk, nothing is committed);
# `restore` puts the index and the exclude file back. Run restore straight after the call, before any
# commit: a commit made while slim would delete them from the repository. A recipe that does need
# assay-shapes-1 (`--init-from generation/shapes/assay-shapes-1`) must slim the wip folder instead.
#
#   bash bench/gpu_tree.sh slim && <device call> ; bash bench/gpu_tree.sh restore
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
FILES=(policy/data/prompts.jsonl policy/data/semantic_head.npz
       generation/shapes/assay-shapes-1/unet/diffusion_pytorch_model.safetensors
       generation/shapes/assay-shapes-1/vae/diffusion_pytorch_model.safetensors)
EXCLUDE=.git/info/exclude
case "${1:-}" in
    slim)
        git rm -q --cached "${FILES[@]}"
        printf '%s\n' "${FILES[@]}" >> "$EXCLUDE"
        echo "slim: ${FILES[*]} untracked for the call; run 'bash bench/gpu_tree.sh restore' after it"
        ;;
    restore)
        git reset -q -- "${FILES[@]}"
        for f in "${FILES[@]}"; do
            grep -vxF "$f" "$EXCLUDE" > "$EXCLUDE.tmp" || true
            mv "$EXCLUDE.tmp" "$EXCLUDE"
        done
        git status --short -- "${FILES[@]}"
        echo "restored"
        ;;
    *)
        echo "usage: bash bench/gpu_tree.sh slim|restore" >&2
        exit 2
        ;;
esac
