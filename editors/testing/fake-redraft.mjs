#!/usr/bin/env node
// A stand-in for the `redraft` binary, for testing the editor clients without the model:
//
//   fake-redraft.mjs serve                 LSP over stdio with the real server's commands
//   fake-redraft.mjs fill FILE             print FILE with every gap filled
//   fake-redraft.mjs refine FILE --range A:B   print FILE with bytes [A,B) revised
//
// It is deterministic and instant: a fill replaces each marker with "wind", a refine upper-cases
// the first word of the range (and says "no better revision" when the range has no lower-case
// letter). It speaks just enough LSP for the clients: initialize, full document sync,
// workspace/executeCommand (redraft.refine, redraft.fill, redraft.fillAll) with server-initiated
// work-done progress, workspace/applyEdit and window/showMessage.
import { readFileSync } from 'node:fs';

const MARKERS = /\[\.\.\.\]|\[…\]|_{3,}/gu;

function fillText(doc) {
  return doc.replace(MARKERS, 'wind');
}

/** Returns the revised selection text, or null for "no better revision". */
function refineText(sel) {
  const m = /\p{Ll}+/u.exec(sel);
  if (!m) {
    return null;
  }
  return sel.slice(0, m.index) + m[0].toUpperCase() + sel.slice(m.index + m[0].length);
}

// ---- CLI

function cli(argv) {
  const [cmd, file, ...rest] = argv;
  const doc = readFileSync(file, 'utf8');
  if (cmd === 'fill') {
    process.stdout.write(fillText(doc));
    return;
  }
  if (cmd === 'refine') {
    const i = rest.indexOf('--range');
    const [a, b] = rest[i + 1].split(':').map(Number);
    const buf = Buffer.from(doc, 'utf8');
    const sel = buf.subarray(a, b).toString('utf8');
    const out = refineText(sel);
    if (out === null) {
      process.stderr.write('no better revision\n');
      process.stdout.write(doc);
      return;
    }
    process.stdout.write(Buffer.concat([buf.subarray(0, a), Buffer.from(out), buf.subarray(b)]).toString('utf8'));
    return;
  }
  process.stderr.write(`fake-redraft: unknown command ${cmd}\n`);
  process.exit(2);
}

// ---- LSP

const docs = new Map(); // uri -> text
let nextId = 1;
const pending = new Map();
const log = (...a) => process.stderr.write(`fake-redraft: ${a.join(' ')}\n`);

function send(msg) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
  process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
  process.stdout.write(body);
}

function call(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}

/** LSP position (UTF-16) -> string index (also UTF-16). */
function offsetAt(text, pos) {
  let line = 0;
  let i = 0;
  while (line < pos.line && i < text.length) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    i = nl + 1;
    line++;
  }
  return Math.min(i + pos.character, text.length);
}

function positionAt(text, off) {
  const before = text.slice(0, off);
  const line = before.split('\n').length - 1;
  return { line, character: off - (before.lastIndexOf('\n') + 1) };
}

const cancelled = new Set(); // progress tokens and request ids the client cancelled
const STEPS = Number(process.env.FAKE_REDRAFT_STEPS ?? 5);
const STEP_MS = Number(process.env.FAKE_REDRAFT_STEP_MS ?? 100);

// Runs fn after STEPS progress reports STEP_MS apart, on the client's workDoneToken if it sent
// one, else on a token it creates; throws RequestCancelled when the client cancels.
async function withProgress(title, clientToken, requestId, fn) {
  let token = clientToken;
  if (token === undefined) {
    token = `fake-${nextId}`;
    await call('window/workDoneProgress/create', { token });
  }
  send({ method: '$/progress', params: { token, value: { kind: 'begin', title, cancellable: true, percentage: 0 } } });
  try {
    for (let i = 1; i <= STEPS; i++) {
      await new Promise((r) => setTimeout(r, STEP_MS));
      if (cancelled.has(token) || cancelled.has(requestId)) {
        throw { code: -32800, message: 'cancelled' };
      }
      const percentage = Math.round((100 * i) / STEPS);
      send({ method: '$/progress', params: { token, value: { kind: 'report', message: `step ${i} of ${STEPS}`, percentage } } });
    }
    return await fn();
  } finally {
    send({ method: '$/progress', params: { token, value: { kind: 'end' } } });
  }
}

async function applyEdit(uri, text, start, end, newText) {
  const edit = { range: { start: positionAt(text, start), end: positionAt(text, end) }, newText };
  const r = await call('workspace/applyEdit', { label: 'Redraft', edit: { changes: { [uri]: [edit] } } });
  log('applyEdit', JSON.stringify(r));
}

async function executeCommand({ command, arguments: args, workDoneToken }, requestId) {
  const a = args[0];
  const text = docs.get(a.uri);
  if (text === undefined) {
    throw { code: -32602, message: `unknown document ${a.uri}` };
  }
  if (command === 'redraft.refine') {
    const s = offsetAt(text, a.range.start);
    const e = offsetAt(text, a.range.end);
    const out = await withProgress('Refining', workDoneToken, requestId, async () => refineText(text.slice(s, e)));
    if (out === null) {
      send({ method: 'window/showMessage', params: { type: 3, message: 'Redraft: no better revision' } });
      return null;
    }
    await applyEdit(a.uri, text, s, e, out);
    return null;
  }
  if (command === 'redraft.fill' || command === 'redraft.fillAll') {
    const gaps = [...text.matchAll(MARKERS)];
    const at = command === 'redraft.fill' ? offsetAt(text, a.position) : -1;
    const chosen = command === 'redraft.fill' ? gaps.filter((g) => at >= g.index && at <= g.index + g[0].length).slice(0, 1) : gaps;
    if (command === 'redraft.fill' && chosen.length === 0 && gaps.length > 0) {
      chosen.push(gaps.reduce((b, g) => (Math.abs(g.index - at) < Math.abs(b.index - at) ? g : b)));
    }
    if (chosen.length === 0) {
      send({ method: 'window/showMessage', params: { type: 3, message: 'Redraft: no gap to fill' } });
      return null;
    }
    await withProgress('Filling', workDoneToken, requestId, async () => null);
    const edits = chosen.map((g) => ({
      range: { start: positionAt(text, g.index), end: positionAt(text, g.index + g[0].length) },
      newText: 'wind',
    }));
    await call('workspace/applyEdit', { label: 'Redraft', edit: { changes: { [a.uri]: edits } } });
    return null;
  }
  throw { code: -32601, message: `unknown command ${command}` };
}

async function handle(msg) {
  if (msg.method === undefined) {
    pending.get(msg.id)?.(msg.result ?? msg.error);
    pending.delete(msg.id);
    return;
  }
  const reply = (result, error) => msg.id !== undefined && send({ id: msg.id, result, error });
  try {
    switch (msg.method) {
      case 'initialize':
        log('initializationOptions', JSON.stringify(msg.params.initializationOptions));
        return reply({
          capabilities: {
            textDocumentSync: 1,
            executeCommandProvider: { commands: ['redraft.refine', 'redraft.fill', 'redraft.fillAll'] },
          },
          serverInfo: { name: 'fake-redraft', version: '0' },
        });
      case 'shutdown':
        return reply(null);
      case 'exit':
        process.exit(0);
        return;
      case 'textDocument/didOpen':
        docs.set(msg.params.textDocument.uri, msg.params.textDocument.text);
        log('didOpen', msg.params.textDocument.uri);
        return;
      case 'textDocument/didChange':
        docs.set(msg.params.textDocument.uri, msg.params.contentChanges.at(-1).text);
        return;
      case 'textDocument/didClose':
        docs.delete(msg.params.textDocument.uri);
        return;
      case 'window/workDoneProgress/cancel':
        cancelled.add(msg.params.token);
        return;
      case '$/cancelRequest':
        cancelled.add(msg.params.id);
        return;
      case 'workspace/didChangeConfiguration':
        log('didChangeConfiguration', JSON.stringify(msg.params.settings));
        return;
      case 'workspace/executeCommand':
        log('executeCommand', JSON.stringify(msg.params));
        return reply(await executeCommand(msg.params, msg.id));
      default:
        if (msg.id !== undefined) reply(undefined, { code: -32601, message: `not implemented: ${msg.method}` });
    }
  } catch (e) {
    reply(undefined, { code: e.code ?? -32603, message: e.message ?? String(e) });
  }
}

function serve() {
  let buf = Buffer.alloc(0);
  process.stdin.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const h = buf.indexOf('\r\n\r\n');
      if (h < 0) return;
      const len = Number(/Content-Length: *(\d+)/i.exec(buf.subarray(0, h).toString())[1]);
      if (buf.length < h + 4 + len) return;
      const msg = JSON.parse(buf.subarray(h + 4, h + 4 + len).toString('utf8'));
      buf = buf.subarray(h + 4 + len);
      void handle(msg);
    }
  });
  process.stdin.on('end', () => process.exit(0));
}

if (process.argv[2] === 'serve') {
  if (process.argv.length > 3) {
    // Like the real server: no extra arguments (clients must not add e.g. --stdio).
    process.stderr.write(`fake-redraft serve: unexpected arguments ${process.argv.slice(3).join(' ')}\n`);
    process.exit(2);
  }
  serve();
} else {
  cli(process.argv.slice(2));
}
