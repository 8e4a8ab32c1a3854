"""The small corpus and eval set of model/smoke.sh, from text every Debian machine with this
repository has: the licence texts in /usr/share/common-licenses and the repository's own prose
(Markdown files and Go doc comments).

usage: smoke_data.py OUTDIR
writes OUTDIR/corpus.txt and OUTDIR/heldout.txt (documents separated by a line <|doc|>; every
fifth document held out) and OUTDIR/eval/{repair,clean,infill}.jsonl (20 cases each, in the
format of `redraft eval --set`, from all the documents: the smoke test only needs eval to run).
"""
import glob
import json
import os
import random
import re
import subprocess
import sys

REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CASES = 20


def documents():
    docs = []
    for path in sorted(glob.glob("/usr/share/common-licenses/*")):
        if os.path.isfile(path) and not os.path.islink(path):
            docs.append(open(path, encoding="utf-8", errors="replace").read())
    files = subprocess.run(["git", "-C", REPO, "ls-files", "*.md", "*.go"], capture_output=True, text=True,
                           check=True).stdout.split()
    for f in sorted(files):
        text = open(os.path.join(REPO, f), encoding="utf-8", errors="replace").read()
        if f.endswith(".go"):  # the doc comments, as paragraphs
            lines = [ln.strip()[2:].strip() for ln in text.splitlines() if ln.strip().startswith("//")]
            text = "\n".join(lines)
        docs.append(text)
    out = []
    for d in docs:  # documents of at most about 20 KB, split at blank lines
        paras, cur = re.split(r"\n\s*\n", d), []
        for p in paras:
            cur.append(p.strip())
            if sum(len(x) for x in cur) > 20000:
                out.append("\n\n".join(cur))
                cur = []
        if cur:
            out.append("\n\n".join(cur))
    return [d for d in out if len(d) > 200]


def sentences(doc):
    """(start, end) of plain sentences of 6 to 30 words in doc."""
    for m in re.finditer(r"[A-Z][a-z]*[ ,;:'A-Za-z-]{20,200}[a-z][.!?](?=\s)", doc):
        words = m.group().split()
        before = doc[max(0, m.start() - 2):m.start()]
        if 6 <= len(words) <= 30 and (m.start() == 0 or before.endswith((". ", "\n", "? ", "! "))):
            yield m.start(), m.end()


def corrupt(sentence, rng):
    words = sentence.split(" ")
    i = rng.randrange(1, len(words) - 1)
    kind = rng.choice(["dup", "swap", "typo"])
    if kind == "dup":
        words.insert(i, words[i])
    elif kind == "swap":
        words[i], words[i + 1] = words[i + 1], words[i]
    else:
        w = words[i]
        j = rng.randrange(len(w) - 1) if len(w) > 2 else 0
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:] if len(w) > 2 else w + w[-1]
    return " ".join(words), kind


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "eval"), exist_ok=True)
    docs = documents()
    rng = random.Random(7)
    rng.shuffle(docs)
    held = docs[::5]
    train = [d for i, d in enumerate(docs) if i % 5]
    for name, part in (("corpus.txt", train), ("heldout.txt", held)):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write("\n<|doc|>\n".join(part) + "\n")
    spots = [(d, a, b) for d in held + train for a, b in sentences(d)]
    rng.shuffle(spots)
    sets = {"repair": [], "clean": [], "infill": []}
    for i, (d, a, b) in enumerate(spots[:3 * CASES]):
        left, text, right = d[max(0, a - 300):a], d[a:b], d[b:b + 300]
        kind = ("repair", "clean", "infill")[i % 3]
        if kind == "repair":
            bad, k = corrupt(text, rng)
            sets[kind].append({"left": left, "text": bad, "right": right, "original": text, "kind": k})
        elif kind == "clean":
            sets[kind].append({"left": left, "text": text, "right": right})
        else:
            words = text.split(" ")
            j = rng.randrange(1, len(words) - 2)
            n = rng.randint(1, 2)
            sets[kind].append({"left": left + " ".join(words[:j]) + " ", "answer": " ".join(words[j:j + n]),
                               "right": " " + " ".join(words[j + n:]) + right, "words": n})
    for kind, cases in sets.items():
        with open(os.path.join(out, "eval", kind + ".jsonl"), "w", encoding="utf-8") as f:
            for c in cases:
                f.write(json.dumps(c) + "\n")
    print(f"smoke data: {len(train)} training documents ({sum(map(len, train))} chars), {len(held)} held out, "
          + ", ".join(f"{len(v)} {k}" for k, v in sets.items()))


if __name__ == "__main__":
    main()
