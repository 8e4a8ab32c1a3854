"""Reference vectors for the Go engine's parity tests (engine/testdata/reference.json).

usage: refvec.py MODEL.safetensors TOKENIZER.json EVAL_DIR OUT.json

Tokenizer cases: tricky strings, then text from EVAL_DIR's clean, repair and infill sets (their
pieces and ids). Forward cases: three windows (16, 100 and 300 tokens, 0%, 30% and 15% masked)
between <|doc|> tokens, run in float32 on the CPU from the file's weights (int8 weights
dequantized as MODEL.md says): argmax, max logit, logsumexp and hidden-state RMS at every
position, and the full logits at three positions. With the shipped model and ../shared/eval this
reproduces engine/testdata/reference.json.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weights  # noqa: E402
from bpe import Tokenizer, pretokenize  # noqa: E402

TRICKY = [
    "", " ", "  ", "\n", "\n\n\n", "\t\tindent", "a  b   c", "Hello, world!", "don't we're I'll they've",
    "Version 3.11.2 (2024-01-05) costs $1,234.56", "naïve café résumé — “quoted” ‘single’", "日本語のテキスト",
    "emoji 🙂👍🏽 done", "CRLF line\r\nnext\r\n", "trailing space \nnext", "x=1;y=2 // comment", "HTTP/1.1 200 OK",
    "`code span` and **bold** and [link](https://example.com/a_b?c=d)", "\u00a0non-breaking\u00a0space", "Ω≈ç√∫",
]


def texts_from(eval_dir, limit=320):
    texts = list(TRICKY)
    for name in ("clean", "repair", "infill"):
        with open(os.path.join(eval_dir, f"{name}.jsonl"), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                texts.append(r.get("left", "")[-300:] + r.get("text", r.get("answer", "")) + r.get("right", "")[:300])
                if len(texts) > limit:
                    break
    return texts


def rounded(v):
    return [round(float(x), 5) for x in v]


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    model_path, tok_path, eval_dir, out = sys.argv[1:5]
    torch.manual_seed(0)
    model, meta = weights.load(model_path)
    model.eval()
    cfg = model.cfg
    tk = Tokenizer.load(tok_path)
    texts = texts_from(eval_dir)
    tok_cases = []
    for t in texts:
        ids = tk.encode(t)
        assert tk.decode(ids) == t, f"tokenizer round trip failed on {t!r}"
        tok_cases.append({"text": t, "pieces": pretokenize(t), "ids": ids})

    fwd = []
    rng = torch.Generator().manual_seed(1)
    for n, frac in ((16, 0.0), (100, 0.3), (300, 0.15)):
        src = tk.encode("\n\n".join(texts[30 + n // 10:40 + n // 10]))[:n - 2]
        ids = torch.tensor([cfg.doc_id] + src + [cfg.doc_id])
        mask = torch.rand(len(ids), generator=rng) < frac
        mask[0] = mask[-1] = False
        x = torch.where(mask, torch.full_like(ids, cfg.mask_id), ids)
        with torch.no_grad():
            h = model.hidden(x[None])[0]  # [L, D]
            lg = model.logits(h)  # [L, V]
        L = len(ids)
        fwd.append({
            "ids": x.tolist(),
            "argmax": lg.argmax(-1).tolist(),
            "max_logit": rounded(lg.max(-1).values),
            "logsumexp": rounded(lg.logsumexp(-1)),
            "hidden_rms": rounded(h.pow(2).mean(-1).sqrt()),
            "full_logits": {str(p): rounded(lg[p]) for p in sorted({1, L // 2, L - 2})},
        })
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"model_meta": meta, "special": tk.special, "tokenizer_cases": tok_cases, "forward_cases": fwd},
                  f, ensure_ascii=False)
    print("wrote", out, len(tok_cases), "tokenizer cases,", len(fwd), "forward cases")


if __name__ == "__main__":
    main()
