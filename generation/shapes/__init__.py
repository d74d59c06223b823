"""Assay's own small text-to-image model, `assay-shapes-1`: procedural data, recipe, training, evaluation.

`data` renders one-shape scenes and their captions (pure numpy + Pillow); `recipe` holds the model and
scheduler configurations; `train` trains the VAE then the UNet and writes an Assay model folder;
`evaluate` scores generated images with a pixel-rule attribute checker; `scorer` is the image-text model
that ranks `best_of` candidates, trained by `train_scorer`. Only `train`, `evaluate`, `scorer` and
`train_scorer` import torch (worker-side tools, never the web process).
"""
