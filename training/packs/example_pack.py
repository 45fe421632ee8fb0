"""The example pack's head: a tiny SSM trained in seconds on the features of a few real clips.

    /usr/bin/python3 -m training.packs.example_pack --features FEATURE_CACHE --train-groups g08,g09,g10 --out HEAD.pt
        [--kind ssm] [--width 32] [--layers 1] [--state 8] [--steps 300]

FEATURE_CACHE is what scripts/extract-features.ts wrote for the clips bash training/packs/example-pack.sh picked.
Its in-scope clips (source "train") name the labels, their classes sorted by name; the head
(training.heads.model.TemporalHead) trains with training.heads.train.train_head on view 0 of the clips of
--train-groups only, all of them in every step (one step an epoch), and is saved as the checkpoint
training/packs/export_pack.py reads (export_pack.head_checkpoint).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import torch

from training.heads.data import load_cache
from training.heads.model import HeadConfig, TrainConfig, count_parameters
from training.heads.train import train_head
from training.packs.export_pack import head_checkpoint


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--features", required=True, type=Path)
    p.add_argument("--train-groups", required=True)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--kind", default="ssm", choices=["ssm", "lstm"])
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--state", type=int, default=8)
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(1)
    cache = load_cache(a.features)
    labels = sorted(set(cache.classes[cache.source == "train"]))
    groups = a.train_groups.split(",")
    train = cache.with_labels(labels)
    train = train.select(np.isin(train.groups, groups))
    missing = [c for c in labels if c not in set(train.classes)]
    if missing:
        raise SystemExit(f"no training clips of {missing} in groups {groups}")
    cfg = TrainConfig(head=HeadConfig(kind=a.kind, feature_dim=train.features.shape[-1], num_classes=len(labels),
                                      width=a.width, layers=a.layers, state=a.state),
                      epochs=a.steps, batch_size=len(train.keys), warmup_epochs=10, seed=a.seed,
                      frames=train.frames, views=1)
    started = time.perf_counter()
    model, hist = train_head(cfg, train)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    torch.save(head_checkpoint(model, labels, groups, cfg), a.out)
    print(f"trained {a.kind} w {a.width} × {a.layers} ({count_parameters(model)} parameters) on {len(train.keys)} clips "
          f"of {labels}, groups {groups}: {a.steps} steps in {time.perf_counter() - started:.1f} s, "
          f"final loss {hist.train_loss[-1]:.3f} → {a.out}")


if __name__ == "__main__":
    main()
