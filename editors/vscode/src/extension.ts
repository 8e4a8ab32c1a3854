// Redraft for VS Code: a thin client of `redraft serve` (LSP over stdio). The server does the
// work — refine a selection, fill [...] gaps, check prose as you write (diagnostics with quick
// fixes) — and edits the document with workspace/applyEdit; this extension starts it (the copy
// bundled in the package unless redraft.path is set), forwards settings and offers the commands.
import * as vscode from 'vscode';
import { RedraftClient, showError } from './client';
import { registerCommands } from './commands';
import { languageIds, needsRestart } from './settings';

let rc: RedraftClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Redraft', { log: true });
  const trace = vscode.window.createOutputChannel('Redraft Trace', { log: true });
  rc = new RedraftClient(log, trace, context.extensionPath);
  const client = rc;
  context.subscriptions.push(log, trace, client, ...registerCommands(client));

  // Context key for the editor context menu's `when` clauses.
  const updateContext = () => vscode.commands.executeCommand('setContext', 'redraft.languageIds', languageIds());
  await updateContext();

  // Start the server lazily: when a served document is (or becomes) open.
  const startIfServed = (doc: vscode.TextDocument) => {
    if (!client.running && languageIds().includes(doc.languageId) && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled')) {
      client.get().catch((err) => showError(log, 'the server did not start', err));
    }
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(startIfServed),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!needsRestart(e)) {
        return; // RedraftClient pushes other `redraft.*` changes to the server
      }
      await updateContext();
      if (client.running) {
        try {
          await client.restart();
        } catch (err) {
          await showError(log, 'restart after a settings change failed', err);
        }
      } else {
        vscode.workspace.textDocuments.forEach(startIfServed);
      }
    }),
  );
  vscode.workspace.textDocuments.forEach(startIfServed);
}

export async function deactivate(): Promise<void> {
  await rc?.stopClient();
  rc = undefined;
}
