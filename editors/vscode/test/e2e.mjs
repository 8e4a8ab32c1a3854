// End-to-end test of the Redraft VS Code extension in a real VS Code (code-server), driven through
// headless Chromium with playwright-core.
//
//   node test/e2e.mjs --bin REDRAFT --code-server CODE_SERVER --vsix VSIX [--artifacts DIR]
//                     [--chromium /usr/bin/chromium] [--seed N] [--timeout-ms N]
//                     [--bundled] [--diagnostics]
//
// --bundled: the extension must run the server inside the .vsix (redraft.path is left unset and
// no redraft is on PATH); --bin is then only the CLI that computes the expected results.
// Otherwise redraft.path is set to --bin. --diagnostics: also check as you write: a diagnostic
// (squiggle and Problems panel), its quick fix (the CLI's edit of that paragraph) and "Add … to
// the dictionary" (the word lands in $XDG_CONFIG_HOME/redraft/dictionary.txt, the squiggle goes).
//
// What it does, as a user would: installs the .vsix, opens a workspace with two Markdown files,
// selects a sentence and runs "Redraft: Refine Selection" from the command palette, then puts the
// cursor in a [...] gap and runs "Redraft: Fill Gap". The expected text of each file is computed
// first by the same binary's CLI (`redraft refine FILE --range A:B`, `redraft fill FILE`) with the
// same seed and settings; the test asserts that the file the editor saves (files.autoSave) becomes
// exactly that text. If the CLI says "no better revision", it asserts the text is unchanged and
// the server's message appeared. Exits non-zero on failure, after printing the code-server,
// extension-host and Redraft output-channel logs. Screenshots go to the artifacts directory.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { expectFill, expectRefine } from '../../testing/expect.mjs';

const { values: opt } = parseArgs({
  options: {
    bin: { type: 'string' },
    'code-server': { type: 'string' },
    vsix: { type: 'string' },
    artifacts: { type: 'string', default: path.resolve('.ci/artifacts') },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    seed: { type: 'string', default: '7' },
    strength: { type: 'string', default: '0.5' },
    'timeout-ms': { type: 'string', default: '180000' },
    keep: { type: 'boolean', default: false },
    // Fail (instead of noting it) when the server completes before the Cancel takes effect.
    'require-cancel': { type: 'boolean', default: false },
    bundled: { type: 'boolean', default: false },
    diagnostics: { type: 'boolean', default: false },
  },
});
for (const k of ['bin', 'code-server', 'vsix']) {
  if (!opt[k]) {
    console.error(`e2e: --${k} is required`);
    process.exit(2);
  }
}
const BIN = path.resolve(opt.bin);
// code-server's entry script (node_modules/code-server/out/node/entry.js or its .bin link); it is
// run with this node, which must be node 24 (code-server's native modules are built for it).
const CODE_SERVER = fs.realpathSync(opt['code-server']);
if (Number(process.versions.node.split('.')[0]) < 24) {
  console.error(`e2e: warning: node ${process.versions.node}; code-server ${CODE_SERVER} needs node 24`);
}
const STRENGTH = Number(opt.strength);
const TIMEOUT = Number(opt['timeout-ms']);
const ART = path.resolve(opt.artifacts);
fs.mkdirSync(ART, { recursive: true });
for (const f of fs.readdirSync(ART)) {
  if (/^vscode-.*\.png$/.test(f)) fs.rmSync(path.join(ART, f)); // no stale screenshots
}

const t0 = Date.now();
const say = (msg) => console.log(`[vscode-e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

// ---- Fixture: a workspace, user settings, extensions dir.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'redraft-vscode-e2e-'));
const ws = path.join(tmp, 'workspace');
const userDir = path.join(tmp, 'user');
const extDir = path.join(tmp, 'extensions');
fs.mkdirSync(ws);
fs.mkdirSync(path.join(userDir, 'User'), { recursive: true });
fs.writeFileSync(path.join(tmp, 'code-server.yaml'), 'auth: none\n');

// The sentence to refine sits alone on line 3 so that Home / Shift+End selects exactly it.
// It has a doubled word, the slip the built-in model repairs most reliably, so that the check
// sees a real edit arrive (other models may leave it; then the test checks nothing changed).
const REFINE_LINE = 'The children were playing in the the garden when the rain started to fall on the old roof.';
const refineDoc =
  '# Evening\n\n' +
  REFINE_LINE +
  '\n\nHe counted the ships that passed and wrote their names in a small notebook.\n';
const FILL_LINE = 'She opened the window and a cold [...] filled the quiet room.';
const fillDoc = '# Morning\n\nThe house was still dark when she woke up.\n\n' + FILL_LINE + '\n\nThen she made some tea.\n';
const refinePath = path.join(ws, 'refine.md');
const fillPath = path.join(ws, 'gap.md');
fs.writeFileSync(refinePath, refineDoc);
fs.writeFileSync(fillPath, fillDoc);
// Check as you write: the misspelling sits alone on line 3.
const CHECK_LINE = 'She wrote a long leter to her grandmother about the summer holidays.';
const CHECK_WORD = 'leter';
const checkDoc = '# Letters\n\n' + CHECK_LINE + '\n\nThe end.\n';
const checkPath = path.join(ws, 'check.md');
const dictDocPath = path.join(ws, 'words.md');
const configHome = path.join(tmp, 'config'); // the server's $XDG_CONFIG_HOME
const dictionaryPath = path.join(configHome, 'redraft', 'dictionary.txt');
if (opt.diagnostics) {
  fs.writeFileSync(checkPath, checkDoc);
  fs.writeFileSync(dictDocPath, checkDoc);
}

// Expected results, from the same binary's CLI with the same settings. Up to three seeds are
// tried so that the refine check exercises an actual edit when the model makes one; the chosen
// seed and the strength go to the server through the settings (so a setting that failed to
// reach the server would also show up as a different result).
const refStart = Buffer.byteLength(refineDoc.slice(0, refineDoc.indexOf(REFINE_LINE)), 'utf8');
const refEnd = refStart + Buffer.byteLength(REFINE_LINE, 'utf8');
let SEED = Number(opt.seed);
let wantRefine;
for (const seed of [SEED, SEED + 1, SEED + 2]) {
  wantRefine = expectRefine(BIN, refinePath, refStart, refEnd, { seed, strength: STRENGTH });
  SEED = seed;
  if (!wantRefine.unchanged) break;
}
const wantFill = expectFill(BIN, fillPath, { seed: SEED });
let wantCheck;
if (opt.diagnostics) {
  const a = Buffer.byteLength(checkDoc.slice(0, checkDoc.indexOf(CHECK_LINE)), 'utf8');
  // Checking as you write refines with at most 64 tokens of context each side (lsp/diagnostics.go).
  wantCheck = expectRefine(BIN, checkPath, a, a + Buffer.byteLength(CHECK_LINE, 'utf8'), { seed: SEED, strength: STRENGTH, context: 64 });
}

const serverSettings = {
  ...(opt.bundled ? {} : { 'redraft.path': BIN }),
  'redraft.seed': SEED,
  'redraft.strength': STRENGTH,
  'redraft.alternatives': 1,
  'redraft.logLevel': 'debug',
  'redraft.trace.server': 'messages',
};
fs.writeFileSync(
  path.join(userDir, 'User', 'settings.json'),
  JSON.stringify(
    {
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'update.mode': 'none',
      'telemetry.telemetryLevel': 'off',
      'files.autoSave': 'afterDelay',
      'files.autoSaveDelay': 100,
      'editor.wordWrap': 'off',
      '[markdown]': { 'editor.wordWrap': 'off' }, // so Shift+End selects the whole sentence
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'workbench.panel.defaultLocation': 'bottom',
      'editor.minimap.enabled': false,
      'window.commandCenter': false,
      'chat.disableAIFeatures': true,
      ...serverSettings,
    },
    null,
    2,
  ),
);

// code-server is a remote: settings of scope "machine(-overridable)" (redraft.path, modelPath,
// threads) are read from the remote's Machine settings, not from User settings.
fs.mkdirSync(path.join(userDir, 'Machine'), { recursive: true });
fs.writeFileSync(path.join(userDir, 'Machine', 'settings.json'), JSON.stringify(serverSettings, null, 2));


let codeServer;
let codeServerLog = '';
let browser;
let failed = false;

async function main() {
  say(`redraft binary ${BIN}; seed ${SEED}, strength ${STRENGTH}`);
  say(wantRefine.unchanged ? 'CLI: refine finds no better revision' : `CLI: refine → ${JSON.stringify(lineOf(wantRefine.text, 2))}`);
  say(`CLI: fill → ${JSON.stringify(lineOf(wantFill.text, 4))}`);
  if (wantFill.text === fillDoc) {
    throw new Error('the CLI fill left the document unchanged; the fill assertion would be meaningless');
  }
  if (opt.diagnostics && wantCheck.unchanged) {
    throw new Error(`the CLI finds nothing to fix in "${CHECK_LINE}"; the diagnostics checks would be meaningless`);
  }

  // Install the extension the way a user would.
  say(`installing ${opt.vsix}`);
  const inst = spawnSync(
    process.execPath,
    [CODE_SERVER, '--install-extension', path.resolve(opt.vsix), '--extensions-dir', extDir, '--user-data-dir', userDir, '--force'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (inst.status !== 0) {
    throw new Error(`code-server --install-extension failed (${inst.status}):\n${inst.stdout}\n${inst.stderr}`);
  }

  const port = await freePort();
  say(`starting code-server on 127.0.0.1:${port}`);
  codeServer = spawn(
    process.execPath,
    [
      CODE_SERVER,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--config', path.join(tmp, 'code-server.yaml'),
      '--user-data-dir', userDir,
      '--extensions-dir', extDir,
      ws,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, XDG_CONFIG_HOME: configHome } },
  );
  codeServer.stdout.on('data', (d) => (codeServerLog += d));
  codeServer.stderr.on('data', (d) => (codeServerLog += d));
  await poll('code-server /healthz', 60_000, async () => {
    if (codeServer.exitCode !== null) throw new Error(`code-server exited (${codeServer.exitCode})`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      return r.ok;
    } catch {
      return false;
    }
  });

  browser = await chromium.launch({
    executablePath: opt.chromium,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ], // playwright gives every launch a fresh, empty profile directory

  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(120_000); // clicks and key presses wait for a slow workbench
  page.on('pageerror', (e) => say(`page error: ${e.message}`));
  // Generous bounds: on a loaded 2-core machine the workbench can take minutes to come up.
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`, { timeout: 300_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 300_000 });
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 300_000 });
  say('workbench loaded');

  // ---- Refine Selection
  await openFile(page, 'refine.md');
  await gotoLine(page, 3);
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await expectStatus(page, `(${REFINE_LINE.length} selected)`);
  await runCommand(page, 'Redraft: Refine Selection');
  await checkProgress(page, refinePath, refineDoc);
  if (wantRefine.unchanged) {
    await waitNotification(page, /no better/i, TIMEOUT);
    await sleepPolls(page, 2000);
    assertFile(refinePath, refineDoc, 'refine (no better revision: text unchanged)');
  } else {
    await waitFile(refinePath, wantRefine.text, TIMEOUT, 'refine');
  }
  assertSent('redraft.refine', refinePath);
  assertServer();
  await page.screenshot({ path: path.join(ART, 'vscode-refine.png') });
  say(`PASS refine selection; screenshot ${path.join(ART, 'vscode-refine.png')}`);

  // ---- Restart Server: the fill below then runs on the new server process.
  const starts = () => (redraftLog().match(/starting .* serve for/g) ?? []).length;
  const n = starts();
  await runCommand(page, 'Redraft: Restart Server');
  await poll('the extension to start a new server', 60_000, async () => starts() > n);
  say('PASS restart server');

  // ---- Fill Gap
  await openFile(page, 'gap.md');
  await gotoLine(page, 5);
  await page.keyboard.press('Home');
  // Put the cursor inside the marker: "[|...]".
  const col = FILL_LINE.indexOf('[...]') + 1;
  for (let i = 0; i < col; i++) await page.keyboard.press('ArrowRight');
  await runCommand(page, 'Redraft: Fill Gap');
  await waitFile(fillPath, wantFill.text, TIMEOUT, 'fill gap');
  assertSent('redraft.fill', fillPath);
  await page.screenshot({ path: path.join(ART, 'vscode-fill.png') });
  say(`PASS fill gap; screenshot ${path.join(ART, 'vscode-fill.png')}`);

  // ---- Cancel: refine again and press Cancel on the progress notification.
  await openFile(page, 'refine.md');
  const beforeCancel = fs.readFileSync(refinePath, 'utf8');
  await gotoLine(page, 3);
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  const cancelled = () => redraftLog().includes('redraft.refine cancelled');
  const completed = () => (redraftLog().match(/redraft\.refine done/g) ?? []).length;
  // Counted before the command runs: a fast server can finish before the next line executes.
  const done0 = completed();
  await runCommand(page, 'Redraft: Refine Selection');
  let outcome = 'finished first';
  if (await checkProgress(page, refinePath, beforeCancel, null)) {
    // The notification closes when the refine ends; a fast one can end before the click lands.
    const clicked = await progressToast(page)
      .first()
      .getByRole('button', { name: 'Cancel' })
      .click({ timeout: 10_000 })
      .then(() => true, () => false);
    await poll('the refine to end, cancelled or not', 60_000, async () => cancelled() || completed() > done0 || !clicked);
    outcome = cancelled() ? 'cancelled' : 'finished first';
    await progressToast(page).first().waitFor({ state: 'hidden', timeout: 30_000 });
  }
  if (outcome === 'cancelled') {
    await page.waitForTimeout(1000); // a late edit would show up here
    assertFile(refinePath, beforeCancel, 'cancelled refine');
    say('PASS cancel: the notification closed, the request was cancelled, the text is unchanged');
  } else if (opt['require-cancel']) {
    throw new Error('the refine completed before the Cancel took effect (--require-cancel)');
  } else {
    say('SKIP cancel: the server completed the refine before the Cancel took effect');
  }

  if (opt.diagnostics) {
    await checkAsYouWrite(page);
  }
}

// The server that runs is the one bundled in the package (--bundled) or --bin (redraft.path).
function assertServer() {
  const m = redraftLog().match(/starting (.*) serve for .* \(server: (.*)\)/);
  if (!m) {
    throw new Error('the Redraft output channel does not say which server it started');
  }
  const [, command, source] = m;
  if (opt.bundled && (source !== 'bundled with the extension' || !command.startsWith(extDir))) {
    throw new Error(`expected the bundled server, but the extension started ${command} (${source})`);
  }
  if (!opt.bundled && (source !== 'the redraft.path setting' || command !== BIN)) {
    throw new Error(`expected ${BIN} from redraft.path, but the extension started ${command} (${source})`);
  }
  say(`PASS server: ${command} (${source})`);
}

// ---- Check as you write

async function checkAsYouWrite(page) {
  const squiggles = page.locator('.editor-group-container.active .monaco-editor .squiggly-info');
  const col = CHECK_LINE.indexOf(CHECK_WORD) + 2; // inside the word

  // A diagnostic under the word, listed in the Problems panel with source "redraft".
  await openFile(page, 'check.md');
  await squiggles.first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'redraft' }).first();
  await problem.waitFor({ timeout: 60_000 });
  say(`PASS diagnostics: Problems panel shows "${(await problem.innerText()).replace(/\s+/g, ' ')}"`);
  await page.screenshot({ path: path.join(ART, 'vscode-diagnostics.png') });

  // Its quick fix applies exactly the CLI's edit of that paragraph.
  await openFile(page, 'check.md');
  await cursorAt(page, 3, col);
  const fixTitle = await quickFix(page, /^(Change to|Remove|Insert) “/);
  await waitFile(checkPath, wantCheck.text, TIMEOUT, `quick fix "${fixTitle}"`);
  say(`PASS quick fix "${fixTitle}": ${JSON.stringify(lineOf(wantCheck.text, 2))}`);

  // Add to the dictionary: written to the user dictionary, and the squiggle goes away.
  await openFile(page, 'words.md');
  await squiggles.first().waitFor({ timeout: TIMEOUT });
  await cursorAt(page, 3, col);
  const addTitle = await quickFix(page, /^Add “.*” to the dictionary$/);
  const word = addTitle.match(/^Add “(.*)” to the dictionary$/)[1];
  await poll(`"${word}" in ${dictionaryPath}`, TIMEOUT, async () =>
    fs.existsSync(dictionaryPath) && fs.readFileSync(dictionaryPath, 'utf8').split('\n').includes(word),
  );
  await poll('the squiggle to go away', TIMEOUT, async () => (await squiggles.count()) === 0);
  assertFile(dictDocPath, checkDoc, 'add to dictionary');
  await page.screenshot({ path: path.join(ART, 'vscode-dictionary.png') });
  say(`PASS add to dictionary: "${word}" written to ${dictionaryPath}, its diagnostic is gone`);
}

// Puts the cursor on 1-based line, 0-based column col of the active editor.
async function cursorAt(page, line, col) {
  await gotoLine(page, line);
  await page.keyboard.press('Home');
  for (let i = 0; i < col; i++) await page.keyboard.press('ArrowRight');
}

// Opens the quick-fix menu at the cursor (Ctrl+.) and clicks the first action whose title
// matches re; returns the title.
async function quickFix(page, re) {
  await page.keyboard.press('Control+.');
  const item = page.locator('.action-widget').getByText(re).first();
  await item.waitFor({ timeout: 60_000 });
  const title = (await item.innerText()).trim();
  await item.click();
  say(`chose quick fix "${title}"`);
  return title;
}

// ---- Editor helpers

// Clicks the quick-input row whose label is exactly label (pressing Enter could pick a row that
// is still focused from before the list was filtered).
async function pickRow(page, label) {
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name').getByText(label, { exact: true }) })
    .first();
  await row.waitFor({ timeout: 60_000 });
  await row.click();
}

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 60_000 });
  await input.fill(name);
  await pickRow(page, name);
  await page.locator(`.tab.active[data-resource-name="${name}"], .tab.active:has-text("${name}")`).first().waitFor({ timeout: 60_000 });
  await page.locator('.editor-group-container.active .monaco-editor textarea').first().waitFor({ state: 'attached' });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  say(`opened ${name}`);
}

async function gotoLine(page, line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 60_000 });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 60_000 });
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 60_000 });
  await input.fill(`>${title}`);
  await pickRow(page, title);
  await input.waitFor({ state: 'hidden', timeout: 60_000 });
  say(`ran "${title}"`);
}

function progressToast(page) {
  return page
    .locator('.notification-toast', { hasText: /Redraft/ })
    .filter({ has: page.getByRole('button', { name: 'Cancel' }) });
}

// The command's progress shows as a notification with a Cancel button. Asserted while the
// document is still unchanged; returns false (and notes it) if the command finished first.
async function checkProgress(page, file, before, shot = 'vscode-progress.png') {
  const toast = progressToast(page);
  let finished = false;
  await poll('the progress notification with a Cancel button', 60_000, async () => {
    if ((await toast.count()) > 0) return true;
    finished = fs.readFileSync(file, 'utf8') !== before;
    return finished;
  }, 100);
  if (finished) {
    say('note: the command finished before its progress notification was seen');
    return false;
  }
  say(`progress: ${(await toast.first().innerText().catch(() => '')).replace(/\s+/g, ' ')}`);
  if (shot) {
    // Let the toast finish sliding in (its bottom inside the window) before the screenshot.
    const height = page.viewportSize().height;
    await poll('the progress notification to be in view', 5_000, async () => {
      const box = await toast.first().boundingBox().catch(() => null);
      return box === null || box.y + box.height <= height - 4;
    }, 50).catch(() => undefined);
    await page.screenshot({ path: path.join(ART, shot) });
  }
  return true;
}

// The extension logs "<server command> <uri>" for each request it sends.
function assertSent(command, file) {
  const line = `${command} file://${file}`;
  if (!redraftLog().includes(line)) {
    throw new Error(`the Redraft output channel has no "${line}": the wrong command was sent`);
  }
}

function redraftLog() {
  const found = [];
  const walk = (d) => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'Redraft.log') found.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(userDir, 'logs'));
  return found.join('\n');
}

async function expectStatus(page, text) {
  await page.locator('.statusbar').getByText(text, { exact: false }).first().waitFor({ timeout: 10_000 });
}

async function waitNotification(page, re, timeout) {
  const toast = page.locator('.notification-toast, .notifications-list-container .monaco-list-row').filter({ hasText: re });
  await toast.first().waitFor({ timeout });
  say(`notification: ${(await toast.first().innerText()).replace(/\s+/g, ' ')}`);
}

// Waits a little while keeping the page busy (used only to let a wrong edit show up).
async function sleepPolls(page, ms) {
  await page.waitForTimeout(ms);
}

async function waitFile(file, want, timeout, what) {
  let got = '';
  try {
    await poll(`${what}: ${path.basename(file)} to become the CLI's result`, timeout, async () => {
      got = fs.readFileSync(file, 'utf8');
      return got === want;
    });
  } catch (e) {
    throw new Error(`${e.message}\n--- want\n${want}--- got\n${got}---`);
  }
}

function assertFile(file, want, what) {
  const got = fs.readFileSync(file, 'utf8');
  if (got !== want) {
    throw new Error(`${what}: file changed\n--- want\n${want}--- got\n${got}---`);
  }
}

// ---- Utilities

async function poll(what, timeout, fn, every = 250) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

function lineOf(text, i) {
  return text.split('\n')[i];
}

function dumpDiagnostics() {
  console.log('\n==== diagnostics: code-server output (last 100 lines)');
  console.log(codeServerLog.split('\n').slice(-100).join('\n'));
  const logs = [];
  const walk = (d) => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/redraft\.redraft\/|exthost\.log$/i.test(p) && p.endsWith('.log')) logs.push(p);
    }
  };
  walk(path.join(userDir, 'logs'));
  for (const p of logs) {
    const lines = fs.readFileSync(p, 'utf8').split('\n');
    console.log(`\n==== diagnostics: ${path.relative(userDir, p)} (last 150 of ${lines.length} lines)`);
    console.log(lines.slice(-150).join('\n'));
  }
}

async function cleanup() {
  await browser?.close().catch(() => undefined);
  if (codeServer && codeServer.exitCode === null) {
    try {
      process.kill(-codeServer.pid, 'SIGTERM'); // its process group: the server, extension host, redraft
    } catch {
      /* already gone */
    }
  }
  if (!opt.keep && !failed) {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  await main();
  say('all VS Code end-to-end checks passed');
} catch (e) {
  failed = true;
  console.error(`\nFAIL vscode-e2e: ${e.stack ?? e}`);
  try {
    if (browser) {
      const pages = browser.contexts().flatMap((c) => c.pages());
      if (pages[0]) await pages[0].screenshot({ path: path.join(ART, 'vscode-failure.png') });
      console.error(`failure screenshot: ${path.join(ART, 'vscode-failure.png')}`);
    }
  } catch {
    /* best effort */
  }
  dumpDiagnostics();
  console.error(`(test files kept in ${tmp})`);
} finally {
  await cleanup();
}
process.exit(failed ? 1 : 0);
