"""Convert nsfwjs's bundled MobileNetV2 (a Keras model in TF.js layers format) to ONNX.

    /usr/bin/python3 training/backbones/convert_nsfwjs.py [--nsfwjs DIR] [--out DIR]

Reads node_modules/nsfwjs/dist/models/mobilenet_v2/ (model.min.js exports the model.json object,
group1-shard*.min.js export base64 weight shards; `node` is used only to evaluate those bundles)
and writes public/models/backbones/nsfwjs-mobilenetv2/{model.onnx,backbone.json}.

The graph is built directly with onnx.helper, NCHW throughout:
  input      float32 [N,3,224,224], RGB in [0,1] (x / 255, no mean/std)
  features   float32 [N,1280], the global average pool (before the dense head and dropout)
  moderation float32 [N,5], softmax over Drawing, Hentai, Neutral, Porn, Sexy
The large kernels stay uint8 in the file (TF.js quantisation w = q * scale + min) and are
dequantised inside the graph (Cast -> Mul -> Add); BatchNormalization parameters and dense
biases are small and are stored as float32, dequantised here exactly as TF.js does.
Output is byte-for-byte deterministic.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from training.backbones import onnx_common as oc

REPO = Path(__file__).resolve().parents[2]
NSFWJS_VERSION = "4.4.0"
# nsfwjs src/nsfw_classes.ts: index -> class name.
CLASSES = ["Drawing", "Hentai", "Neutral", "Porn", "Sexy"]
IMAGE_SIZE, FEATURE_DIM = 224, 1280
# Kernels at least this large stay uint8 in the file; smaller tensors are stored as float32.
UINT8_MIN_ELEMENTS = 1024


@dataclass(frozen=True)
class Config:
    nsfwjs_dir: Path = REPO / "node_modules" / "nsfwjs"
    out_dir: Path = REPO / "public" / "models" / "backbones" / "nsfwjs-mobilenetv2"


# ---------------------------------------------------------------------------------------------
# Reading the TF.js bundle
# ---------------------------------------------------------------------------------------------

def read_bundle(nsfwjs_dir: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """Return (model.json object, {weight name: quantised tensor in TF layout})."""
    pkg = json.loads((nsfwjs_dir / "package.json").read_text())
    if pkg["version"] != NSFWJS_VERSION:
        raise SystemExit(f"nsfwjs {pkg['version']} found, this converter targets {NSFWJS_VERSION}")
    model_dir = nsfwjs_dir / "dist" / "models" / "mobilenet_v2"
    model_json = _node_require_json(model_dir / "model.min.js")
    assert len(model_json["weightsManifest"]) == 1
    group = model_json["weightsManifest"][0]
    data = b"".join(base64.b64decode(_node_require_json(model_dir / f"{p}.min.js"))
                    for p in group["paths"])

    weights, offset = {}, 0
    for spec in group["weights"]:
        q = spec["quantization"]
        assert q["dtype"] == "uint8" and spec["dtype"] == "float32", spec
        n = math.prod(spec["shape"])
        raw = np.frombuffer(data, dtype=np.uint8, count=n, offset=offset).reshape(spec["shape"])
        weights[spec["name"]] = QuantizedTensor(raw, float(q["scale"]), float(q["min"]))
        offset += n
    assert offset == len(data), (offset, len(data))
    return model_json, weights


def _node_require_json(path: Path):
    out = subprocess.run(
        ["node", "-e", "process.stdout.write(JSON.stringify(require(process.argv[1])))", str(path)],
        check=True, capture_output=True)
    return json.loads(out.stdout)


@dataclass(frozen=True)
class QuantizedTensor:
    q: np.ndarray          # uint8, TF layout
    scale: float
    min: float

    def dequantize(self) -> np.ndarray:
        """Exactly as TF.js io.decodeWeights: v * scale + min in double, stored as float32."""
        return (self.q.astype(np.float64) * self.scale + self.min).astype(np.float32)


# ---------------------------------------------------------------------------------------------
# Building the ONNX graph
# ---------------------------------------------------------------------------------------------

@dataclass
class Builder:
    weights: dict[str, QuantizedTensor]
    nodes: list[onnx.NodeProto] = field(default_factory=list)
    inits: list[onnx.TensorProto] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def node(self, op: str, inputs: list[str], output: str, **attrs) -> str:
        self.nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def const(self, name: str, value: np.ndarray) -> str:
        self.inits.append(numpy_helper.from_array(value, name))
        return name

    def float_param(self, name: str) -> str:
        self.used.add(name)
        return self.const(name, self.weights[name].dequantize())

    def kernel_param(self, name: str, perm: tuple[int, ...], shape: tuple[int, ...]) -> str:
        """Re-lay-out a kernel (exact on q, since quantisation is per tensor). Large kernels
        stay uint8 and are dequantised in the graph, float(q) * scale + min; small ones are
        stored as float32."""
        self.used.add(name)
        t = self.weights[name]
        if t.q.size < UINT8_MIN_ELEMENTS:
            w = np.ascontiguousarray(t.dequantize().transpose(perm)).reshape(shape)
            return self.const(name, w)
        q = np.ascontiguousarray(t.q.transpose(perm)).reshape(shape)
        qn = self.const(name + "/q", q)
        cast = self.node("Cast", [qn], name + "/cast", to=TensorProto.FLOAT)
        scaled = self.node("Mul", [cast, self.const(name + "/scale", np.float32(t.scale))],
                           name + "/scaled")
        return self.node("Add", [scaled, self.const(name + "/min", np.float32(t.min))], name)


def same_pads(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """TensorFlow 'SAME' padding: the extra pixel (if any) goes to the bottom/right."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def convert(model_json: dict, weights: dict[str, QuantizedTensor]) -> onnx.ModelProto:
    cfg = model_json["modelTopology"]["model_config"]
    assert cfg["class_name"] == "Model"
    layers = cfg["config"]["layers"]
    b = Builder(weights)
    tensor: dict[str, str] = {}                 # Keras layer name -> ONNX tensor name
    hw: dict[str, int] = {}                     # Keras layer name -> spatial size (square)
    pending_pad: dict[str, tuple[int, int, int, int]] = {}  # ZeroPadding2D -> (t, l, b, r)

    def inbound(layer) -> list[str]:
        (node,) = layer["inbound_nodes"]
        return [src[0] for src in node]

    for layer in layers:
        name, kind, c = layer["name"], layer["class_name"], layer["config"]
        if kind == "InputLayer":
            assert c["batch_input_shape"] == [None, IMAGE_SIZE, IMAGE_SIZE, 3]
            tensor[name], hw[name] = "input", IMAGE_SIZE
            continue
        srcs = inbound(layer)
        x = tensor[srcs[0]]
        size = hw[srcs[0]]

        if kind == "ZeroPadding2D":
            (top, bottom), (left, right) = c["padding"]
            pending_pad[name] = (top, left, bottom, right)
            tensor[name] = x                  # folded into the consuming conv's pads
            hw[name] = size + top + bottom
            assert top + bottom == left + right
        elif kind in ("Conv2D", "DepthwiseConv2D"):
            kh, kw = c["kernel_size"]
            sh, sw = c["strides"]
            assert c["dilation_rate"] == [1, 1] and c["activation"] == "linear"
            assert not c["use_bias"] and c["data_format"] == "channels_last"
            if c["padding"] == "same":
                pt, pb = same_pads(size, kh, sh)
                pl, pr = same_pads(size, kw, sw)
                out = -(-size // sh)
            else:
                assert c["padding"] == "valid"
                pt, pl, pb, pr = pending_pad.pop(srcs[0], (0, 0, 0, 0))
                out = (size - kh) // sh + 1
            if kind == "Conv2D":
                k = weights[name + "/kernel"].q            # [kh, kw, in, out]
                cin, cout = k.shape[2], k.shape[3]
                w = b.kernel_param(name + "/kernel", (3, 2, 0, 1), (cout, cin, kh, kw))
                group = 1
            else:
                k = weights[name + "/depthwise_kernel"].q  # [kh, kw, C, mult]
                ch, mult = k.shape[2], k.shape[3]
                assert mult == c["depth_multiplier"]
                # TF output channel c*mult + m  ->  ONNX [C*mult, 1, kh, kw], group = C
                w = b.kernel_param(name + "/depthwise_kernel", (2, 3, 0, 1), (ch * mult, 1, kh, kw))
                group = ch
            tensor[name] = b.node("Conv", [x, w], name, kernel_shape=[kh, kw], strides=[sh, sw],
                                  pads=[pt, pl, pb, pr], group=group)
            hw[name] = out
        elif kind == "BatchNormalization":
            assert c["axis"] in (-1, 3) and c["center"] and c["scale"]
            p = [b.float_param(f"{name}/{s}") for s in
                 ("gamma", "beta", "moving_mean", "moving_variance")]
            tensor[name] = b.node("BatchNormalization", [x, *p], name, epsilon=float(c["epsilon"]))
            hw[name] = size
        elif kind == "ReLU":
            assert not c.get("negative_slope") and not c.get("threshold")
            if c.get("max_value") is None:
                tensor[name] = b.node("Relu", [x], name)
            else:
                tensor[name] = b.node("Clip", [x, b.const(name + "/min", np.float32(0.0)),
                                               b.const(name + "/max", np.float32(c["max_value"]))],
                                      name)
            hw[name] = size
        elif kind == "Add":
            assert hw[srcs[0]] == hw[srcs[1]]
            tensor[name] = b.node("Add", [tensor[s] for s in srcs], name)
            hw[name] = size
        elif kind == "AveragePooling2D":
            # A valid pool as large as its input is a global average pool.
            assert c["padding"] == "valid" and c["pool_size"] == [size, size], (c, size)
            tensor[name] = b.node("GlobalAveragePool", [x], name)
            hw[name] = 1
        elif kind == "Flatten":
            assert size == 1          # [N,1,1,C] NHWC and [N,C,1,1] NCHW flatten identically
            tensor[name] = b.node("Flatten", [x], "features", axis=1)
            hw[name] = 1
        elif kind == "Dropout":
            tensor[name], hw[name] = x, size   # inference: identity
        elif kind == "Dense":
            assert c["use_bias"]
            w = b.kernel_param(name + "/kernel", (0, 1), weights[name + "/kernel"].q.shape)
            act = c["activation"]
            y = b.node("Gemm", [x, w, b.float_param(name + "/bias")],
                       name if act != "linear" else name + "/out")
            if act == "relu":
                y = b.node("Relu", [y], name + "/relu")
            elif act == "softmax":
                y = b.node("Softmax", [y], name + "/softmax", axis=-1)
            else:
                assert act == "linear", act
            tensor[name], hw[name] = y, 1
        else:
            raise ValueError(f"unsupported Keras layer {kind} ({name})")

    assert not pending_pad, pending_pad
    assert b.used == set(weights), set(weights) ^ b.used
    (out_layer,) = cfg["config"]["output_layers"]
    # Rename the final softmax tensor to `moderation`.
    last = tensor[out_layer[0]]
    assert b.nodes[-1].output[0] == last and b.nodes[-1].op_type == "Softmax"
    b.nodes[-1].output[0] = "moderation"
    b.nodes[-1].name = "moderation"

    graph = helper.make_graph(
        b.nodes, "nsfwjs_mobilenetv2",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, IMAGE_SIZE, IMAGE_SIZE])],
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", FEATURE_DIM]),
         helper.make_tensor_value_info("moderation", TensorProto.FLOAT, ["N", len(CLASSES)])],
        initializer=b.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="reelscope/convert_nsfwjs.py", producer_version="1")
    model.ir_version = 7
    return oc.finalize(model)


def check_classes(nsfwjs_dir: Path) -> None:
    """The class order must match nsfwjs's own table (dist/esm/nsfw_classes.js)."""
    src = (nsfwjs_dir / "dist" / "esm" / "nsfw_classes.js").read_text()
    for i, name in enumerate(CLASSES):
        assert f"{i}: '{name}'" in src, f"nsfwjs class {i} is not {name}"


# ---------------------------------------------------------------------------------------------
# backbone.json
# ---------------------------------------------------------------------------------------------

def describe(cfg: Config, model_path: Path) -> dict:
    return {
        "id": "nsfwjs-mobilenetv2",
        "featureDim": FEATURE_DIM,
        "input": {"name": "input", "dtype": "float32", "layout": "NCHW",
                  "shape": ["N", 3, IMAGE_SIZE, IMAGE_SIZE]},
        "outputs": {
            "features": {"dtype": "float32", "shape": ["N", FEATURE_DIM],
                         "description": "global-average-pooled 1280-d features "
                                        "(before the dense head and dropout)"},
            "moderation": {"dtype": "float32", "shape": ["N", len(CLASSES)],
                           "description": "softmax probabilities, index order of `labels`"},
        },
        "outputNames": ["features", "moderation"],
        "normalization": {"colorSpace": "RGB", "width": IMAGE_SIZE, "height": IMAGE_SIZE,
                          "scale": 255, "mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0],
                          "formula": "(x / scale - mean) / std"},
        "variants": {"fp32": oc.variant_info(model_path, "uint8 weights, fp32 compute",
                                             cfg.out_dir)},
        "origin": {
            "upstream": f"npm nsfwjs@{NSFWJS_VERSION}, dist/models/mobilenet_v2 "
                        "(Keras MobileNetV2 trained by GantMan/nsfw_model, TF.js layers format, "
                        "uint8-quantised weights)",
            "license": "MIT (nsfwjs, nsfw_model)",
            "command": "/usr/bin/python3 training/backbones/convert_nsfwjs.py",
        },
        "labels": CLASSES,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nsfwjs", type=Path, default=Config.nsfwjs_dir)
    ap.add_argument("--out", type=Path, default=Config.out_dir)
    args = ap.parse_args()
    cfg = Config(nsfwjs_dir=args.nsfwjs, out_dir=args.out)

    check_classes(cfg.nsfwjs_dir)
    model_json, weights = read_bundle(cfg.nsfwjs_dir)
    model_path = cfg.out_dir / "model.onnx"
    oc.save(convert(model_json, weights), model_path)
    info = describe(cfg, model_path)
    oc.write_json(info, cfg.out_dir / "backbone.json")
    v = info["variants"]["fp32"]
    print(f"{v['file']} {v['bytes']} B, {v['nodeCount']} nodes, sha256 {v['sha256']}")


if __name__ == "__main__":
    main()
