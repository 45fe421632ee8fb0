"""The shipped "none of these" decision and the SSM head together, as a stranger's clip meets them: leave groups out.

Joins two leave-whole-groups-out results that already exist:
  * the SSM head's out-of-fold answers (group 5-fold CV; `calibrate.py oof` → training/out/heads/oof/ssm-ls0.1.npz),
  * the shipped detector's nested held-out scores and thresholds (`ood.py` → training/out/heads/ood-nested.json:
    10 outer folds of 3 unseen groups, threshold chosen on the other 12 groups only).
A held-out clip evaluation is right when the head names its class and the detector does not call it "none of
these" ("none" counts as wrong). Every clip is held out twice by the outer folds, so rates are over 886 evaluations.

Usage: /usr/bin/python3 training/heads/decision_report.py [--method maha-frames-64+knn-5] [--alpha 0.05]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "out" / "heads"
LABELS = ["Archery", "BasketballDunk", "HorseRace", "PlayingPiano", "PlayingViolin", "Surfing"]


def decision(correct: np.ndarray, groups: np.ndarray, y: np.ndarray, method: str = "maha-frames-64+knn-5",
             alpha: str = "0.05") -> dict:
    """The head's out-of-fold right/wrong per clip (cache order) joined with the detector's nested held-out calls."""
    right, classes, flagged, folds = [], [], [], []
    for rec in json.loads((OUT / "ood-nested.json").read_text())["records"]:
        held = np.flatnonzero(np.isin(groups, rec["heldOut"]))  # ood.py's held-out order: the cache order
        m = rec["methods"][method]
        scores = np.array(m["inScope"])
        assert len(scores) == len(held), "ood-nested.json and the out-of-fold file disagree on the clips"
        none = scores > m["thr"][alpha]["worst"]
        ok = correct[held] & ~none
        right += ok.tolist(); classes += y[held].tolist(); flagged += none.tolist()
        folds.append({"heldOut": rec["heldOut"], "n": int(len(held)), "top1": round(float(ok.mean()), 4),
                      "falseNone": round(float(none.mean()), 4)})
    right, classes, flagged = np.array(right), np.array(classes), np.array(flagged)
    return {
        "method": method, "alpha": alpha, "evaluations": int(len(right)),
        "top1NoneCountsWrong": round(float(right.mean()), 4),
        "top1Folds": [min(f["top1"] for f in folds), max(f["top1"] for f in folds)],
        "falseNone": round(float(flagged.mean()), 4),
        "wrongClassClips": int((~correct).sum()),
        "recall": {l: {"right": int(right[classes == c].sum()), "n": int((classes == c).sum()),
                       "recall": round(float(right[classes == c].mean()), 4)} for c, l in enumerate(LABELS)},
        "folds": folds,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--method", default="maha-frames-64+knn-5")
    p.add_argument("--alpha", default="0.05", help="the threshold rule's level (worst-fold quantile), as in ood.py")
    p.add_argument("--oof", default=str(OUT / "oof" / "ssm-ls0.1.npz"))
    a = p.parse_args()
    z = np.load(a.oof)
    report = {"oof": Path(a.oof).name, **decision(z["logits"].argmax(1) == z["labels"], z["groups"], z["labels"], a.method, a.alpha)}
    (OUT / "decision-report.json").write_text(json.dumps(report, indent=2))
    print(json.dumps({k: v for k, v in report.items() if k != "folds"}, indent=2))


if __name__ == "__main__":
    main()
