"""Check that the Go tokenizer (which wrote train.bin) and the Python reference encoder agree.

usage: check_encoders.py BPE_PY TOKENIZER_JSON TRAIN_TXT TRAIN_BIN [N]

Encodes N documents (default 300, chosen with a fixed seed) of TRAIN_TXT with BPE_PY's Tokenizer
and compares them with the same documents' ids in TRAIN_BIN (each document is followed by <|doc|>).
Exits 1 on any difference.
"""
import importlib.util
import random
import sys

import numpy as np


def main():
    bpe_py, tok_json, txt, binf = sys.argv[1:5]
    n = int(sys.argv[5]) if len(sys.argv) > 5 else 300
    spec = importlib.util.spec_from_file_location('bpe', bpe_py)
    bpe = importlib.util.module_from_spec(spec); spec.loader.exec_module(bpe)
    tok = bpe.Tokenizer.load(tok_json)
    sep = tok.special['<|doc|>']
    docs = [d.strip('\n') for d in open(txt, encoding='utf-8').read().split('\n<|doc|>\n')]
    docs = [d for d in docs if d]
    ids = np.fromfile(binf, dtype='<u2')
    ends = np.flatnonzero(ids == sep)
    if len(ends) != len(docs):
        sys.exit(f'check_encoders: {len(docs)} documents in {txt} but {len(ends)} in {binf}')
    starts = np.concatenate([[0], ends[:-1] + 1])
    pick = sorted(random.Random(7).sample(range(len(docs)), min(n, len(docs))))
    bad = 0; toks = 0
    for i in pick:
        want = tok.encode(docs[i]); got = ids[starts[i]:ends[i]].tolist()
        toks += len(want)
        if want != got:
            bad += 1
            if bad <= 3:
                k = next((j for j, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
                print(f'document {i}: first difference at token {k}: python {want[k:k+5]} go {got[k:k+5]}')
    print(f'check_encoders: {len(pick) - bad} of {len(pick)} documents ({toks} tokens) identical')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
