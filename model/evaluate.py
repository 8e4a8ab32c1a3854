"""Held-out evaluation of denoiser files: masked-diffusion NELBO, accuracy at 15% masking, and
one-pass edit scores.

usage: evaluate.py MODEL.safetensors... --held heldout.bin [--n_seq 256] [--reps 4] [--no-acc]
                   [--edits N --tokenizer tokenizer.json] [--json OUT]

NELBO (nats/token) is the MDLM bound: for windows x of L = 256 held-out tokens, a mask rate
t ~ U(0.001, 1) per window (stratified over each batch of 64), every token masked with
probability t, and NELBO = E[ Σ_masked −log p(x_i | masked x) / t ] / L. n_seq windows evenly
spaced over the file, `reps` mask draws each, all from one seeded generator: the same numbers
for the same file, and two files compared back to back see the same masks. This is the
estimator train.py logs (and the one the shipped model's 4.19 was measured with: n_seq 256,
reps 4); a smaller n_seq is a fixed subsample of it.

Edit scores (--edits N): N windows of 128 held-out tokens with visible errors (noise.EditNoise,
fixed seed), one forward pass each, unmasked. At the positions whose token is wrong: `fixed` is
the share where the model's first choice is the right token (or <|null|> for a token that
should go), `flagged` where its first choice is anything but the token there. At the right
positions: `false_alarm` is the share where its first choice is another token.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weights  # noqa: E402


def autocast(device, safe=False):
    """bfloat16 autocast on a GPU (as in training), none on the CPU."""
    if device == "cuda" and not safe:
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return torch.autocast("cpu", enabled=False)


def masked_ce(model, inp, x, device, safe):
    """Cross-entropy of the original tokens x [B, L] under the model's logits for inp: [B, L]."""
    with autocast(device, safe):
        logits = model(inp).float()  # [B, L, V]
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), x.reshape(-1), reduction="none").view(x.shape)


@torch.no_grad()
def nelbo(model, held, device, L=256, n_seq=256, reps=4, seed=1234, acc=True, safe=False, chunk=0):
    """held: 1-D int tensor on device → {"nelbo_nats_per_token", "ppl_bound", "acc_at_15pct"}.
    The random draws are made per batch of 64 windows; the model runs on `chunk` windows at a
    time (default 64 on a GPU, 8 on a CPU, where smaller passes are faster): same numbers."""
    chunk = chunk or (64 if device == "cuda" else 8)
    cfg = model.cfg
    was_training = model.training
    model.eval()
    gen = torch.Generator(device=device)
    gen.manual_seed(seed)
    N = held.numel()
    starts = torch.linspace(0, N - L - 1, n_seq, device=device).long()
    x = held[starts[:, None] + torch.arange(L, device=device)[None, :]].long()  # [n_seq, L]
    nelbo_sum, tokens = 0.0, 0
    correct, total = 0, 0
    for _ in range(reps):
        for i in range(0, n_seq, 64):
            xb = x[i:i + 64]
            B = xb.shape[0]
            t = ((torch.rand(1, generator=gen, device=device) + torch.arange(B, device=device) / B) % 1.0) * 0.999 + 0.001
            mask = torch.rand(B, L, generator=gen, device=device) < t[:, None]
            inp = torch.where(mask, torch.full_like(xb, cfg.mask_id), xb)
            ce = torch.cat([masked_ce(model, inp[j:j + chunk], xb[j:j + chunk], device, safe) for j in range(0, B, chunk)])
            nelbo_sum += ((ce * mask).sum(1) / t).sum().item()
            tokens += B * L
            m15 = torch.rand(B, L, generator=gen, device=device) < 0.15  # drawn even without acc: same masks
            if not acc:
                continue
            inp = torch.where(m15, torch.full_like(xb, cfg.mask_id), xb)
            with autocast(device, safe):
                pred = torch.cat([model(inp[j:j + chunk]).float().argmax(-1) for j in range(0, B, chunk)])
            correct += ((pred == xb) & m15).sum().item()
            total += m15.sum().item()
    model.train(was_training)
    out = {"nelbo_nats_per_token": nelbo_sum / tokens, "ppl_bound": math.exp(nelbo_sum / tokens)}
    if acc:
        out["acc_at_15pct"] = correct / max(total, 1)
    return out


@torch.no_grad()
def edit_scores(model, held_np, tokenizer, device, n=256, L=128, seed=4321, safe=False):
    """One-pass detection and correction of visible errors (see the module doc)."""
    from noise import EditNoise
    cfg = model.cfg
    was_training = model.training
    model.eval()
    inp, tgt = EditNoise(tokenizer, cfg, seed).rows(held_np, n, L)
    inp, tgt = torch.from_numpy(inp).to(device), torch.from_numpy(tgt).to(device)
    fixed = flagged = wrong = alarms = right = 0
    for i in range(0, n, 64):
        xb, yb = inp[i:i + 64], tgt[i:i + 64]
        with autocast(device, safe):
            logits = model(xb).float()
        for s in (cfg.mask_id, cfg.pad_id, cfg.doc_id):
            logits[..., s] = -1e9
        pred = logits.argmax(-1)
        bad = xb != yb
        fixed += ((pred == yb) & bad).sum().item()
        flagged += ((pred != xb) & bad).sum().item()
        wrong += bad.sum().item()
        alarms += ((pred != xb) & ~bad).sum().item()
        right += (~bad).sum().item()
    model.train(was_training)
    return {"edit_fixed": fixed / max(wrong, 1), "edit_flagged": flagged / max(wrong, 1),
            "edit_false_alarm": alarms / max(right, 1), "edit_wrong_tokens": wrong}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("models", nargs="+")
    ap.add_argument("--held", required=True, help="uint16 token file")
    ap.add_argument("--n_seq", type=int, default=256)
    ap.add_argument("--reps", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--no-acc", dest="acc", action="store_false", help="skip the 15%% accuracy passes")
    ap.add_argument("--edits", type=int, default=0, help="windows for the edit scores (0: none)")
    ap.add_argument("--tokenizer", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine", "assets", "tokenizer.json"))
    ap.add_argument("--json", default="", help="also write the results here")
    args = ap.parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    held_np = np.fromfile(args.held, dtype=np.uint16)
    held = torch.from_numpy(held_np.astype(np.int64)).to(device)
    results = {}
    for path in args.models:
        model, meta = weights.load(path, device)
        r = nelbo(model, held, device, n_seq=args.n_seq, reps=args.reps, seed=args.seed, acc=args.acc)
        if args.edits:
            from bpe import Tokenizer
            r.update(edit_scores(model, held_np, Tokenizer.load(args.tokenizer), device, n=args.edits))
        r["objective"] = meta.get("objective", "mdlm")
        r["quant"] = meta.get("quant", "none")
        results[path] = r
        print(json.dumps({path: r}), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"n_seq": args.n_seq, "reps": args.reps, "seed": args.seed, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
