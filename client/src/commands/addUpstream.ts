import * as vscode from 'vscode';
import { listServices } from '../consul/catalog';
import { getLanguageClient } from '../languageClient';

/**
 * `nomadConnect.addUpstream`: pick a destination (services of the workspace's other job files,
 * the Consul catalog when Consul answers, or free text), let the server compute the upstream
 * edit, apply it, then offer to wire the app to the new local address. Given a `destination`
 * (and optionally `wire`), it asks nothing: for automation, tests and keybindings.
 */
export const ADD_UPSTREAM_COMMAND = 'nomadConnect.addUpstream';

// The server's custom requests (server/src/lsp/upstreamFeature.ts, workspaceIndex.ts).
const WORKSPACE_SERVICES = 'nomadConnect/workspaceServices';
const ADD_UPSTREAM_EDIT = 'nomadConnect/addUpstreamEdit';
const ADD_ENV_EDIT = 'nomadConnect/addEnvEdit';

interface LspPosition {
  line: number;
  character: number;
}
interface LspTextEdit {
  range: { start: LspPosition; end: LspPosition };
  newText: string;
}
interface AppTaskRef {
  job: string;
  group: string;
  task: string;
}
type UpstreamEditResult =
  | { destination: string; port: number; style: 'native' | 'manual'; wiring: string; edits: LspTextEdit[]; app?: AppTaskRef }
  | { error: string };

export interface AddUpstreamArgs {
  uri: string;
  position: LspPosition;
  /** Destinations not to offer: the upstreams already declared and the service itself. */
  exclude?: string[];
  /** The destination service; when given, no quick pick is shown and the command asks nothing. */
  destination?: string;
  /**
   * How to wire the app once the upstream is added: set an `env` entry of the app task, or insert
   * the address at the cursor. Without it, the interactive flow offers both, unless `destination`
   * was given (then the app is left as it is).
   */
  wire?: { env: string } | { cursor: true };
}

/** What the command returns: the upstream added, or why not (undefined when the user cancelled). */
export type AddUpstreamOutcome = { destination: string; port: number; style: 'native' | 'manual'; wiring: string } | { error: string };

interface DestinationItem extends vscode.QuickPickItem {
  destination?: string;
}

export function registerAddUpstream(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  context.subscriptions.push(vscode.commands.registerCommand(ADD_UPSTREAM_COMMAND, (args?: AddUpstreamArgs) => addUpstream(args, output)));
}

async function addUpstream(args: AddUpstreamArgs | undefined, output: vscode.LogOutputChannel): Promise<AddUpstreamOutcome | undefined> {
  const client = getLanguageClient();
  const editor = vscode.window.activeTextEditor;
  const uri = args?.uri ?? editor?.document.uri.toString();
  const position = args?.position ?? (editor ? { line: editor.selection.active.line, character: editor.selection.active.character } : undefined);
  const given = args?.destination?.trim();
  if (!client || !uri || !position) {
    const error = 'open a Nomad job file and put the cursor in a Connect service or proxy task.';
    if (given === undefined) void vscode.window.showInformationMessage(`Add upstream: ${error}`);
    return { error };
  }
  const destination = given ?? (await pickDestination(uri, new Set(args?.exclude ?? []), output));
  if (!destination) return given === undefined ? undefined : { error: 'the destination is empty' };

  const result = await client.sendRequest<UpstreamEditResult>(ADD_UPSTREAM_EDIT, { uri, position, destination });
  if ('error' in result) return warn(result.error);
  const docUri = vscode.Uri.parse(uri);
  if (!(await applyEdits(docUri, result.edits))) return { error: 'the edit could not be applied (the file changed meanwhile?)' };
  const outcome = { destination: result.destination, port: result.port, style: result.style, wiring: result.wiring };
  if (args?.wire) {
    const error = 'env' in args.wire ? await setEnv(docUri, result, args.wire.env) : await insertAtCursor(docUri, result.wiring);
    if (error) return warn(error);
  } else if (given === undefined) await offerWiring(docUri, result);
  return outcome;
}

function warn(error: string): { error: string } {
  void vscode.window.showWarningMessage(`Add upstream: ${error}`);
  return { error };
}

/** Quick pick over workspace and Consul services; whatever is typed can be used as is. */
async function pickDestination(uri: string, exclude: Set<string>, output: vscode.LogOutputChannel): Promise<string | undefined> {
  const client = getLanguageClient()!;
  const pick = vscode.window.createQuickPick<DestinationItem>();
  pick.title = 'Add upstream';
  pick.placeholder = 'Destination service: pick one, or type a name';
  pick.matchOnDescription = true;
  pick.busy = true;
  let known: DestinationItem[] = [];
  const rebuild = () => {
    const typed = pick.value.trim();
    const typedItem: DestinationItem[] = typed && !known.some((k) => k.destination === typed) ? [{ label: typed, description: 'use this name', destination: typed, alwaysShow: true }] : [];
    pick.items = [...typedItem, ...known];
  };
  const add = (items: DestinationItem[]) => {
    const names = new Set([...known.map((k) => k.destination), ...exclude]);
    known = [...known, ...items.filter((i) => !names.has(i.destination))].sort((a, b) => a.label.localeCompare(b.label));
    rebuild();
  };
  pick.onDidChangeValue(rebuild);

  const fromWorkspace = client
    .sendRequest<{ services: { name: string; job: string; uri: string }[] }>(WORKSPACE_SERVICES, { uri })
    .then((r) => add(r.services.map((s) => ({ label: s.name, description: `job "${s.job}" · ${vscode.workspace.asRelativePath(vscode.Uri.parse(s.uri))}`, destination: s.name }))))
    .catch((err) => output.warn(`workspace services: ${String(err)}`));
  const fromConsul = listServices()
    .then((names) => add(names.map((n) => ({ label: n, description: 'Consul catalog', destination: n }))))
    .catch((err) => output.info(`Consul catalog not used: ${err instanceof Error ? err.message : String(err)}`));
  void Promise.allSettled([fromWorkspace, fromConsul]).then(() => (pick.busy = false));

  const chosen = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.destination ?? (pick.value.trim() || undefined);
      // Enter before anything is listed or typed keeps the pick open rather than ending the command.
      if (!chosen) return;
      resolve(chosen);
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  return chosen;
}

/** Insert the address at the cursor, or set it in an `env` entry of the app task. */
async function offerWiring(docUri: vscode.Uri, result: Extract<UpstreamEditResult, { wiring: string }>): Promise<void> {
  const items: (vscode.QuickPickItem & { id: 'cursor' | 'env' | 'skip' })[] = [
    { id: 'cursor', label: `Insert ${result.wiring} at the cursor` },
    ...(result.app ? [{ id: 'env' as const, label: `Set it in an env entry of task "${result.app.task}"…` }] : []),
    { id: 'skip', label: 'Done: leave the app as it is' },
  ];
  const choice = await vscode.window.showQuickPick(items, {
    title: `Upstream "${result.destination}" listens on 127.0.0.1:${result.port}`,
    placeHolder: 'Wire the app to it?',
  });
  if (!choice || choice.id === 'skip') return;
  if (choice.id === 'cursor') {
    await insertAtCursor(docUri, result.wiring);
    return;
  }
  const suggested = `${result.destination.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}_ADDR`;
  const name = await vscode.window.showInputBox({
    title: `env entry in task "${result.app!.task}"`,
    prompt: 'Environment variable name',
    value: suggested,
    validateInput: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : 'Letters, digits and _ only, not starting with a digit'),
  });
  if (!name) return;
  const error = await setEnv(docUri, result, name);
  if (error) void vscode.window.showWarningMessage(`Add upstream: ${error}`);
}

/** Inserts the address at the cursor of an editor showing the document; an error when none does. */
async function insertAtCursor(docUri: vscode.Uri, wiring: string): Promise<string | undefined> {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === docUri.toString());
  if (!editor) return 'no editor shows the file, so there is no cursor to insert at';
  return (await editor.edit((b) => b.insert(editor.selection.active, wiring))) ? undefined : 'the address could not be inserted';
}

/** Sets `name = "<address>"` in the app task's environment (the server checks the name). */
async function setEnv(docUri: vscode.Uri, result: Extract<UpstreamEditResult, { wiring: string }>, name: string): Promise<string | undefined> {
  if (!result.app) return 'no app task to wire in this group';
  const env = await getLanguageClient()!.sendRequest<{ edits: LspTextEdit[] } | { error: string }>(ADD_ENV_EDIT, {
    uri: docUri.toString(),
    app: result.app,
    name,
    value: result.wiring,
  });
  if ('error' in env) return env.error;
  return (await applyEdits(docUri, env.edits)) ? undefined : 'the env entry could not be added';
}

async function applyEdits(uri: vscode.Uri, edits: LspTextEdit[]): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  edit.set(
    uri,
    edits.map((e) => new vscode.TextEdit(new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText)),
  );
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) void vscode.window.showWarningMessage('Add upstream: the edit could not be applied (the file changed meanwhile?).');
  return ok;
}
