"""Helpers shared by the backbone scripts: hashing, op statistics, deterministic saving and
the `backbone.json` description that the pack manifests copy from."""

from __future__ import annotations

import collections
import hashlib
import json
from pathlib import Path

import onnx

# Ops the onnxruntime-web 1.30 WebGPU execution provider does not run (they fall back to the
# CPU / WASM provider). We only ever need to count the quantised ones.
WEBGPU_FALLBACK_OPS = frozenset(
    {"QuantizeLinear", "DequantizeLinear", "QLinearConv", "QLinearAdd",
     "QLinearGlobalAveragePool", "QLinearMatMul"}
)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def require_sha256(path: Path, expected: str) -> None:
    actual = sha256_file(path)
    if actual != expected:
        raise SystemExit(f"{path}: sha256 {actual}, expected {expected}; refusing to use it")


def op_histogram(model: onnx.ModelProto) -> dict[str, int]:
    counts = collections.Counter(n.op_type for n in model.graph.node)
    return dict(sorted(counts.items()))


def set_batch_dim(model: onnx.ModelProto, name: str = "N") -> None:
    """Give the first dim of every graph input and output the symbolic name `name`."""
    for vi in list(model.graph.input) + list(model.graph.output):
        dim = vi.type.tensor_type.shape.dim[0]
        dim.Clear()
        dim.dim_param = name


def finalize(model: onnx.ModelProto) -> onnx.ModelProto:
    """Shape-infer (keeping declared outputs) and run the full checker."""
    del model.graph.value_info[:]
    model = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    onnx.checker.check_model(model, full_check=True)
    return model


def save(model: onnx.ModelProto, path: Path) -> None:
    """Serialise deterministically (protobuf field order is fixed; no timestamps)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(model.SerializeToString(deterministic=True))


def variant_info(path: Path, precision: str, rel_to: Path) -> dict:
    model = onnx.load(str(path))
    ops = op_histogram(model)
    return {
        "file": path.relative_to(rel_to).as_posix(),
        "precision": precision,
        "sha256": sha256_file(path),
        "bytes": path.stat().st_size,
        "nodeCount": len(model.graph.node),
        "ops": ops,
        "webgpuFallbackNodes": sum(c for op, c in ops.items() if op in WEBGPU_FALLBACK_OPS),
    }


def write_json(data: dict, path: Path) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
