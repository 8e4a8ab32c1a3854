// Settings: what the extension reads from the `redraft` configuration section, and the subset the
// server understands (sent as initializationOptions and again on every change).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Section name shared with the server (CONTRACT: settings section `redraft`). */
export const SECTION = 'redraft';

/** Languages Redraft always serves; `redraft.languages` adds to these. */
export const BUILTIN_LANGUAGES = ['markdown', 'plaintext', 'git-commit'];

/** Settings the server reads. Keys match the server's settings section. */
export interface ServerSettings {
  strength: number;
  alternatives: number;
  contextTokens: number;
  markers: string[];
  modelPath: string;
  threads: number;
  seed: number;
  logLevel: string;
  diagnostics: boolean;
  dialect: string;
}

/** The server settings, as currently configured (defaults come from package.json). */
export function serverSettings(scope?: vscode.ConfigurationScope): ServerSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    strength: c.get<number>('strength', 0.35),
    alternatives: c.get<number>('alternatives', 1),
    contextTokens: c.get<number>('contextTokens', 192),
    markers: c.get<string[]>('markers', ['[...]', '[…]', '___']),
    modelPath: c.get<string>('modelPath', ''),
    threads: c.get<number>('threads', 0),
    seed: c.get<number>('seed', 0),
    logLevel: c.get<string>('logLevel', 'info'),
    diagnostics: c.get<boolean>('diagnostics', true),
    dialect: c.get<string>('dialect', 'en-US'),
  };
}

/** The server to start and where it comes from (for the log). */
export interface ServerBinary {
  command: string;
  source: string;
}

/**
 * The `redraft` binary to start: `redraft.path` if set (`~` expanded); else the server bundled in
 * this platform's package (`bin/redraft`, `bin/redraft.exe`); else `redraft` on PATH.
 */
export function serverBinary(extensionPath: string): ServerBinary {
  const p = vscode.workspace.getConfiguration(SECTION).get<string>('path', '').trim();
  if (p !== '') {
    const command = p === '~' || p.startsWith('~/') ? (process.env.HOME ?? '') + p.slice(1) : p;
    return { command, source: 'the redraft.path setting' };
  }
  const bundled = path.join(extensionPath, 'bin', process.platform === 'win32' ? 'redraft.exe' : 'redraft');
  if (fs.existsSync(bundled)) {
    return { command: bundled, source: 'bundled with the extension' };
  }
  return { command: 'redraft', source: 'PATH (this package has no bundled server)' };
}

/** Language ids whose documents go to the server: markdown, plaintext and `redraft.languages`. */
export function languageIds(): string[] {
  const extra = vscode.workspace.getConfiguration(SECTION).get<string[]>('languages', []);
  return [...new Set([...BUILTIN_LANGUAGES, ...extra.map((l) => l.trim()).filter((l) => l !== '')])];
}

/** Settings whose change needs a new server process rather than didChangeConfiguration. */
export function needsRestart(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.path`) || e.affectsConfiguration(`${SECTION}.languages`);
}
