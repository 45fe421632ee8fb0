"""Temporal heads over frozen per-frame backbone features.

    features [B, T, D] → connector (LayerNorm + 3-layer MLP, D → width) → temporal model → classifier
                       → logits [B, T, C]: a prediction after every frame (causal).

Two interchangeable temporal models share one interface (`forward` over a sequence, `step` over one
frame with an explicit state), so the connector and classifier are identical and the swap is one
config field:

* `DiagonalSSM` — a stack of real-valued diagonal state-space layers (S4D-real / LRU-style with real
  decays), pre-LayerNorm and residual. Each of the `width` channels owns `state` independent
  first-order recurrences  h_t = a ⊙ h_{t−1} + b ⊙ u_t,  y_t = Σ_n c ⊙ h_t + d ⊙ u_t, with a ∈ (0, 1).
  The sequence form is a causal convolution with the kernel K_k = Σ_n c·b·a^k, a^k = exp(k·log a),
  laid out as a lower-triangular Toeplitz matrix and applied with one MatMul: no Loop/Scan, no complex
  tensors, any T. The step form is the recurrence itself (Mul/Add).
* `LSTMTemporal` — torch.nn.LSTM (exported as ONNX's single `LSTM` op).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import torch
from torch import Tensor, nn


@dataclass
class HeadConfig:
    kind: str = "ssm"              # "ssm" | "lstm"
    feature_dim: int = 1280
    num_classes: int = 6
    width: int = 128               # connector output = temporal hidden size
    layers: int = 2                # temporal layers
    state: int = 16                # SSM state size per channel (ignored by the LSTM)
    dropout: float = 0.2
    feature_dropout: float = 0.1   # dropout on the input features (training only)
    feature_noise: float = 0.05    # Gaussian noise on the normalised features (training only)
    a_min: float = 0.5             # initial decay range of the SSM
    a_max: float = 0.99

    def to_dict(self) -> dict:
        return asdict(self)


class Connector(nn.Module):
    """LayerNorm over the raw features, then a 3-layer MLP D → width."""

    def __init__(self, cfg: HeadConfig):
        super().__init__()
        w = cfg.width
        self.norm = nn.LayerNorm(cfg.feature_dim)
        self.feature_dropout = nn.Dropout(cfg.feature_dropout)
        self.noise = cfg.feature_noise
        self.mlp = nn.Sequential(
            nn.Linear(cfg.feature_dim, w), nn.GELU(), nn.Dropout(cfg.dropout),
            nn.Linear(w, w), nn.GELU(), nn.Dropout(cfg.dropout),
            nn.Linear(w, w),
        )

    def forward(self, x: Tensor) -> Tensor:
        x = self.norm(x)
        if self.training and self.noise > 0:
            x = x + self.noise * torch.randn_like(x)
        return self.mlp(self.feature_dropout(x))


class DiagonalSSMLayer(nn.Module):
    """Pre-LN residual block around a real diagonal SSM (width channels × state) and a GELU + linear mix."""

    def __init__(self, width: int, state: int, dropout: float, a_min: float, a_max: float, seed_index: int):
        super().__init__()
        g = torch.Generator().manual_seed(1000 + seed_index)
        a = a_min + (a_max - a_min) * torch.rand(width, state, generator=g)
        # a = exp(−exp(nu)): always in (0, 1), so every layer is stable whatever the optimiser does.
        self.nu = nn.Parameter(torch.log(-torch.log(a)))
        # LRU-style input normalisation: b scaled by sqrt(1 − a²) keeps the state's variance ~ the input's.
        self.b = nn.Parameter(torch.randn(width, state, generator=g) * torch.sqrt(1 - a**2))
        self.c = nn.Parameter(torch.randn(width, state, generator=g) / math.sqrt(state))
        self.d = nn.Parameter(torch.ones(width))
        self.norm = nn.LayerNorm(width)
        self.mix = nn.Linear(width, width)
        self.drop = nn.Dropout(dropout)

    def log_a(self) -> Tensor:
        return -torch.exp(self.nu)                                   # [W, N], < 0

    def kernel(self, T: int, device: torch.device) -> Tensor:
        """K[w, k] = Σ_n c·b·a^k for k = 0..T−1, with a^k = exp(k·log a)."""
        k = torch.arange(T, device=device, dtype=self.nu.dtype)      # [T]
        powers = torch.exp(self.log_a().unsqueeze(-1) * k)           # [W, N, T]
        return ((self.c * self.b).unsqueeze(-1) * powers).sum(1)     # [W, T]

    def ssm(self, u: Tensor) -> Tensor:
        """Causal convolution of u [B, T, W] with the kernel, as one lower-triangular MatMul."""
        T = u.shape[1]
        K = self.kernel(T, u.device)                                 # [W, T]
        t = torch.arange(T, device=u.device)
        lag = t.unsqueeze(1) - t.unsqueeze(0)                        # [T, T]: t − s
        toeplitz = K[:, lag.clamp(min=0)] * (lag >= 0).to(u.dtype)   # [W, T, T]
        y = torch.matmul(toeplitz, u.permute(2, 1, 0))               # [W, T, B]
        return y.permute(2, 1, 0) + self.d * u

    def forward(self, x: Tensor) -> Tensor:
        return x + self.drop(self.mix(nn.functional.gelu(self.ssm(self.norm(x)))))

    def step(self, x: Tensor, h: Tensor) -> tuple[Tensor, Tensor]:
        """x [B, W], h [B, W, N] → (y [B, W], h')."""
        u = self.norm(x)
        h = torch.exp(self.log_a()) * h + self.b * u.unsqueeze(-1)
        y = (self.c * h).sum(-1) + self.d * u
        return x + self.mix(nn.functional.gelu(y)), h


class DiagonalSSM(nn.Module):
    state_axis = 1                 # the width axis of each state [1, W, N] (EnsembleHead concatenates along it)

    def __init__(self, cfg: HeadConfig):
        super().__init__()
        self.width, self.state = cfg.width, cfg.state
        self.layers = nn.ModuleList(
            DiagonalSSMLayer(cfg.width, cfg.state, cfg.dropout, cfg.a_min, cfg.a_max, i) for i in range(cfg.layers))
        self.norm = nn.LayerNorm(cfg.width)

    def forward(self, x: Tensor) -> Tensor:
        for layer in self.layers:
            x = layer(x)
        return self.norm(x)

    def state_shapes(self) -> list[tuple[str, list[int]]]:
        return [(f"h{i}", [1, self.width, self.state]) for i in range(len(self.layers))]

    def step(self, x: Tensor, states: list[Tensor]) -> tuple[Tensor, list[Tensor]]:
        out = []
        for layer, h in zip(self.layers, states):
            x, h = layer.step(x, h)
            out.append(h)
        return self.norm(x), out


class LSTMTemporal(nn.Module):
    state_axis = 2                 # states [layers, 1, W]

    def __init__(self, cfg: HeadConfig):
        super().__init__()
        self.width, self.num_layers = cfg.width, cfg.layers
        self.lstm = nn.LSTM(cfg.width, cfg.width, num_layers=cfg.layers, batch_first=True,
                            dropout=cfg.dropout if cfg.layers > 1 else 0.0)
        self.norm = nn.LayerNorm(cfg.width)

    def forward(self, x: Tensor) -> Tensor:
        return self.norm(self.lstm(x)[0])

    def state_shapes(self) -> list[tuple[str, list[int]]]:
        return [("h", [self.num_layers, 1, self.width]), ("c", [self.num_layers, 1, self.width])]

    def step(self, x: Tensor, states: list[Tensor]) -> tuple[Tensor, list[Tensor]]:
        y, (h, c) = self.lstm(x.unsqueeze(1), (states[0], states[1]))
        return self.norm(y[:, 0]), [h, c]


TEMPORAL = {"ssm": DiagonalSSM, "lstm": LSTMTemporal}


class TemporalHead(nn.Module):
    def __init__(self, cfg: HeadConfig):
        super().__init__()
        self.cfg = cfg
        self.connector = Connector(cfg)
        self.temporal = TEMPORAL[cfg.kind](cfg)
        self.classifier = nn.Sequential(nn.Dropout(cfg.dropout), nn.Linear(cfg.width, cfg.num_classes))

    def forward(self, features: Tensor) -> Tensor:
        """[B, T, D] → logits [B, T, C], causal: logits[:, t] depends on frames ≤ t only."""
        return self.classifier(self.temporal(self.connector(features)))

    def step(self, features: Tensor, states: list[Tensor]) -> tuple[Tensor, list[Tensor]]:
        """[B, D] and the state after the previous frame → logits [B, C] and the new state."""
        y, states = self.temporal.step(self.connector(features), states)
        return self.classifier(y), states

    def state_shapes(self) -> list[tuple[str, list[int]]]:
        return self.temporal.state_shapes()

    def initial_state(self) -> list[Tensor]:
        return [torch.zeros(shape) for _, shape in self.state_shapes()]


class EnsembleHead(nn.Module):
    """M heads of one config as one head: logits = the mean of the members' logits (per frame, so still causal).
    The step state is the members' states concatenated along each state's width axis (SSM h_i [1, M·W, N], LSTM
    h/c [layers, 1, M·W]), so the step graph keeps the single head's tensor names, only wider."""

    def __init__(self, members: list[TemporalHead]):
        super().__init__()
        assert members and all(m.cfg == members[0].cfg for m in members), "ensemble members must share one config"
        self.cfg = members[0].cfg
        self.members = nn.ModuleList(members)
        self.axis = members[0].temporal.state_axis

    def forward(self, features: Tensor) -> Tensor:
        return torch.stack([m(features) for m in self.members]).mean(0)

    def state_shapes(self) -> list[tuple[str, list[int]]]:
        out = []
        for name, shape in self.members[0].state_shapes():
            shape = list(shape)
            shape[self.axis] *= len(self.members)
            out.append((name, shape))
        return out

    def step(self, features: Tensor, states: list[Tensor]) -> tuple[Tensor, list[Tensor]]:
        per_member = [s.chunk(len(self.members), dim=self.axis) for s in states]   # [state][member]
        logits, new = [], []
        for i, m in enumerate(self.members):
            lo, st = m.step(features, [p[i] for p in per_member])
            logits.append(lo)
            new.append(st)
        merged = [torch.cat([st[k] for st in new], dim=self.axis) for k in range(len(states))]
        return torch.stack(logits).mean(0), merged

    def initial_state(self) -> list[Tensor]:
        return [torch.zeros(shape) for _, shape in self.state_shapes()]


def count_parameters(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def parameter_breakdown(model: TemporalHead) -> dict[str, int]:
    return {
        "connector": count_parameters(model.connector),
        "temporal": count_parameters(model.temporal),
        "classifier": count_parameters(model.classifier),
        "total": count_parameters(model),
    }


@dataclass
class TrainConfig:
    head: HeadConfig = field(default_factory=HeadConfig)
    epochs: int = 40
    batch_size: int = 32
    lr: float = 2e-3
    weight_decay: float = 0.05
    label_smoothing: float = 0.1
    optimizer: str = "adamw"       # "adamw" | "adam" | "sgd"
    warmup_epochs: int = 2
    seed: int = 0
    frames: int = 16
    views: int = 5                 # augmented views per clip used in training (view 0 included)

    def to_dict(self) -> dict:
        return asdict(self)
