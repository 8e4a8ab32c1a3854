// Settings: what the extension reads from the `redraft` configuration section, and the subset the
// server understands (sent as initializationOptions and again on every change).
import * as vscode from 'vscode';

/** Section name shared with the server (CONTRACT: settings section `redraft`). */
export const SECTION = 'redraft';

/** Languages Redraft always serves; `redraft.languages` adds to these. */
export const BUILTIN_LANGUAGES = ['markdown', 'plaintext'];

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
  hints: boolean;
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
    hints: c.get<boolean>('hints', false),
  };
}

/** The `redraft` binary to start: `redraft.path`, with `~` expanded; default `redraft` on PATH. */
export function serverPath(): string {
  const p = vscode.workspace.getConfiguration(SECTION).get<string>('path', 'redraft').trim() || 'redraft';
  if (p === '~' || p.startsWith('~/')) {
    return (process.env.HOME ?? '') + p.slice(1);
  }
  return p;
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
