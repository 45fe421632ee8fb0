#!/usr/bin/env -S /usr/bin/python3
"""Writes the model-pack manifests the app loads.

    /usr/bin/python3 training/packs/build_packs.py [--only imagenet,moderation,ucf101-6]

  public/models/imagenet/manifest.json     ImageNet MobileNetV2, frame-mean over its 1000 logits
  public/models/moderation/manifest.json   nsfwjs MobileNetV2, frame-mean over its 5 probabilities
  public/models/ucf101-6/manifest.json     ImageNet MobileNetV2 features → SSM (default) / LSTM head,
                                           Mahalanobis "none of these" detector
  public/models/index.json                 the packs that exist, default ucf101-6

Everything a manifest says comes from files: the frame geometry from training/packs/pack-config.json
(the same file scripts/extract-features.ts reads), normalisation / labels / outputs from each
backbone's backbone.json, hashes from the bytes on disk, and for ucf101-6 the head descriptions and
measured metrics from training/out/heads/ (written by training/heads/export.py and experiments.py)
or, when those are absent, from the committed manifest (so a pack can be rebuilt without retraining).
A pack whose backbone is not there yet is skipped with a message. tests/packs/manifests.test.ts
validates the result with the TypeScript schema.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "public" / "models"
from training.backbones.onnx_common import sha256_file as sha256  # (one hashing helper for backbones and packs)

CONFIG = json.loads((REPO / "training" / "packs" / "pack-config.json").read_text())
HEADS_OUT = REPO / "training" / "out" / "heads"
UCF_CITATION = ("K. Soomro, A. R. Zamir, M. Shah, UCF101: A Dataset of 101 Human Actions Classes "
                "From Videos in The Wild, CRCV-TR-12-01, 2012")
OWN_LICENSE = "Apache-2.0 (Reelscope; trained by the project on UCF101 features)"




def file_ref(pack_dir: Path, path: Path, origin: str, license: str, manifest_path: str | None = None) -> dict:
    """The manifest's entry for the file at `path`: named relative to pack_dir, or `manifest_path` when given
    (a file an imported pack lists but leaves out, because the app ships the same bytes)."""
    return {
        "path": manifest_path or Path(_relpath(path, pack_dir)).as_posix(),
        "sha256": sha256(path),
        "bytes": path.stat().st_size,
        "origin": origin,
        "license": license,
    }


def _relpath(path: Path, start: Path) -> str:
    import os
    return os.path.relpath(path, start)


def input_spec(backbone: dict) -> dict:
    norm = backbone["normalization"]
    spec = dict(CONFIG["input"])
    spec["normalization"] = {"scale": norm["scale"], "mean": list(norm["mean"]), "std": list(norm["std"])}
    if "liveSize" in backbone:
        spec["liveSize"] = backbone["liveSize"]
    return spec


# Precision → backends, in the order the app should prefer them. The ImageNet packs ship fp32 alone:
# in onnxruntime-web's WASM it ran about 2× faster than int8 (docs/backbones.md), WebGPU runs it with
# no CPU fallback, and the heads learn from the very features the app computes on either backend.
BACKENDS = {"int8": ["wasm"], "fp16": ["webgpu", "wasm"], "fp32": ["webgpu", "wasm"]}


def backbone_section(bb_dir: Path, pack_dir: Path, title: str, frame_output: dict | None,
                     precisions: tuple[str, ...], folder: str | None = None) -> tuple[dict, list[dict]]:
    """The manifest's backbone section and its files. Files are named relative to pack_dir, or `folder`/<file name>
    when folder is given (training/packs/export_pack.py: backbone/fp32.onnx inside an imported pack's folder)."""
    info = json.loads((bb_dir / "backbone.json").read_text())
    origin = info.get("origin", {})
    upstream = origin.get("upstream", "see backbone.json")
    license = origin.get("license", "see backbone.json")
    variants, files = [], []
    declared = info.get("variants", {})
    for precision in precisions:
        v = declared.get(precision)
        if not v or not (bb_dir / v["file"]).exists():
            continue
        path = bb_dir / v["file"]
        ref = file_ref(pack_dir, path, f"{upstream}; derived by {origin.get('command', 'training/backbones')}", license,
                       f"{folder}/{path.name}" if folder else None)
        if v.get("sha256") and v["sha256"] != ref["sha256"]:
            sys.exit(f"{path}: sha256 on disk {ref['sha256']} differs from backbone.json {v['sha256']}")
        variants.append({"precision": precision, "file": ref["path"], "backends": BACKENDS[precision]})
        files.append(ref)
    if not variants:
        raise FileNotFoundError(f"no backbone variant of {bb_dir} exists yet")
    section = {
        "id": info["id"],
        "title": title,
        "featureDim": info["featureDim"],
        "inputName": info["input"]["name"],
        "featuresOutput": "features",
    }
    if frame_output:
        section["frameOutput"] = frame_output
    section["variants"] = variants
    return section, files


def write(pack_dir: Path, manifest: dict) -> None:
    pack_dir.mkdir(parents=True, exist_ok=True)
    (pack_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {(pack_dir / 'manifest.json').relative_to(REPO)}")


def build_frame_mean_pack(pack_id: str, backbone_id: str, *, title: str, task: str, description: str,
                          backbone_title: str, frame_output: str, kind: str, head_title: str,
                          precisions: tuple[str, ...], notes: str) -> None:
    """A pack with no trained head: the backbone's own per-frame classifier averaged over the frames."""
    bb_dir = MODELS / "backbones" / backbone_id
    pack_dir = MODELS / pack_id
    info = json.loads((bb_dir / "backbone.json").read_text())
    labels = info["labels"]
    backbone, files = backbone_section(
        bb_dir, pack_dir, backbone_title, {"name": frame_output, "kind": kind, "labels": labels}, precisions)
    write(pack_dir, {
        "schemaVersion": 1,
        "id": pack_id,
        "title": title,
        "task": task,
        "description": description,
        "labels": labels,
        "input": input_spec(info),
        "backbone": backbone,
        "heads": [{"id": "frame-mean", "kind": "frame-mean", "title": head_title, "parameters": 0}],
        "defaultHead": "frame-mean",
        "files": files,
        "provenance": {
            "command": f"/usr/bin/python3 training/packs/build_packs.py --only {pack_id}",
            "citations": info.get("origin", {}).get("cite", []),
            "notes": notes,
        },
    })


def build_imagenet() -> None:
    build_frame_mean_pack(
        "imagenet", "mobilenetv2-imagenet", title="Objects (ImageNet-1k)", task="objects",
        description="What objects and scenes a video shows: MobileNetV2's 1000 ImageNet classes, "
                    "its per-frame logits averaged over the sampled frames. No training by the project.",
        backbone_title="MobileNetV2 (ImageNet-1k)", frame_output="logits", kind="logits",
        head_title="Mean of per-frame ImageNet logits", precisions=("fp32",),
        notes="Backbone derived by training/backbones/derive_imagenet.py; see its backbone.json.")


def build_moderation() -> None:
    build_frame_mean_pack(
        "moderation", "nsfwjs-mobilenetv2", title="Content moderation (nsfwjs)", task="moderation",
        description="Whether a video is drawing, hentai, neutral, porn or sexy: the nsfwjs MobileNetV2 "
                    "model's per-frame probabilities averaged over the sampled frames.",
        backbone_title="MobileNetV2 (nsfwjs)", frame_output="moderation", kind="probabilities",
        head_title="Mean of per-frame nsfwjs probabilities", precisions=("int8", "fp16", "fp32"),
        notes="Backbone converted by training/backbones/convert_nsfwjs.py; see its backbone.json. Frames use the "
              "shared 256-short-side / 224 centre-crop geometry (nsfwjs itself squashes whole images to 224×224).")


def build_ucf101() -> None:
    bb_dir = MODELS / "backbones" / "mobilenetv2-imagenet"
    pack_dir = MODELS / "ucf101-6"
    info = json.loads((bb_dir / "backbone.json").read_text())
    export_path = HEADS_OUT / "export.json"
    previous = pack_dir / "manifest.json"
    if export_path.exists():
        exported = json.loads(export_path.read_text())
    elif previous.exists():
        old = json.loads(previous.read_text())
        exported = {"labels": old["labels"], "heads": old["heads"], "defaultHead": old["defaultHead"],
                    "ood": old.get("ood"), "frames": old["input"]["frames"]}
    else:
        raise FileNotFoundError(f"{export_path} is missing: run training/heads/export.py first")
    metrics_path = HEADS_OUT / "pack-metrics.json"
    metrics = json.loads(metrics_path.read_text()) if metrics_path.exists() else {}
    backbone, files = backbone_section(bb_dir, pack_dir, "MobileNetV2 (ImageNet-1k), frozen", None, ("fp32",))
    calibration_path = HEADS_OUT / "calibration.json"
    calibration = json.loads(calibration_path.read_text()) if calibration_path.exists() else {}
    heads = []
    for head in exported["heads"]:
        head = dict(head)
        ms = head.pop("msPerStepNode", None)
        if head["id"] in calibration:      # training/heads/calibrate.py fit (else what the previous manifest had)
            head["calibration"] = calibration[head["id"]]
        if head["id"] in metrics:
            head["metrics"] = dict(metrics[head["id"]])
            if ms is not None:
                head["metrics"]["msPerStepNode"] = ms
        for graph in ("sequence", "step"):
            path = pack_dir / head[graph]["file"]
            files.append(file_ref(pack_dir, path, "trained by training/heads/train.py, exported by export.py", OWN_LICENSE))
        heads.append(head)
    manifest = {
        "schemaVersion": 1,
        "id": "ucf101-6",
        "title": "Actions (UCF101, 6 classes)",
        "task": "action",
        "description": "Which of six UCF101 actions a video shows — archery, basketball dunk, horse race, "
                       "piano, violin, surfing — or none of these. Frozen MobileNetV2 features per frame, "
                       "a small causal temporal model (diagonal SSM by default, LSTM for comparison) "
                       "predicting after every frame.",
        "labels": exported["labels"],
        "input": {**input_spec(info), "frames": exported["frames"]},
        "backbone": backbone,
        "heads": heads,
        "defaultHead": exported["defaultHead"],
    }
    ood_path = HEADS_OUT / "ood.json"
    ood_spec = json.loads(ood_path.read_text()) if ood_path.exists() else exported.get("ood")
    if ood_spec:
        ood = dict(ood_spec)
        files.append(file_ref(pack_dir, pack_dir / ood["file"], f"fitted by training/heads/ood.py ({ood['method']} on backbone features, input {ood.get('inputKind', 'clip-mean')})", OWN_LICENSE))
        manifest["ood"] = ood
    manifest["files"] = files
    manifest["provenance"] = {
        "command": "bash training/regenerate.sh",
        "citations": [UCF_CITATION] + info.get("origin", {}).get("cite", []),
        "notes": "Heads trained on groups g08–g22 of ucf101-6 only (UCF101 groups g01–g07 and g23–g25 "
                 "are held back for judging). See docs/models.md for the protocol and every number.",
    }
    write(pack_dir, manifest)


def write_index() -> None:
    order = ["ucf101-6", "imagenet", "moderation"]
    packs = [{"id": p, "manifest": f"{p}/manifest.json"} for p in order if (MODELS / p / "manifest.json").exists()]
    if not packs:
        return
    default = "ucf101-6" if any(p["id"] == "ucf101-6" for p in packs) else packs[0]["id"]
    (MODELS / "index.json").write_text(json.dumps({"packs": packs, "defaultPack": default}, indent=2) + "\n")
    print(f"wrote public/models/index.json ({', '.join(p['id'] for p in packs)}; default {default})")


BUILDERS = {"imagenet": build_imagenet, "moderation": build_moderation, "ucf101-6": build_ucf101}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(BUILDERS), help="comma-separated pack ids")
    args = parser.parse_args()
    for pack in args.only.split(","):
        try:
            BUILDERS[pack]()
        except FileNotFoundError as err:
            print(f"skipped {pack}: {err}")
    write_index()


if __name__ == "__main__":
    main()
