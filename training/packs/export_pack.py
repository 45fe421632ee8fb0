"""Exports temporal heads trained on the backbone's features as a model-pack folder the app can import.

    /usr/bin/python3 -m training.packs.export_pack --id my-actions --title "My actions" \\
        --description "What the pack tells apart" --license "CC-BY-4.0 (mine)" \\
        --head ssm=my-ssm.pt [--head lstm=my-lstm.pt ...] --features FEATURE_CACHE \\
        [--eval-groups g20,g21] [--ood maha-8] [--include-backbone] --out OUT_DIR

A head is a training.heads.model.TemporalHead (kind ssm or lstm, any width, layers, state, classes) saved with
torch.save as the checkpoint head_checkpoint() makes: {"config": HeadConfig fields, "state": state_dict,
"labels": class names in output order, "groups": the groups it was trained on}; "labels" may come from --labels
instead, "groups" may be absent. The first --head is the pack's default.

FEATURE_CACHE is a folder scripts/extract-features.ts wrote (index.json + clips/<key>.f32) with the shipped
ImageNet MobileNetV2 fp32 backbone and the frame geometry of training/packs/pack-config.json; the exporter refuses
any other. Its clips of the head's classes are in scope; clips of any other class are out-of-scope examples, used
only to measure the detector's catch rate. From it:
  parity      one real clip (and a seeded random input) through PyTorch and the exported graphs in onnxruntime-node
              (training/heads/export.py: ONNX vs PyTorch and T steps vs the sequence graph, ≤ 1e-4, or nothing is
              written);
  metrics     with --eval-groups: accuracy, macro-F1, per class and confusion of the prediction after the last frame
              of the canonical view (view 0) of those groups' clips, which must not be training groups;
  ood         with --ood NAME (a single clip-level detector of training/heads/ood.py, e.g. maha-8, rmaha-8, knn-1):
              fitted on view 0 of the training groups' clips; thresholds from a group k-fold CV over those groups
              (worst-fold(α) rule of ood.py for each α of ood.ALPHAS; the default α is --ood-alpha); the protocol
              written into the manifest says what each curve figure is and on how many clips.

OUT_DIR/ afterwards (replaced whole; an existing folder must hold a manifest.json or nothing):
  manifest.json                  schemaVersion 1, src/pipeline/manifest.ts (checked with it by check-manifest.ts)
  <head>.seq.onnx, <head>.step.onnx
  ood.onnx                       with --ood
  backbone/fp32.onnx             with --include-backbone only. Without it the manifest still lists the file (the
                                 shipped backbone's sha256 and bytes) and the app takes its own copy (docs/packs.md).
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from torch import nn

from training.heads import ood
from training.heads.data import Cache, load_cache
from training.heads.export import assert_parity, export_head, load_head, parity_fixture, parity_inputs
from training.heads.model import EnsembleHead, TemporalHead, TrainConfig
from training.heads.train import evaluate, predict
from training.packs.build_packs import CONFIG, MODELS, REPO, backbone_section, file_ref, input_spec

BACKBONE_DIR = MODELS / "backbones" / CONFIG["extraction"]["backboneId"]
BACKBONE_PRECISION = CONFIG["extraction"]["precision"]
BACKBONE_FOLDER = "backbone"       # where an imported pack keeps (or would keep) the backbone file
PACK_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TASKS = ("action", "objects", "moderation")


def head_checkpoint(model: TemporalHead, labels: list[str], groups: list[str], train: TrainConfig | None = None) -> dict:
    """What export_pack reads for one head (torch.save it)."""
    blob = {"config": model.cfg.to_dict(), "state": model.state_dict(), "labels": list(labels), "groups": sorted(groups)}
    if train is not None:
        blob["train"] = train.to_dict()
    return blob


def shipped_pack_ids() -> set[str]:
    return {p["id"] for p in json.loads((MODELS / "index.json").read_text())["packs"]}


def check_pack_id(pack_id: str) -> None:
    if not PACK_ID.match(pack_id):
        sys.exit(f"--id {pack_id!r}: a pack id is lower-case letters, digits and '-', starting with a letter or digit")
    if pack_id in shipped_pack_ids():
        sys.exit(f"--id {pack_id!r} is a pack the app ships ({', '.join(sorted(shipped_pack_ids()))}); choose another")


def load_heads(specs: list[str], labels_arg: str | None) -> tuple[dict[str, TemporalHead | EnsembleHead], list[str], list[str]]:
    """--head ID=PATH … → heads by id, their (common) labels, the union of their training groups."""
    heads, labels, groups = {}, None, set()
    for spec in specs:
        head_id, sep, path = spec.partition("=")
        if not sep or not PACK_ID.match(head_id):
            sys.exit(f"--head {spec!r}: expected ID=PATH with ID like ssm or my-head")
        if head_id in heads:
            sys.exit(f"--head {head_id}: given twice")
        blob = torch.load(path)
        head = load_head(blob)
        if head.cfg.kind not in ("ssm", "lstm"):
            sys.exit(f"{path}: head kind {head.cfg.kind!r}; a pack's temporal heads are ssm or lstm")
        head_labels = blob.get("labels") or (labels_arg.split(",") if labels_arg else None)
        if not head_labels:
            sys.exit(f"{path} names no labels: pass --labels A,B,…")
        if len(head_labels) != head.cfg.num_classes:
            sys.exit(f"{path}: {len(head_labels)} labels for a head with {head.cfg.num_classes} outputs")
        if labels is not None and head_labels != labels:
            sys.exit(f"{path}: labels {head_labels} differ from the first head's {labels}")
        labels = list(head_labels)
        groups |= set(blob.get("groups") or [])
        heads[head_id] = head
    return heads, labels, sorted(groups)


def backbone_info() -> dict:
    return json.loads((BACKBONE_DIR / "backbone.json").read_text())


def check_features(cache: Cache, info: dict, heads: dict) -> None:
    """The features must be the ones the app computes: same backbone file, same frame geometry and normalisation."""
    backbone = cache.index["backbone"]
    expected_file = CONFIG["extraction"]["backbone"]
    if backbone["id"] != info["id"] or backbone["file"] != expected_file:
        sys.exit(f"features from {backbone['file']} ({backbone['id']}); packs are built on {expected_file}")
    # liveSize is the size real time may feed the backbone, not one the features were taken at.
    wanted = {k: v for k, v in {**input_spec(info), "frames": cache.frames}.items() if k != "liveSize"}
    if cache.index["input"] != wanted:
        sys.exit(f"features extracted with input {cache.index['input']}, the app samples {wanted}")
    for head_id, head in heads.items():
        if head.cfg.feature_dim != backbone["featureDim"]:
            sys.exit(f"head {head_id} takes {head.cfg.feature_dim} features, the backbone gives {backbone['featureDim']}")


def split_groups(arg: str | None) -> list[str]:
    return [g for g in (arg or "").split(",") if g]


def head_metrics(head: nn.Module, kind: str, clips: Cache, labels: list[str], fit_groups: list[str]) -> dict:
    m = evaluate(predict(head, kind, clips), clips.labels(), labels)
    groups = sorted(set(clips.groups))
    trained = f"trained on groups {', '.join(fit_groups)}" if fit_groups else "training groups not recorded in the checkpoint"
    m["protocol"] = (f"{trained}; scored once on the canonical view (view 0, prediction after the last of {clips.frames} "
                     f"frames) of the {m['n']} clips of groups {', '.join(groups)}, which it never saw.")
    return m


def fit_ood(name: str, fit: Cache, negatives: Cache, alpha: float) -> tuple[dict[str, ood.Detector], dict]:
    """The detector fitted on view 0 of `fit`, and the manifest's ood section (without file)."""
    if "+" in name:
        sys.exit(f"--ood {name}: one detector on view 0 (e.g. maha-8); combinations and +views are ood.py studies")
    try:
        det = ood.make(name)
    except (ValueError, IndexError):
        sys.exit(f"--ood {name}: not a detector of training/heads/ood.py (maha-K, rmaha-K, knn-K, maha-frames-K, …)")
    x, y = fit.features[:, 0], fit.labels()
    groups = sorted(set(fit.groups))
    k = min(5, len(groups))
    if k < 2:
        sys.exit("--ood needs training clips from at least 2 groups (its threshold comes from leaving groups out)")
    # Out-of-fold in-scope scores: fold f's clips scored by the detector fitted on the other folds' groups.
    oof, fold_of = np.zeros(len(y)), np.zeros(len(y), np.int64)
    for f, held in enumerate(ood.local_folds(fit.groups, k, groups)):
        train = np.setdiff1d(np.arange(len(y)), held)
        if len(set(y[train])) < len(fit.label_names):
            sys.exit(f"--ood: leaving out groups {sorted(set(fit.groups[held]))} leaves a class without training clips")
        oof[held] = ood.make(name).fit(x[train], y[train]).score(x[held])
        fold_of[held] = f
    det.fit(x, y)
    neg = det.score(negatives.features[:, 0]) if len(negatives.keys) else np.zeros(0)
    points = []
    for a in ood.ALPHAS:
        t = round(ood.thresholds(oof, fold_of, a)["worst"], 4)
        point = {"threshold": t, "falseNone": round(float((oof > t).mean()), 4), "alpha": a}
        if len(neg):
            point["catchRate"] = round(float((neg > t).mean()), 4)
        points.append(point)
    default = min(points, key=lambda p: (abs(p["alpha"] - alpha), p["alpha"]))
    # Few clips give few distinct quantiles: several α share a threshold. The curve keeps each threshold once.
    points.sort(key=lambda p: p["threshold"])
    points = [p for i, p in enumerate(points) if i == 0 or p["threshold"] > points[i - 1]["threshold"]]
    input_kind = "frames" if det.view == "frames" else "clip-mean"
    protocol = (
        f"{name} on the backbone features ({input_kind}), fitted on view 0 of the {len(y)} training clips of groups "
        f"{', '.join(groups)}. Threshold rule worst-fold(α) of training/heads/ood.py over a group {k}-fold CV of those "
        f"groups: the highest, over folds, of each fold's (1 − α) quantile of its held-out in-scope scores; default "
        f"α = {default['alpha']:g}. falseNone: share of those {len(y)} out-of-fold in-scope scores above the threshold "
        f"(the same scores chose it, so it is optimistic, not a nested estimate). ")
    if len(neg):
        classes = sorted(set(negatives.classes))
        protocol += (f"catchRate: share of {len(neg)} out-of-scope clips ({', '.join(classes)}; never used in fitting or "
                     f"in choosing thresholds) that the shipped detector scores above the threshold.")
    else:
        protocol += "No out-of-scope clips were given, so there is no catch rate and no operating curve."
    section = {"method": name, "inputKind": input_kind, "input": "features", "output": "score",
               "threshold": default["threshold"]}
    if len(neg) and len(points) >= 2:
        section["operatingCurve"] = [{k_: p[k_] for k_ in ("threshold", "falseNone", "catchRate")} for p in points]
    section["protocol"] = protocol
    print(f"ood {name}: threshold {default['threshold']} (α {default['alpha']:g}), out-of-fold false none "
          f"{default['falseNone']:.1%}" + (f", caught {int((neg > default['threshold']).sum())}/{len(neg)}" if len(neg) else ""))
    return {name: det}, section


def replace_folder(staged: Path, out: Path) -> None:
    if out.exists():
        if not out.is_dir() or (any(out.iterdir()) and not (out / "manifest.json").exists()):
            sys.exit(f"{out} exists and is not a pack folder (no manifest.json); not overwriting it")
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(staged), str(out))


def validate_with_app_schema(pack_dir: Path) -> None:
    """The manifest through the app's own zod schema (src/pipeline/manifest.ts), in Node."""
    res = subprocess.run(["npx", "tsx", "training/packs/check-manifest.ts", str(pack_dir / "manifest.json")],
                         cwd=REPO, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"the app's schema refuses the manifest:\n{res.stderr.strip() or res.stdout.strip()}")


def main(argv: list[str] | None = None) -> Path:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--id", required=True, help="pack id: ^[a-z0-9][a-z0-9-]*$, not a shipped pack's")
    p.add_argument("--title", required=True)
    p.add_argument("--description", required=True)
    p.add_argument("--task", default="action", choices=TASKS)
    p.add_argument("--head", action="append", required=True, metavar="ID=PATH", help="a head checkpoint; repeat for more")
    p.add_argument("--labels", help="comma-separated class names, for checkpoints that carry none")
    p.add_argument("--features", required=True, type=Path, help="feature cache of scripts/extract-features.ts")
    p.add_argument("--fit-groups", help="groups the detector is fitted on (default: the heads' training groups)")
    p.add_argument("--eval-groups", help="held-out groups to score the heads on (metrics)")
    p.add_argument("--ood", help="out-of-scope detector of training/heads/ood.py, e.g. maha-8")
    p.add_argument("--ood-alpha", type=float, default=0.05, help="default operating point's α (see ood.py)")
    p.add_argument("--license", required=True, help="licence of the head (and detector) files")
    p.add_argument("--origin", default="trained on MobileNetV2 features, exported by training/packs/export_pack.py")
    p.add_argument("--cite", action="append", default=[], help="citation for the training data; repeatable")
    p.add_argument("--notes", default="")
    p.add_argument("--include-backbone", action="store_true", help="copy the 14 MB backbone into the folder")
    p.add_argument("--out", required=True, type=Path)
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    check_pack_id(a.id)

    heads, labels, trained_groups = load_heads(a.head, a.labels)
    info = backbone_info()
    cache = load_cache(a.features)
    check_features(cache, info, heads)
    in_scope = cache.with_labels(labels)
    negatives = cache.select(~np.isin(cache.classes, labels))
    fit_groups = split_groups(a.fit_groups) or trained_groups
    eval_groups = split_groups(a.eval_groups)
    if overlap := sorted(set(fit_groups) & set(eval_groups)):
        sys.exit(f"--eval-groups {overlap} are training groups; metrics must come from groups the heads never saw")
    fit = in_scope.select(np.isin(in_scope.groups, fit_groups)) if fit_groups else in_scope
    held = in_scope.select(np.isin(in_scope.groups, eval_groups))
    if eval_groups and not held.keys:
        sys.exit(f"--eval-groups {eval_groups}: no clips of {labels} in {a.features}")
    T = cache.frames

    out = a.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    staged.chmod(0o755)            # mkdtemp makes it private; a pack folder is served and zipped like any other
    try:
        backbone, files = backbone_section(BACKBONE_DIR, staged, "MobileNetV2 (ImageNet-1k), frozen", None,
                                           (BACKBONE_PRECISION,), folder=BACKBONE_FOLDER)
        if a.include_backbone:
            (staged / BACKBONE_FOLDER).mkdir()
            for ref in files:
                shutil.copyfile(BACKBONE_DIR / Path(ref["path"]).name, staged / ref["path"])

        described = [export_head(head_id, head, T, staged) for head_id, head in heads.items()]
        probe = held if held.keys else in_scope
        inputs = parity_inputs(probe.features[0, 0], probe.keys[0])
        with tempfile.TemporaryDirectory() as tmp:
            assert_parity(parity_fixture(heads, described, inputs, labels), staged, Path(tmp) / "parity.json")

        for desc in described:
            if held.keys:
                desc["metrics"] = head_metrics(heads[desc["id"]], desc["kind"], held, labels, fit_groups)
            for graph in ("sequence", "step"):
                files.append(file_ref(staged, staged / desc[graph]["file"], a.origin, a.license))

        manifest = {
            "schemaVersion": 1, "id": a.id, "title": a.title, "task": a.task, "description": a.description,
            "labels": labels, "input": {**input_spec(info), "frames": T}, "backbone": backbone,
            "heads": described, "defaultHead": described[0]["id"],
        }
        if a.ood:
            dets, section = fit_ood(a.ood, fit, negatives, a.ood_alpha)
            graph = ood.export(dets, None, section["inputKind"], info["featureDim"])
            (staged / "ood.onnx").write_bytes(graph.SerializeToString(deterministic=True))
            clips = np.concatenate([fit.features[:3, 0], negatives.features[:3, 0], np.zeros_like(fit.features[:1, 0])])
            det = next(iter(dets.values()))
            expected = det.score(clips if section["inputKind"] == "frames" else clips.mean(1, keepdims=True))
            with tempfile.TemporaryDirectory() as tmp:
                shutil.copyfile(staged / "ood.onnx", Path(tmp) / "ood.onnx")
                ood.assert_onnx_matches(Path(tmp) / "ood.onnx", clips.astype(np.float32), section["inputKind"], expected)
            manifest["ood"] = {"method": section["method"], "inputKind": section["inputKind"], "file": "ood.onnx",
                               **{k: v for k, v in section.items() if k not in ("method", "inputKind")}}
            files.append(file_ref(staged, staged / "ood.onnx", f"fitted by training/packs/export_pack.py ({a.ood} on "
                                  f"backbone features)", a.license))
        manifest["files"] = files
        manifest["provenance"] = {
            "command": shlex.join(["/usr/bin/python3", "-m", "training.packs.export_pack", *argv]),
            "citations": a.cite + info.get("origin", {}).get("cite", []),
            "notes": a.notes or f"Features: {len(cache.keys)} clips of {a.features.name} (scripts/extract-features.ts, "
                                f"T = {T}, {cache.features.shape[1]} view(s)). Exported by training/packs/export_pack.py.",
        }
        (staged / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        validate_with_app_schema(staged)
        replace_folder(staged, out)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    sizes = sum((out / f["path"]).stat().st_size for f in files if (out / f["path"]).exists())
    print(f"wrote pack {a.id} to {out} ({len(files)} files listed, {sizes} bytes in the folder"
          f"{'' if a.include_backbone else '; backbone left out: the app ships it'})")
    return out


if __name__ == "__main__":
    main()
