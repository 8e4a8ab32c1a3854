"""Choose the npm packages whose READMEs and docs enter corpus v2; writes npm.txt.

The list comes from the machine's package list (/work/.library/env/packages/npm.tsv: name, version,
downloads a month, summary), not from the registry: the most-downloaded packages, skipping type stubs
and platform binaries (they carry no prose), at most LIMIT names. The registry is then asked for these
names only, by fetch.sh (`npm pack NAME`).

usage: npm_list.py [npm.tsv] > npm.txt
"""
import re
import sys

LIMIT = 1500
# Packages that hold no prose of their own: type stubs, per-platform binaries, polyfill shards.
SKIP = re.compile(r'^@types/|^@esbuild/|^@rollup/rollup-|^@img/|^@next/swc-|^@swc/core-|^@nx/nx-|'
                  r'^@parcel/watcher-|^@biomejs/cli-|^@oxc-|^@tailwindcss/oxide-|^@unrs/|^@napi-rs/|'
                  r'^@lightningcss|^lightningcss-|^turbo-|^@sentry-internal/|^@aws-sdk/client-|'
                  r'(linux|darwin|win32|freebsd|android)-(x64|arm64|ia32|arm)|-(x64|arm64)-')


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else '/work/.library/env/packages/npm.tsv'
    rows = []
    with open(path, encoding='utf-8') as f:
        next(f)  # header
        for line in f:
            cols = line.rstrip('\n').split('\t')
            if len(cols) < 3 or not cols[2].isdigit() or SKIP.search(cols[0]):
                continue
            rows.append((int(cols[2]), cols[0]))
    rows.sort(key=lambda r: (-r[0], r[1]))
    print('# npm packages whose README and docs enter corpus v2 (made by npm_list.py; most downloaded first)')
    for _, name in rows[:LIMIT]:
        print(name)


if __name__ == '__main__':
    main()
