"""Train the denoiser on a token stream for a fixed wall-clock budget (or number of steps).

usage: train.py --train train.bin --held heldout.bin --tokenizer tokenizer.json --out DIR
                [--init MODEL.safetensors] [--objective mdlm|mdlm+edit] [--budget SECONDS]
                [--steps N] [--lr LR] ...

Objective (noise.py, MODEL.md):
  mdlm       masks only: iid, span and gap rows, <|null|> slots; cross-entropy at the masked
             positions, mean over them.
  mdlm+edit  as mdlm, and --edit_share of the rows carry visible writing errors; the loss then
             also counts every position of those rows (one mean over all counted positions).
             The file's metadata records "objective": "mdlm+edit".
Sequence lengths 128/256/512 (15/25/60% of the steps), --tokens_per_step tokens per step, AdamW
(β 0.9/0.95, weight decay 0.1 on matrices), learning rate warmed up over the first 3% of the
run then cosine to 10%, gradients clipped at 1. bfloat16 autocast on a GPU (--safe: float32).

--init continues from a model file (float16 or int8; its config wins over the shape flags); no
optimizer state is kept between runs. At the end: held-out NELBO and 15%-mask accuracy
(evaluate.py's estimator, n_seq 256, reps 4), logged before and after training when --init is
given, edit scores, and the model written to DIR as model.safetensors.NN parts of at most 15 MB
(int8-g64 by default: what the repository ships) with metrics.json and samples.txt. A periodic
export every --export_every seconds keeps a usable model if the run is cut short.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaluate  # noqa: E402
import noise  # noqa: E402
import weights  # noqa: E402
from bpe import Tokenizer  # noqa: E402
from denoiser import Config, Denoiser  # noqa: E402

OBJECTIVES = ("mdlm", "mdlm+edit")


def log(*a):
    print(*a, flush=True)


def loss_on(model, inp, tgt, counted):
    """Mean cross-entropy over the counted positions; the head runs only there."""
    h = model.hidden(inp)  # [B, L, D]
    logits = model.logits(h[counted]).float()  # [n, V]
    return F.cross_entropy(logits, tgt[counted])


@torch.no_grad()
def infill(model, ids, masked, steps, device, safe):
    """Confidence-ordered unmasking: each step commits the most confident masked slots."""
    cfg = model.cfg
    x = torch.tensor(ids, device=device)[None]
    m = torch.tensor(masked, device=device)[None]
    x = torch.where(m, torch.full_like(x, cfg.mask_id), x)
    n = int(m.sum())
    for s in range(steps):
        if not bool(m.any()):
            break
        with evaluate.autocast(device, safe):
            logits = model(x).float()
        for sp in (cfg.mask_id, cfg.pad_id, cfg.doc_id):
            logits[..., sp] = -1e9
        conf, tok = logits.softmax(-1).max(-1)
        conf = torch.where(m, conf, torch.full_like(conf, -1.0))
        k = max(1, math.ceil(n * (s + 1) / steps) - (n - int(m.sum())))
        idx = conf[0].topk(min(k, int(m.sum()))).indices
        x[0, idx] = tok[0, idx]
        m[0, idx] = False
    return x[0].tolist()


def parse_lengths(s):
    """"128:0.15,256:0.25,512:0.6" → [(128, 0.15), ...]"""
    out = [(int(a), float(b)) for a, b in (p.split(":") for p in s.split(","))]
    if abs(sum(p for _, p in out) - 1) > 1e-6:
        raise ValueError(f"--lengths shares sum to {sum(p for _, p in out)}, not 1")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True, help="uint16 token file")
    ap.add_argument("--held", required=True, help="uint16 token file")
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--init", default="", help="continue from this model file (float16 or int8)")
    ap.add_argument("--objective", choices=OBJECTIVES, default="mdlm")
    ap.add_argument("--edit_share", type=float, default=0.25, help="share of rows with visible errors (mdlm+edit)")
    ap.add_argument("--edit_workers", type=int, default=-1, help="processes making error rows (-1: 6 on a GPU, 0 on a CPU)")
    ap.add_argument("--budget", type=float, default=420.0, help="training seconds")
    ap.add_argument("--steps", type=int, default=0, help="stop after this many steps (0: the budget decides)")
    ap.add_argument("--tokens_per_step", type=int, default=131072)
    ap.add_argument("--lengths", default="128:0.15,256:0.25,512:0.6", help="sequence lengths and their shares of the steps")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--d_model", type=int, default=512)
    ap.add_argument("--n_layers", type=int, default=8)
    ap.add_argument("--n_heads", type=int, default=8)
    ap.add_argument("--d_ff", type=int, default=1408)
    ap.add_argument("--max_len", type=int, default=2048)
    ap.add_argument("--quant", default=weights.QUANT, help="export format: int8-g64, or 'none' for float16")
    ap.add_argument("--export_every", type=float, default=120.0, help="seconds between periodic exports")
    ap.add_argument("--eval_seqs", type=int, default=256, help="held-out windows for the NELBO (×4 mask draws)")
    ap.add_argument("--samples", type=int, default=8, help="infill samples written to samples.txt")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--safe", action="store_true", help="float32, no fused optimizer")
    args = ap.parse_args()
    lengths = parse_lengths(args.lengths)
    quant = None if args.quant == "none" else args.quant
    edit = args.objective == "mdlm+edit"

    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    tk = Tokenizer.load(args.tokenizer)
    sp = tk.special
    train_np = np.fromfile(args.train, dtype=np.uint16)
    held_np = np.fromfile(args.held, dtype=np.uint16)
    if args.init:
        model, init_meta = weights.load(args.init)
        cfg = model.cfg
        log(f"initialised from {args.init} ({init_meta.get('quant', 'float')}, objective {init_meta.get('objective', 'mdlm')})")
    else:
        cfg = Config(vocab_size=tk.vocab_size, d_model=args.d_model, n_layers=args.n_layers, n_heads=args.n_heads,
                     d_ff=args.d_ff, max_len=args.max_len, mask_id=sp["<|mask|>"], pad_id=sp["<|pad|>"],
                     null_id=sp["<|null|>"], doc_id=sp["<|doc|>"])
        model = Denoiser(cfg)
    if (cfg.vocab_size, cfg.mask_id, cfg.pad_id, cfg.null_id, cfg.doc_id) != \
            (tk.vocab_size, sp["<|mask|>"], sp["<|pad|>"], sp["<|null|>"], sp["<|doc|>"]):
        sys.exit(f"train.py: the model's vocabulary and special ids do not match {args.tokenizer}")
    if int(train_np.max()) >= cfg.vocab_size or int(held_np.max()) >= cfg.vocab_size:
        sys.exit("train.py: token ids beyond the vocabulary (wrong tokenizer for these tokens?)")
    edits = None
    if edit:  # worker processes fork before CUDA starts
        workers = args.edit_workers if args.edit_workers >= 0 else (6 if device == "cuda" else 0)
        edits = noise.EditStream(train_np, tk, cfg, workers, args.seed + 7, L=max(L for L, _ in lengths))
    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    model = model.to(device)
    tokens = torch.from_numpy(train_np.astype(np.int32)).to(device)
    held = torch.from_numpy(held_np.astype(np.int32)).to(device)
    n_params = sum(p.numel() for p in model.parameters())
    log(f"device={device} torch={torch.__version__} train_tokens={tokens.numel()} held_tokens={held.numel()} "
        f"params={n_params} objective={args.objective} cfg={cfg}")

    before = None
    if args.init:
        before = evaluate.nelbo(model, held, device, n_seq=args.eval_seqs, safe=args.safe)
        log("eval before " + json.dumps(before))

    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    groups = [{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}]
    try:
        opt = torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.95), eps=1e-8, fused=(device == "cuda" and not args.safe))
    except (TypeError, RuntimeError):  # torch 1.13 has no fused AdamW
        opt = torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.95), eps=1e-8)

    gen = torch.Generator(device=device)
    gen.manual_seed(args.seed + 1)
    cum = np.cumsum([p for _, p in lengths])
    rng = np.random.default_rng(args.seed)
    step, seen, elapsed = 0, 0, 0.0

    def export(tag, metrics=None):
        meta = {"steps": step, "train_seconds": round(elapsed, 1), "tokens_seen": seen}
        if edit:
            meta["objective"] = "mdlm+edit"
        meta.update(metrics or {})
        full = os.path.join(args.out, "model.safetensors")
        weights.save(model, full, quant=quant, metadata=meta)
        size = os.path.getsize(full)
        weights.split(full, full)
        os.remove(full)
        log(f"exported ({tag}) step={step} bytes={size}")

    t0 = time.time()
    last_export = t0
    warm = 0.03
    ema = None
    while True:
        elapsed = time.time() - t0
        prog = elapsed / args.budget
        if args.steps:
            prog = max(prog, step / args.steps)
        if prog >= 1.0:
            break
        lr_f = prog / warm if prog < warm else 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * (prog - warm) / (1 - warm)))
        if step < 50 and not args.init:
            lr_f = min(lr_f, (step + 1) / 50)
        for g in opt.param_groups:
            g["lr"] = args.lr * lr_f
        L = lengths[int(np.searchsorted(cum, rng.random()))][0]
        B = max(1, args.tokens_per_step // L)
        n_edit = int(round(B * args.edit_share)) if edit else 0
        inp, tgt, counted = noise.mask_batch(tokens, B - n_edit, L, cfg, gen)
        if n_edit:
            ei, et = edits.take(n_edit, L)
            ei, et, ec = noise.edit_batch(ei.to(device), et.to(device), cfg, gen)
            inp, tgt, counted = torch.cat([inp, ei]), torch.cat([tgt, et]), torch.cat([counted, ec])
        with evaluate.autocast(device, args.safe):
            loss = loss_on(model, inp, tgt, counted)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        gn = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        seen += B * L
        if step % 50 == 0 or step == 1:
            lv = loss.item()
            ema = lv if ema is None else 0.9 * ema + 0.1 * lv
            log(f"step {step} t={elapsed:.0f}s L={L} loss={lv:.4f} ema={ema:.4f} gnorm={float(gn):.2f} "
                f"lr={args.lr * lr_f:.2e} tok/s={seen / (time.time() - t0):.0f}")
        if time.time() - last_export > args.export_every:
            export("periodic")
            last_export = time.time()

    elapsed = time.time() - t0
    metrics = evaluate.nelbo(model, held, device, n_seq=args.eval_seqs, safe=args.safe)
    metrics.update(evaluate.edit_scores(model, held_np, tk, device, n=min(256, args.eval_seqs), safe=args.safe))
    metrics.update({"steps": step, "tokens_seen": seen, "train_seconds": round(elapsed, 1), "params": n_params,
                    "objective": args.objective, "lr": args.lr, "init": os.path.basename(args.init)})
    if before:
        metrics["nelbo_before"] = before["nelbo_nats_per_token"]
        metrics["acc_at_15pct_before"] = before["acc_at_15pct"]
    log("eval " + json.dumps(metrics))
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1)
    export("final", {k: metrics[k] for k in ("nelbo_nats_per_token", "acc_at_15pct")})

    with open(os.path.join(args.out, "samples.txt"), "w") as f:  # a first look at quality
        W = min(96, cfg.max_len, held.numel() // (args.samples + 1))
        for j in range(args.samples):
            s = int(held.numel() * (j + 0.5) / args.samples) - W // 2
            ids = held[s:s + W].tolist()
            gap = range(W * 5 // 12, W * 7 // 12)
            out = infill(model, ids, [i in gap for i in range(W)], 16, device, args.safe)
            f.write(f"--- sample {j}\nORIG: {tk.decode(ids)!r}\n"
                    f"GAP : {tk.decode(ids[:gap.start])!r} [{len(gap)} masked] {tk.decode(ids[gap.stop:])!r}\n"
                    f"FILL: {tk.decode(out[gap.start:gap.stop])!r}\n")
    log(open(os.path.join(args.out, "samples.txt")).read())


if __name__ == "__main__":
    main()
