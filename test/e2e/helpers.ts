// Helpers for the end-to-end suite: they use only the `vscode` API, so the suite runs the same in
// every VS Code that loads the packaged extension (desktop via @vscode/test-electron, or the
// VS Code server from code-server in headless chromium).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'nomad-connect.nomad-connect';
export const SOURCE = 'nomad-connect';
const DEFAULT_TIMEOUT = 15_000;

export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e runner must open test/e2e/workspace as the workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Resolves when `probe` returns a value other than undefined; re-checks on every diagnostics change. */
export function waitFor<T>(what: string | (() => string), probe: () => T | undefined | Promise<T | undefined>, timeout = DEFAULT_TIMEOUT): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let running = false;
    const finish = (err: Error | undefined, value?: T) => {
      if (done) return;
      done = true;
      clearInterval(interval);
      clearTimeout(timer);
      listener.dispose();
      if (err) reject(err);
      else resolve(value as T);
    };
    const check = async () => {
      if (done || running) return;
      running = true;
      try {
        const value = await probe();
        if (value !== undefined) finish(undefined, value);
      } catch (err) {
        finish(err instanceof Error ? err : new Error(String(err)));
      } finally {
        running = false;
      }
    };
    const listener = vscode.languages.onDidChangeDiagnostics(() => void check());
    const interval = setInterval(() => void check(), 50);
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeout} ms waiting for ${typeof what === 'string' ? what : what()}`)), timeout);
    void check();
  });
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Waits until our diagnostics for `uri` satisfy `accept`, and returns them. */
export function diagnostics(uri: vscode.Uri, what: string, accept: (ds: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return waitFor(() => `${what} in ${path.basename(uri.path)} (now: ${listDiagnostics(ours(uri))})`, () => {
    const ds = ours(uri);
    return accept(ds) ? ds : undefined;
  });
}

export function listDiagnostics(ds: readonly vscode.Diagnostic[]): string {
  if (ds.length === 0) return 'no diagnostics';
  return ds.map((d) => `${codeOf(d) ?? '?'}@${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('; ');
}

const SENTINEL = '\njob "e2e-sentinel" {\n';

/**
 * Our diagnostics for the document's current text. A check of "no diagnostics" right after an
 * edit could read the result of the previous version, so this appends an unclosed block, waits for
 * the syntax error it causes, removes it again and waits for the error to go: the server publishes
 * only for the newest version, so what is left then describes exactly the current text.
 */
export async function freshDiagnostics(doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  const startLine = end.line + 1;
  await edit(doc, [vscode.TextEdit.insert(end, SENTINEL)]);
  const inSentinel = (d: vscode.Diagnostic) => d.range.end.line >= startLine;
  await diagnostics(doc.uri, 'the syntax error of the sentinel block', (ds) => ds.some(inSentinel));
  await edit(doc, [vscode.TextEdit.delete(new vscode.Range(end, doc.lineAt(doc.lineCount - 1).range.end))]);
  return diagnostics(doc.uri, 'the sentinel error to go away', (ds) => !ds.some(inSentinel));
}

export async function edit(doc: vscode.TextDocument, edits: vscode.TextEdit[]): Promise<void> {
  const we = new vscode.WorkspaceEdit();
  we.set(doc.uri, edits);
  assertApplied(await vscode.workspace.applyEdit(we), 'edit');
}

function assertApplied(ok: boolean, what: string): void {
  if (!ok) throw new Error(`VS Code refused to apply the ${what}`);
}

/** Opens a fixture file in an editor; the document is reverted first so earlier tests leave no trace. */
export async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  if (doc.isDirty) await revert(doc);
  return editor;
}

export async function revert(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

/** The document as VS Code has it now (a language change replaces the TextDocument object). */
export function current(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

/** The position of the `nth` occurrence of `needle` (0-based), optionally offset into it. */
export function positionOf(doc: vscode.TextDocument, needle: string, offsetInNeedle = 0, nth = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`"${needle}" (occurrence ${nth + 1}) not found in ${path.basename(doc.uri.path)}`);
  }
  return doc.positionAt(at + offsetInNeedle);
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind?.value);
  // A bare Command has a string `command`; a CodeAction carries an optional Command object.
  return (all ?? []).filter((a): a is vscode.CodeAction => typeof a.command !== 'string');
}

export function titles(actions: readonly { title: string }[]): string {
  return actions.map((a) => `"${a.title}"`).join(', ') || 'none';
}

/** Applies a code action the way the lightbulb does: its edit, then its command. */
export async function applyAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assertApplied(await vscode.workspace.applyEdit(action.edit), `edit of "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

export async function completions(uri: vscode.Uri, position: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position, trigger);
  return list?.items ?? [];
}

export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** The language server process: a child of this extension host running the bundled dist/server.js. */
export function serverPids(): number[] {
  const serverJs = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'server.js');
  if (!existsSync('/proc')) {
    // macOS and other systems without procfs.
    return execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, ppid, ...args]) => Number(ppid) === process.pid && args.includes(serverJs))
      .map(([pid]) => Number(pid));
  }
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(serverJs)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Activates the extension under test (the packaged one the runner loaded) and returns it. */
export async function activated(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded; the runner must pass the unpacked .vsix as extensionDevelopmentPath`);
  await ext.activate();
  return ext;
}
