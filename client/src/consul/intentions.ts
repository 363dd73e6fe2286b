import { ConsulError } from './errors';
import type { ConsulHttp } from './http';
import { parseIntentionName, type ParsedName } from './names';

/**
 * Service intentions over Consul's HTTP API (domain.md §D). On 1.9+ agents the idempotent
 * `PUT …/exact`; on older agents the legacy `POST` (and `PUT …/:id` to change an action).
 * The agent's version picks the endpoint; when it cannot be read, a plain error from `/exact`
 * is taken as "legacy agent".
 */

export type IntentionAction = 'allow' | 'deny';
export type ApiFlavor = 'exact' | 'legacy';

export interface IntentionPair {
  source: string;
  destination: string;
}

export interface ExistingIntention {
  action: IntentionAction;
  /** Legacy intentions have an ID; 1.9+ config-entry intentions may not. */
  id?: string;
}

export interface ApplyOptions {
  description?: string;
  /** Asked before an existing `deny` becomes `allow`; without it the deny is kept. */
  confirmReplace?: (pair: IntentionPair, current: IntentionAction) => Promise<boolean>;
}

export interface ApplyResult {
  pair: IntentionPair;
  action: IntentionAction;
  /** `kept`: the pair was denied and the replacement was not confirmed, nothing was written. */
  outcome: 'created' | 'updated' | 'unchanged' | 'kept';
  previous?: IntentionAction;
  api: ApiFlavor;
  /** What `GET …/check` says afterwards. */
  allowed?: boolean;
  /** Set when the check could not be made (the write, if any, went through). */
  checkError?: string;
}

export const DEFAULT_DESCRIPTION = 'Created by Nomad Connect';

const BASE = '/v1/connect/intentions';

interface LegacyIntention {
  ID?: string;
  SourceNS?: string;
  SourceName?: string;
  DestinationNS?: string;
  DestinationName?: string;
  Action?: string;
}

export class IntentionsApi {
  private flavor?: Promise<ApiFlavor | undefined>;

  constructor(readonly http: ConsulHttp) {}

  /** `GET /v1/agent/self` → `Config.Version`; undefined when the agent will not say (e.g. no `agent:read`). */
  async agentVersion(): Promise<string | undefined> {
    const res = await this.http.request('GET', '/v1/agent/self');
    if (res.status !== 200) return undefined;
    try {
      const version = (JSON.parse(res.body) as { Config?: { Version?: unknown } }).Config?.Version;
      return typeof version === 'string' ? version : undefined;
    } catch {
      return undefined;
    }
  }

  /** The endpoint family to use; undefined while unknown. */
  apiFlavor(): Promise<ApiFlavor | undefined> {
    return (this.flavor ??= this.agentVersion().then((v) => (v === undefined ? undefined : flavorOf(v))));
  }

  /** The intention for exactly this pair, if any. */
  async read(pair: IntentionPair): Promise<ExistingIntention | undefined> {
    const names = parsePair(pair);
    const flavor = await this.apiFlavor();
    if (flavor !== 'legacy') {
      const needs = { permission: 'intentions:read', on: pair.destination };
      const res = await this.http.request('GET', `${BASE}/exact`, { query: { source: pair.source, destination: pair.destination }, scoped: true, needs });
      if (res.status === 404) return undefined;
      if (res.status === 200) {
        const found = JSON.parse(res.body) as LegacyIntention;
        return { action: toAction(found.Action), id: found.ID || undefined };
      }
      const err = this.http.errorFor(res, needs);
      if (flavor === 'exact' || err.kind !== 'http') throw err;
      this.flavor = Promise.resolve('legacy');
    }
    return this.readLegacy(pair, names);
  }

  private async readLegacy(pair: IntentionPair, names: { source: ParsedName; destination: ParsedName }): Promise<ExistingIntention | undefined> {
    const matches = await this.http.json<Record<string, LegacyIntention[]>>('GET', `${BASE}/match`, {
      query: { by: 'destination', name: pair.destination },
      scoped: true,
      needs: { permission: 'intentions:read', on: pair.destination },
    });
    const found = Object.values(matches ?? {})
      .flat()
      .find((i) => sameName(i.SourceName, i.SourceNS, names.source) && sameName(i.DestinationName, i.DestinationNS, names.destination));
    return found ? { action: toAction(found.Action), id: found.ID } : undefined;
  }

  /** `GET …/check`: would a connection from source to destination be allowed now? */
  async check(pair: IntentionPair): Promise<boolean> {
    const res = await this.http.json<{ Allowed?: boolean }>('GET', `${BASE}/check`, {
      query: { source: pair.source, destination: pair.destination },
      scoped: true,
      needs: { permission: 'intentions:read', on: pair.destination },
    });
    return res.Allowed === true;
  }

  /** Makes the pair's intention `action`; nothing is written when it already is. */
  async apply(pair: IntentionPair, action: IntentionAction, opts: ApplyOptions = {}): Promise<ApplyResult> {
    const names = parsePair(pair);
    const existing = await this.read(pair);
    const base = { pair, action, previous: existing?.action };
    let outcome: ApplyResult['outcome'];
    if (existing?.action === action) outcome = 'unchanged';
    else if (existing?.action === 'deny' && action === 'allow' && !(await opts.confirmReplace?.(pair, 'deny'))) outcome = 'kept';
    else outcome = await this.write(pair, names, action, existing, opts.description ?? DEFAULT_DESCRIPTION);
    const api = (await this.flavor) ?? 'exact';
    try {
      return { ...base, outcome, api, allowed: await this.check(pair) };
    } catch (err) {
      return { ...base, outcome, api, checkError: err instanceof Error ? err.message : String(err) };
    }
  }

  private async write(
    pair: IntentionPair,
    names: { source: ParsedName; destination: ParsedName },
    action: IntentionAction,
    existing: ExistingIntention | undefined,
    description: string,
  ): Promise<'created' | 'updated' | 'unchanged'> {
    const needs = { permission: 'intentions:write', on: pair.destination };
    const done = existing ? 'updated' : 'created';
    if ((await this.apiFlavor()) !== 'legacy') {
      const res = await this.http.request('PUT', `${BASE}/exact`, {
        query: { source: pair.source, destination: pair.destination },
        body: { Action: action, Description: description },
        scoped: true,
        needs,
      });
      if (res.status >= 200 && res.status < 300) return done;
      const err = this.http.errorFor(res, needs);
      if ((await this.flavor) === 'exact' || err.kind !== 'http') throw err;
      this.flavor = Promise.resolve('legacy');
    }
    const body = {
      SourceNS: names.source.namespace,
      SourceName: names.source.name,
      DestinationNS: names.destination.namespace,
      DestinationName: names.destination.name,
      SourceType: 'consul',
      Action: action,
      Description: description,
    };
    if (existing?.id) {
      // The legacy update answers 200 with an empty body.
      const res = await this.http.request('PUT', `${BASE}/${encodeURIComponent(existing.id)}`, { body, scoped: true, needs });
      if (res.status >= 200 && res.status < 300) return 'updated';
      throw this.http.errorFor(res, needs);
    }
    const res = await this.http.request('POST', BASE, { body, scoped: true, needs });
    if (res.status >= 200 && res.status < 300) return 'created';
    if (res.status === 500 && /duplicate intention found|defines .* more than once/.test(res.body)) {
      // Created meanwhile (or invisible to the read): done if it now has the wanted action.
      const now = await this.readLegacy(pair, names);
      if (!now || now.action === action) return 'unchanged';
      throw new ConsulError('http', `${pair.source} → ${pair.destination} already exists in Consul as ${now.action}; nothing was changed.`, res.status, res.body);
    }
    throw this.http.errorFor(res, needs);
  }
}

/** Consul ≥ 1.9 has `/exact`; "1.8.4", "1.9.0+ent", "v1.10.1" all parse. */
export function flavorOf(version: string): ApiFlavor | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  if (!m) return undefined;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 1 || (major === 1 && minor >= 9) ? 'exact' : 'legacy';
}

function parsePair(pair: IntentionPair): { source: ParsedName; destination: ParsedName } {
  return { source: parseIntentionName(pair.source, 'source'), destination: parseIntentionName(pair.destination, 'destination') };
}

/** L7 intentions carry Permissions instead of an Action; `check` counts them as deny, so do we. */
function toAction(value: unknown): IntentionAction {
  return String(value).toLowerCase() === 'deny' ? 'deny' : 'allow';
}

function sameName(name: string | undefined, ns: string | undefined, want: ParsedName): boolean {
  return name === want.name && (!want.namespace || (ns ?? 'default') === want.namespace);
}
