"""Byte-level BPE: trainer, encoder, decoder (MODEL.md, "Tokenizer").

The pre-tokenizer pattern is written so that Go's RE2 (regexp package) and Python's `regex`
module split text identically (explicit ASCII whitespace class instead of \\s, no look-ahead).
Every character falls into exactly one alternative, so concatenating the pieces gives back the
input: lossless.

tokenizer.json:
  {"version": 1, "pattern": PAT, "vocab_size": V,
   "merges": [[a, b], ...],          # rank order; merge i makes id 256 + i
   "special": {"<|doc|>": id, ...}}  # the last ids of the vocabulary

usage: bpe.py CORPUS.txt OUT.json [VOCAB [MAX_MB]]   (documents separated by a line <|doc|>)
Encoding text needs Python's `regex` module (Debian python3-regex); encoding one piece
(Tokenizer.encode_piece, what the training noise does) does not.
"""
import collections
import functools
import heapq
import json
import sys
import time

PAT = r"'(?:s|t|re|ve|m|ll|d)| ?\p{L}+| ?\p{N}| ?[^\t\n\f\r \p{L}\p{N}]+|[\t\n\f\r ]+"
SPECIALS = ["<|doc|>", "<|null|>", "<|pad|>", "<|mask|>"]


@functools.lru_cache(maxsize=1)
def _pattern():
    import regex  # only for pre-tokenizing text
    return regex.compile(PAT)


def pretokenize(text):
    """Splits text into the pieces that BPE encodes one by one."""
    return _pattern().findall(text)


def train(texts, vocab_size, min_count=2, log=print):
    """Learns vocab_size − 256 − 4 merges from texts (pieces seen at least min_count times)."""
    n_merges = vocab_size - 256 - len(SPECIALS)
    counts = collections.Counter()
    for t in texts:
        counts.update(pretokenize(t))
    words, freqs = [], []
    for w, c in counts.items():
        if c >= min_count:
            words.append(list(w.encode("utf-8")))
            freqs.append(c)
    log(f"bpe: {len(counts)} distinct pieces, {len(words)} with count>={min_count}")
    pair_counts = collections.Counter()
    where = collections.defaultdict(set)
    for i, w in enumerate(words):
        f = freqs[i]
        for a, b in zip(w, w[1:]):
            pair_counts[(a, b)] += f
            where[(a, b)].add(i)
    heap = [(-c, p) for p, c in pair_counts.items()]
    heapq.heapify(heap)
    merges = []
    t0 = time.time()
    for m in range(n_merges):
        # most frequent pair; ties go to the smallest pair, for determinism
        best = None
        while heap:
            negc, p = heapq.heappop(heap)
            if pair_counts.get(p, 0) == -negc and -negc > 0:
                best = p
                break
        if best is None:
            break
        new_id = 256 + m
        merges.append(best)
        a, b = best
        touched = set()
        for i in list(where[best]):
            w = words[i]
            f = freqs[i]
            j, out = 0, []
            changed = False
            while j < len(w):
                if j + 1 < len(w) and w[j] == a and w[j + 1] == b:
                    out.append(new_id)
                    j += 2
                    changed = True
                else:
                    out.append(w[j])
                    j += 1
            if not changed:
                continue
            for p in zip(w, w[1:]):
                pair_counts[p] -= f
                if pair_counts[p] <= 0:
                    del pair_counts[p]
                where[p].discard(i)
                touched.add(p)
            for p in zip(out, out[1:]):
                pair_counts[p] += f
                where[p].add(i)
                touched.add(p)
            words[i] = out
        pair_counts.pop(best, None)
        where.pop(best, None)
        for p in touched:
            c = pair_counts.get(p, 0)
            if c > 0:
                heapq.heappush(heap, (-c, p))
        if m % 500 == 0:
            log(f"bpe: merge {m}/{n_merges} ({time.time() - t0:.0f}s)")
    return merges


class Tokenizer:
    """Encoder and decoder of a trained tokenizer (ids: bytes, merges, then the specials)."""

    def __init__(self, merges, vocab_size):
        self.merges = [tuple(p) for p in merges]
        self.rank = {p: i for i, p in enumerate(self.merges)}
        self.vocab_size = vocab_size
        self.special = {s: vocab_size - len(SPECIALS) + i for i, s in enumerate(SPECIALS)}
        self.bytes = [bytes([i]) for i in range(256)]
        for a, b in self.merges:
            self.bytes.append(self.bytes[a] + self.bytes[b])
        self.cache = {}

    @classmethod
    def load(cls, path):
        with open(path) as f:
            d = json.load(f)
        assert d["pattern"] == PAT
        return cls(d["merges"], d["vocab_size"])

    def save(self, path):
        with open(path, "w") as f:
            json.dump({"version": 1, "pattern": PAT, "vocab_size": self.vocab_size,
                       "merges": [list(p) for p in self.merges], "special": self.special}, f)

    def encode_piece(self, piece):
        """The ids of one pre-tokenizer piece: its bytes, merged lowest rank first."""
        ids = self.cache.get(piece)
        if ids is not None:
            return ids
        w = list(piece.encode("utf-8"))
        while len(w) > 1:
            best, best_rank = None, None
            for j in range(len(w) - 1):
                r = self.rank.get((w[j], w[j + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = j, r
            if best is None:
                break
            w = w[:best] + [256 + best_rank] + w[best + 2:]
        if len(self.cache) < 2_000_000:
            self.cache[piece] = w
        return w

    def encode(self, text):
        out = []
        for piece in pretokenize(text):
            out.extend(self.encode_piece(piece))
        return out

    def decode(self, ids):
        n = 256 + len(self.merges)
        return b"".join(self.bytes[i] for i in ids if i < n).decode("utf-8", errors="replace")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    vocab = int(sys.argv[3]) if len(sys.argv) > 3 else 8192
    max_mb = float(sys.argv[4]) if len(sys.argv) > 4 else 80
    with open(src, encoding="utf-8") as f:
        text = f.read(int(max_mb * 1e6))
    docs = text.split("\n<|doc|>\n")
    merges = train(docs, vocab)
    tok = Tokenizer(merges, vocab)
    tok.save(out)
    sample = docs[len(docs) // 2][:2000]
    ids = tok.encode(sample)
    assert tok.decode(ids) == sample
    print(f"saved {out}: {len(merges)} merges; sample {len(sample)} chars -> {len(ids)} tokens")


if __name__ == "__main__":
    main()
