#!/usr/bin/env -S /usr/bin/python3
"""Trains a temporal head (or the per-frame linear-probe baseline) on cached backbone features.

    /usr/bin/python3 training/heads/train.py --kind ssm --width 128 [--frames 16] [--split holdout|all]

--split holdout  train on g08–g19, evaluate the canonical view of g20–g22 (default)
--split all      train on g08–g22 (what ships), no evaluation

Training samples one augmented view per clip per epoch (views 1..V−1 jitter times, crop and flip;
view 0 is the canonical one the app sees); loss is label-smoothed cross-entropy on every frame's
prediction, weighted towards later frames. Evaluation uses view 0 and the prediction after the
last frame, as the app does (src/pipeline/postprocess.ts: decideClip).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import torch
from torch import nn

from training.heads.data import HOLDOUT_GROUPS, LABELS, TRAIN_GROUPS, Cache, cache_dir, group_folds, in_distribution, load_cache
from training.heads.model import HeadConfig, TemporalHead, TrainConfig, count_parameters

OUT = Path(__file__).resolve().parents[2] / "training" / "out" / "heads"


class FrameProbe(nn.Module):
    """Baseline: LayerNorm + one linear layer applied to each frame independently."""

    def __init__(self, cfg: HeadConfig):
        super().__init__()
        self.norm = nn.LayerNorm(cfg.feature_dim)
        self.drop = nn.Dropout(cfg.feature_dropout)
        self.linear = nn.Linear(cfg.feature_dim, cfg.num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(self.drop(self.norm(x)))


def build_model(cfg: TrainConfig) -> nn.Module:
    torch.manual_seed(cfg.seed)
    return FrameProbe(cfg.head) if cfg.head.kind == "probe" else TemporalHead(cfg.head)


def clip_probabilities(model: nn.Module, kind: str, x: torch.Tensor) -> torch.Tensor:
    """[B, T, D] → the clip's class probabilities [B, C] as the app computes them."""
    logits = model(x)
    if kind == "probe":
        return logits.softmax(-1).mean(1)      # mean of per-frame probabilities
    return logits[:, -1].softmax(-1)           # causal head: the prediction after the last frame


@dataclass
class History:
    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    seconds: float = 0.0


def make_optimizer(cfg: TrainConfig, model: nn.Module) -> torch.optim.Optimizer:
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2 and not n.endswith((".b", ".c"))]
    rest = [p for n, p in model.named_parameters() if not (p.dim() >= 2 and not n.endswith((".b", ".c")))]
    groups = [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": rest, "weight_decay": 0.0}]
    if cfg.optimizer == "adamw":
        return torch.optim.AdamW(groups, lr=cfg.lr)
    if cfg.optimizer == "adam":
        return torch.optim.Adam([{"params": decay + rest}], lr=cfg.lr)
    if cfg.optimizer == "sgd":
        return torch.optim.SGD(groups, lr=cfg.lr, momentum=0.9, nesterov=True)
    raise ValueError(cfg.optimizer)


def train_head(cfg: TrainConfig, train: Cache, val: Cache | None = None) -> tuple[nn.Module, History]:
    """Trains on `train` (all its views); tracks loss/accuracy on the canonical view of `val` per epoch."""
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    model = build_model(cfg)
    opt = make_optimizer(cfg, model)
    X = torch.from_numpy(train.features[:, : cfg.views])        # [n, V, T, D]
    y = torch.from_numpy(train.labels())
    n, V, T = X.shape[0], X.shape[1], X.shape[2]
    steps_per_epoch = math.ceil(n / cfg.batch_size)
    total = cfg.epochs * steps_per_epoch
    warmup = cfg.warmup_epochs * steps_per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warmup if s < warmup else 0.5 * (1 + math.cos(math.pi * (s - warmup) / max(1, total - warmup))))
    frame_weights = torch.arange(1, T + 1, dtype=torch.float32)
    frame_weights = frame_weights / frame_weights.sum() if cfg.head.kind != "probe" else torch.full((T,), 1.0 / T)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=cfg.label_smoothing, reduction="none")
    hist = History()
    started = time.perf_counter()
    for _ in range(cfg.epochs):
        model.train()
        order = rng.permutation(n)
        views = rng.integers(0, V, size=n)
        epoch_loss = 0.0
        for s in range(steps_per_epoch):
            idx = order[s * cfg.batch_size:(s + 1) * cfg.batch_size]
            xb = X[idx, views[idx]]                                 # [B, T, D]
            yb = y[idx]
            logits = model(xb)                                      # [B, T, C]
            per_frame = loss_fn(logits.reshape(-1, logits.shape[-1]), yb.repeat_interleave(T)).view(-1, T)
            loss = (per_frame * frame_weights).sum(1).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            epoch_loss += loss.item() * len(idx)
        hist.train_loss.append(epoch_loss / n)
        if val is not None:
            probs = predict(model, cfg.head.kind, val)
            yv = val.labels()
            hist.val_loss.append(float(-np.log(probs[np.arange(len(yv)), yv] + 1e-12).mean()))
            hist.val_accuracy.append(float((probs.argmax(1) == yv).mean()))
    hist.seconds = time.perf_counter() - started
    model.eval()
    return model, hist


MODELS = OUT / "models"


def train_cached(cfg: TrainConfig, train: Cache) -> nn.Module:
    """train_head, memoised on disk by (recipe, training clips, their feature bytes): training/out/heads/models/<hash>.pt.
    Training is deterministic on the CPU (seeded, one thread), so a stored head is the head a rerun would train;
    studies that need the same head twice (a seed-0 member, a shipped fold head) train it once. Re-extracted
    features change the key, so a stale head is never reused."""
    h = hashlib.sha1(json.dumps([cfg.to_dict(), train.keys], sort_keys=True).encode())
    h.update(np.ascontiguousarray(train.features[:, : cfg.views]).data)
    key = h.hexdigest()[:16]
    path = MODELS / f"{cfg.head.kind}-{key}.pt"
    model = build_model(cfg)
    if path.exists():
        model.load_state_dict(torch.load(path)["state"])
        return model.eval()
    model, _ = train_head(cfg, train)
    MODELS.mkdir(parents=True, exist_ok=True)
    torch.save({"config": cfg.head.to_dict(), "train": cfg.to_dict(), "groups": sorted(set(train.groups)),
                "state": model.state_dict()}, path)
    return model


def train_members(cfg: TrainConfig, train: Cache, ensemble: str = "none", members: int = 1) -> list[nn.Module]:
    """The heads a prediction is averaged over.
    none: one head on all of `train`. seed: `members` heads on all of `train`, seeds cfg.seed … cfg.seed + members − 1.
    fold: `members` heads, head i trained without the i-th block of `train`'s groups (data.group_folds): the fold heads
    of a group `members`-fold CV over `train`, the way the shipped fold ensemble is made from g08–g22."""
    if ensemble == "none":
        return [train_cached(cfg, train)]
    if ensemble == "seed":
        return [train_cached(replace(cfg, seed=cfg.seed + m), train) for m in range(members)]
    if ensemble == "fold":
        return [train_cached(cfg, train.select(tr)) for tr, _ in group_folds(train.groups, sorted(set(train.groups)), members)]
    raise ValueError(ensemble)


@torch.no_grad()
def predict(model: nn.Module, kind: str, data: Cache, view: int = 0) -> np.ndarray:
    model.eval()
    return clip_probabilities(model, kind, torch.from_numpy(data.features[:, view])).numpy()


def ece(conf: np.ndarray, correct: np.ndarray, bins: int = 15) -> float:
    """Expected calibration error, equal-width bins (same definition as src/pipeline/metrics.ts)."""
    b = np.minimum(bins - 1, np.floor(conf * bins).astype(int))
    total = 0.0
    for k in range(bins):
        m = b == k
        if m.any():
            total += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return float(total)


def evaluate(probs: np.ndarray, y: np.ndarray, labels: list[str] | tuple[str, ...] = tuple(LABELS)) -> dict:
    pred = probs.argmax(1)
    C = len(labels)
    confusion = np.zeros((C, C), dtype=int)
    for t, p in zip(y, pred):
        confusion[t, p] += 1
    per_class, f1s = {}, []
    for c, name in enumerate(labels):
        tp = confusion[c, c]
        support, predicted = confusion[c].sum(), confusion[:, c].sum()
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[name] = {"precision": round(float(precision), 4), "recall": round(float(recall), 4),
                           "f1": round(float(f1), 4), "support": int(support)}
        f1s.append(f1)
    return {
        "n": int(len(y)),
        "accuracy": round(float((pred == y).mean()), 4),
        "macroF1": round(float(np.mean(f1s)), 4),
        "minRecall": round(float(min(v["recall"] for v in per_class.values())), 4),
        "ece": round(ece(probs.max(1), pred == y), 4),
        "perClass": per_class,
        "confusion": confusion.tolist(),
    }


def split(cache: Cache, which: str) -> tuple[Cache, Cache | None]:
    ind = in_distribution(cache)
    if which == "holdout":
        return ind.select(np.isin(ind.groups, TRAIN_GROUPS)), ind.select(np.isin(ind.groups, HOLDOUT_GROUPS))
    return ind.select(np.isin(ind.groups, TRAIN_GROUPS + HOLDOUT_GROUPS)), None


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kind", default="ssm", choices=["ssm", "lstm", "probe"])
    p.add_argument("--width", type=int, default=128)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--state", type=int, default=16)
    p.add_argument("--frames", type=int, default=16)
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--split", default="holdout", choices=["holdout", "all"])
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    cfg = TrainConfig(head=HeadConfig(kind=a.kind, width=a.width, layers=a.layers, state=a.state),
                      epochs=a.epochs, lr=a.lr, seed=a.seed, frames=a.frames)
    cache = load_cache(cache_dir(a.frames))
    train, val = split(cache, a.split)
    model, hist = train_head(cfg, train, val)
    report = {"config": cfg.to_dict(), "parameters": count_parameters(model), "seconds": round(hist.seconds, 1),
              "trainLoss": hist.train_loss[-1]}
    if val is not None:
        report["holdout"] = evaluate(predict(model, a.kind, val), val.labels())
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
