"""torchvision's MobileNetV2 carrying the shipped ImageNet weights, so its last blocks can be fine-tuned.

The zoo graph has BatchNorm folded into every convolution (conv + bias, then Clip(0, 6)); here each
torchvision BatchNorm becomes the identity and each convolution gets the folded bias, so the module
computes exactly what `public/models/backbones/mobilenetv2-imagenet/fp32.onnx` computes
(`training/finetune/finetune.py parity` writes the fixture, `tests/finetune` proves it on real frames).
"""

from __future__ import annotations

from pathlib import Path

import onnx
import torch
from onnx import helper, numpy_helper
from torch import nn
from torchvision.models import mobilenet_v2

REPO = Path(__file__).resolve().parents[2]
from training.backbones import onnx_common as oc
FP32_BACKBONE = REPO / "public" / "models" / "backbones" / "mobilenetv2-imagenet" / "fp32.onnx"
# Output of inverted-residual block 16 (features[16], [N,160,7,7]): everything after it — block 17
# (160→960→320) and the 1×1 conv to 1280 — is what fine-tuning may change.
TAP_TENSOR = "452"
FIRST_TUNABLE = 17


def onnx_convs(model: onnx.ModelProto) -> list[tuple[str, str]]:
    """(weight, bias) initializer names of every Conv, in graph order."""
    return [(n.input[1], n.input[2]) for n in model.graph.node if n.op_type == "Conv"]


def build(onnx_path: Path = FP32_BACKBONE) -> nn.Module:
    """MobileNetV2 (eval mode) with the ONNX graph's weights."""
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
    return net


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


def write_tap_model(path: Path, onnx_path: Path = FP32_BACKBONE) -> None:
    """The fp32 backbone with the tap tensor as an extra output (for scripts/extract-features.ts --tap)."""
    model = onnx.load(str(onnx_path))
    model.graph.output.append(helper.make_tensor_value_info(TAP_TENSOR, onnx.TensorProto.FLOAT, ["N", 160, 7, 7]))
    oc.save(oc.finalize(model), path)
