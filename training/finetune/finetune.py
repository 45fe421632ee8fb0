#!/usr/bin/env -S /usr/bin/python3
"""Fine-tunes the ImageNet MobileNetV2's last blocks on ucf101-6, then trains the heads on its features.

    /usr/bin/python3 training/finetune/finetune.py parity                           → tests/fixtures/finetune-parity.json,
                                                                                      then runs tests/finetune
    /usr/bin/python3 training/finetune/finetune.py evaluate [--splits holdout,cv5]  → training/out/finetune/eval.json

Input: the frozen feature cache with block 16's output [160,7,7] per frame beside the features, written by
    /usr/bin/python3 training/finetune/finetune.py tap
    npx tsx scripts/extract-features.ts --backbone training/out/finetune/tap/fp32.onnx --tap 452 \
        --extra training/out/synthetic --out training/out/features/mobilenetv2-imagenet-fp32-T16
(the tap graph computes the same features, byte for byte, as the shipped fp32 backbone).

Tuning (per split, on the split's training groups only): block 17 and the 1×1 conv to 1280 (`mobilenet.tunable_tail`)
plus a linear classifier on the pooled features; TSN-style, each step takes `frames_per_clip` random frames of
one random view per clip and averages their logits; first `probe_epochs` train the classifier alone (LP-FT), then
everything, with an L2 pull towards the ImageNet weights (L2-SP) instead of weight decay. The tuned tail then
turns every cached tap into features, and the heads (training/heads, RECIPE) train on those exactly as on
frozen features. So a held-out fold is never seen by the backbone or by the heads.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
from training.finetune import mobilenet
from training.heads.data import ALL_GROUPS, FEATURES, HOLDOUT_GROUPS, LABELS, TRAIN_GROUPS, Cache, group_folds, load_cache
from training.heads.experiments import RECIPE, with_kind
from training.heads.train import evaluate, predict, train_head

TAP_CACHE = FEATURES / "mobilenetv2-imagenet-fp32-T16"
OUT = REPO / "training" / "out" / "finetune"
PARITY_FIXTURE = REPO / "tests" / "fixtures" / "finetune-parity.json"
DATA = REPO.parent / "shared" / "data" / "ucf101-6"
# Real frames for the parity fixture: (clip, second); a held-out Archery clip and a violin clip.
PARITY_FRAMES = [("Archery/v_Archery_g20_c01.avi", 1.0), ("PlayingViolin/v_PlayingViolin_g20_c01.avi", 2.0)]


@dataclass
class TuneConfig:
    epochs: int = 12
    probe_epochs: int = 2
    clips_per_batch: int = 16
    frames_per_clip: int = 4
    lr: float = 3e-4            # tail
    head_lr: float = 3e-3       # linear classifier
    l2sp: float = 1e-2          # pull towards the ImageNet weights, per parameter element (mean)
    dropout: float = 0.3
    label_smoothing: float = 0.1
    frame_loss: int = 0         # 1: every sampled frame is classified on its own (harder than the clip mean)
    window: int = 7             # < 7: pool a random window×window patch of the 7×7 map while training
    seed: int = 0


def load_taps(cache: Cache) -> np.ndarray:
    """[clips, views, T, 160, 7, 7] float32 of block 16's output, in `cache` order."""
    tap = cache.index["tap"]
    shape = (cache.index["views"], cache.frames, *tap["shape"])
    out = np.empty((len(cache.keys), *shape), dtype=np.float32)
    for i, key in enumerate(cache.keys):
        out[i] = np.fromfile(TAP_CACHE / "clips" / f"{key}.tap.f32", dtype="<f4").reshape(shape)
    return out


class ClipTuner(nn.Module):
    def __init__(self, tail: nn.Sequential, cfg: TuneConfig):
        super().__init__()
        self.tail = tail
        self.cfg = cfg
        self.drop = nn.Dropout(cfg.dropout)
        self.classifier = nn.Linear(1280, len(LABELS))

    def forward(self, taps: torch.Tensor) -> torch.Tensor:
        """[B, K, 160, 7, 7] → logits [B, K, C], one per frame."""
        B, K = taps.shape[:2]
        maps = self.tail[:-2](taps.flatten(0, 1))                 # [B·K, 1280, 7, 7], before pooling
        w = self.cfg.window
        if self.training and w < maps.shape[-1]:
            i, j = np.random.randint(0, maps.shape[-1] - w + 1, size=2)
            maps = maps[..., i:i + w, j:j + w]
        feats = maps.mean((-2, -1))
        return self.classifier(self.drop(feats)).view(B, K, -1)


def tune(taps: np.ndarray, labels: np.ndarray, cfg: TuneConfig, log=print) -> nn.Module:
    """Trains on these clips only; returns the tuned tail (tap → 1280-d features)."""
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    net = mobilenet.build()
    np.random.seed(cfg.seed)
    model = ClipTuner(mobilenet.tunable_tail(net), cfg)
    anchor = [p.detach().clone() for p in model.tail.parameters()]
    opt = torch.optim.Adam([{"params": model.tail.parameters(), "lr": cfg.lr},
                            {"params": model.classifier.parameters(), "lr": cfg.head_lr}])
    n, V, T = taps.shape[:3]
    steps = math.ceil(n / cfg.clips_per_batch)
    total = cfg.epochs * steps
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + math.cos(math.pi * s / total)))
    loss_fn = nn.CrossEntropyLoss(label_smoothing=cfg.label_smoothing)
    y = torch.from_numpy(labels)
    started = time.perf_counter()
    for epoch in range(cfg.epochs):
        tail_frozen = epoch < cfg.probe_epochs
        for p in model.tail.parameters():
            p.requires_grad_(not tail_frozen)
        model.train()
        order = rng.permutation(n)
        total_loss, correct = 0.0, 0
        for s in range(steps):
            idx = order[s * cfg.clips_per_batch:(s + 1) * cfg.clips_per_batch]
            views = rng.integers(0, V, size=len(idx))
            frames = np.stack([rng.choice(T, cfg.frames_per_clip, replace=False) for _ in idx])
            xb = torch.from_numpy(taps[idx[:, None], views[:, None], frames])   # [B, K, 160, 7, 7]
            frame_logits = model(xb)                                            # [B, K, C]
            if cfg.frame_loss:
                logits = frame_logits.flatten(0, 1)
                target = y[idx].repeat_interleave(frame_logits.shape[1])
            else:
                logits, target = frame_logits.mean(1), y[idx]
            loss = loss_fn(logits, target)
            if not tail_frozen:
                loss = loss + cfg.l2sp * sum(((p - a) ** 2).mean() for p, a in zip(model.tail.parameters(), anchor))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total_loss += loss.item() * len(idx)
            correct += float((logits.argmax(1) == target).float().mean()) * len(idx)
        log(f"  tune epoch {epoch + 1}/{cfg.epochs}{' (classifier only)' if tail_frozen else ''}: "
            f"loss {total_loss / n:.4f}, train acc {correct / n:.3f} ({'frames' if cfg.frame_loss else 'clips'}), "
            f"{time.perf_counter() - started:.0f} s")
    model.eval()
    return model.tail


@torch.no_grad()
def featurize(tail: nn.Module, taps: np.ndarray, batch: int = 512) -> np.ndarray:
    """Every cached tap through the tail: [clips, views, T, 1280]."""
    tail.eval()
    flat = taps.reshape(-1, *taps.shape[3:])
    out = np.empty((flat.shape[0], 1280), dtype=np.float32)
    for s in range(0, flat.shape[0], batch):
        out[s:s + batch] = tail(torch.from_numpy(flat[s:s + batch])).numpy()
    return out.reshape(*taps.shape[:3], 1280)


def with_features(cache: Cache, features: np.ndarray) -> Cache:
    return Cache(features, cache.source, cache.classes, cache.groups, cache.keys, cache.index)


def run_split(data: Cache, taps: np.ndarray, train_mask: np.ndarray, val_mask: np.ndarray,
              cfg: TuneConfig, kinds: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Tune on train_mask, featurize, train every head kind on train_mask; probabilities on val_mask."""
    t0 = time.perf_counter()
    tail = tune(taps[train_mask], data.labels()[train_mask], cfg)
    tuned = with_features(data, featurize(tail, taps))
    print(f"  tuned + featurized in {time.perf_counter() - t0:.0f} s", flush=True)
    out = {}
    for kind in kinds:
        model, _ = train_head(with_kind(RECIPE, kind), tuned.select(train_mask))
        out[kind] = predict(model, kind, tuned.select(val_mask))
    return out


def tune_config(args) -> TuneConfig:
    return TuneConfig(**{k: v for k, v in vars(args).items() if k in TuneConfig.__dataclass_fields__ and v is not None})


def cmd_evaluate(args) -> None:
    cfg = tune_config(args)
    cache = load_cache(TAP_CACHE)
    data = cache.select(cache.source == "train")
    taps = load_taps(data)
    kinds = tuple(args.kinds.split(","))
    report: dict = {"tune": asdict(cfg), "recipe": RECIPE.to_dict()}
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / (args.report or "eval.json")
    y = data.labels()
    if "holdout" in args.splits:
        started = time.perf_counter()
        probs = run_split(data, taps, np.isin(data.groups, TRAIN_GROUPS), np.isin(data.groups, HOLDOUT_GROUPS), cfg, kinds)
        yv = y[np.isin(data.groups, HOLDOUT_GROUPS)]
        report["holdout"] = {k: evaluate(p, yv) for k, p in probs.items()}
        report["holdout"]["seconds"] = round(time.perf_counter() - started, 1)
        for k in kinds:
            h = report["holdout"][k]
            print(f"holdout {k}: acc {h['accuracy']} macroF1 {h['macroF1']} minRecall {h['minRecall']} ece {h['ece']}",
                  flush=True)
        path.write_text(json.dumps(report, indent=1))
    if "cv5" in args.splits:
        started = time.perf_counter()
        pooled = {k: np.zeros((len(y), len(LABELS)), dtype=np.float32) for k in kinds}
        folds = {k: [] for k in kinds}
        for f, (tr, va) in enumerate(group_folds(data.groups, ALL_GROUPS, 5)):
            print(f"fold {f + 1}/5", flush=True)
            probs = run_split(data, taps, tr, va, cfg, kinds)
            for k in kinds:
                pooled[k][va] = probs[k]
                folds[k].append(evaluate(probs[k], y[va]))
                print(f"  fold {f + 1} {k}: acc {folds[k][-1]['accuracy']}", flush=True)
        report["cv5"] = {k: {"accuracy_mean": float(np.mean([m["accuracy"] for m in folds[k]])),
                             "accuracy_std": float(np.std([m["accuracy"] for m in folds[k]])),
                             "macroF1_mean": float(np.mean([m["macroF1"] for m in folds[k]])),
                             "minRecall_mean": float(np.mean([m["minRecall"] for m in folds[k]])),
                             "ece_mean": float(np.mean([m["ece"] for m in folds[k]])),
                             "pooled": evaluate(pooled[k], y)} for k in kinds}
        report["cv5"]["seconds"] = round(time.perf_counter() - started, 1)
        for k in kinds:
            c = report["cv5"][k]
            print(f"cv5 {k}: acc {c['accuracy_mean']:.4f} ± {c['accuracy_std']:.4f} macroF1 {c['macroF1_mean']:.4f} "
                  f"pooled min recall {c['pooled']['minRecall']}", flush=True)
        path.write_text(json.dumps(report, indent=1))


def cmd_tap(args) -> None:
    """The fp32 backbone with block 16's output exposed, beside its backbone.json, for the extractor's --tap."""
    path = OUT / "tap" / "fp32.onnx"
    mobilenet.write_tap_model(path)
    (path.parent / "backbone.json").write_bytes((mobilenet.FP32_BACKBONE.parent / "backbone.json").read_bytes())
    print(f"wrote {path.relative_to(REPO)}: outputs features, logits, {mobilenet.TAP_TENSOR}")


def real_frame(clip: Path, second: float, size: int = 224) -> np.ndarray:
    """One decoded RGB frame, short side 256 then centre crop (any real frame will do: both sides get the same bytes)."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-ss", str(second), "-i", str(clip), "-frames:v", "1",
                          "-vf", f"scale=-2:256,crop={size}:{size}", "-pix_fmt", "rgb24", "-f", "rawvideo", "-"],
                         check=True, capture_output=True).stdout
    if len(raw) != size * size * 3:
        raise SystemExit(f"{clip}: expected one {size}×{size} frame at {second} s, got {len(raw)} bytes")
    return np.frombuffer(raw, dtype=np.uint8).reshape(size, size, 3)


def normalize(rgb: np.ndarray, norm: dict) -> torch.Tensor:
    x = rgb.astype(np.float32) / np.float32(norm["scale"])
    x = (x - np.array(norm["mean"], np.float32)) / np.array(norm["std"], np.float32)
    return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))


def b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode()


def cmd_parity(args) -> None:
    """Golden fixture: real frames, and what torchvision's MobileNetV2 computes from them with the shipped
    ImageNet weights. tests/finetune runs the ONNX file on the same bytes and must agree."""
    info = json.loads((mobilenet.FP32_BACKBONE.parent / "backbone.json").read_text())
    rgb = np.stack([real_frame(DATA / clip, sec) for clip, sec in PARITY_FRAMES])
    x = normalize(rgb, info["normalization"])
    net = mobilenet.build()
    with torch.no_grad():
        feats = mobilenet.features(net, x)
        logits = net.classifier(feats)
    fixture = {"onnx": str(mobilenet.FP32_BACKBONE.relative_to(REPO)), "size": 224,
               "normalization": info["normalization"], "tolerance": 1e-4,
               "frames": [{"clip": c, "second": s} for c, s in PARITY_FRAMES], "rgb": b64(rgb),
               "features": b64(feats.numpy()), "logits": b64(logits.numpy()), "top1": logits.argmax(1).tolist()}
    PARITY_FIXTURE.write_text(json.dumps(fixture, indent=1))
    print(f"wrote {PARITY_FIXTURE.relative_to(REPO)}; ImageNet top-1 {fixture['top1']}")
    subprocess.run(["npx", "vitest", "run", "tests/finetune"], cwd=REPO, check=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", choices=["tap", "parity", "evaluate"])
    p.add_argument("--splits", default="holdout,cv5")
    p.add_argument("--kinds", default="probe,ssm,lstm")
    p.add_argument("--report")
    for name, f in TuneConfig.__dataclass_fields__.items():
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, type=type(f.default))
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    started = time.perf_counter()
    {"tap": cmd_tap, "parity": cmd_parity, "evaluate": cmd_evaluate}[args.command](args)
    print(f"{args.command}: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
