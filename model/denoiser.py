"""The denoiser: a bidirectional transformer for masked (absorbing-state) discrete diffusion.

This is the reference implementation of MODEL.md ("Forward pass"): pre-norm blocks, RMSNorm,
rotary position embedding in the rotate-half layout, fused QKV, SwiGLU MLP, no biases, and an
output head tied to the token embedding. There is no time input: with absorbing-state noise the
masks themselves tell the model how noisy its input is (MDLM, Sahoo et al. 2024).

Shapes: B batch, L positions, D = d_model, H heads of Dh = D/H, F = d_ff, V = vocab_size.
The module names are the tensor names of the safetensors file (weights.py): parameter
`layers.3.wqkv.weight` is tensor `layers.3.wqkv`.
"""
import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    vocab_size: int = 8192
    d_model: int = 512
    n_layers: int = 8
    n_heads: int = 8
    d_ff: int = 1408
    rope_theta: float = 10000.0
    norm_eps: float = 1e-5
    max_len: int = 2048
    mask_id: int = 8191
    pad_id: int = 8190
    null_id: int = 8189
    doc_id: int = 8188


class RMSNorm(nn.Module):
    """rmsnorm(x, w) = x / sqrt(mean(x²) + eps) · w, computed in float32."""

    def __init__(self, d, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x):  # [..., D]
        xf = x.float()
        xf = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)
        return xf.to(x.dtype) * self.weight


def rope_tables(cfg):
    """cos θ and sin θ, [max_len, Dh/2], θ = p · theta^(−2j/Dh), computed in float64."""
    dh = cfg.d_model // cfg.n_heads
    inv = 1.0 / (cfg.rope_theta ** (torch.arange(0, dh // 2, dtype=torch.float64) * 2.0 / dh))
    theta = torch.arange(cfg.max_len, dtype=torch.float64)[:, None] * inv[None, :]
    return theta.cos().float(), theta.sin().float()


def rope(x, cos, sin):
    """Rotates the pairs (x[j], x[j + Dh/2]) of x [B, H, L, Dh] by θ[p, j]."""
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    c, s = cos.to(x.dtype), sin.to(x.dtype)
    return torch.cat([x1 * c - x2 * s, x2 * c + x1 * s], dim=-1)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        D = cfg.d_model
        self.n_heads = cfg.n_heads
        self.attn_norm = RMSNorm(D, cfg.norm_eps)
        self.wqkv = nn.Linear(D, 3 * D, bias=False)  # rows: q, then k, then v
        self.wo = nn.Linear(D, D, bias=False)
        self.mlp_norm = RMSNorm(D, cfg.norm_eps)
        self.w1 = nn.Linear(D, cfg.d_ff, bias=False)  # gate
        self.w3 = nn.Linear(D, cfg.d_ff, bias=False)  # up
        self.w2 = nn.Linear(cfg.d_ff, D, bias=False)  # down

    def forward(self, x, cos, sin):  # x [B, L, D]
        B, L, D = x.shape
        H = self.n_heads
        Dh = D // H
        q, k, v = self.wqkv(self.attn_norm(x)).split(D, dim=-1)  # each [B, L, D]
        q, k, v = (t.view(B, L, H, Dh).transpose(1, 2) for t in (q, k, v))  # [B, H, L, Dh]
        q, k = rope(q, cos[:L], sin[:L]), rope(k, cos[:L], sin[:L])
        if hasattr(F, "scaled_dot_product_attention"):  # torch 2.x
            a = F.scaled_dot_product_attention(q, k, v)
        else:  # torch 1.13: softmax(q·kᵀ/√Dh)·v, bidirectional
            w = (q @ k.transpose(-1, -2)) / math.sqrt(Dh)
            a = w.float().softmax(-1).to(v.dtype) @ v
        x = x + self.wo(a.transpose(1, 2).reshape(B, L, D))
        n = self.mlp_norm(x)
        return x + self.w2(F.silu(self.w1(n)) * self.w3(n))


class Denoiser(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.tok_emb = nn.Embedding(cfg.vocab_size, cfg.d_model)  # [V, D], also the output head
        self.layers = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layers)])
        self.final_norm = RMSNorm(cfg.d_model, cfg.norm_eps)
        cos, sin = rope_tables(cfg)
        self.register_buffer("cos", cos, persistent=False)
        self.register_buffer("sin", sin, persistent=False)
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, std=0.02)
        for b in self.layers:  # residual branches start small
            nn.init.normal_(b.wo.weight, std=0.02 / math.sqrt(2 * cfg.n_layers))
            nn.init.normal_(b.w2.weight, std=0.02 / math.sqrt(2 * cfg.n_layers))

    def hidden(self, ids):
        """ids [B, L] → final hidden states h [B, L, D] (after final_norm)."""
        x = self.tok_emb(ids)
        for b in self.layers:
            x = b(x, self.cos, self.sin)
        return self.final_norm(x)

    def logits(self, h):
        """h [..., D] → logits [..., V] = h · tok_embᵀ."""
        return h @ self.tok_emb.weight.t()

    def forward(self, ids):  # [B, L] → [B, L, V]
        return self.logits(self.hidden(ids))

    def tensors(self):
        """The model's tensors by file name (MODEL.md, "Weights"), in file order."""
        return {name[: -len(".weight")]: p for name, p in self.named_parameters()}
