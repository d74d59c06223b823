#!/usr/bin/env bash
# Build a moderator variant in a git worktree of its own, every model fitted again in the shipped order,
# so that it can be snapshotted beside the shipped moderator (bench/moderation_snapshot.py).
#
#   git worktree add /tmp/variant HEAD
#   (edit /tmp/variant: e.g. add a seed batch to the lists in policy/data/seeds/__init__.py)
#   bash bench/moderator_variant.sh /tmp/variant [train_child_head options]   # ~30 min on 2 cores
#   (cd /tmp/variant && .venv/bin/python bench/moderation_snapshot.py snapshot /tmp/after.jsonl)
#
# The chain: the data rebuilt, the encoder tuned again (the longest step), its ONNX export, the tuned
# head, the packaged and short heads (over the packaged encoder, which no batch moves: one cache serves
# both, and a cache of the packaged encoder's vectors may be reused between variants), then the child
# reading (by default `--lists 6 --quantile 0.99`, as shipped; over an encoder tuned again, e.g.
# `--lists 7 --choose-quantile 0.97,0.975,0.98,0.985,0.99` chooses on development data). The worktree
# shares this checkout's .venv and copies its built encoder folder (gitignored) first.
set -euo pipefail
TREE=$(realpath "${1:?usage: bench/moderator_variant.sh WORKTREE [train_child_head options]}")
shift
MAIN=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
CACHE=${CACHE:-$TREE/var}
[ -e "$TREE/.venv" ] || ln -s "$MAIN/.venv" "$TREE/.venv"
[ -d "$TREE/policy/data/encoder" ] || cp -r "$MAIN/policy/data/encoder" "$TREE/policy/data/"
mkdir -p "$CACHE"
cd "$TREE"
export HF_HUB_OFFLINE=1
python=.venv/bin/python
step() { echo "== $(date -u +%T) $*"; "$@"; }
step $python -m policy.data.build_prompts
step $python -m policy.tune_encoder
step $python -m policy.build_encoder --force
step $python -m policy.train_semantic --cache "$CACHE/tuned.npz"
step $python -m policy.train_semantic --packaged --cache "$CACHE/packaged.npz"
step $python -m policy.train_semantic --short --cache "$CACHE/packaged.npz"
step $python -m policy.train_child_head "$@"
echo "== $(date -u +%T) done: $TREE"
