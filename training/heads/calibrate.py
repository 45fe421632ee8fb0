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
import re
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch

from training.heads.data import ALL_GROUPS, LABELS, Cache, cache_dir, group_folds, load_cache
from training.heads.experiments import RECIPE, recipe, with_kind
from training.heads.train import ece, train_members

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


@torch.no_grad()
def last_logits_views(head, x: np.ndarray) -> np.ndarray:
    """x [n, V, T, D] → the logits after the last frame of every cached view, [n, V, C]."""
    head.eval()
    n, V = x.shape[:2]
    t = torch.from_numpy(np.ascontiguousarray(x.reshape(n * V, *x.shape[2:])))
    return head(t)[:, -1].numpy().reshape(n, V, -1)


def variant_name(kind: str, smoothing: float, recipe_name: str = "shipped", ensemble: str = "none", members: int = 1) -> str:
    """File stem of an out-of-fold run: <kind>-ls<s>[-<recipe>][-<ensemble><members>] (the shipped recipe alone: <kind>-ls<s>)."""
    return (f"{kind}-ls{smoothing:g}" + ("" if recipe_name == "shipped" else f"-{recipe_name}")
            + ("" if ensemble == "none" else f"-{ensemble}{members}"))


def cmd_oof(a) -> None:
    OOF.mkdir(parents=True, exist_ok=True)
    ind, ood = load_all()
    y = ind.labels()
    folds = group_folds(ind.groups, ALL_GROUPS, 5)
    for s in [float(v) for v in a.smoothing.split(",")]:
        for kind in a.kinds.split(","):
            path = OOF / f"{variant_name(kind, s, a.recipe, a.ensemble, a.members)}.npz"
            if path.exists() and not a.force:
                print(f"{path.name} exists; skipped"); continue
            cfg = replace(with_kind(recipe(a.recipe), kind), label_smoothing=s)
            M = 1 if a.ensemble == "none" else a.members
            V = ind.features.shape[1]
            views = np.zeros((len(y), M, V, len(LABELS)), np.float32)
            pen = np.zeros((len(y), cfg.head.width), np.float32)
            fold = np.zeros(len(y), np.int64)
            ood_views, ood_pen = [], []
            started = time.perf_counter()
            for i, (tr, va) in enumerate(folds):
                # Every member is trained on the outer fold's 12 training groups only (fold members: on 9 of them).
                heads = train_members(cfg, ind.select(tr), a.ensemble, M)
                for m, head in enumerate(heads):
                    views[va, m] = last_logits_views(head, ind.features[va])
                ood_views.append(np.stack([last_logits_views(head, ood.features) for head in heads]))
                _, pen[va] = last_logits_and_penultimate(heads[0], ind.features[va, 0])
                ood_pen.append(last_logits_and_penultimate(heads[0], ood.features[:, 0])[1])
                fold[va] = i
                print(f"  fold {i}: {M} head(s), {time.perf_counter() - started:.0f} s", flush=True)
            ood_views = np.stack(ood_views)                                  # [folds, M, n_ood, V, C]
            logits = views[:, :, 0].mean(1)                                  # members' mean logits, canonical view
            acc = float((logits.argmax(1) == y).mean())
            # logits / ood_logits: what `fit`, ood.py and decision_report.py read (canonical view, mean over members);
            # member_views / ood_member_views: every member's logits on every cached view (test-time augmentation studies);
            # penultimate: member 0's.
            np.savez(path, logits=logits, penultimate=pen, fold=fold, labels=y, keys=np.array(ind.keys),
                     groups=ind.groups, ood_logits=ood_views[:, :, :, 0].mean(1), ood_penultimate=np.stack(ood_pen),
                     ood_keys=np.array(ood.keys), ood_source=ood.source, ood_groups=ood.groups,
                     member_views=views, ood_member_views=ood_views, config=json.dumps(cfg.to_dict()),
                     ensemble=a.ensemble)
            print(f"{path.stem}: CV5 pooled accuracy {acc:.4f} ({int((logits.argmax(1) == y).sum())}/{len(y)}), "
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


def aggregate(z, members: str = "logits", views: tuple[int, ...] = (0,)) -> tuple[np.ndarray, np.ndarray]:
    """One logit vector per clip from an out-of-fold file's members × cached views (cmd_oof's member_views):
    members "logits" = the mean of the logits over members and views (what one ONNX graph averaging its members
    outputs); "probs" = log of the mean softmax. views (0,) = the canonical view the app computes; more = test-time
    augmentation over the extractor's augmented views. Returns (in-scope [n, C], out-of-scope [folds, n_ood, C])."""
    if "member_views" not in z:
        assert views == (0,), "this out-of-fold file has the canonical view only"
        return z["logits"].astype(np.float64), z["ood_logits"].astype(np.float64)
    v = list(views)
    mv = z["member_views"][:, :, v].astype(np.float64)                  # [n, M, v, C]
    omv = z["ood_member_views"][:, :, :, v].astype(np.float64)          # [F, M, n_ood, v, C]
    if members == "logits":
        return mv.mean((1, 2)), omv.mean((1, 3))
    if members == "probs":
        def log_mean_softmax(x: np.ndarray, axes: tuple[int, int]) -> np.ndarray:
            e = np.exp(x - x.max(-1, keepdims=True))
            return np.log((e / e.sum(-1, keepdims=True)).mean(axes))
        return log_mean_softmax(mv, (1, 2)), log_mean_softmax(omv, (1, 3))
    raise ValueError(members)


def study(path: Path, level: float, min_count: int, members: str = "logits", views: tuple[int, ...] = (0,)) -> dict:
    d = np.load(path)
    logits, ood_logits = aggregate(d, members, views)
    y, fold = d["labels"], d["fold"]
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
    ood_l = ood_logits                                              # [folds, n_ood, C]
    ood_conf = np.mean([softmax(l / T).max(1) for l in ood_l], 0)   # mean over the 5 fold heads
    src = d["ood_source"]
    return {
        "file": path.name, "members": members, "views": list(views), "n": int(len(y)), "correct": int(correct.sum()), "accuracy": float(correct.mean()),
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
    shipped = f"ls{a.smoothing:g}{a.variant}"
    # The label-smoothing study (<kind>-ls<s>.npz) and the shipped variant; other variants: `compare`.
    paths = [p for p in sorted(OOF.glob("*-ls*.npz")) if re.fullmatch(r"(ssm|lstm)-ls[0-9.]+", p.stem)
             or p.stem in (f"ssm-{shipped}", f"lstm-{shipped}")]
    for path in paths:
        r = study(path, a.level, a.min_count)
        results[path.stem] = r
        print(f"{path.stem:10s} acc {r['accuracy']:.4f} ({r['correct']}/{r['n']}; folds {r['foldAccuracy']})  T {r['temperature']:.3f} "
              f"(folds {r['foldTemperatures']})  ECE {r['eceBefore']:.4f} → {r['eceAfterCrossFitted']:.4f} (cross-fitted; "
              f"per fold after {[p['eceAfter'] for p in r['perFold']]})  NLL {r['nllBefore']:.3f} → {r['nllAfter']:.3f}  "
              f"AUROC(correct) {r['aurocBefore']:.3f} → {r['aurocSingleT']:.3f} (one T) / {r['aurocAfter']:.3f} (cross-fitted T)  unsureBelow {r['unsureBelow']}  ood {r['oodConfidence']}")
    # Row 0: the shipped recipe; further rows: the other label smoothings studied.
    smooths = [shipped] + sorted({k.split("-")[1] for k in results if k.count("-") == 1} - {shipped}, key=lambda t: -float(t[2:]))
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


def parse_variant(spec: str) -> tuple[str, str, tuple[int, ...]]:
    """"stem[:members[:views]]", e.g. "ssm-ls0.1-fold4:probs:0-4" → (stem, "probs", (0, 1, 2, 3, 4))."""
    parts = spec.split(":")
    stem = parts[0]
    members = parts[1] if len(parts) > 1 else "logits"
    views = parts[2] if len(parts) > 2 else "0"
    lo, _, hi = views.partition("-")
    return stem, members, tuple(range(int(lo), int(hi or lo) + 1))


def cmd_compare(a) -> None:
    """Out-of-fold variants side by side (group 5-fold CV over g08–g22, the same 5 folds for all): the head alone per
    fold, after temperature scaling (cross-fitted), and joined with the shipped detector's nested held-out calls."""
    from training.heads.decision_report import decision
    rows = []
    for spec in a.variants.split(","):
        stem, members, views = parse_variant(spec)
        path = OOF / f"{stem}.npz"
        z = np.load(path)
        logits, _ = aggregate(z, members, views)
        y, groups, keys = z["labels"], z["groups"], z["keys"]
        pred = logits.argmax(1)
        correct = pred == y
        r = study(path, a.level, a.min_count, members, views)
        dec = decision(correct, groups, y)
        recall = {l: round(float(correct[y == c].mean()), 4) for c, l in enumerate(LABELS)}
        # Each member alone (canonical view): a seed ensemble's members are single heads of different seeds.
        singles = [z["member_views"][:, m, 0].argmax(1) == y for m in range(z["member_views"].shape[1])] if "member_views" in z else [correct]
        rows.append({
            "variant": spec, "members": int(z["member_views"].shape[1]) if "member_views" in z else 1,
            "views": list(views), "right": int(correct.sum()), "n": int(len(y)), "accuracy": round(float(correct.mean()), 4),
            "foldAccuracy": r["foldAccuracy"], "recall": recall,
            "memberRight": [int(c.sum()) for c in singles],
            "memberDecisionTop1": [decision(c, groups, y)["top1NoneCountsWrong"] for c in singles],
            "wrong": [f"{str(k).split('_v_')[-1].removesuffix('.avi')}→{LABELS[p]}" for k, p in zip(keys[~correct], pred[~correct])],
            "temperature": r["temperature"], "ece": r["eceAfterCrossFitted"], "eceFolds": [f["eceAfter"] for f in r["perFold"]],
            "aurocCorrect": r["aurocSingleT"], "unsureBelow": r["unsureBelow"], "unsure": r["inScopeUnsure"],
            "oodUnsure": {k: f"{v['unsure']}/{v['n']}" for k, v in r["oodConfidence"].items()},
            "decision": {k: dec[k] for k in ("top1NoneCountsWrong", "top1Folds", "falseNone")} |
                        {"top1FoldValues": [f["top1"] for f in dec["folds"]],
                         "recall": {l: f"{v['right']}/{v['n']}" for l, v in dec["recall"].items()},
                         "minRecall": min(v["recall"] for v in dec["recall"].values())},
        })
        w = rows[-1]
        print(f"{spec:34s} {w['right']}/{w['n']} folds {w['foldAccuracy']}  Archery {recall['Archery']:.3f}  T {w['temperature']:.3f} "
              f"ECE {w['ece']:.4f} (folds ≤ {max(w['eceFolds']):.3f})  AUROC {w['aurocCorrect']:.3f}  unsure<{w['unsureBelow']}: "
              f"{w['unsure']['n']} ({w['unsure']['wrongAmongThem']}/{w['unsure']['wrongTotal']} wrong)  decision top-1 "
              f"{dec['top1NoneCountsWrong']:.4f} (folds {dec['top1Folds']}) min recall {w['decision']['minRecall']:.4f}  "
              f"members alone {w['memberRight']} (decision {w['memberDecisionTop1']})  wrong: {', '.join(w['wrong'])}", flush=True)
    out = OUT / a.out
    previous = json.loads(out.read_text()) if out.exists() else {}
    previous.update({r["variant"]: r for r in rows})
    out.write_text(json.dumps(previous, indent=1))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", choices=["oof", "fit", "compare"])
    p.add_argument("--variants", default="ssm-ls0.1", help="compare: comma-separated stem[:logits|probs[:views, e.g. 0-4]]")
    p.add_argument("--out", default="variants.json", help="compare: written under training/out/heads/ (entries merged)")
    p.add_argument("--smoothing", default="0.1", help="oof: comma-separated label smoothings; fit: the shipped one")
    p.add_argument("--kinds", default="ssm,lstm")
    p.add_argument("--recipe", default="shipped", help="oof: shipped (experiments.RECIPE) or trialN (docs/hparam-search.csv)")
    p.add_argument("--ensemble", default="none", choices=["none", "fold", "seed"], help="oof: train.train_members")
    p.add_argument("--members", type=int, default=4, help="oof: heads per ensemble")
    p.add_argument("--force", action="store_true")
    p.add_argument("--variant", default="", help="fit: suffix of the shipped heads' out-of-fold file, e.g. -seed4 "
                   "(<kind>-ls<s><variant>.npz; default: the single head)")
    p.add_argument("--level", type=float, default=0.9)
    p.add_argument("--min-count", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.command == "fit":
        a.smoothing = float(a.smoothing)
    {"oof": cmd_oof, "fit": cmd_fit, "compare": cmd_compare}[a.command](a)


if __name__ == "__main__":
    main()
