#!/usr/bin/env -S /usr/bin/python3
"""Calibration of the temporal heads on out-of-fold predictions, and the label-smoothing study.

    /usr/bin/python3 training/heads/calibrate.py oof [--smoothing 0.1,0.0] [--threads 1]
        → training/out/heads/oof/<kind>-ls<s>.npz   (group 5-fold CV, shipped recipe but label smoothing s)
    /usr/bin/python3 training/heads/calibrate.py fit [--smoothing 0.1]
        → training/out/heads/calibration.json (temperature, unsureBelow, ECE per head, for the manifest),
          training/out/heads/calibration-study.json, docs/reliability.png

oof: for every fold of group 5-fold CV over g08–g22 (training/heads/data.py: group_folds, 3 groups a fold),
trains the head with the shipped recipe (experiments.RECIPE, seed 0, as experiments.py evaluate does) on the
other four folds and keeps, for the held-out fold's clips, the logits after the last of 16 frames of the
canonical view (what the app decides on), plus that fold model's logits and penultimate features (the
temporal block's last-frame output) for every out-of-scope clip (ucf101-other, lavfi, hard negatives).

fit: a temperature T per head minimising the NLL of softmax(logits / T) over all 443 out-of-fold logits
(1-D search over log T). Reported ECE "after" is cross-fitted: fold f's logits are scaled by the temperature
fitted on the other four folds' logits, so no clip calibrates itself. ECE: 15 equal-width bins (train.ece).
AUROC of confidence for correctness: P(conf of a right answer > conf of a wrong one).
unsureBelow: see choose_unsure().
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data import ALL_GROUPS, LABELS, Cache, cache_dir, group_folds, load_cache  # noqa: E402
from experiments import RECIPE, with_kind  # noqa: E402
from train import ece, train_head  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "training" / "out" / "heads"
OOF = OUT / "oof"
DOCS = REPO / "docs"
HARDNEG = REPO / "training" / "out" / "features" / "hardneg-fp32-T16"


def load_all() -> tuple[Cache, Cache]:
    """In-scope clips (g08–g22) and every out-of-scope clip (ucf101-other, synthetic, hard negatives if extracted)."""
    cache = load_cache(cache_dir(RECIPE.frames))
    ind = cache.select((cache.source == "train") & np.isin(cache.groups, ALL_GROUPS))
    ood = cache.select(cache.source != "train")
    if (HARDNEG / "index.json").exists():
        hn = load_cache(HARDNEG)
        hn = Cache(hn.features[:, :1].repeat(ood.features.shape[1], 1) if hn.features.shape[1] < ood.features.shape[1] else hn.features,
                   np.array(["hardneg"] * len(hn.keys)), hn.classes, hn.groups, hn.keys, hn.index)
        ood = Cache(np.concatenate([ood.features, hn.features]), np.concatenate([ood.source, hn.source]),
                    np.concatenate([ood.classes, hn.classes]), np.concatenate([ood.groups, hn.groups]),
                    ood.keys + hn.keys, ood.index)
    return ind, ood


@torch.no_grad()
def last_logits_and_penultimate(head, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    head.eval()
    t = torch.from_numpy(np.ascontiguousarray(x))
    pen = head.temporal(head.connector(t))[:, -1]
    return head.classifier(pen).numpy(), pen.numpy()


def cmd_oof(a) -> None:
    OOF.mkdir(parents=True, exist_ok=True)
    ind, ood = load_all()
    y = ind.labels()
    folds = group_folds(ind.groups, ALL_GROUPS, 5)
    for s in [float(v) for v in a.smoothing.split(",")]:
        for kind in a.kinds.split(","):
            path = OOF / f"{kind}-ls{s:g}.npz"
            if path.exists() and not a.force:
                print(f"{path.name} exists; skipped"); continue
            cfg = replace(with_kind(RECIPE, kind), label_smoothing=s)
            logits = np.zeros((len(y), len(LABELS)), np.float32)
            pen = np.zeros((len(y), cfg.head.width), np.float32)
            fold = np.zeros(len(y), np.int64)
            ood_logits, ood_pen = [], []
            started = time.perf_counter()
            for i, (tr, va) in enumerate(folds):
                head, _ = train_head(cfg, ind.select(tr))
                logits[va], pen[va] = last_logits_and_penultimate(head, ind.features[va, 0])
                fold[va] = i
                lo, po = last_logits_and_penultimate(head, ood.features[:, 0])
                ood_logits.append(lo); ood_pen.append(po)
            acc = float((logits.argmax(1) == y).mean())
            np.savez(path, logits=logits, penultimate=pen, fold=fold, labels=y, keys=np.array(ind.keys),
                     groups=ind.groups, ood_logits=np.stack(ood_logits), ood_penultimate=np.stack(ood_pen),
                     ood_keys=np.array(ood.keys), ood_source=ood.source, ood_groups=ood.groups)
            print(f"{kind} label smoothing {s:g}: CV5 pooled accuracy {acc:.4f} ({int((logits.argmax(1) == y).sum())}/{len(y)}), "
                  f"{time.perf_counter() - started:.0f} s", flush=True)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def nll(logits: np.ndarray, y: np.ndarray, T: float) -> float:
    z = logits / T
    z = z - z.max(1, keepdims=True)
    return float(-(z[np.arange(len(y)), y] - np.log(np.exp(z).sum(1))).mean())


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    grid = np.exp(np.linspace(np.log(0.05), np.log(20), 401))
    best = grid[int(np.argmin([nll(logits, y, T) for T in grid]))]
    fine = best * np.exp(np.linspace(-0.02, 0.02, 201))
    return float(fine[int(np.argmin([nll(logits, y, T) for T in fine]))])


def auroc_correct(conf: np.ndarray, correct: np.ndarray) -> float | None:
    r, w = conf[correct], conf[~correct]
    if len(r) == 0 or len(w) == 0:
        return None
    return float((r[:, None] > w[None]).mean() + 0.5 * (r[:, None] == w[None]).mean())


def choose_unsure(conf: np.ndarray, correct: np.ndarray, level: float, min_count: int) -> tuple[float, dict]:
    """The highest confidence c on a 0.01 grid in [0.50, 0.99] such that the out-of-fold answers with calibrated
    confidence below c are right less than `level` of the time, counting only c with at least min_count answers
    below it (so that a rate exists): below c the head is wrong more than 1 time in 1/(1 − level). If no c
    qualifies, c = level itself (a calibrated confidence below `level` means under `level` right)."""
    rows = []
    for c in np.round(np.arange(0.50, 0.99001, 0.01), 2):
        m = conf < c
        rows.append({"below": float(c), "n": int(m.sum()), "wrong": int((~correct[m]).sum()),
                     "accuracy": float(correct[m].mean()) if m.any() else None})
    ok = [r for r in rows if r["n"] >= min_count and r["accuracy"] < level]
    chosen = max(ok, key=lambda r: r["below"])["below"] if ok else level
    return chosen, {"rule": f"highest c in 0.50–0.99 with accuracy(conf < c) < {level:g} over ≥ {min_count} answers "
                            f"(else {level:g})", "table": rows}


def reliability(conf: np.ndarray, correct: np.ndarray, bins: int = 15) -> list[dict]:
    b = np.minimum(bins - 1, np.floor(conf * bins).astype(int))
    return [{"lo": k / bins, "hi": (k + 1) / bins, "n": int((b == k).sum()),
             "conf": float(conf[b == k].mean()) if (b == k).any() else None,
             "acc": float(correct[b == k].mean()) if (b == k).any() else None} for k in range(bins)]


def study(path: Path, level: float, min_count: int) -> dict:
    d = np.load(path)
    logits, y, fold = d["logits"].astype(np.float64), d["labels"], d["fold"]
    pred = logits.argmax(1)
    correct = pred == y
    T = fit_temperature(logits, y)
    p_raw = softmax(logits)
    p_cal = softmax(logits / T)
    # Cross-fitted: fold f scaled by the temperature fitted on the other folds.
    p_cross = np.zeros_like(p_raw)
    fold_T, per_fold = [], []
    for f in np.unique(fold):
        m = fold == f
        Tf = fit_temperature(logits[~m], y[~m])
        fold_T.append(Tf)
        p_cross[m] = softmax(logits[m] / Tf)
        per_fold.append({"fold": int(f), "n": int(m.sum()), "accuracy": float(correct[m].mean()), "T": round(Tf, 4),
                         "eceBefore": round(ece(p_raw[m].max(1), correct[m]), 4),
                         "eceAfter": round(ece(p_cross[m].max(1), correct[m]), 4)})
    conf_raw, conf_cross, conf_cal = p_raw.max(1), p_cross.max(1), p_cal.max(1)
    # Chosen on the confidences the app will compute (the one shipped temperature); the cross-fitted ones are reported too.
    unsure, unsure_table = choose_unsure(conf_cal, correct, level, min_count)
    ood_l = d["ood_logits"].astype(np.float64)                      # [folds, n_ood, C]
    ood_conf = np.mean([softmax(l / T).max(1) for l in ood_l], 0)   # mean over the 5 fold heads
    src = d["ood_source"]
    return {
        "file": path.name, "n": int(len(y)), "correct": int(correct.sum()), "accuracy": float(correct.mean()),
        "foldAccuracy": [round(float(correct[fold == f].mean()), 4) for f in np.unique(fold)],
        "temperature": round(T, 4), "foldTemperatures": [round(t, 4) for t in fold_T],
        "nllBefore": round(nll(logits, y, 1.0), 4), "nllAfter": round(nll(logits, y, T), 4),
        "eceBefore": round(ece(conf_raw, correct), 4), "eceAfterCrossFitted": round(ece(conf_cross, correct), 4),
        "eceAfterInSample": round(ece(conf_cal, correct), 4),
        "perFold": per_fold,
        "aurocBefore": auroc_correct(conf_raw, correct), "aurocAfter": auroc_correct(conf_cross, correct),
        "aurocSingleT": auroc_correct(conf_cal, correct),
        "foldAuroc": {int(f): auroc_correct(conf_raw[fold == f], correct[fold == f]) for f in np.unique(fold)},
        "meanConfRightBefore": float(conf_raw[correct].mean()), "meanConfWrongBefore": float(conf_raw[~correct].mean()) if (~correct).any() else None,
        "meanConfRightAfter": float(conf_cross[correct].mean()), "meanConfWrongAfter": float(conf_cross[~correct].mean()) if (~correct).any() else None,
        "unsureBelow": unsure, "unsureRule": unsure_table,
        "inScopeUnsure": {"n": int((conf_cal < unsure).sum()), "wrongAmongThem": int((~correct[conf_cal < unsure]).sum()),
                          "wrongTotal": int((~correct).sum())},
        "inScopeUnsureCrossFitted": {"n": int((conf_cross < unsure).sum()), "wrongAmongThem": int((~correct[conf_cross < unsure]).sum())},
        "oodConfidence": {s: {"n": int((src == s).sum()), "meanConf": round(float(ood_conf[src == s].mean()), 4),
                              "unsure": int((ood_conf[src == s] < unsure).sum())} for s in np.unique(src)},
        "reliabilityBefore": reliability(conf_raw, correct), "reliabilityAfter": reliability(conf_cross, correct),
        "_conf": (conf_raw, conf_cross, correct),
    }


def cmd_fit(a) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = {}
    for path in sorted(OOF.glob("*-ls*.npz")):
        r = study(path, a.level, a.min_count)
        results[path.stem] = r
        print(f"{path.stem:10s} acc {r['accuracy']:.4f} ({r['correct']}/{r['n']}; folds {r['foldAccuracy']})  T {r['temperature']:.3f} "
              f"(folds {r['foldTemperatures']})  ECE {r['eceBefore']:.4f} → {r['eceAfterCrossFitted']:.4f} (cross-fitted; "
              f"per fold after {[p['eceAfter'] for p in r['perFold']]})  NLL {r['nllBefore']:.3f} → {r['nllAfter']:.3f}  "
              f"AUROC(correct) {r['aurocBefore']:.3f} → {r['aurocSingleT']:.3f} (one T) / {r['aurocAfter']:.3f} (cross-fitted T)  unsureBelow {r['unsureBelow']}  ood {r['oodConfidence']}")
    shipped = f"ls{a.smoothing:g}"
    # Row 0: the shipped recipe; further rows: the other label smoothings studied.
    smooths = [shipped] + sorted({k.split("-")[1] for k in results} - {shipped}, key=lambda t: -float(t[2:]))
    fig, axes = plt.subplots(len(smooths), 2, figsize=(11, 4.6 * len(smooths)), squeeze=False)
    for ax, (ls, kind) in zip(axes.flat, [(ls, kind) for ls in smooths for kind in ("ssm", "lstm")]):
        r = results.get(f"{kind}-{ls}")
        if r is None:
            ax.set_visible(False)
            continue
        conf_raw, conf_cross, correct = r["_conf"]
        for conf, name, color in ((conf_raw, f"softmax (T = 1): ECE {r['eceBefore']:.3f}", "tab:red"),
                                  (conf_cross, f"T = {r['temperature']:.2f} (cross-fitted): ECE {r['eceAfterCrossFitted']:.3f}", "tab:blue")):
            rel = [b for b in reliability(conf, correct) if b["n"] > 0]
            ax.plot([b["conf"] for b in rel], [b["acc"] for b in rel], "o-", color=color, label=name)
            for b in rel:
                ax.annotate(str(b["n"]), (b["conf"], b["acc"]), textcoords="offset points", xytext=(0, -11 if color == "tab:red" else 6),
                            fontsize=7, color=color, ha="center")
        ax.plot([0, 1], [0, 1], "k:", lw=1)
        ax.axvline(r["unsureBelow"], color="grey", lw=1, ls="--", label=f"unsure below {r['unsureBelow']:.2f}")
        ax.set_xlim(0.15, 1.0); ax.set_ylim(0.0, 1.02); ax.grid(alpha=.3)
        ax.set_xlabel("confidence (top probability, after frame 16)"); ax.set_ylabel("accuracy in bin")
        ax.set_title(f"{kind.upper()}, label smoothing {ls[2:]}{' (shipped)' if ls == shipped else ''}: {r['correct']}/{r['n']} right")
        ax.legend(fontsize=8, loc="upper left")
    fig.suptitle("Reliability, ucf101-6 group 5-fold CV out-of-fold predictions (15 bins; numbers = clips per bin)", y=0.995)
    fig.tight_layout()
    fig.savefig(DOCS / "reliability.png", dpi=90)
    for r in results.values():
        r.pop("_conf")
    (OUT / "calibration-study.json").write_text(json.dumps(results, indent=1))
    cal = {}
    for kind in ("ssm", "lstm"):
        r = results.get(f"{kind}-{shipped}")
        if r is None:
            continue
        cal[kind] = {
            "temperature": r["temperature"], "unsureBelow": r["unsureBelow"], "ece": r["eceAfterCrossFitted"],
            "protocol": (f"Temperature fitted (NLL) on the {r['n']} out-of-fold last-frame logits of group 5-fold CV over "
                         f"g08–g22 (canonical view; heads trained with the shipped recipe, label smoothing {a.smoothing:g}); "
                         f"CV accuracy {r['accuracy']:.3f}. ECE (15 bins) {r['eceBefore']:.3f} before, {r['eceAfterCrossFitted']:.3f} "
                         f"after (each fold scaled by the temperature fitted on the other four); AUROC of confidence for "
                         f"correctness {r['aurocSingleT']:.3f} with this temperature ({r['n'] - r['correct']} wrong answers, "
                         f"{r['aurocAfter']:.3f} with per-fold cross-fitted temperatures). unsureBelow: {r['unsureRule']['rule']} "
                         f"on those out-of-fold answers scaled by this temperature: {r['inScopeUnsure']['n']} of {r['n']} answers are below it, "
                         f"{r['inScopeUnsure']['wrongAmongThem']} of the {r['n'] - r['correct']} wrong ones among them."),
        }
    (OUT / "calibration.json").write_text(json.dumps(cal, indent=1))
    print("calibration.json:", json.dumps({k: {kk: v for kk, v in c.items() if kk != "protocol"} for k, c in cal.items()}))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", choices=["oof", "fit"])
    p.add_argument("--smoothing", default="0.1", help="oof: comma-separated label smoothings; fit: the shipped one")
    p.add_argument("--kinds", default="ssm,lstm")
    p.add_argument("--force", action="store_true")
    p.add_argument("--level", type=float, default=0.9)
    p.add_argument("--min-count", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.command == "fit":
        a.smoothing = float(a.smoothing)
    {"oof": cmd_oof, "fit": cmd_fit}[a.command](a)


if __name__ == "__main__":
    main()
