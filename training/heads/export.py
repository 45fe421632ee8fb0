#!/usr/bin/env -S /usr/bin/python3
"""Exports the trained heads to ONNX, proves parity, and only then ships them.

    /usr/bin/python3 training/heads/export.py

Reads training/out/heads/final/<id>.pt (written by experiments.py), and for each head writes
  <id>.seq.onnx   features [1, T, 1280] → logits [1, T, C]       (T dynamic; no Loop/Scan, no complex)
  <id>.step.onnx  features [1, 1280] + state in → logits [1, C] + state out
into training/out/heads/onnx/, runs the ONNX checker, writes the golden fixture
tests/fixtures/heads-parity.json (two float16-rounded inputs — seeded random and a real held-out
clip — with PyTorch's outputs), runs training/heads/parity.ts (onnxruntime-node) on the staged files
and asserts ONNX vs PyTorch and step vs sequence ≤ 1e-4; then copies the graphs to
public/models/ucf101-6/ and writes training/out/heads/export.json (head descriptions and the
measured ms per step) for training/packs/build_packs.py.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import onnx
import torch
from torch import nn

from training.heads.data import HOLDOUT_GROUPS, LABELS, cache_dir, in_distribution, load_cache
from training.heads.model import EnsembleHead, HeadConfig, TemporalHead, count_parameters

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "training" / "out" / "heads"
STAGE = OUT / "onnx"
PACK = REPO / "public" / "models" / "ucf101-6"
FIXTURE = REPO / "tests" / "fixtures" / "heads-parity.json"
TOLERANCE = 1e-4
OPSET = 17
FORBIDDEN_OPS = {"Loop", "Scan", "If"}
TITLES = {"ssm": "Diagonal state-space model (causal, real decays)", "lstm": "LSTM (causal)"}


class Sequence(nn.Module):
    def __init__(self, head: TemporalHead | EnsembleHead):
        super().__init__()
        self.head = head

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return self.head(features)


class Step(nn.Module):
    def __init__(self, head: TemporalHead | EnsembleHead):
        super().__init__()
        self.head = head

    def forward(self, features: torch.Tensor, *states: torch.Tensor):
        logits, new = self.head.step(features, list(states))
        return (logits, *new)


def state_names(head: TemporalHead | EnsembleHead) -> list[dict]:
    return [{"input": f"{n}_in", "output": f"{n}_out", "shape": shape} for n, shape in head.state_shapes()]


def load_head(blob: dict) -> TemporalHead | EnsembleHead:
    """A final head as experiments.py final saved it: one state dict, or the members' state dicts of an ensemble."""
    def member(state: dict) -> TemporalHead:
        head = TemporalHead(HeadConfig(**blob["config"]))
        head.load_state_dict(state)
        return head.eval()
    if "members" in blob:
        return EnsembleHead([member(s) for s in blob["members"]]).eval()
    return member(blob["state"])


def check(path: Path) -> onnx.ModelProto:
    model = onnx.load(str(path))
    onnx.checker.check_model(model, full_check=True)
    ops = {n.op_type for n in model.graph.node}
    bad = ops & FORBIDDEN_OPS
    assert not bad, f"{path.name} uses {bad}"
    for vi in list(model.graph.input) + list(model.graph.output):
        assert vi.type.tensor_type.elem_type == onnx.TensorProto.FLOAT, f"{path.name}: {vi.name} is not float32"
    return model


def export_head(name: str, head: TemporalHead | EnsembleHead, T: int, out_dir: Path = STAGE) -> dict:
    """Writes out_dir/<name>.seq.onnx and <name>.step.onnx, checks both, and returns the manifest's head entry."""
    head.eval()
    D = head.cfg.feature_dim
    out_dir.mkdir(parents=True, exist_ok=True)
    seq_path, step_path = out_dir / f"{name}.seq.onnx", out_dir / f"{name}.step.onnx"
    with torch.no_grad():
        torch.onnx.export(Sequence(head).eval(), (torch.zeros(1, T, D),), str(seq_path), opset_version=OPSET,
                          input_names=["features"], output_names=["logits"],
                          dynamic_axes={"features": {1: "T"}, "logits": {1: "T"}}, do_constant_folding=True)
        states = state_names(head)
        torch.onnx.export(Step(head).eval(), (torch.zeros(1, D), *head.initial_state()), str(step_path), opset_version=OPSET,
                          input_names=["features"] + [s["input"] for s in states],
                          output_names=["logits"] + [s["output"] for s in states], do_constant_folding=True)
    ops = {p.name: sorted({n.op_type for n in check(p).graph.node}) for p in (seq_path, step_path)}
    print(f"{name}: ops {ops}")
    members = len(head.members) if isinstance(head, EnsembleHead) else 1
    return {
        "id": name,
        "kind": head.cfg.kind,
        "title": TITLES[head.cfg.kind] + (f", mean of {members} heads" if members > 1 else ""),
        "hidden": head.cfg.width,
        "layers": head.cfg.layers,
        "parameters": count_parameters(head),
        "sequence": {"file": seq_path.name, "input": "features", "output": "logits"},
        "step": {"file": step_path.name, "input": "features", "output": "logits", "state": states},
    }


def encode(x: np.ndarray) -> dict:
    return {"shape": list(x.shape), "dtype": "float16", "base64": base64.b64encode(x.astype("<f2").tobytes()).decode()}


def fixture_inputs(T: int, D: int) -> dict[str, np.ndarray]:
    """Float16-rounded so the fixture stays small and both sides see exactly the same float32 values."""
    cache = in_distribution(load_cache(cache_dir(T)))
    i = int(np.flatnonzero(np.isin(cache.groups, HOLDOUT_GROUPS))[0])
    print(f"fixture: random |N(0,1)| and {cache.keys[i]} view 0")
    return parity_inputs(cache.features[i, 0], cache.keys[i])


def parity_inputs(real: np.ndarray, key: str) -> dict[str, np.ndarray]:
    """A seeded random |N(0, 1)| input and one real clip's features [T, D], both float16-rounded."""
    T, D = real.shape
    random = np.abs(np.random.default_rng(7).normal(0, 1.0, size=(T, D))).astype(np.float16)
    return {"random": random, f"real:{key}": real.astype(np.float16)}


def parity_fixture(heads: dict[str, TemporalHead | EnsembleHead], described: list[dict], inputs: dict[str, np.ndarray],
                   labels: list[str]) -> dict:
    """The golden fixture training/heads/parity.ts reads: the inputs [T, D] (float16-rounded) and PyTorch's logits."""
    T, D = next(iter(inputs.values())).shape
    fixture = {"frames": int(T), "featureDim": int(D), "labels": list(labels), "tolerance": TOLERANCE,
               "inputs": {k: encode(v) for k, v in inputs.items()}, "heads": {}}
    for desc in described:
        head = heads[desc["id"]].eval()   # torch.onnx.export restores the wrapper's mode: be explicit
        with torch.no_grad():
            expected = {k: head(torch.from_numpy(v.astype(np.float16).astype(np.float32))[None])[0].numpy().round(6).tolist()
                        for k, v in inputs.items()}
        fixture["heads"][desc["id"]] = {"sequence": desc["sequence"]["file"], "step": desc["step"]["file"],
                                        "input": "features", "output": "logits", "state": desc["step"]["state"],
                                        "expected": expected}
    return fixture


def assert_parity(fixture: dict, onnx_dir: Path, fixture_path: Path, latency_steps: int = 0) -> dict:
    """Writes the fixture, runs parity.ts (onnxruntime-node) on the graphs in onnx_dir, and raises unless ONNX vs
    PyTorch and step (run T times) vs sequence agree within TOLERANCE. Returns parity.ts's numbers per head."""
    fixture_path.write_text(json.dumps(fixture, separators=(",", ":")))
    cmd = ["npx", "tsx", "training/heads/parity.ts", str(fixture_path), str(onnx_dir)]
    if latency_steps:
        cmd += ["--latency", str(latency_steps)]
    res = subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, text=True)
    parity = json.loads(res.stdout.strip().splitlines()[-1])
    print("parity (onnxruntime-node):", json.dumps(parity))
    for name, p in parity.items():
        for key in ("sequenceVsTorch", "stepVsSequence", "stepVsTorch"):
            if p[key] > TOLERANCE:
                raise AssertionError(f"{name}: {key} = {p[key]} > {TOLERANCE}; nothing shipped")
    return parity


def main() -> None:
    torch.set_num_threads(1)
    STAGE.mkdir(parents=True, exist_ok=True)
    final = json.loads((OUT / "final" / "final.json").read_text())
    T = final["frames"]
    heads, described = {}, []
    for name in final["heads"]:
        head = load_head(torch.load(OUT / "final" / f"{name}.pt"))
        heads[name] = head
        described.append(export_head(name, head, T))
    D = next(iter(heads.values())).cfg.feature_dim
    fixture = parity_fixture(heads, described, fixture_inputs(T, D), LABELS)
    staged_fixture = STAGE / "heads-parity.json"
    parity = assert_parity(fixture, STAGE, staged_fixture, latency_steps=200)
    # Parity holds: ship.
    PACK.mkdir(parents=True, exist_ok=True)
    for desc in described:
        for graph in ("sequence", "step"):
            shutil.copyfile(STAGE / desc[graph]["file"], PACK / desc[graph]["file"])
        desc["msPerStepNode"] = round(parity[desc["id"]]["msPerStep"], 4)
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(staged_fixture, FIXTURE)
    (OUT / "export.json").write_text(json.dumps({
        "labels": LABELS, "frames": T, "heads": described, "defaultHead": final["defaultHead"],
        "ood": final.get("ood"), "parity": parity}, indent=1))
    print(f"shipped {[d['id'] for d in described]} to {PACK.relative_to(REPO)}; fixture {FIXTURE.relative_to(REPO)} "
          f"({FIXTURE.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
