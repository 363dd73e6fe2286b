import { randomUUID } from 'node:crypto';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

/**
 * A fake Consul agent for the intentions HTTP API, written from domain.md §D: paths, query
 * parameters, bodies, status codes and error texts as documented there.
 *
 * Modes:
 * - `modern` (1.9+): intentions live in per-destination `service-intentions` config entries;
 *   `PUT …/exact` upserts; a legacy POST of an existing pair fails with `Sources[i] defines …`.
 * - `legacy` (pre-1.9, agent version 1.8.4): no `/exact` route — `…/exact` is the by-ID route
 *   with ID "exact" and fails with a 500; a duplicate POST fails with "duplicate intention found".
 * - `acl`: `modern` plus ACL enforcement with a default-deny policy (`acl: true` adds it to `legacy`).
 */

export type FakeMode = 'modern' | 'legacy' | 'acl';

/** What an ACL token may do. Names are exact service names, `prefix*` patterns, or `*` for all. */
export interface TokenPolicy {
  accessorId?: string;
  intentionsWrite?: string[];
  intentionsRead?: string[];
  serviceRead?: string[];
  agentRead?: boolean;
}

export interface FakeConsulOptions {
  mode?: FakeMode;
  /** Enforce ACLs (default: mode === 'acl'). */
  acl?: boolean;
  /** `Config.Version` of GET /v1/agent/self (default 1.16.2, or 1.8.4 in legacy mode). */
  version?: string;
  https?: boolean;
  /** Require a client certificate signed by the fake's CA (implies https). */
  requireClientCert?: boolean;
  /** When false, intention endpoints answer "Connect must be enabled …". */
  connectEnabled?: boolean;
  /** The catalog: service name → tags. */
  services?: Record<string, string[]>;
  /** ACL tokens by secret; the anonymous token (no token sent) may do nothing. */
  tokens?: Record<string, TokenPolicy>;
  host?: string;
  port?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  /** The ACL token the fake resolved (query, X-Consul-Token, or Authorization: Bearer); '' for none. */
  token: string;
  status: number;
}

export interface StoredIntention {
  id: string;
  sourcePartition: string;
  sourceNS: string;
  sourceName: string;
  destinationPartition: string;
  destinationNS: string;
  destinationName: string;
  action?: 'allow' | 'deny';
  permissions?: unknown[];
  description: string;
  sourceType: string;
  meta: Record<string, string>;
  createIndex: number;
  modifyIndex: number;
  /** Made by the legacy POST: such intentions keep an ID on 1.9+ too. */
  legacyId: boolean;
}

/** Tokens of the `acl` mode when none are given. */
export const DEFAULT_TOKENS: Record<string, TokenPolicy> = {
  'root-secret': { accessorId: 'a0000000-0000-4000-8000-000000000001', intentionsWrite: ['*'], serviceRead: ['*'], agentRead: true },
  'read-only-secret': { accessorId: 'a0000000-0000-4000-8000-000000000002', intentionsRead: ['*'], serviceRead: ['*'], agentRead: true },
};

interface Name {
  partition: string;
  ns: string;
  name: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const INTENTIONS = '/v1/connect/intentions';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class FakeConsul {
  readonly requests: RecordedRequest[] = [];
  /** Intentions grouped like 1.9+ config entries: destination → its Sources, in order. */
  readonly entries = new Map<string, StoredIntention[]>();
  readonly mode: FakeMode;
  readonly acl: boolean;
  readonly version: string;
  readonly tokens: Record<string, TokenPolicy>;
  services: Record<string, string[]>;
  connectEnabled: boolean;
  address = '';
  /** PEM of the self-signed certificate (the CA to trust), in https mode. */
  caPem?: string;
  /** A client certificate and key the fake accepts, when it requires one. */
  clientCertPem?: string;
  clientKeyPem?: string;
  onRequest?: (r: RecordedRequest) => void;
  private server!: http.Server;
  private index = 10;

  private constructor(private readonly opts: FakeConsulOptions) {
    this.mode = opts.mode ?? 'modern';
    this.acl = opts.acl ?? this.mode === 'acl';
    this.version = opts.version ?? (this.mode === 'legacy' ? '1.8.4' : '1.16.2');
    this.tokens = opts.tokens ?? (this.acl ? DEFAULT_TOKENS : {});
    this.services = opts.services ?? { consul: [], web: [], 'web-sidecar-proxy': [], api: ['v1'], db: ['primary'] };
    this.connectEnabled = opts.connectEnabled ?? true;
  }

  static async start(opts: FakeConsulOptions = {}): Promise<FakeConsul> {
    const fake = new FakeConsul(opts);
    await fake.listen();
    return fake;
  }

  get legacy(): boolean {
    return this.mode === 'legacy';
  }

  private async listen(): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    if (this.opts.https || this.opts.requireClientCert) {
      const pems = await generate([{ name: 'commonName', value: 'server.dc1.consul' }], {
        keySize: 2048,
        algorithm: 'sha256',
        clientCertificate: this.opts.requireClientCert ? { cn: 'client.dc1.consul' } : undefined,
        extensions: [
          { name: 'basicConstraints', cA: true },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
          { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
          { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 2, value: 'server.dc1.consul' }, { type: 7, ip: '127.0.0.1' }] },
        ],
      });
      this.caPem = pems.cert;
      this.clientCertPem = pems.clientcert;
      this.clientKeyPem = pems.clientprivate;
      this.server = https.createServer(
        { cert: pems.cert, key: pems.private, ca: [pems.cert], requestCert: !!this.opts.requireClientCert, rejectUnauthorized: !!this.opts.requireClientCert },
        handler,
      );
    } else {
      this.server = http.createServer(handler);
    }
    const host = this.opts.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, host, () => resolve());
    });
    const port = (this.server.address() as AddressInfo).port;
    this.address = `${this.caPem ? 'https' : 'http'}://${host}:${port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections?.();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Every intention, as stored. */
  all(): StoredIntention[] {
    return [...this.entries.values()].flat();
  }

  /** The intention for exactly this pair (`name`, `ns/name` or `partition/ns/name`). */
  find(source: string, destination: string): StoredIntention | undefined {
    const src = parseName(source, 'default', 'default');
    const dst = parseName(destination, 'default', 'default');
    return this.sourcesOf(dst).find((i) => sameSource(i, src));
  }

  /** Puts an intention in place directly, as if created earlier. */
  seed(source: string, destination: string, action: 'allow' | 'deny', description = ''): StoredIntention {
    return this.upsert(parseName(source, 'default', 'default'), parseName(destination, 'default', 'default'), { action, description });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const token = resolveToken(url, req.headers);
    let status = 200;
    let text = '';
    let headers: Record<string, string> = { 'Content-Type': 'application/json' };
    try {
      const result = this.route(req.method ?? 'GET', url.pathname, url.searchParams, req.headers, body, token);
      text = result === undefined ? '' : JSON.stringify(result);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      status = err.status;
      text = err.message;
      headers = { 'Content-Type': 'text/plain; charset=utf-8', ...err.headers };
    }
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers, body, token, status };
    this.requests.push(record);
    this.onRequest?.(record);
    res.writeHead(status, headers);
    res.end(text);
  }

  private route(method: string, path: string, q: URLSearchParams, headers: IncomingHttpHeaders, body: string, token: string): unknown {
    const policy = this.policyFor(token);
    if (path === '/v1/agent/self') {
      allow(method, ['GET']);
      this.require(policy, 'agent:read', this.agentReadable(policy), 'agent');
      return { Config: { Datacenter: 'dc1', NodeName: 'fake', Version: this.version }, Member: { Name: 'fake' } };
    }
    if (path === '/v1/catalog/services') {
      allow(method, ['GET']);
      return Object.fromEntries(Object.entries(this.services).filter(([name]) => !this.acl || matches(policy?.serviceRead, name)));
    }
    if (path !== INTENTIONS && !path.startsWith(`${INTENTIONS}/`)) throw new HttpError(404, '404 page not found');
    if (!this.connectEnabled) throw new HttpError(500, 'Connect must be enabled in order to use this endpoint');
    const ns = q.get('ns') ?? headerValue(headers, 'x-consul-namespace') ?? 'default';
    const partition = q.get('partition') ?? 'default';
    const rest = path.slice(INTENTIONS.length + 1);

    if (path === INTENTIONS) {
      allow(method, ['GET', 'POST']);
      if (method === 'GET') return this.all().filter((i) => this.canRead(policy, i.destinationName)).map((i) => this.toJson(i));
      return this.legacyCreate(body, ns, partition, policy);
    }
    if (rest === 'check') {
      allow(method, ['GET']);
      const src = parseName(requireParam(q, 'source'), ns, partition);
      const dst = parseName(requireParam(q, 'destination'), ns, partition);
      this.require(policy, 'intentions:read', this.canRead(policy, dst.name), dst.name);
      const best = this.matchFor(dst).find((i) => sourceMatches(i, src));
      return { Allowed: best ? best.action === 'allow' : !this.acl };
    }
    if (rest === 'match') {
      allow(method, ['GET']);
      const by = requireParam(q, 'by');
      if (by !== 'source' && by !== 'destination') throw new HttpError(400, "'by' parameter must be 'source' or 'destination'");
      const names = q.getAll('name');
      if (names.length === 0) throw new HttpError(400, "required query parameter 'name' not set");
      const out: Record<string, unknown[]> = {};
      for (const n of names) {
        const entry = parseName(n, ns, partition);
        this.require(policy, 'intentions:read', this.canRead(policy, entry.name), entry.name);
        const list = by === 'destination' ? this.matchFor(entry) : this.all().filter((i) => sourceMatches(i, entry)).sort(byPrecedence);
        out[n] = list.map((i) => this.toJson(i));
      }
      return out;
    }
    if (rest === 'exact' && !this.legacy) return this.exact(method, q, body, ns, partition, policy);
    return this.byId(method, decodeURIComponent(rest), body, policy);
  }

  /** 1.9+ `…/exact`: GET / PUT (upsert) / DELETE on one source→destination pair. */
  private exact(method: string, q: URLSearchParams, body: string, ns: string, partition: string, policy: TokenPolicy | undefined): unknown {
    allow(method, ['GET', 'PUT', 'DELETE']);
    const src = parseName(requireParam(q, 'source'), ns, partition);
    const dst = parseName(requireParam(q, 'destination'), ns, partition);
    if (method === 'GET') {
      this.require(policy, 'intentions:read', this.canRead(policy, dst.name), dst.name);
      const found = this.sourcesOf(dst).find((i) => sameSource(i, src));
      if (!found) throw new HttpError(404, 'Intention not found');
      return this.toJson(found);
    }
    this.require(policy, 'intentions:write', this.canWrite(policy, dst.name), dst.name);
    if (method === 'DELETE') {
      const list = this.sourcesOf(dst);
      const i = list.findIndex((x) => sameSource(x, src));
      if (i !== -1) list.splice(i, 1);
      return true;
    }
    const input = decode(body, 400, 'Request decode failed');
    const sources = this.sourcesOf(dst);
    const at = sources.findIndex((x) => sameSource(x, src));
    const position = `Sources[${at === -1 ? sources.length : at}]`;
    if (input.Permissions !== undefined && input.Action !== undefined) throw new HttpError(500, `${position}.Action must be omitted if Permissions are specified`);
    if (input.Permissions === undefined && input.Action !== 'allow' && input.Action !== 'deny') {
      throw new HttpError(500, `${position}.Action must be set to 'allow' or 'deny'`);
    }
    this.upsert(src, dst, {
      action: input.Action as 'allow' | 'deny' | undefined,
      permissions: input.Permissions as unknown[] | undefined,
      description: typeof input.Description === 'string' ? input.Description : '',
      sourceType: typeof input.SourceType === 'string' ? input.SourceType : undefined,
    });
    return true;
  }

  /** `POST /v1/connect/intentions`: create only; an existing pair is a conflict. */
  private legacyCreate(body: string, ns: string, partition: string, policy: TokenPolicy | undefined): unknown {
    if (!this.legacy && partition !== 'default') throw new HttpError(400, 'Cannot use a partition with this endpoint');
    const input = this.legacy ? decode(body, 400, 'Request decode failed') : decode(body, 500, 'Failed to decode request body');
    const src = { partition: 'default', ns: str(input.SourceNS) || ns, name: str(input.SourceName) };
    const dst = { partition: 'default', ns: str(input.DestinationNS) || ns, name: str(input.DestinationName) };
    this.require(policy, 'intentions:write', this.canWrite(policy, dst.name), dst.name);
    const sources = this.sourcesOf(dst);
    const dup = sources.find((x) => sameSource(x, src));
    if (this.legacy) {
      if (input.Action !== 'allow' && input.Action !== 'deny') throw new HttpError(500, "Action must be set to 'allow' or 'deny'");
      if (dup) throw new HttpError(500, `duplicate intention found: ${dup.action?.toUpperCase()} ${src.name} => ${dst.name} (ID ${dup.id})`);
    } else {
      if (dup) throw new HttpError(500, `Sources[${sources.length}] defines "${src.name}" more than once`);
      if (input.Action !== 'allow' && input.Action !== 'deny') throw new HttpError(500, `Sources[${sources.length}].Action must be set to 'allow' or 'deny'`);
    }
    const created = this.upsert(src, dst, { action: input.Action, description: str(input.Description), sourceType: str(input.SourceType) || undefined, legacy: true });
    return { ID: created.id };
  }

  /** `…/:uuid` (GET/PUT/DELETE). On a legacy agent `…/exact` lands here with ID "exact". */
  private byId(method: string, id: string, body: string, policy: TokenPolicy | undefined): unknown {
    allow(method, ['GET', 'PUT', 'DELETE']);
    if (!UUID.test(id)) {
      if (method === 'GET') throw new HttpError(500, 'failed intention lookup: UUID must be 36 characters');
      throw new HttpError(500, 'Intention lookup failed: failed intention lookup: UUID must be 36 characters');
    }
    const found = this.all().find((i) => i.id === id);
    if (method === 'GET') {
      if (!found) throw new HttpError(404, 'Intention not found');
      this.require(policy, 'intentions:read', this.canRead(policy, found.destinationName), found.destinationName);
      return this.toJson(found);
    }
    if (!found) throw new HttpError(500, `Cannot modify non-existent intention: '${id}'`);
    this.require(policy, 'intentions:write', this.canWrite(policy, found.destinationName), found.destinationName);
    const list = this.entries.get(destKey(found))!;
    if (method === 'DELETE') {
      list.splice(list.indexOf(found), 1);
      return true;
    }
    const input = decode(body, 400, 'Request decode failed');
    if (input.Action !== 'allow' && input.Action !== 'deny') throw new HttpError(500, "Action must be set to 'allow' or 'deny'");
    found.action = input.Action;
    found.description = str(input.Description);
    found.modifyIndex = ++this.index;
    return undefined;
  }

  private upsert(
    src: Name,
    dst: Name,
    fields: { action?: 'allow' | 'deny'; permissions?: unknown[]; description: string; sourceType?: string; legacy?: boolean },
  ): StoredIntention {
    const key = destKey({ destinationPartition: dst.partition, destinationNS: dst.ns, destinationName: dst.name });
    const list = this.entries.get(key) ?? [];
    this.entries.set(key, list);
    let found = list.find((x) => sameSource(x, src));
    const index = ++this.index;
    if (!found) {
      found = {
        id: randomUUID(),
        sourcePartition: src.partition,
        sourceNS: src.ns,
        sourceName: src.name,
        destinationPartition: dst.partition,
        destinationNS: dst.ns,
        destinationName: dst.name,
        description: '',
        sourceType: 'consul',
        meta: {},
        createIndex: index,
        modifyIndex: index,
        legacyId: this.legacy || !!fields.legacy,
      };
      list.push(found);
    }
    found.action = fields.permissions ? undefined : fields.action;
    found.permissions = fields.permissions;
    found.description = fields.description;
    found.sourceType = fields.sourceType ?? found.sourceType;
    found.modifyIndex = index;
    return found;
  }

  private sourcesOf(dst: Name): StoredIntention[] {
    return this.entries.get(destKey({ destinationPartition: dst.partition, destinationNS: dst.ns, destinationName: dst.name })) ?? [];
  }

  /** Intentions that apply to a destination, highest precedence first. */
  private matchFor(dst: Name): StoredIntention[] {
    return this.all()
      .filter((i) => i.destinationPartition === dst.partition && (i.destinationNS === dst.ns || i.destinationNS === '*'))
      .filter((i) => i.destinationName === dst.name || i.destinationName === '*')
      .sort(byPrecedence);
  }

  private toJson(i: StoredIntention): Record<string, unknown> {
    return {
      ID: i.legacyId ? i.id : '',
      Description: i.description,
      SourcePartition: i.sourcePartition,
      SourceNS: i.sourceNS,
      SourceName: i.sourceName,
      DestinationPartition: i.destinationPartition,
      DestinationNS: i.destinationNS,
      DestinationName: i.destinationName,
      SourceType: i.sourceType,
      Action: i.action,
      Permissions: i.permissions,
      Meta: i.meta,
      Precedence: precedence(i),
      CreateIndex: i.createIndex,
      ModifyIndex: i.modifyIndex,
    };
  }

  private policyFor(token: string): TokenPolicy | undefined {
    if (!this.acl) return undefined;
    if (token === '') return { accessorId: '00000000-0000-0000-0000-000000000002' };
    const policy = this.tokens[token];
    if (!policy) throw new HttpError(403, 'ACL not found');
    return policy;
  }

  private require(policy: TokenPolicy | undefined, permission: string, ok: boolean, on: string): void {
    if (!this.acl || ok) return;
    const accessor = policy?.accessorId ?? 'unknown';
    throw new HttpError(403, `Permission denied: token with AccessorID '${accessor}' lacks permission '${permission}' on "${on}"`);
  }

  private agentReadable(policy: TokenPolicy | undefined): boolean {
    return !!policy?.agentRead;
  }

  private canWrite(policy: TokenPolicy | undefined, destination: string): boolean {
    return !this.acl || matches(policy?.intentionsWrite, destination);
  }

  private canRead(policy: TokenPolicy | undefined, destination: string): boolean {
    return !this.acl || matches(policy?.intentionsRead, destination) || matches(policy?.intentionsWrite, destination);
  }
}

function matches(patterns: string[] | undefined, name: string): boolean {
  return (patterns ?? []).some((p) => p === '*' || p === name || (p.endsWith('*') && name.startsWith(p.slice(0, -1))));
}

/** `name`, `ns/name` or `partition/ns/name`; missing parts come from `?ns=` / `?partition=`. */
function parseName(value: string, ns: string, partition: string): Name {
  const parts = value.split('/');
  if (parts.length === 3) return { partition: parts[0], ns: parts[1], name: parts[2] };
  if (parts.length === 2) return { partition, ns: parts[0], name: parts[1] };
  return { partition, ns, name: value };
}

function destKey(i: Pick<StoredIntention, 'destinationPartition' | 'destinationNS' | 'destinationName'>): string {
  return `${i.destinationPartition}/${i.destinationNS}/${i.destinationName}`;
}

function sameSource(i: StoredIntention, src: Name): boolean {
  return i.sourcePartition === src.partition && i.sourceNS === src.ns && i.sourceName === src.name;
}

function sourceMatches(i: StoredIntention, src: Name): boolean {
  return (i.sourceNS === src.ns || i.sourceNS === '*') && (i.sourceName === src.name || i.sourceName === '*');
}

/** 9 exact→exact, 8 *→exact, 6 exact→*, 5 *→* (domain.md §D.1, without namespace wildcards). */
function precedence(i: StoredIntention): number {
  const srcWild = i.sourceName === '*';
  if (i.destinationName !== '*') return srcWild ? 8 : 9;
  return srcWild ? 5 : 6;
}

function byPrecedence(a: StoredIntention, b: StoredIntention): number {
  return precedence(b) - precedence(a);
}

function allow(method: string, methods: string[]): void {
  if (!methods.includes(method)) throw new HttpError(405, `method ${method} not allowed`, { Allow: methods.join(', ') });
}

function requireParam(q: URLSearchParams, name: string): string {
  const v = q.get(name);
  if (!v) throw new HttpError(500, `required query parameter '${name}' not set`);
  return v;
}

/** Go's json.Decoder into a struct: any object goes; the fields are checked by the caller. */
function decode(body: string, status: number, prefix: string): Record<string, any> {
  try {
    const v: unknown = JSON.parse(body);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    throw new Error('expected a JSON object');
  } catch (err) {
    throw new HttpError(status, `${prefix}: ${(err as Error).message}`);
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v || undefined;
}

/** The agent's order: `?token=`, then `X-Consul-Token`, then `Authorization: Bearer`. */
function resolveToken(url: URL, headers: IncomingHttpHeaders): string {
  const q = url.searchParams.get('token');
  if (q) return q;
  const h = headerValue(headers, 'x-consul-token');
  if (h) return h;
  const auth = headerValue(headers, 'authorization');
  const m = auth ? /^bearer\s+(.+)$/i.exec(auth.trim()) : null;
  return m ? m[1].trim() : '';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
