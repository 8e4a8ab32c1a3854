"""Tokenize a corpus into the uint16 token stream that train.py and evaluate.py read.

usage: tokens.py TOKENIZER.json CORPUS.txt OUT.bin [--workers N]

CORPUS.txt holds documents separated by a line that is exactly <|doc|> (MODEL.md). Each
document is encoded and followed by the <|doc|> token, so a window that starts or ends at a
document boundary looks as it will in use.
"""
import argparse
import multiprocessing as mp
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bpe import Tokenizer  # noqa: E402

SEPARATOR = "\n<|doc|>\n"
_tok = None


def _init(path):
    global _tok
    _tok = Tokenizer.load(path)


def _encode(doc):
    ids = _tok.encode(doc)
    ids.append(_tok.special["<|doc|>"])
    return np.asarray(ids, dtype=np.uint16)


def documents(path):
    with open(path, encoding="utf-8") as f:
        docs = [d.strip("\n") for d in f.read().split(SEPARATOR)]
    return [d for d in docs if d]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tokenizer")
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    args = ap.parse_args()
    docs = documents(args.corpus)
    if Tokenizer.load(args.tokenizer).vocab_size > 1 << 16:
        sys.exit("tokens.py: the vocabulary does not fit uint16")
    with mp.Pool(args.workers, initializer=_init, initargs=(args.tokenizer,)) as pool:
        arrs = pool.map(_encode, docs, chunksize=64)
    a = np.concatenate(arrs)
    a.tofile(args.out)
    chars = sum(len(d) for d in docs)
    print(f"{args.out}: {len(docs)} docs, {chars} chars, {a.size} tokens, {chars / a.size:.2f} chars/token")


if __name__ == "__main__":
    main()
