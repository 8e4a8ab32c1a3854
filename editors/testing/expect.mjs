// What the server should do to a file, computed by the same `redraft` binary's CLI with the same
// settings: the editor end-to-end tests compare the editor's document with these results.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

function cli(bin, args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
  if (r.error) {
    throw new Error(`${bin} ${args.join(' ')}: ${r.error.message}`);
  }
  if (r.status !== 0) {
    throw new Error(`${bin} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  }
  return r;
}

function common(o) {
  const a = [];
  if (o.seed !== undefined) a.push('--seed', String(o.seed));
  if (o.strength !== undefined) a.push('--strength', String(o.strength));
  if (o.context !== undefined) a.push('--context', String(o.context));
  return a;
}

/**
 * The document after refining bytes [start,end) of file: { text, unchanged }. unchanged is true
 * when the CLI found no better revision (text is then the original document).
 */
export function expectRefine(bin, file, start, end, o = {}) {
  const r = cli(bin, ['refine', file, '--range', `${start}:${end}`, ...common(o)]);
  const original = fs.readFileSync(file, 'utf8');
  const text = r.stdout;
  return { text, unchanged: text === original, stderr: r.stderr };
}

/** The document after filling every gap in file: { text }. */
export function expectFill(bin, file, o = {}) {
  const r = cli(bin, ['fill', file, ...common(o)]);
  return { text: r.stdout, stderr: r.stderr };
}
