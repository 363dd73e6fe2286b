import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { listServices } from '../consul/catalog';
import { ConsulError } from '../consul/errors';
import type { ConsulHttp } from '../consul/http';
import { type ApplyResult, type IntentionAction, IntentionsApi, type IntentionPair } from '../consul/intentions';
import { setConsulProvider } from '../consul/session';
import { createConsul, TOKEN_SECRET_KEY } from './consulConnection';
import { pickServiceName } from './servicePicker';

/**
 * "Connect: allow service", "Connect: deny service" and "Connect: set Consul token".
 *
 * Called with an argument `{ source, destination, description?, replaceDeny? }` the intention
 * commands ask nothing and resolve with an IntentionCommandResult. `replaceDeny` decides what
 * happens when the pair is denied and `allow` is wanted: `true` replaces, `'ask'` asks (the code
 * lens uses this), absent or `false` keeps the deny.
 */
export interface IntentionCommandArgs {
  source: string;
  destination: string;
  description?: string;
  replaceDeny?: boolean | 'ask';
}

export interface IntentionCommandResult {
  source: string;
  destination: string;
  action: IntentionAction;
  outcome: ApplyResult['outcome'] | 'failed';
  allowed?: boolean;
  /** What the user was told. */
  message: string;
}

const CONNECT_PAIRS_REQUEST = 'nomadConnect/connectPairs';

interface Deps {
  consul: () => Promise<ConsulHttp>;
  output: vscode.LogOutputChannel;
  getClient: () => LanguageClient | undefined;
}

export function registerIntentionCommands(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  getClient: () => LanguageClient | undefined,
): void {
  const deps: Deps = { consul: () => createConsul(context, output), output, getClient };
  context.subscriptions.push(
    setConsulProvider(deps.consul),
    vscode.commands.registerCommand('nomadConnect.allowService', (arg?: unknown) => runIntentionCommand('allow', arg, deps)),
    vscode.commands.registerCommand('nomadConnect.denyService', (arg?: unknown) => runIntentionCommand('deny', arg, deps)),
    vscode.commands.registerCommand('nomadConnect.setConsulToken', (arg?: unknown) => setConsulToken(context, arg)),
  );
}

async function runIntentionCommand(action: IntentionAction, arg: unknown, deps: Deps): Promise<IntentionCommandResult | IntentionCommandResult[] | undefined> {
  if (isArgs(arg)) {
    const replace = arg.replaceDeny === 'ask' ? askReplace : async () => arg.replaceDeny === true;
    const [result] = await applyPairs(deps, action, [arg], arg.description, replace);
    return result;
  }
  let api: IntentionsApi;
  try {
    api = new IntentionsApi(await deps.consul());
  } catch (err) {
    showFailure(deps, action, undefined, err);
    return undefined;
  }
  const pairs = await pickPairs(deps, api, action);
  if (!pairs?.length) return undefined;
  return applyPairs(deps, action, pairs, undefined, askReplace, api);
}

/** The file's pairs (multi-select, current state from Consul), or source and destination asked one by one. */
async function pickPairs(deps: Deps, api: IntentionsApi, action: IntentionAction): Promise<IntentionPair[] | undefined> {
  const filePairs = await pairsOfActiveEditor(deps);
  if (filePairs.length === 0) return askPair(api, action).then((p) => (p ? [p] : undefined));

  let current: (IntentionAction | undefined)[];
  try {
    current = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading intentions from Consul at ${api.http.address}…` },
      () => Promise.all(filePairs.map((p) => api.read(p))),
    ).then((found) => found.map((f) => f?.action));
  } catch (err) {
    showFailure(deps, action, undefined, err);
    return undefined;
  }
  const state = { allow: 'allowed in Consul', deny: 'denied in Consul' };
  type Item = vscode.QuickPickItem & { pair?: IntentionPair };
  const items: Item[] = filePairs.map((pair, i) => ({
    label: `${pair.source} → ${pair.destination}`,
    description: current[i] ? `${current[i] === 'allow' ? '$(check) ' : '$(circle-slash) '}${state[current[i]!]}` : 'not in Consul',
    picked: current[i] !== action,
    pair,
  }));
  const other: Item = { label: '$(edit) Another pair…', description: 'choose source and destination', alwaysShow: true };
  const chosen = await vscode.window.showQuickPick([...items, { label: '', kind: vscode.QuickPickItemKind.Separator }, other], {
    canPickMany: true,
    ignoreFocusOut: true,
    title: action === 'allow' ? 'Connect: allow service' : 'Connect: deny service',
    placeHolder: `Intentions to ${action} (source → destination), from this job file`,
  });
  if (!chosen) return undefined;
  const pairs = chosen.flatMap((c) => (c.pair ? [c.pair] : []));
  if (chosen.includes(other)) {
    const extra = await askPair(api, action);
    if (extra) pairs.push(extra);
  }
  return pairs;
}

async function pairsOfActiveEditor(deps: Deps): Promise<IntentionPair[]> {
  const doc = vscode.window.activeTextEditor?.document;
  const client = deps.getClient();
  if (!doc || doc.languageId !== 'nomad' || !client) return [];
  try {
    const pairs = await client.sendRequest<IntentionPair[]>(CONNECT_PAIRS_REQUEST, { uri: doc.uri.toString() });
    const unique = new Map<string, IntentionPair>();
    for (const { source, destination } of pairs) unique.set(`${source}\n${destination}`, { source, destination });
    return [...unique.values()];
  } catch (err) {
    deps.output.warn(`connectPairs request failed: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}

async function askPair(api: IntentionsApi, action: IntentionAction): Promise<IntentionPair | undefined> {
  const services = listServices(api.http);
  services.catch(() => undefined);
  const title = action === 'allow' ? 'Connect: allow service' : 'Connect: deny service';
  const source = await pickServiceName(`${title} (1/2)`, 'Source service (the caller), or * for any', services);
  if (!source) return undefined;
  const destination = await pickServiceName(`${title} (2/2)`, `Destination service that ${source} calls, or * for any`, services);
  return destination ? { source, destination } : undefined;
}

async function askReplace(pair: IntentionPair): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `${pair.source} → ${pair.destination} is denied in Consul. Replace the deny with allow?`,
    { modal: true, detail: 'Connections from the source to the destination will be allowed.' },
    'Allow',
  );
  return choice === 'Allow';
}

async function applyPairs(
  deps: Deps,
  action: IntentionAction,
  pairs: IntentionPair[],
  description: string | undefined,
  confirmReplace: (pair: IntentionPair) => Promise<boolean>,
  existingApi?: IntentionsApi,
): Promise<IntentionCommandResult[]> {
  const results: IntentionCommandResult[] = [];
  for (const pair of pairs) {
    const verb = action === 'allow' ? 'Allowing' : 'Denying';
    try {
      const api = existingApi ?? new IntentionsApi(await deps.consul());
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `${verb} ${pair.source} → ${pair.destination} in Consul at ${api.http.address}…` },
        () => api.apply(pair, action, { description, confirmReplace }),
      );
      const message = summary(result);
      deps.output.info(message);
      results.push({ ...pair, action, outcome: result.outcome, allowed: result.allowed, message });
    } catch (err) {
      results.push({ ...pair, action, outcome: 'failed', message: showFailure(deps, action, pair, err) });
      break;
    }
  }
  const done = results.filter((r) => r.outcome !== 'failed');
  if (done.length) {
    const text = done.map((r) => r.message).join(' · ');
    if (done.some((r) => r.outcome === 'kept' || (r.allowed !== undefined && r.allowed !== (action === 'allow')))) void vscode.window.showWarningMessage(text);
    else void vscode.window.showInformationMessage(text);
  }
  return results;
}

/** "web → db: allowed", from the check made after the write. */
function summary(r: ApplyResult): string {
  const name = `${r.pair.source} → ${r.pair.destination}`;
  if (r.checkError) return `${name}: ${r.action} written, but the check failed: ${r.checkError}`;
  const state = r.allowed ? 'allowed' : 'denied';
  if (r.outcome === 'kept') return `${name}: ${state} (the existing deny was kept)`;
  if (r.allowed !== (r.action === 'allow')) return `${name}: ${state} (the ${r.action} was written, but Consul still reports ${state})`;
  return `${name}: ${state}`;
}

function showFailure(deps: Deps, action: IntentionAction, pair: IntentionPair | undefined, err: unknown): string {
  const reason = err instanceof ConsulError || err instanceof Error ? err.message : String(err);
  const what = pair ? ` ${pair.source} → ${pair.destination}` : '';
  const message = `Could not ${action}${what} in Consul; nothing was changed. ${reason}`;
  deps.output.error(message);
  void vscode.window.showErrorMessage(message);
  return message;
}

/** Stores the token in SecretStorage; an empty value removes it. A string argument skips the prompt. */
async function setConsulToken(context: vscode.ExtensionContext, arg: unknown): Promise<void> {
  const value =
    typeof arg === 'string'
      ? arg
      : await vscode.window.showInputBox({
          title: 'Connect: set Consul token',
          prompt: 'Consul ACL token, kept in VS Code secret storage and sent only as X-Consul-Token. Leave empty to remove it.',
          password: true,
          ignoreFocusOut: true,
        });
  if (value === undefined) return;
  if (value.trim() === '') {
    await context.secrets.delete(TOKEN_SECRET_KEY);
    void vscode.window.showInformationMessage('Consul token removed; CONSUL_HTTP_TOKEN_FILE or CONSUL_HTTP_TOKEN apply again if set.');
  } else {
    await context.secrets.store(TOKEN_SECRET_KEY, value.trim());
    void vscode.window.showInformationMessage('Consul token saved in secret storage.');
  }
}

function isArgs(arg: unknown): arg is IntentionCommandArgs {
  const a = arg as Partial<IntentionCommandArgs> | undefined;
  return !!a && typeof a === 'object' && typeof a.source === 'string' && typeof a.destination === 'string';
}
