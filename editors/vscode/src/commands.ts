// The "Redraft: …" commands. Each one sends workspace/executeCommand with the server's command id
// and ONE argument object (CONTRACT); the server then reports progress (shown by the client with a
// Cancel button), applies the result with workspace/applyEdit and reports "nothing to do" cases
// with window/showMessage.
//
// The client-side ids (redraft.refineSelection, …) differ from the server's (redraft.refine, …):
// vscode-languageclient registers every id the server lists in executeCommandProvider as a VS Code
// command itself, so reusing one would fail with "command already exists".
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import {
  CancellationTokenSource,
  ExecuteCommandRequest,
  LSPErrorCodes,
  ResponseError,
  WorkDoneProgress,
  WorkDoneProgressBegin,
  WorkDoneProgressCancelNotification,
  WorkDoneProgressEnd,
  WorkDoneProgressReport,
} from 'vscode-languageclient/node';
import { RedraftClient, showError } from './client';
import { languageIds, serverSettings } from './settings';

/** Server command ids (CONTRACT). */
export const ServerCommand = {
  refine: 'redraft.refine',
  fill: 'redraft.fill',
  fillAll: 'redraft.fillAll',
} as const;

/** Alternatives asked for by "Refine — Alternatives" when redraft.alternatives is 1. */
const DEFAULT_ALTERNATIVES = 3;

export function registerCommands(rc: RedraftClient): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('redraft.refineSelection', () => refine(rc, serverSettings().alternatives)),
    vscode.commands.registerCommand('redraft.refineAlternatives', () => {
      const n = serverSettings().alternatives;
      return refine(rc, n > 1 ? n : DEFAULT_ALTERNATIVES);
    }),
    vscode.commands.registerCommand('redraft.fillGap', () => fill(rc)),
    vscode.commands.registerCommand('redraft.fillAllGaps', () => fillAll(rc)),
    vscode.commands.registerCommand('redraft.restartServer', async () => {
      try {
        await rc.restart();
        vscode.window.setStatusBarMessage('Redraft: server restarted', 3000);
      } catch (err) {
        await showError(rc.log, 'restart failed', err);
      }
    }),
    vscode.commands.registerCommand('redraft.showLog', () => rc.log.show(true)),
  ];
}

async function refine(rc: RedraftClient, alternatives: number): Promise<void> {
  const editor = servedEditor();
  if (!editor) {
    return;
  }
  if (editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('Redraft: select the passage to refine first.');
    return;
  }
  await run(rc, editor, ServerCommand.refine, alternatives > 1 ? 'Refine — alternatives' : 'Refine selection', (c) => {
    const args: { uri: string; range: unknown; alternatives?: number } = {
      uri: c.code2ProtocolConverter.asUri(editor.document.uri),
      range: c.code2ProtocolConverter.asRange(editor.selection),
    };
    if (alternatives > 1) {
      args.alternatives = alternatives;
    }
    return args;
  });
}

async function fill(rc: RedraftClient): Promise<void> {
  const editor = servedEditor();
  if (!editor) {
    return;
  }
  await run(rc, editor, ServerCommand.fill, 'Fill gap', (c) => ({
    uri: c.code2ProtocolConverter.asUri(editor.document.uri),
    position: c.code2ProtocolConverter.asPosition(editor.selection.active),
  }));
}

async function fillAll(rc: RedraftClient): Promise<void> {
  const editor = servedEditor();
  if (!editor) {
    return;
  }
  await run(rc, editor, ServerCommand.fillAll, 'Fill all gaps', (c) => ({
    uri: c.code2ProtocolConverter.asUri(editor.document.uri),
  }));
}

/** The active editor if its document is one Redraft serves; otherwise says why and returns undefined. */
function servedEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Redraft: open a Markdown or text file first.');
    return undefined;
  }
  const langs = languageIds();
  if (!langs.includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage(
      `Redraft: "${editor.document.languageId}" files are not served. ` +
        `Add the language to "redraft.languages" (served now: ${langs.join(', ')}).`,
    );
    return undefined;
  }
  return editor;
}

type Client = Awaited<ReturnType<RedraftClient['get']>>;
type WorkDoneProgressEvent = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

/**
 * Sends the command with a client-created work-done token and shows the server's progress on it
 * as a notification with a Cancel button (vscode-languageclient shows server-created progress
 * only in the status bar, without one). Cancel sends window/workDoneProgress/cancel and
 * $/cancelRequest. The notification closes when the server ends its progress, before any
 * "pick an alternative" question, or when the request completes.
 */
async function run(
  rc: RedraftClient,
  editor: vscode.TextEditor,
  command: string,
  title: string,
  args: (c: Client) => object,
): Promise<void> {
  let client: Client;
  try {
    client = await rc.get();
  } catch (err) {
    await showError(rc.log, 'the server is not running', err);
    return;
  }
  const token = `redraft-client/${randomUUID()}`;
  const params = { command, arguments: [args(client)], workDoneToken: token };
  const cts = new CancellationTokenSource();
  // Listen before sending, keeping what arrives before the notification is up.
  const early: WorkDoneProgressEvent[] = [];
  let sink: ((v: WorkDoneProgressEvent) => void) | undefined;
  const sub = client.onProgress(WorkDoneProgress.type, token, (v) => {
    if (sink) {
      sink(v);
    } else {
      early.push(v);
    }
  });
  rc.log.info(`${command} ${editor.document.uri.toString()}`);
  const request = Promise.resolve(client.sendRequest(ExecuteCommandRequest.type, params, cts.token));

  const shown = vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Redraft: ${title}`, cancellable: true },
    (progress, cancel) =>
      new Promise<void>((resolve) => {
        let reported = 0;
        let serverTitle = '';
        sink = (v) => {
          if (v.kind === 'end') {
            resolve();
            return;
          }
          if (v.kind === 'begin') {
            serverTitle = v.title.toLowerCase();
          }
          // The server's first message often repeats its title ("refining"): skip it.
          const message = v.message && !serverTitle.includes(v.message.toLowerCase()) ? v.message : undefined;
          const pct = v.percentage;
          const increment = pct === undefined ? undefined : Math.max(0, Math.min(pct, 100) - reported);
          reported += increment ?? 0;
          progress.report({ message, increment });
        };
        early.splice(0).forEach(sink);
        cancel.onCancellationRequested(() => {
          void client.sendNotification(WorkDoneProgressCancelNotification.type, { token });
          cts.cancel();
          resolve();
        });
        void request.catch(() => undefined).then(() => resolve());
      }),
  );

  try {
    const result = (await request) as { status?: string } | null;
    rc.log.info(`${command} done: ${result?.status ?? 'ok'}`);
  } catch (err) {
    if (isCancel(err) || cts.token.isCancellationRequested) {
      rc.log.info(`${command} cancelled`);
      return;
    }
    await showError(rc.log, `${command} failed`, err);
  } finally {
    await shown;
    sub.dispose();
    cts.dispose();
  }
}

function isCancel(err: unknown): boolean {
  return (
    err instanceof vscode.CancellationError ||
    (err instanceof ResponseError && err.code === LSPErrorCodes.RequestCancelled)
  );
}
