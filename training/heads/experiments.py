#!/usr/bin/env -S /usr/bin/python3
"""Every experiment behind docs/models.md, on cached features, always split by group.

    /usr/bin/python3 training/heads/experiments.py search     [--trials 12]  → docs/hparam-search.csv
    /usr/bin/python3 training/heads/experiments.py evaluate                  → training/out/heads/eval.json,
                                                                               pack-metrics.json
    /usr/bin/python3 training/heads/experiments.py frames                    → training/out/heads/frames.json
    /usr/bin/python3 training/heads/experiments.py fit [--fits crop,pad,full] → training/out/heads/fit.json
    /usr/bin/python3 training/heads/experiments.py stability  [--seeds 3]    → docs/stability.csv, docs/stability.png
    /usr/bin/python3 training/heads/experiments.py final                     → training/out/heads/final/*.pt

Protocol (groups, never clips):
  search     random search, each trial scored by group 3-fold CV inside g08–g19 (g20–g22 unseen);
             run after RECIPE was fixed, reported as a study.
  evaluate   the chosen recipe (RECIPE below): (1) train g08–g19, score g20–g22 once (held out);
             (2) group 5-fold CV over g08–g22 (3 groups per fold), mean ± std. For SSM, LSTM and
             the per-frame linear-probe baseline.
  frames     T = 8 / 16 / 24 with the canonical view only (1 view each), group 5-fold CV.
  fit        centre crop against the whole frame (padded, or rectangular) as the backbone's input, T = 16,
             canonical view, group 5-fold CV, several seeds.
  stability  widths 64…1024 × seeds × {SSM, LSTM}, train g08–g19, score g20–g22 every epoch.
  final      SSM and LSTM trained on all of g08–g22 with RECIPE: what ships.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch

from training.heads.data import ALL_GROUPS, BACKBONE, HOLDOUT_GROUPS, TRAIN_GROUPS, Cache, cache_dir, group_folds, in_distribution, load_cache
from training.heads.model import EnsembleHead, HeadConfig, TemporalHead, TrainConfig, count_parameters, parameter_breakdown
from training.heads.train import evaluate, predict, train_head, train_members

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "training" / "out" / "heads"
DOCS = REPO / "docs"

# The recipe every head uses. Fixed before the search was run (see docs/models.md for what the search found),
# except the width: 128 → 256 after the stability study (equal accuracy at every width; SSM ≤ ½ LSTM parameters).
RECIPE = TrainConfig(
    head=HeadConfig(width=256, layers=2, state=16, dropout=0.2, feature_dropout=0.1, feature_noise=0.05),
    epochs=40, batch_size=32, lr=2e-3, weight_decay=0.05, label_smoothing=0.1, optimizer="adamw", frames=16, views=5)

SEARCH_EPOCHS = 20   # epochs a search trial trains (cmd_search's --epochs as run for docs/hparam-search.csv)


def recipe(name: str) -> TrainConfig:
    """"shipped" → RECIPE; "trialN" → trial N of docs/hparam-search.csv exactly as the search trained it (its width,
    layers, state, dropouts, lr, weight decay, optimizer, T and views; 20 epochs), except the seed (0, as RECIPE)."""
    if name == "shipped":
        return RECIPE
    row = next(r for r in csv.DictReader(open(DOCS / "hparam-search.csv")) if f"trial{r['trial']}" == name)
    return TrainConfig(
        head=HeadConfig(width=int(row["width"]), layers=int(row["layers"]), state=int(row["state"]),
                        dropout=float(row["dropout"]), feature_dropout=float(row["feature_dropout"]), feature_noise=0.05),
        lr=float(row["lr"]), weight_decay=float(row["weight_decay"]), optimizer=row["optimizer"], epochs=SEARCH_EPOCHS,
        frames=int(row["frames"]), views=int(row["views"]), seed=0)


_caches: dict[int, Cache] = {}


def data(frames: int) -> Cache:
    if frames not in _caches:
        _caches[frames] = in_distribution(load_cache(cache_dir(frames)))
    return _caches[frames]


def with_kind(cfg: TrainConfig, kind: str, **head) -> TrainConfig:
    return replace(cfg, head=replace(cfg.head, kind=kind, **head))


def holdout_run(cfg: TrainConfig, track: bool = False):
    d = data(cfg.frames)
    train = d.select(np.isin(d.groups, TRAIN_GROUPS))
    val = d.select(np.isin(d.groups, HOLDOUT_GROUPS))
    model, hist = train_head(cfg, train, val if track else None)
    probs = predict(model, cfg.head.kind, val)
    return model, hist, evaluate(probs, val.labels())


def cv_run(cfg: TrainConfig, groups: list[str], k: int, cache: Cache | None = None) -> dict:
    d = data(cfg.frames) if cache is None else cache
    d = d.select(np.isin(d.groups, groups))
    accs, f1s, minrec, eces, seconds = [], [], [], [], 0.0
    all_probs = np.zeros((len(d.keys), 6), dtype=np.float32)
    for tr, va in group_folds(d.groups, groups, k):
        model, hist = train_head(cfg, d.select(tr))
        probs = predict(model, cfg.head.kind, d.select(va))
        all_probs[va] = probs
        m = evaluate(probs, d.select(va).labels())
        accs.append(m["accuracy"]); f1s.append(m["macroF1"]); minrec.append(m["minRecall"]); eces.append(m["ece"])
        seconds += hist.seconds
    pooled = evaluate(all_probs, d.labels())
    return {"folds": k, "accuracy_mean": float(np.mean(accs)), "accuracy_std": float(np.std(accs)),
            "macroF1_mean": float(np.mean(f1s)), "minRecall_mean": float(np.mean(minrec)),
            "ece_mean": float(np.mean(eces)), "pooled": pooled, "seconds": round(seconds, 1),
            "wrong": [str(key) for key in np.asarray(d.keys)[all_probs.argmax(1) != d.labels()]]}


# ----------------------------------------------------------------------------------------------

def cmd_search(args) -> None:
    rng = np.random.default_rng(args.seed)
    rows = []
    path = DOCS / "hparam-search.csv"
    allowed = {int(t) for t in args.search_frames.split(",")}
    for trial in range(args.trials):
        frames = int(rng.choice([8, 16, 24], p=[0.25, 0.5, 0.25]))
        if frames not in allowed:   # T not in --search-frames (its cache not extracted): same draws otherwise
            frames = 16
        cfg = TrainConfig(
            head=HeadConfig(kind="ssm", width=int(rng.choice([64, 128, 256])), layers=int(rng.choice([1, 2])),
                            state=int(rng.choice([8, 16, 32])), dropout=float(rng.choice([0.0, 0.1, 0.2, 0.3])),
                            feature_dropout=float(rng.choice([0.0, 0.1, 0.2])), feature_noise=0.05),
            lr=float(10 ** rng.uniform(-3.5, -2.3)), weight_decay=float(10 ** rng.uniform(-3, -0.7)),
            optimizer=str(rng.choice(["adamw", "adamw", "adam", "sgd"])), epochs=args.epochs, frames=frames,
            views=5 if frames == 16 else 1, seed=trial)
        if cfg.optimizer == "sgd":
            cfg = replace(cfg, lr=cfg.lr * 10)
        res = cv_run(cfg, TRAIN_GROUPS, 3)
        row = {"trial": trial, "frames": frames, "views": cfg.views, "width": cfg.head.width, "layers": cfg.head.layers,
               "state": cfg.head.state, "dropout": cfg.head.dropout, "feature_dropout": cfg.head.feature_dropout,
               "lr": f"{cfg.lr:.2e}", "weight_decay": f"{cfg.weight_decay:.2e}", "optimizer": cfg.optimizer,
               "cv3_accuracy": round(res["accuracy_mean"], 4), "cv3_accuracy_std": round(res["accuracy_std"], 4),
               "cv3_macroF1": round(res["macroF1_mean"], 4), "cv3_minRecall": round(res["minRecall_mean"], 4),
               "seconds": res["seconds"]}
        rows.append(row)
        print(json.dumps(row), flush=True)
        with open(path, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    best = max(rows, key=lambda r: (r["cv3_accuracy"], r["cv3_macroF1"]))
    print("best:", json.dumps(best))


def protocol_text(kind: str, cv: dict) -> str:
    return (f"ucf101-6, split by group: trained on groups g08–g19 ({'all views' if kind != 'probe' else 'all frames'}), "
            f"scored once on the canonical view of held-out groups g20–g22 (prediction after the last of "
            f"{RECIPE.frames} frames); recipe fixed beforehand except the width, raised from 128 to 256 after the "
            f"stability study (docs/stability.csv) showed equal held-out accuracy at every width, so that the SSM "
            f"head has at most half the LSTM head's parameters. Group 5-fold CV over "
            f"g08–g22: accuracy {cv['accuracy_mean']:.3f} ± {cv['accuracy_std']:.3f}. The shipped head is retrained "
            f"on g08–g22 with the same recipe. Backbone features: {BACKBONE}.")


def cmd_evaluate(args) -> None:
    report, pack_metrics = {}, {}
    for kind in ("probe", "ssm", "lstm"):
        cfg = with_kind(RECIPE, kind)
        started = time.perf_counter()
        model, hist, hold = holdout_run(cfg)
        cv = cv_run(cfg, ALL_GROUPS, 5)
        params = parameter_breakdown(model) if kind != "probe" else {"total": count_parameters(model)}
        report[kind] = {"parameters": params, "holdout": hold, "cv5": cv, "seconds": round(time.perf_counter() - started, 1)}
        print(kind, json.dumps({"params": params, "holdout_acc": hold["accuracy"], "holdout_f1": hold["macroF1"],
                                "min_recall": hold["minRecall"], "ece": hold["ece"], "cv5": cv["accuracy_mean"],
                                "cv5_std": cv["accuracy_std"]}), flush=True)
        if kind != "probe":
            pack_metrics[kind] = {
                "accuracy": hold["accuracy"], "macroF1": hold["macroF1"], "protocol": protocol_text(kind, cv),
                "heldOutClips": hold["n"], "minClassRecall": hold["minRecall"], "ece": hold["ece"],
                "cv5Accuracy": round(cv["accuracy_mean"], 4), "cv5AccuracyStd": round(cv["accuracy_std"], 4),
                "cv5MacroF1": round(cv["macroF1_mean"], 4),
                "perClass": hold["perClass"], "confusion": hold["confusion"],
                "baselineFrameMeanProbeAccuracy": report["probe"]["holdout"]["accuracy"],
            }
    # SSM vs LSTM at equal hidden size, also for the temporal block alone.
    s, l = report["ssm"]["parameters"], report["lstm"]["parameters"]
    report["parameterRatio"] = {"total": round(s["total"] / l["total"], 4), "temporal": round(s["temporal"] / l["temporal"], 4)}
    print("parameter ratio SSM/LSTM:", report["parameterRatio"])
    (OUT / "eval.json").write_text(json.dumps(report, indent=1))
    (OUT / "pack-metrics.json").write_text(json.dumps(pack_metrics, indent=1))


def cmd_frames(args) -> None:
    res = {}
    for frames in (8, 16, 24):
        cfg = replace(with_kind(RECIPE, "ssm"), frames=frames, views=1, epochs=args.epochs)
        cv = cv_run(cfg, ALL_GROUPS, 5)
        res[frames] = {"accuracy_mean": cv["accuracy_mean"], "accuracy_std": cv["accuracy_std"],
                       "macroF1_mean": cv["macroF1_mean"], "seconds": cv["seconds"]}
        print(frames, json.dumps(res[frames]), flush=True)
    (OUT / "frames.json").write_text(json.dumps(res, indent=1))


def cmd_fit(args) -> None:
    """How the frame becomes the input (scripts/extract-features.ts --fit): the shipped SSM recipe on the canonical
    view of each T = 16 cache, group 5-fold CV over g08–g22, one run per seed."""
    res = {}
    for fit in args.fits.split(","):
        base = cache_dir(RECIPE.frames)
        cache = in_distribution(load_cache(base if fit == "crop" else base.with_name(f"{base.name}-{fit}")))
        for seed in range(args.seeds):
            cfg = replace(with_kind(RECIPE, "ssm"), views=1, seed=seed, epochs=args.epochs)
            cv = cv_run(cfg, ALL_GROUPS, 5, cache)
            pooled = cv["pooled"]
            res[f"{fit}/seed{seed}"] = {
                "fit": fit, "seed": seed, "right": round(pooled["accuracy"] * pooled["n"]), "n": pooled["n"],
                "accuracy_mean": cv["accuracy_mean"], "accuracy_std": cv["accuracy_std"], "macroF1_mean": cv["macroF1_mean"],
                "recall": {c: v["recall"] for c, v in pooled["perClass"].items()}, "wrong": cv["wrong"],
                "g20ArcheryWrong": sum("Archery_g20" in key for key in cv["wrong"]), "seconds": cv["seconds"]}
            print(f"{fit}/seed{seed}", json.dumps(res[f"{fit}/seed{seed}"]), flush=True)
    (OUT / "fit.json").write_text(json.dumps(res, indent=1))


def _stability_report(rows: list[dict], curves: dict, kind_widths: dict, args) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kind_widths = {k: [w for w in ws if any(r["kind"] == k and r["width"] == w for r in rows)] for k, ws in kind_widths.items()}
    widths = sorted(set(kind_widths["ssm"]) | set(kind_widths["lstm"]))
    rows.sort(key=lambda r: (("ssm", "lstm").index(r["kind"]), r["width"], r["seed"]))
    with open(DOCS / "stability.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    summary = []
    for kind in ("ssm", "lstm"):
        for width in kind_widths[kind]:
            acc = [r["accuracy"] for r in rows if r["kind"] == kind and r["width"] == width]
            p = next(r["parameters"] for r in rows if r["kind"] == kind and r["width"] == width)
            summary.append({"kind": kind, "width": width, "parameters": p, "mean": float(np.mean(acc)), "std": float(np.std(acc))})
    (OUT / "stability-summary.json").write_text(json.dumps(summary, indent=1))
    for s in summary:
        print(f"{s['kind']:5s} {s['width']:5d} params {s['parameters']:8d} acc {s['mean']:.4f} ± {s['std']:.4f}")

    fig, axes = plt.subplots(1, 3, figsize=(16, 4.5))
    colors = dict(zip(widths, plt.cm.viridis(np.linspace(0, 0.9, len(widths)))))
    for kind, ls in (("ssm", "-"), ("lstm", "--")):
        means = [s["mean"] for s in summary if s["kind"] == kind]
        stds = [s["std"] for s in summary if s["kind"] == kind]
        axes[0].errorbar(kind_widths[kind], means, yerr=stds, marker="o", linestyle=ls, capsize=4, label=kind.upper())
        for width in kind_widths[kind]:
            runs = [h for (k, wd, _), h in curves.items() if k == kind and wd == width]
            tl = np.mean([h.train_loss for h in runs], 0)
            vl = np.mean([h.val_loss for h in runs], 0)
            axes[1].plot(tl, ls, color=colors[width], label=f"{kind.upper()} {width}")
            axes[2].plot(vl, ls, color=colors[width], label=f"{kind.upper()} {width}")
    axes[0].set_xscale("log", base=2); axes[0].set_xlabel("hidden size"); axes[0].set_ylabel("held-out accuracy (g20–g22)")
    axes[0].set_title(f"accuracy, mean ± std over {args.seeds} seeds"); axes[0].legend(); axes[0].grid(alpha=.3)
    axes[1].set_title("training loss (mean over seeds)"); axes[1].set_xlabel("epoch"); axes[1].set_yscale("log")
    axes[2].set_title("held-out loss (mean over seeds)"); axes[2].set_xlabel("epoch"); axes[2].set_yscale("log")
    axes[2].legend(fontsize=7, ncol=2)
    fig.suptitle(f"SSM (solid) vs LSTM (dashed) on ucf101-6, {BACKBONE} features, {args.epochs} epochs, batch {args.batch}, "
                 f"train g08–g19 / held out g20–g22")
    fig.tight_layout()
    fig.savefig(DOCS / "stability.png", dpi=90)


def cmd_stability(args) -> None:
    # Widths per head (--lstm-widths narrows the LSTM's when the widest runs do not fit the time box).
    kind_widths = {"ssm": [int(w) for w in args.widths.split(",")],
                   "lstm": [int(w) for w in (args.lstm_widths or args.widths).split(",")]}
    widths = sorted(set(kind_widths["ssm"]) | set(kind_widths["lstm"]))
    if args.replot:   # summary and plot from docs/stability.csv + stability-curves.json (an interrupted run)
        rows = [{k: (int(v) if k in ("width", "seed", "parameters") else v if k == "kind" else float(v)) for k, v in r.items()}
                for r in csv.DictReader(open(DOCS / "stability.csv"))]
        curves = {(c["kind"], c["width"], c["seed"]): type("H", (), c)
                  for c in json.loads((OUT / "stability-curves.json").read_text())}
        _stability_report(rows, curves, kind_widths, args)
        return
    rows, curves = [], {}
    # Narrow widths first, so an interrupted run still has every head at the widths it reached
    # (docs/stability.csv and training/out/heads/stability-curves.json are rewritten after each run).
    for width in widths:
        for kind in ("ssm", "lstm"):
            if width not in kind_widths[kind]:
                continue
            for seed in range(args.seeds):
                cfg = replace(with_kind(RECIPE, kind, width=width), seed=seed, epochs=args.epochs, batch_size=args.batch)
                model, hist, hold = holdout_run(cfg, track=True)
                rows.append({"kind": kind, "width": width, "seed": seed, "parameters": count_parameters(model),
                             "accuracy": hold["accuracy"], "macroF1": hold["macroF1"], "minRecall": hold["minRecall"],
                             "final_train_loss": round(hist.train_loss[-1], 4), "final_val_loss": round(hist.val_loss[-1], 4),
                             "seconds": round(hist.seconds, 1)})
                curves[(kind, width, seed)] = hist
                print(json.dumps(rows[-1]), flush=True)
                with open(DOCS / "stability.csv", "w", newline="") as f:
                    w = csv.DictWriter(f, fieldnames=list(rows[0]))
                    w.writeheader()
                    w.writerows(rows)
                (OUT / "stability-curves.json").write_text(json.dumps(
                    [{"kind": k, "width": wd, "seed": sd, "train_loss": h.train_loss, "val_loss": h.val_loss,
                      "val_accuracy": h.val_accuracy} for (k, wd, sd), h in curves.items()]))
    _stability_report(rows, curves, kind_widths, args)


def cmd_final(args) -> None:
    """The shipped heads. --ensemble none: each head retrained on all of g08–g22. --ensemble fold: each head is the mean
    of the --members fold heads of group k-fold CV over g08–g22 (train.train_members; the same heads, memoised, as
    calibrate.py oof trains for its out-of-fold predictions), exported as one graph (model.EnsembleHead)."""
    final_dir = OUT / "final"
    final_dir.mkdir(parents=True, exist_ok=True)
    d = data(RECIPE.frames)
    train = d.select(np.isin(d.groups, ALL_GROUPS))
    heads = []
    for kind in ("ssm", "lstm"):
        cfg = with_kind(RECIPE, kind)
        started = time.perf_counter()
        if args.ensemble == "none":
            model, hist = train_head(cfg, train)
            assert isinstance(model, TemporalHead)
            blob = {"state": model.state_dict()}
            note = f"train loss {hist.train_loss[-1]:.4f}"
        else:
            members = train_members(cfg, train, args.ensemble, args.members)
            model = EnsembleHead(members)
            blob = {"members": [m.state_dict() for m in members], "ensemble": args.ensemble}
            note = f"{len(members)} {args.ensemble} members"
        torch.save({"config": cfg.head.to_dict(), "train": cfg.to_dict(), **blob}, final_dir / f"{kind}.pt")
        heads.append(kind)
        print(f"final {kind}: {count_parameters(model)} parameters, {time.perf_counter() - started:.1f} s, {note}")
    (final_dir / "final.json").write_text(json.dumps({"frames": RECIPE.frames, "heads": heads, "defaultHead": "ssm",
                                                      "recipe": RECIPE.to_dict(), "ensemble": args.ensemble,
                                                      "members": 1 if args.ensemble == "none" else args.members}, indent=1))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", choices=["search", "evaluate", "frames", "fit", "stability", "final"])
    p.add_argument("--trials", type=int, default=12)
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--widths", default="64,128,256,512,1024")
    p.add_argument("--replot", action="store_true", help="stability: redo summary and plot from the saved runs")
    p.add_argument("--search-frames", default="8,16,24", help="search: the T values a trial may draw (others → 16)")
    p.add_argument("--lstm-widths", default=None, help="stability: the LSTM's widths if not --widths")
    p.add_argument("--epochs", type=int, default=RECIPE.epochs)
    p.add_argument("--batch", type=int, default=RECIPE.batch_size)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--ensemble", default="none", choices=["none", "fold", "seed"], help="final: what ships (train.train_members)")
    p.add_argument("--members", type=int, default=5, help="final: heads in the ensemble")
    p.add_argument("--fits", default="crop,pad,full", help="fit: the caches to compare (extract-features.ts --fit)")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    DOCS.mkdir(exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    {"search": cmd_search, "evaluate": cmd_evaluate, "frames": cmd_frames, "fit": cmd_fit, "stability": cmd_stability,
     "final": cmd_final}[args.command](args)
    print(f"{args.command}: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
