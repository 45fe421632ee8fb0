""""None of these" from the detector and the head's own confidence together: a nested leave-groups-out study.

    /usr/bin/python3 -m training.heads.combined_study [--threads 1]
        → training/out/heads/combined-study.json, and a table on stdout

Issue 9 asks for combinations of the out-of-scope views, the temporal head's own among them. ood.py compares
detectors that see the backbone features only; its head-based rows (max softmax, penultimate Mahalanobis) are one
level of CV, not nested. This study nests the head too, on ood.py's partition 0 (the 5 folds of data.group_folds,
3 groups each). For each outer fold:
  * the shipped detector (maha-frames-64+knn-5, ood.py) and the SSM head (shipped recipe) are trained on the 12
    other groups;
  * an inner group 4-fold CV on those 12 groups gives out-of-fold detector scores and head logits (4 more heads,
    train.train_members "fold"), the temperature (fitted on the inner logits: calibrate.fit_temperature) and each
    part's normalisation, (s − median) / (q95 − median) of its inner out-of-fold scores (ood.norm_stats);
  * candidates: the detector alone, the head alone (1 − calibrated top probability, or its −log), their sum with
    the head weighted by w, and their max (an "either says none" rule);
  * threshold worst-fold(α) on the inner out-of-fold scores (ood.thresholds), for every α of ood.ALPHAS;
  * on the 3 held-out groups: false "none" and top-1 with "none" counted wrong; catch on ucf101-other, the lavfi
    clips and the hard negatives cut from the held-out groups.
Choosing w and α by the outer figures below is a selection on them: the grid is small (7 candidates × 10 α), and
the docs say so.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import torch

from training.heads.calibrate import OUT, fit_temperature, last_logits_and_penultimate, softmax
from training.heads.data import ALL_GROUPS, LABELS, group_folds
from training.heads.experiments import RECIPE, with_kind
from training.heads.ood import ALPHAS, Data, combine, cv, fit_score, local_folds, norm_stats, pooled_auroc, summarise, thresholds
from training.heads.train import train_members

DETECTOR = "maha-frames-64+knn-5"
DETECTOR_PARTS = ["maha-frames-64", "knn-5"]
WEIGHTS = (0.5, 1.0, 2.0)


def head_scores(logits: np.ndarray, T: float) -> dict[str, np.ndarray]:
    top = softmax(logits / T).max(1)
    return {"msp": 1 - top, "nll": -np.log(np.maximum(top, 1e-12))}


def normalised(s: np.ndarray, stats: tuple[float, float]) -> np.ndarray:
    return (s - stats[0]) / stats[1]


def candidates(det: np.ndarray, head: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every decision score from the normalised parts (bigger = less like the six classes)."""
    out = {"detector": det, "head-msp": head["msp"], "head-nll": head["nll"], "max(detector, head-msp)": np.maximum(det, head["msp"])}
    for w in WEIGHTS:
        out[f"detector + {w:g}·head-nll"] = det + w * head["nll"]
    return out


def run(d: Data) -> list[dict]:
    cfg = with_kind(RECIPE, "ssm")
    records = []
    started = time.perf_counter()
    for f, (tr_mask, va_mask) in enumerate(group_folds(d.groups, ALL_GROUPS, 5)):
        tr, va = np.flatnonzero(tr_mask), np.flatnonzero(va_mask)
        held = sorted(set(d.groups[va]))
        # Inner out-of-fold: detector parts and head logits for the 12 training groups.
        inner_folds = local_folds(d.groups[tr], 4, ALL_GROUPS)
        inner_det, inner_fold = cv(d, DETECTOR_PARTS, tr, inner_folds)
        inner_logits = np.zeros((len(tr), len(LABELS)))
        for head, va_local in zip(train_members(cfg, d.ind.select(tr_mask), "fold", 4), inner_folds):
            inner_logits[va_local] = last_logits_and_penultimate(head, d.x[tr[va_local]])[0]
        T = fit_temperature(inner_logits, d.y[tr])
        # Outer: trained on all 12 groups, scored on the held-out groups and the out-of-scope clips.
        outer_head = train_members(cfg, d.ind.select(tr_mask))[0]
        va_logits = last_logits_and_penultimate(outer_head, d.x[va])[0].astype(np.float64)
        ood_logits = last_logits_and_penultimate(outer_head, d.xo)[0].astype(np.float64)
        va_det, ood_det = {}, {}
        for n in DETECTOR_PARTS:
            _, va_det[n], ood_det[n] = fit_score(d, n, tr, va)

        det_stats = {n: norm_stats(inner_det[n]) for n in DETECTOR_PARTS}
        det_sum = lambda s: combine(DETECTOR, s, det_stats)
        inner_head = head_scores(inner_logits, T)
        head_stats = {k: norm_stats(v) for k, v in inner_head.items()}
        head_norm = lambda h: {k: normalised(v, head_stats[k]) for k, v in h.items()}
        # The detector's sum is renormalised too, so that w weighs two parts of the same scale.
        inner_det_sum = det_sum(inner_det)
        sum_stats = norm_stats(inner_det_sum)
        inner = candidates(normalised(inner_det_sum, sum_stats), head_norm(inner_head))
        outer = candidates(normalised(det_sum(va_det), sum_stats), head_norm(head_scores(va_logits, T)))
        outer_ood = candidates(normalised(det_sum(ood_det), sum_stats), head_norm(head_scores(ood_logits, T)))

        ood_ok = (d.src != "hardneg") | np.isin(d.ogroups, held)
        # The record layout of ood.nested, so that ood.summarise and ood.pooled_auroc read it.
        rec = {"partition": 0, "fold": f, "heldOut": held, "temperature": T, "correct": (va_logits.argmax(1) == d.y[va]).tolist(),
               "labels": d.y[va].tolist(), "methods": {}}
        for name in inner:
            rec["methods"][name] = {"inScope": outer[name].tolist(), "ood": np.where(ood_ok, outer_ood[name], np.nan).tolist(),
                                    "thr": {str(a): thresholds(inner[name], inner_fold, a) for a in ALPHAS}}
        records.append(rec)
        print(f"fold {f} (held out {held}): T {T:.3f}, {time.perf_counter() - started:.0f} s", flush=True)
    return records


def decision_at(d: Data, records: list[dict], name: str, alpha: float) -> dict:
    """ood.summarise's false "none" and catch at worst-fold(α), plus top-1 ("none" counted wrong) and the lowest class recall."""
    right, labels = [], []
    for rec in records:
        flagged = np.array(rec["methods"][name]["inScope"]) > rec["methods"][name]["thr"][str(alpha)]["worst"]
        right += (np.array(rec["correct"]) & ~flagged).tolist(); labels += rec["labels"]
    right, labels = np.array(right), np.array(labels)
    return {"alpha": alpha, **summarise(d, {"records": records}, name, "worst", alpha), "top1NoneCountsWrong": float(right.mean()),
            "minClassRecall": float(min(right[labels == c].mean() for c in range(len(LABELS))))}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--target-false-none", type=float, default=0.02)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    d = Data()
    records = run(d)
    rows = []
    print(f"\n{'decision score':28s} {'AUROC other':>11s} {'α':>6s} {'false none':>18s} {'top-1':>7s} {'min recall':>10s}  catch other / lavfi / hard")
    for name in records[0]["methods"]:
        aucs = pooled_auroc(d, {"records": records}, name)
        curve = [decision_at(d, records, name, al) for al in ALPHAS]
        within = [c for c in curve if c["falseNone"] <= a.target_false_none]
        best = max(within, key=lambda c: (c["catchRate"].get("ucf101-other") or 0, -c["foldMax"])) if within else None
        rows.append({"score": name, "auroc": aucs, "curve": curve, "atTarget": best})
        if best:
            print(f"{name:28s} {aucs.get('ucf101-other', float('nan')):11.3f} {best['alpha']:6g} "
                  f"{best['falseNoneCount']:>9s} ({best['foldMax']:.1%} max) {best['top1NoneCountsWrong']:7.3f} "
                  f"{best['minClassRecall']:10.3f}  {' / '.join(best['catch'].get(s, '-') for s in ('ucf101-other', 'synthetic', 'hardneg'))}")
        else:
            print(f"{name:28s} {aucs.get('ucf101-other', float('nan')):11.3f}  no α within {a.target_false_none:.0%} false none")
    (OUT / "combined-study.json").write_text(json.dumps({"protocol": __doc__, "targetFalseNone": a.target_false_none,
                                                         "rows": rows, "records": records}, indent=1))


if __name__ == "__main__":
    main()
