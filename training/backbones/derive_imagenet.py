"""Derive the shipped ImageNet MobileNetV2 backbone files from the ONNX Model Zoo int8 model.

    /usr/bin/python3 training/backbones/derive_imagenet.py [--src DIR] [--out DIR]

Writes into public/models/backbones/mobilenetv2-imagenet/:
  int8.onnx     the zoo graph, input `input` [N,3,224,224], outputs `features` [N,1280]
                (DequantizeLinear of the pooled tensor) and `logits` [N,1000] (the zoo `output`).
  fp32.onnx     the same weights dequantised into a float graph (Conv/Clip/Add/GlobalAveragePool/
                Flatten/Gemm) for execution providers without QLinear ops (WebGPU). Its input is
                [N,3,H,W]: nothing past the input fixes the spatial size, so real time can run it
                smaller than the 224 it was trained at (LIVE_SIZE; docs/realtime.md).
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

from training.backbones import onnx_common as oc

REPO = Path(__file__).resolve().parents[2]
LIVE_SIZE = 160
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
# fp32: the same weights, dequantised into a float graph
# ---------------------------------------------------------------------------------------------

# torchvision MobileNetV2 (Sandler et al. 2018, Table 2): expansion t, channels c, repeats n,
# stride s. Used only to know which convs carry a ReLU6 (first conv, expand and depthwise convs,
# last 1x1 conv) and which are linear (the projection convs: "linear bottleneck").
INVERTED_RESIDUAL_SETTING = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                             (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]
RELU6_MAX = 6.0


def conv_activation_pattern() -> list[bool]:
    """True for each conv (in graph order) followed by ReLU6 in torchvision's MobileNetV2."""
    pattern = [True]                                  # stem 3x3 conv
    for t, _c, n, _s in INVERTED_RESIDUAL_SETTING:
        for _ in range(n):
            pattern += ([True] if t != 1 else []) + [True, False]  # expand?, depthwise, project
    return pattern + [True]                           # final 1x1 conv to 1280


class FloatGraphBuilder:
    """Accumulates float initializers and nodes, naming float tensors after their quantised
    counterparts with the `_quantized` suffix dropped."""

    def __init__(self, zoo: onnx.ModelProto):
        self.q = {t.name: numpy_helper.to_array(t) for t in zoo.graph.initializer}
        self.inits: list[onnx.TensorProto] = []
        self.nodes: list[onnx.NodeProto] = []
        self.zero = self.const("clip_min", np.float32(0.0))

    def const(self, name: str, value: np.ndarray) -> str:
        self.inits.append(numpy_helper.from_array(np.asarray(value, dtype=np.float32), name))
        return name

    def node(self, op: str, inputs: list[str], output: str, **attrs) -> str:
        self.nodes.append(helper.make_node(op, inputs, [output], name=f"{output}_{op}", **attrs))
        return output

    def scalar(self, name: str) -> float:
        return float(self.q[name])

    def dequant_weight(self, q: str, scale: str, zp: str, axis: int) -> np.ndarray:
        """Per-channel (or per-tensor) dequantisation along `axis`."""
        w = self.q[q].astype(np.float64)
        s, z = self.q[scale].astype(np.float64), self.q[zp].astype(np.float64)
        shape = [1] * w.ndim
        if s.ndim:
            shape[axis] = -1
        return ((w - z.reshape(shape)) * s.reshape(shape)).astype(np.float32)


def float_name(quantized: str) -> str:
    return quantized[: -len("_quantized")] if quantized.endswith("_quantized") else quantized


def derive_fp32(zoo: onnx.ModelProto) -> onnx.ModelProto:
    b = FloatGraphBuilder(zoo)
    relu6 = iter(conv_activation_pattern())
    shape_only = {"Shape", "Gather", "Unsqueeze", "Concat"}   # batch-size plumbing for Reshape
    matmul: onnx.NodeProto | None = None

    for n in zoo.graph.node:
        i = list(n.input)
        if n.op_type == "QuantizeLinear":
            assert i[0] == "input" and n.output[0] == "input_quantized"
        elif n.op_type == "QLinearConv":
            x, x_s, _x_zp, w_q, w_s, w_zp, y_s, y_zp, bias = i
            w = b.dequant_weight(w_q, w_s, w_zp, axis=0)
            bias_f = (b.q[bias].astype(np.float64) * b.scalar(x_s)
                      * b.q[w_s].astype(np.float64)).astype(np.float32)
            y = float_name(n.output[0])
            attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            conv_out = y + "_conv" if next(relu6) else y
            b.node("Conv", [float_name(x), b.const(w_q.replace("_quantized", "_w"), w),
                            b.const(bias.replace("_quantized", "_b"), bias_f)], conv_out, **attrs)
            if conv_out != y:
                # ReLU6 as folded into the int8 output range [0, 255*scale] (zero point 0).
                assert int(b.q[y_zp]) == 0, f"{y}: ReLU6 conv with non-zero output zero point"
                hi = min(RELU6_MAX, 255.0 * b.scalar(y_s))
                b.node("Clip", [y + "_conv", b.zero, b.const(y + "_clip_max", np.float32(hi))], y)
            else:
                assert int(b.q[y_zp]) != 0, f"{y}: linear conv with a ReLU-like output range"
        elif n.op_type == "QLinearAdd" and matmul is None:
            b.node("Add", [float_name(i[0]), float_name(i[3])], float_name(n.output[0]))
        elif n.op_type == "QLinearGlobalAveragePool":
            b.node("GlobalAveragePool", [float_name(i[0])], float_name(n.output[0]))
        elif n.op_type == "DequantizeLinear" and n.output[0] != ZOO_LOGITS:
            pass  # float tensor already exists under the same name (used only by Shape)
        elif n.op_type in shape_only:
            pass
        elif n.op_type == "Reshape":
            assert n.output[0] == POOLED_Q
            b.node("Flatten", [float_name(i[0])], "features", axis=1)
        elif n.op_type == "QLinearMatMul":
            assert i[0] == POOLED_Q
            matmul = n
        elif n.op_type == "QLinearAdd":       # classifier bias: MatMul + Add -> Gemm
            assert matmul is not None and i[0] == matmul.output[0]
            w = b.dequant_weight(matmul.input[3], matmul.input[4], matmul.input[5], axis=1)
            bias_f = b.dequant_weight(i[3], i[4], i[5], axis=0)
            b.node("Gemm", ["features", b.const("classifier_w", w), b.const("classifier_b", bias_f)],
                   "logits")
        elif n.op_type == "DequantizeLinear":
            assert i[0] == "output_quantized"
        else:
            raise ValueError(f"unexpected op {n.op_type} ({n.name})")
    assert next(relu6, None) is None, "conv count differs from torchvision MobileNetV2"

    graph = helper.make_graph(
        b.nodes, "mobilenetv2_imagenet_fp32",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, "H", "W"])],
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", FEATURE_DIM]),
         helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", NUM_CLASSES])],
        initializer=b.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="reelscope/derive_imagenet.py", producer_version="1")
    model.ir_version = 7
    return oc.finalize(model)


def to_fp16_weights(fp32: onnx.ModelProto, min_elements: int = 1024) -> onnx.ModelProto:
    """Store large float initializers as float16, cast back to float32 at the graph input side.
    onnxruntime constant-folds the casts at session creation, so compute stays float32."""
    model = onnx.ModelProto()
    model.CopyFrom(fp32)
    g = model.graph
    casts, inits = [], []
    for t in g.initializer:
        a = numpy_helper.to_array(t)
        if a.dtype == np.float32 and a.size >= min_elements:
            inits.append(numpy_helper.from_array(a.astype(np.float16), t.name + "_fp16"))
            casts.append(helper.make_node("Cast", [t.name + "_fp16"], [t.name],
                                          name=t.name + "_Cast", to=TensorProto.FLOAT))
        else:
            inits.append(t)
    del g.initializer[:]
    g.initializer.extend(inits)
    nodes = casts + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    g.name = "mobilenetv2_imagenet_fp16"
    return oc.finalize(model)


# ---------------------------------------------------------------------------------------------
# backbone.json
# ---------------------------------------------------------------------------------------------

def describe(cfg: Config, variants: dict[str, tuple[Path, str]], labels: list[str]) -> dict:
    return {
        "id": "mobilenetv2-imagenet",
        "featureDim": FEATURE_DIM,
        "input": {"name": "input", "dtype": "float32", "layout": "NCHW",
                  "shape": ["N", 3, "H", "W"],
                  "note": "fp32 and fp16 take any H × W (ImageNet-trained at 224); int8, the zoo graph, 224 × 224 only"},
        # The input side real time runs at on a CPU backend: the shipped head's class after every frame
        # agreed with 224's on 99.2 % of steps (scripts/study-live-size.ts, docs/realtime.md).
        "liveSize": LIVE_SIZE,
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

    fp32 = derive_fp32(zoo)
    fp32_path = cfg.out_dir / "fp32.onnx"
    oc.save(fp32, fp32_path)
    variants["fp32"] = (fp32_path, "fp32")

    fp16_path = cfg.out_dir / "fp16.onnx"
    oc.save(to_fp16_weights(fp32), fp16_path)
    variants["fp16"] = (fp16_path, "fp16 weights, fp32 compute")

    info = describe(cfg, variants, labels)
    oc.write_json(info, cfg.out_dir / "backbone.json")
    for name, v in info["variants"].items():
        print(f"{name}: {v['file']} {v['bytes']} B, {v['nodeCount']} nodes, sha256 {v['sha256']}")


if __name__ == "__main__":
    main()
