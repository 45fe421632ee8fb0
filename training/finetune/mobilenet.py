"""torchvision's MobileNetV2 carrying the shipped ImageNet weights, so its last blocks can be fine-tuned.

The zoo graph has BatchNorm folded into every convolution (conv + bias, then Clip(0, 6)); here each
torchvision BatchNorm becomes the identity and each convolution gets the folded bias, so the module
computes exactly what `public/models/backbones/mobilenetv2-imagenet/fp32.onnx` computes
(`tests/finetune` / `training/finetune/finetune.py parity` prove it on real frames), and trained
weights go back into that graph one initializer for one parameter (`write_onnx`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper
from torch import nn
from torchvision.models import mobilenet_v2

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "training" / "backbones"))
import onnx_common as oc  # noqa: E402
FP32_BACKBONE = REPO / "public" / "models" / "backbones" / "mobilenetv2-imagenet" / "fp32.onnx"
# Output of inverted-residual block 16 (features[16], [N,160,7,7]): everything after it — block 17
# (160→960→320) and the 1×1 conv to 1280 — is what fine-tuning may change.
TAP_TENSOR = "452"
FIRST_TUNABLE = 17


def onnx_convs(model: onnx.ModelProto) -> list[tuple[str, str]]:
    """(weight, bias) initializer names of every Conv, in graph order."""
    return [(n.input[1], n.input[2]) for n in model.graph.node if n.op_type == "Conv"]


def build(onnx_path: Path = FP32_BACKBONE) -> tuple[nn.Module, list[tuple[str, str]], onnx.ModelProto]:
    """MobileNetV2 with the ONNX graph's weights; also returns the conv→initializer map and the graph."""
    graph = onnx.load(str(onnx_path))
    inits = {t.name: t for t in graph.graph.initializer}
    net = mobilenet_v2(weights=None)
    convs = [m for m in net.modules() if isinstance(m, nn.Conv2d)]
    names = onnx_convs(graph)
    if len(convs) != len(names):
        raise SystemExit(f"{onnx_path}: {len(names)} Conv nodes, torchvision MobileNetV2 has {len(convs)}")
    for conv, (w_name, b_name) in zip(convs, names):
        w = numpy_helper.to_array(inits[w_name])
        if tuple(w.shape) != tuple(conv.weight.shape):
            raise SystemExit(f"{w_name}: shape {w.shape}, torchvision expects {tuple(conv.weight.shape)}")
        conv.weight.data = torch.from_numpy(w.copy())
        conv.bias = nn.Parameter(torch.from_numpy(numpy_helper.to_array(inits[b_name]).copy()))
    _fold_batchnorms(net)
    gemm = next(n for n in graph.graph.node if n.op_type == "Gemm")
    trans_b = next((a.i for a in gemm.attribute if a.name == "transB"), 0)
    w = numpy_helper.to_array(inits[gemm.input[1]])
    net.classifier[1].weight.data = torch.from_numpy((w if trans_b else w.T).copy())
    net.classifier[1].bias.data = torch.from_numpy(numpy_helper.to_array(inits[gemm.input[2]]).copy())
    net.eval()
    return net, names, graph


def _fold_batchnorms(module: nn.Module) -> None:
    for name, child in module.named_children():
        if isinstance(child, nn.BatchNorm2d):
            setattr(module, name, nn.Identity())
        else:
            _fold_batchnorms(child)


def tunable_tail(net: nn.Module) -> nn.Sequential:
    """features[FIRST_TUNABLE:] then global average pooling: tap [N,160,7,7] → features [N,1280]."""
    return nn.Sequential(*net.features[FIRST_TUNABLE:], nn.AdaptiveAvgPool2d(1), nn.Flatten())


def features(net: nn.Module, x: torch.Tensor) -> torch.Tensor:
    return torch.flatten(nn.functional.adaptive_avg_pool2d(net.features(x), 1), 1)


def tunable_initializers(net: nn.Module, names: list[tuple[str, str]]) -> dict[str, np.ndarray]:
    """The fine-tunable convolutions' parameters, keyed by the ONNX initializer they replace."""
    convs = [m for m in net.modules() if isinstance(m, nn.Conv2d)]
    tail = {id(m) for m in tunable_tail(net).modules()}
    out: dict[str, np.ndarray] = {}
    for conv, (w_name, b_name) in zip(convs, names):
        if id(conv) in tail:
            out[w_name] = conv.weight.detach().numpy().astype(np.float32)
            out[b_name] = conv.bias.detach().numpy().astype(np.float32)
    return out


def write_onnx(graph: onnx.ModelProto, replacements: dict[str, np.ndarray], path: Path,
               drop_logits: bool = True) -> None:
    """The same graph with some initializers replaced; without the ImageNet logits (they no longer mean
    ImageNet classes once the features moved), keeping `features` as the only output."""
    model = onnx.ModelProto()
    model.CopyFrom(graph)
    g = model.graph
    for i, t in enumerate(g.initializer):
        if t.name in replacements:
            new = replacements[t.name]
            old = numpy_helper.to_array(t)
            assert new.shape == old.shape and new.dtype == old.dtype, t.name
            g.initializer[i].CopyFrom(numpy_helper.from_array(new, t.name))
    if drop_logits:
        logits = [o for o in g.output if o.name == "logits"]
        for o in logits:
            g.output.remove(o)
        gemm = [n for n in g.node if "logits" in n.output]
        for n in gemm:
            g.node.remove(n)
        used = {i for n in g.node for i in n.input}
        for t in [t for t in g.initializer if t.name not in used]:
            g.initializer.remove(t)
    oc.save(oc.finalize(model), path)


def write_tap_model(path: Path, onnx_path: Path = FP32_BACKBONE) -> None:
    """The fp32 backbone with the tap tensor as an extra output (for scripts/extract-features.ts --tap)."""
    model = onnx.load(str(onnx_path))
    model.graph.output.append(helper.make_tensor_value_info(TAP_TENSOR, onnx.TensorProto.FLOAT, ["N", 160, 7, 7]))
    oc.save(oc.finalize(model), path)
