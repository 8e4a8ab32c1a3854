// The language client: starts `redraft serve` over stdio, restarts it, and reports failures.
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { SECTION, languageIds, needsRestart, serverBinary, serverSettings } from './settings';

const STOP_TIMEOUT_MS = 2000;

/**
 * Owns at most one LanguageClient. The server process starts lazily, when a served document is
 * open or a Redraft command runs, so an editor without prose files never loads the model.
 */
export class RedraftClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private readonly watch: vscode.Disposable;

  constructor(
    readonly log: vscode.LogOutputChannel,
    private readonly trace: vscode.LogOutputChannel,
    private readonly extensionPath: string,
  ) {
    // Push the server's settings (only those: not redraft.path & co.) when `redraft.*` changes.
    // redraft.path and redraft.languages restart the server instead (extension.ts).
    this.watch = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION) && !needsRestart(e) && this.running && this.client) {
        void this.client
          .sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: serverSettings() } })
          .catch((err) => this.log.warn(`sending settings: ${errorText(err)}`));
      }
    });
  }

  /** The running client, starting it first if needed. Rejects when the server cannot start. */
  async get(): Promise<LanguageClient> {
    if (this.client && this.client.state === State.Running) {
      return this.client;
    }
    if (!this.starting) {
      this.starting = this.start().finally(() => (this.starting = undefined));
    }
    return this.starting;
  }

  get running(): boolean {
    return this.client?.state === State.Running;
  }

  private async start(): Promise<LanguageClient> {
    if (this.client) {
      await this.stopClient();
    }
    const { command, source } = serverBinary(this.extensionPath);
    // Plain stdio: `transport: TransportKind.stdio` would append `--stdio` to the arguments,
    // which `redraft serve` does not take.
    const serverOptions: ServerOptions = { command, args: ['serve'] };
    const clientOptions: LanguageClientOptions = {
      documentSelector: languageIds().flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      outputChannel: this.log,
      traceOutputChannel: this.trace,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: () => serverSettings(),
      middleware: {
        workspace: {
          // The server may pull section `redraft` (workspace/configuration): answer with the
          // server's settings only, not client ones such as redraft.path.
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) {
              return result;
            }
            return params.items.map((item, i) =>
              item.section === SECTION ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : result[i],
            );
          },
        },
      },
    };
    const client = new LanguageClient('redraft', 'Redraft', serverOptions, clientOptions);
    this.client = client;
    this.log.info(`starting ${command} serve for ${languageIds().join(', ')} (server: ${source})`);
    try {
      await client.start();
    } catch (err) {
      this.client = undefined;
      await client.dispose(STOP_TIMEOUT_MS).catch(() => undefined);
      throw new Error(startFailure(command, err));
    }
    return client;
  }

  /** Stops the server (if running) and starts a new one. */
  async restart(): Promise<void> {
    await this.stopClient();
    await this.get();
  }

  async stopClient(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) {
      try {
        await c.dispose(STOP_TIMEOUT_MS);
      } catch (err) {
        this.log.warn(`stopping the server: ${errorText(err)}`);
      }
    }
  }

  dispose(): void {
    this.watch.dispose();
    void this.stopClient();
  }
}

function startFailure(command: string, err: unknown): string {
  const text = errorText(err);
  if (/ENOENT/.test(text)) {
    return `could not find the redraft binary "${command}". Install it or set "redraft.path".`;
  }
  return `could not start "${command} serve": ${text}`;
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    return err.message;
  }
  return String(err);
}

/**
 * Shows an error with "Show Log" (reveals the output channel) and "Open Settings" choices, and
 * writes the full error to the log.
 */
export async function showError(log: vscode.LogOutputChannel, message: string, err?: unknown): Promise<void> {
  const full = err === undefined ? message : `${message}: ${errorText(err)}`;
  log.error(full);
  if (err instanceof Error && err.stack) {
    log.debug(err.stack);
  }
  const choice = await vscode.window.showErrorMessage(`Redraft: ${full}`, 'Show Log', 'Open Settings');
  if (choice === 'Show Log') {
    log.show(true);
  } else if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', SECTION);
  }
}
