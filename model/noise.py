"""Training noise: masks (MDLM) and visible writing errors (the error-aware objective).

mask_batch (MODEL.md, "What the model is"): per row one of
  iid   (40%)  every token masked with probability t ~ U(0, 1) (stratified over the batch)
  span  (30%)  a random span of up to L/2 tokens, tokens inside masked with probability t
  gap   (30%)  a random span of up to L/4 tokens, fully masked
and half of the span and gap rows get k trailing <|null|> slots after the span (always masked;
the text after them shifts right by k), so the model can say "this slot is empty".
Targets are the original tokens; the loss counts masked positions only.

EditNoise (MODEL.md, "Error-aware objective"): rows with visible errors, aligned token by token
with their targets, the loss counting every position:
  misspelling     a letter dropped, doubled, swapped with its neighbour or replaced by a
                  keyboard neighbour; the word's new tokens target the original tokens in order,
                  extra tokens target <|null|>
  confusable      a word of a confusion set (their/there, affect/effect, then/than, ...)
  inflection      another form of the word (is/are, walk/walks/walked/walking, ...)
  doubled word    the word again right after itself: the copy targets <|null|>
  inserted word   a short common word before the word: it targets <|null|>
  dropped word    the word left out: the token after the hole targets the dropped word's first
                  token (read: "this goes before me")
  swap            the word and the next one change places: each position targets the original
and, in half of the rows, iid masks at a rate up to 1/2 on top (masked positions target the
original too). Shapes: inputs and targets [B, L] int64, loss mask [B, L] bool.
"""
import random
import re

import numpy as np
import torch

# Confusion sets: words writers mix up (each word of a set can stand in for any other).
CONFUSABLE = [
    "their there they're", "its it's", "your you're", "then than", "to too two", "affect effect",
    "accept except", "lose loose", "whose who's", "were where we're", "weather whether",
    "principal principle", "complement compliment", "advice advise", "quite quiet quit",
    "a an", "of off", "through though thorough", "lead led", "passed past", "breath breathe",
    "choose chose", "desert dessert", "fewer less", "among between", "which witch", "know no now",
    "new knew", "hear here", "right write", "by buy", "week weak", "peace piece", "since sense",
    "it is", "is are", "was were", "has have", "do does", "this these", "that those", "much many",
    "bring take", "in on at", "for four", "any some", "much more", "good well", "who whom",
]

# Short words for the inserted-word error.
INSERTABLE = "the a an of to in is it that and be not very also just so as for on at".split()

_KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def _neighbours():
    pos = {c: (r, i) for r, row in enumerate(_KEYBOARD) for i, c in enumerate(row)}
    out = {}
    for c, (r, i) in pos.items():
        out[c] = [d for d, (r2, i2) in pos.items() if d != c and abs(r2 - r) <= 1 and abs(i2 - i) <= 1]
    return out


KEY_NEIGHBOURS = _neighbours()
_WORD = re.compile(r"[A-Za-z]+")


def mask_batch(tokens, B, L, cfg, gen, p_iid=0.4, p_span=0.3):
    """B masked rows of L tokens from the 1-D token tensor (on gen's device) → (inp, tgt, mask)."""
    device = tokens.device
    N = tokens.numel()
    maxk = L // 4
    starts = torch.randint(0, N - L - 1, (B,), generator=gen, device=device)
    src = tokens[starts[:, None] + torch.arange(L, device=device)[None, :]].long()  # [B, L]
    pos = torch.arange(L, device=device)[None, :].expand(B, L)
    u = torch.rand(B, generator=gen, device=device)
    mode = torch.where(u < p_iid, 0, torch.where(u < p_iid + p_span, 1, 2))  # iid, span, gap
    t = (torch.rand(1, generator=gen, device=device) + torch.arange(B, device=device) / B) % 1.0  # stratified
    t = t[torch.randperm(B, generator=gen, device=device)] * 0.999 + 0.001
    span_max = torch.where(mode == 1, L // 2, L // 4)
    ell = (torch.rand(B, generator=gen, device=device) * (span_max - 1)).long() + 1  # span length
    a = (torch.rand(B, generator=gen, device=device) * (L - ell)).long()  # span start
    want_null = (torch.rand(B, generator=gen, device=device) < 0.5) & (mode > 0)
    k = (torch.rand(B, generator=gen, device=device) * torch.clamp(ell // 2, min=1).float()).long() + 1
    k = torch.where(want_null, torch.clamp(k, max=maxk), torch.zeros_like(k))  # null slots
    a, ell, k, t = a[:, None], ell[:, None], k[:, None], t[:, None]
    end = a + ell
    is_null = (pos >= end) & (pos < end + k)
    shifted = torch.where(pos >= end + k, pos - k, pos)
    tgt = torch.gather(src, 1, shifted)
    tgt = torch.where(is_null, torch.full_like(tgt, cfg.null_id), tgt)
    in_span = (pos >= a) & (pos < end)
    r = torch.rand(B, L, generator=gen, device=device)
    mask = torch.where(mode[:, None] == 0, r < t, torch.where(mode[:, None] == 1, in_span & (r < t), in_span)) | is_null
    inp = torch.where(mask, torch.full_like(tgt, cfg.mask_id), tgt)
    return inp, tgt, mask


class EditNoise:
    """Makes rows with visible writing errors from a token stream (numpy, on the CPU).

    Words are found by their tokens: a word starts with a token " Letters" and goes on with
    tokens of lowercase letters. Edits that would need fewer tokens than the original word (a
    misspelling that encodes shorter) are skipped, so every original token keeps a position.
    """

    KINDS = ("misspell", "confusable", "inflection", "doubled", "inserted", "dropped", "swap")
    CUM_WEIGHTS = (0.30, 0.42, 0.55, 0.65, 0.75, 0.85, 1.0)  # 30%, 12%, 13%, 10%, 10%, 10%, 15%
    RATE = (0.01, 0.08)  # share of a row's words with an error: uniform in this range

    def __init__(self, tokenizer, cfg, seed=0):
        self.tk = tokenizer
        self.cfg = cfg
        self.rng = random.Random(seed)
        n = len(tokenizer.bytes)
        text = [tokenizer.bytes[i].decode("utf-8", errors="replace") for i in range(n)]
        self.text = text
        self.starts = np.zeros(cfg.vocab_size, dtype=bool)  # " Letters"
        self.cont = np.zeros(cfg.vocab_size, dtype=bool)  # "letters"
        for i, s in enumerate(text):
            if len(s) > 1 and s[0] == " " and s[1:].isascii() and s[1:].isalpha():
                self.starts[i] = True
            elif s.isascii() and s.isalpha() and s.islower():
                self.cont[i] = True
        self.confusable = {}
        for line in CONFUSABLE:
            ws = line.split()
            for w in ws:
                self.confusable.setdefault(w, set()).update(x for x in ws if x != w)
        self.insertable = [tokenizer.encode_piece(" " + w) for w in INSERTABLE]
        self._forms = {}  # word → its inflected forms that the vocabulary holds as one token

    def encode_word(self, word):
        """Ids of " word" (one pre-tokenizer piece: a space and letters, or a word with ')."""
        ids = []
        for piece in re.findall(r"'(?:s|t|re|ve|m|ll|d)|'| ?[A-Za-z]+", " " + word):
            ids.extend(self.tk.encode_piece(piece))
        return ids

    def words(self, ids):
        """[(start, end)] token ranges of the words of the row ids (numpy)."""
        starts = np.flatnonzero(self.starts[ids])
        stops = np.flatnonzero(~self.cont[ids])  # a word ends at the first token after it that is not a continuation
        stops = np.append(stops, len(ids))
        ends = stops[np.searchsorted(stops, starts + 1)]
        return list(zip(starts.tolist(), ends.tolist()))

    def word_text(self, ids):
        return "".join(self.text[i] for i in ids)[1:]  # without the leading space

    def misspell(self, w):
        if len(w) < 3:
            return None
        r = self.rng
        i = r.randrange(len(w))
        op = r.randrange(5)
        if op == 0 and len(w) > 3:  # drop a letter
            return w[:i] + w[i + 1:]
        if op == 1:  # double a letter
            return w[:i] + w[i] + w[i:]
        if op == 2 and i + 1 < len(w) and w[i] != w[i + 1]:  # swap neighbours
            return w[:i] + w[i + 1] + w[i] + w[i + 2:]
        c = w[i].lower()
        if op == 3 and c in KEY_NEIGHBOURS:  # keyboard neighbour
            d = r.choice(KEY_NEIGHBOURS[c])
            return w[:i] + (d.upper() if w[i].isupper() else d) + w[i + 1:]
        if op == 4 and i > 0:  # insert a neighbouring key
            d = r.choice(KEY_NEIGHBOURS.get(c, ["e"]))
            return w[:i] + d + w[i:]
        return None

    def inflect(self, w):
        lw = w.lower()
        forms = self._forms.get(lw)
        if forms is None:
            cand = set()
            if lw.endswith("ies"):
                cand.add(lw[:-3] + "y")
            if lw.endswith("es"):
                cand.add(lw[:-2])
            if lw.endswith("s") and not lw.endswith("ss"):
                cand.add(lw[:-1])
            else:
                cand.add(lw + ("es" if lw.endswith(("sh", "ch", "x", "ss")) else "s"))
            for suf in ("ed", "ing"):
                if lw.endswith(suf) and len(lw) > len(suf) + 2:
                    stem = lw[:-len(suf)]
                    cand.update({stem, stem + "e", stem + "s"})
                elif len(lw) > 2:
                    cand.add((lw[:-1] if lw.endswith("e") else lw) + suf)
            cand.discard(lw)
            # Only forms the vocabulary holds as one word: real, common words.
            forms = sorted(f for f in cand if len(f) > 1 and len(self.tk.encode_piece(" " + f)) == 1)
            self._forms[lw] = forms
        if not forms:
            return None
        f = self.rng.choice(forms)
        return f[0].upper() + f[1:] if w[0].isupper() else f

    def swap_in(self, w):
        alts = self.confusable.get(w.lower())
        if not alts:
            return None
        v = self.rng.choice(sorted(alts))
        return v[0].upper() + v[1:] if w[0].isupper() else v

    def corrupt(self, src, L, rate):
        """src: original ids (numpy, longer than L). → (inp, tgt): lists of at most L ids with
        errors at about `rate` of the words."""
        null = self.cfg.null_id
        r = self.rng
        ws = [w for w in self.words(src) if r.random() < rate]
        ids = src.tolist()
        inp, tgt = [], []
        owe = None  # a dropped word's first token: the target of the next token copied

        def emit(xs, ys):
            nonlocal owe
            if owe is not None and xs:
                ys = [owe] + ys[1:]
                owe = None
            inp.extend(xs)
            tgt.extend(ys)

        at = 0  # next original token not yet emitted
        for wi, (a, b) in enumerate(ws):
            if len(inp) >= L:
                break
            if a < at:  # taken by the swap before
                continue
            emit(ids[at:a], ids[at:a])
            at = b
            word = ids[a:b]
            kind = "copy" if owe is not None else r.choices(self.KINDS, cum_weights=self.CUM_WEIGHTS)[0]
            if kind in ("misspell", "confusable", "inflection"):
                w = self.word_text(word)
                s = {"misspell": self.misspell, "confusable": self.swap_in, "inflection": self.inflect}[kind](w)
                new = self.encode_word(s) if s else None
                if new and len(new) >= len(word) and new != word:
                    emit(new, word + [null] * (len(new) - len(word)))
                    continue
            elif kind == "doubled":
                emit(word + word, word + [null] * len(word))
                continue
            elif kind == "inserted":
                ins = r.choice(self.insertable)
                emit(ins + word, [null] * len(ins) + word)
                continue
            elif kind == "dropped":
                owe = word[0]
                continue
            elif kind == "swap" and b < len(ids) and self.starts[ids[b]]:
                c = b + 1
                while c < len(ids) and self.cont[ids[c]]:
                    c += 1
                emit(ids[b:c] + word, ids[a:c])
                at = c
                continue
            emit(word, word)  # nothing applied
        need = L - len(inp)
        if need > 0:
            emit(ids[at:at + need], ids[at:at + need])
        return inp[:L], tgt[:L]

    def rows(self, tokens, n, L):
        """n rows of L tokens with visible errors from the numpy token stream → (inp, tgt) [n, L]
        int64 arrays. The error rate of each row is drawn from RATE."""
        r = self.rng
        slack = L // 2 + 16
        inps, tgts = np.empty((n, L), dtype=np.int64), np.empty((n, L), dtype=np.int64)
        for row in range(n):
            while True:
                s = r.randrange(0, len(tokens) - L - slack)
                inp, tgt = self.corrupt(np.asarray(tokens[s:s + L + slack], dtype=np.int64), L, r.uniform(*self.RATE))
                if len(inp) == L:
                    break
            inps[row], tgts[row] = inp, tgt
        return inps, tgts


def edit_batch(inp, tgt, cfg, gen):
    """Visible-error rows (inp, tgt) [B, L] (tensors on gen's device) → (inp, tgt, loss mask): half
    the rows also get iid masks at a rate t ~ U(0, 1/2); the loss counts every position."""
    B, L = inp.shape
    device = inp.device
    t = torch.rand(B, 1, generator=gen, device=device) * 0.5
    t = torch.where(torch.rand(B, 1, generator=gen, device=device) < 0.5, t, torch.zeros_like(t))
    masked = torch.rand(B, L, generator=gen, device=device) < t
    inp = torch.where(masked, torch.full_like(inp, cfg.mask_id), inp)
    return inp, tgt, torch.ones_like(masked)


def _edit_worker(tokens, merges, vocab_size, cfg, seed, L, n, queue):
    from bpe import Tokenizer
    noise = EditNoise(Tokenizer(merges, vocab_size), cfg, seed)
    while True:
        inp, tgt = noise.rows(tokens, n, L)
        queue.put((inp.astype(np.int16), tgt.astype(np.int16)))


class EditStream:
    """Visible-error rows of `L` tokens made by `workers` processes (0: in this process), so that a
    GPU never waits for the Python that makes them. Start it before CUDA is initialised."""

    def __init__(self, tokens, tokenizer, cfg, workers, seed, L=512, chunk=16):
        self.L = L
        self.buf = []  # (inp, tgt) rows not yet used
        if workers == 0:
            self.noise = EditNoise(tokenizer, cfg, seed)
            self.tokens, self.chunk = tokens, chunk
            self.queue = None
            return
        import multiprocessing as mp
        ctx = mp.get_context("fork")
        self.queue = ctx.Queue(maxsize=8 * workers)
        self.procs = [ctx.Process(target=_edit_worker, daemon=True,
                                  args=(tokens, tokenizer.merges, tokenizer.vocab_size, cfg, seed + 1000 * w, L, chunk, self.queue))
                      for w in range(workers)]
        for p in self.procs:
            p.start()

    def take(self, B, L):
        """B rows of L tokens (L divides the stream's row length) → (inp, tgt) int64 tensors on the CPU."""
        if self.L % L:
            raise ValueError(f"row length {L} does not divide {self.L}")
        need = B * L // self.L + (1 if B * L % self.L else 0)
        while len(self.buf) < need:
            if self.queue is None:
                inp, tgt = self.noise.rows(self.tokens, self.chunk, self.L)
            else:
                inp, tgt = self.queue.get()
            self.buf.extend(zip(inp, tgt))
        rows, self.buf = self.buf[:need], self.buf[need:]
        inp = torch.from_numpy(np.stack([r[0] for r in rows]).astype(np.int64)).view(-1, L)[:B]
        tgt = torch.from_numpy(np.stack([r[1] for r in rows]).astype(np.int64)).view(-1, L)[:B]
        return inp, tgt
