"""Print the source table of MANIFEST.md from the build's stats.json (and npm licences).

usage: manifest.py [$CORPUS_CACHE/build/stats.json]
"""
import collections
import json
import os
import sys

CACHE = os.environ.get('CORPUS_CACHE', '/work/.corpus-cache')


def main():
    st = json.load(open(sys.argv[1] if len(sys.argv) > 1 else CACHE + '/build/stats.json'))
    print(f"train.txt: **{st['train_mb']:.1f} MB** of text in {st['train_docs']} documents. "
          f"Dropped for a {st['ngram']}-word n-gram shared with the held-out text: {st['dropped_heldout']} documents; "
          f"with the dev sets: {st['dropped_dev']}.\n")
    print('| category | MB | share |\n|---|---:|---:|')
    for c in ('prose', 'guide', 'reference'):
        v = st['categories'].get(c, {'mb': 0, 'share': 0})
        print(f"| {c} | {v['mb']:.1f} | {100 * v['share']:.1f}% |")
    print('\n| source | category | packages | what was taken | MB | share | docs | dropped: held-out / dev / caps | licence as stated |')
    print('|---|---|---|---|---:|---:|---:|---|---|')
    for s, v in st['sources'].items():
        caps = v.get('dropped_cap', 0) + v.get('dropped_target', 0)
        print(f"| {s} | {v['category']} | {v['packages']} | {v['what']} | {v['mb']:.2f} | {100 * v['share']:.1f}% | "
              f"{v['docs']} | {v.get('dropped_heldout', 0)} / {v.get('dropped_dev', 0)} / {caps} | {v['licence']} |")
    lp = CACHE + '/stage/npm-licences.json'
    if os.path.exists(lp):
        lic = collections.Counter(str(v) for v in json.load(open(lp)).values())
        print('\nnpm READMEs, licences of the packages (package.json): ' +
              ', '.join(f'{k} {n}' for k, n in lic.most_common(12)) + f', other {sum(lic.values()) - sum(n for _, n in lic.most_common(12))}.')


if __name__ == '__main__':
    main()
