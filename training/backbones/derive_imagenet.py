"""Derive the shipped ImageNet MobileNetV2 backbone files from the ONNX Model Zoo int8 model.

    /usr/bin/python3 training/backbones/derive_imagenet.py [--src DIR] [--out DIR]

Writes into public/models/backbones/mobilenetv2-imagenet/:
  int8.onnx     the zoo graph, input `input` [N,3,224,224], outputs `features` [N,1280]
                (DequantizeLinear of the pooled tensor) and `logits` [N,1000] (the zoo `output`).
  fp32.onnx     the same weights dequantised into a float graph (Conv/Clip/Add/GlobalAveragePool/
                Flatten/Gemm) for execution providers without QLinear ops (WebGPU).
  fp16.onnx     fp32.onnx with its large weights stored as float16 and cast back to float32
                inside the graph (half the bytes, float32 compute).
  backbone.json interface, normalisation, provenance, per-variant hashes and op counts, labels.

Output is byte-for-byte deterministic.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import onnx_common as oc

REPO = Path(__file__).resolve().parents[2]
ZOO_FILE = "mobilenetv2-12-int8.onnx"
ZOO_SHA256 = "83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f"
LABELS_FILE = "imagenet_classes.txt"
LABELS_SHA256 = "e697a491aa735cc6c2aaf982f8e86e8fc7b0a1ea7750a2cc6a2bdfc1e109012f"

# Tensors inside the zoo graph (see the shared README).
POOLED_Q, POOLED_SCALE, POOLED_ZP = "472_quantized", "464_scale", "464_zero_point"
ZOO_LOGITS = "output"
FEATURE_DIM, NUM_CLASSES = 1280, 1000


@dataclass(frozen=True)
class Config:
    src_dir: Path = REPO.parent / "shared" / "models" / "mobilenetv2-imagenet-int8"
    out_dir: Path = REPO / "public" / "models" / "backbones" / "mobilenetv2-imagenet"


# ---------------------------------------------------------------------------------------------
# int8: the zoo graph with a `features` output and renamed logits
# ---------------------------------------------------------------------------------------------

def derive_int8(zoo: onnx.ModelProto) -> onnx.ModelProto:
    model = onnx.ModelProto()
    model.CopyFrom(zoo)
    g = model.graph
    assert [i.name for i in g.input] == ["input"], "zoo input must be `input`"
    assert [o.name for o in g.output] == [ZOO_LOGITS]

    # Rename `output` -> `logits` (only the final DequantizeLinear produces it).
    producers = [n for n in g.node if ZOO_LOGITS in n.output]
    assert len(producers) == 1 and producers[0].op_type == "DequantizeLinear"
    producers[0].output[0] = "logits"
    assert not any(ZOO_LOGITS in n.input for n in g.node)

    # The pooled, reshaped [N,1280] uint8 tensor, dequantised with its own scale/zero point.
    assert any(POOLED_Q in n.output and n.op_type == "Reshape" for n in g.node)
    g.node.append(helper.make_node(
        "DequantizeLinear", [POOLED_Q, POOLED_SCALE, POOLED_ZP], ["features"],
        name="features_DequantizeLinear"))

    del g.output[:]
    g.output.extend([
        helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", FEATURE_DIM]),
        helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", NUM_CLASSES]),
    ])
    oc.set_batch_dim(model)
    _keep_used_opsets(model)
    model.producer_name = "reelscope/derive_imagenet.py"
    model.producer_version = "1"
    return oc.finalize(model)


def _keep_used_opsets(model: onnx.ModelProto) -> None:
    used = {n.domain for n in model.graph.node}
    keep = [o for o in model.opset_import if o.domain in used]
    del model.opset_import[:]
    model.opset_import.extend(keep)


# ---------------------------------------------------------------------------------------------
# backbone.json
# ---------------------------------------------------------------------------------------------

def describe(cfg: Config, variants: dict[str, tuple[Path, str]], labels: list[str]) -> dict:
    return {
        "id": "mobilenetv2-imagenet",
        "featureDim": FEATURE_DIM,
        "input": {"name": "input", "dtype": "float32", "layout": "NCHW",
                  "shape": ["N", 3, 224, 224]},
        "outputs": {
            "features": {"dtype": "float32", "shape": ["N", FEATURE_DIM],
                         "description": "global-average-pooled 1280-d features (classifier input)"},
            "logits": {"dtype": "float32", "shape": ["N", NUM_CLASSES],
                       "description": "ImageNet-1k logits, index order of `labels`"},
        },
        "outputNames": ["features", "logits"],
        "normalization": {"colorSpace": "RGB", "width": 224, "height": 224, "scale": 255,
                          "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
                          "formula": "(x / scale - mean) / std"},
        "variants": {name: oc.variant_info(path, precision, cfg.out_dir)
                     for name, (path, precision) in variants.items()},
        "origin": {
            "upstream": "ONNX Model Zoo (github.com/onnx/models), validated/vision/classification/"
                        "mobilenet/mobilenetv2-12-int8.onnx, MobileNet v2-1.0-int8, opset 12",
            "license": "Apache-2.0 (ONNX Model Zoo); float weights from torchvision, BSD-3-Clause",
            "sourceFile": ZOO_FILE,
            "sourceSha256": ZOO_SHA256,
            "sourceCopy": "Lawrence-lugs/hwacc_design_garage onnx_models/mobilenetv2-12-int8.onnx "
                          "@3d6147f8729cafb4c79faf9c2f1eab1bf76213a2",
            "labels": "imagenet_classes.txt from pytorch/hub "
                      "@c7895df70c7767403e36f82786d6b611b7984557, sha256 " + LABELS_SHA256,
            "command": "/usr/bin/python3 training/backbones/derive_imagenet.py",
            "cite": ["Sandler et al., MobileNetV2: Inverted Residuals and Linear Bottlenecks, "
                     "CVPR 2018",
                     "Deng et al., ImageNet: A Large-Scale Hierarchical Image Database, CVPR 2009"],
        },
        "labels": labels,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=Config.src_dir)
    ap.add_argument("--out", type=Path, default=Config.out_dir)
    args = ap.parse_args()
    cfg = Config(src_dir=args.src, out_dir=args.out)

    zoo_path, labels_path = cfg.src_dir / ZOO_FILE, cfg.src_dir / LABELS_FILE
    oc.require_sha256(zoo_path, ZOO_SHA256)
    oc.require_sha256(labels_path, LABELS_SHA256)
    labels = labels_path.read_text(encoding="utf-8").splitlines()
    assert len(labels) == NUM_CLASSES, len(labels)
    zoo = onnx.load(str(zoo_path))

    variants: dict[str, tuple[Path, str]] = {}
    int8_path = cfg.out_dir / "int8.onnx"
    oc.save(derive_int8(zoo), int8_path)
    variants["int8"] = (int8_path, "int8")

    info = describe(cfg, variants, labels)
    oc.write_json(info, cfg.out_dir / "backbone.json")
    for name, v in info["variants"].items():
        print(f"{name}: {v['file']} {v['bytes']} B, {v['nodeCount']} nodes, sha256 {v['sha256']}")


if __name__ == "__main__":
    main()
