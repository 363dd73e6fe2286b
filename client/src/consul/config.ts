import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConsulError } from './errors';

/**
 * Where and how to reach Consul, resolved the way the Consul CLI does (`api/api.go`
 * `defaultConfig`): an explicit setting wins over the environment, which wins over the default.
 */

/** The user's `nomadConnect.consul.*` settings (machine scope; see README "Consul intentions"). */
export interface ConsulSettings {
  address?: string;
  namespace?: string;
  partition?: string;
  tls?: {
    caFile?: string;
    certFile?: string;
    keyFile?: string;
    serverName?: string;
    verify?: boolean;
  };
}

export type TokenSource = 'secret storage' | 'CONSUL_HTTP_TOKEN_FILE' | 'CONSUL_HTTP_TOKEN' | 'none';

export interface ConsulConfig {
  /** Base URL shown to the user, e.g. `https://consul.example:8501` or `unix:///run/consul.sock`. */
  address: string;
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** Set for `unix://` addresses. */
  socketPath?: string;
  token?: string;
  tokenSource: TokenSource;
  tls: {
    ca?: string[];
    cert?: string;
    key?: string;
    serverName?: string;
    verify: boolean;
  };
  namespace?: string;
  partition?: string;
}

export interface ResolveInput {
  settings?: ConsulSettings;
  env?: NodeJS.ProcessEnv;
  /** The token saved by "Connect: set Consul token". */
  secretToken?: string;
  readFile?: (file: string) => string;
  listDir?: (dir: string) => string[];
}

export const DEFAULT_ADDRESS = '127.0.0.1:8500';

export function resolveConsulConfig(input: ResolveInput = {}): ConsulConfig {
  const settings = input.settings ?? {};
  const env = input.env ?? process.env;
  const read = input.readFile ?? ((f: string) => readFileSync(f, 'utf8'));
  const list = input.listDir ?? ((d: string) => readdirSync(d));

  const raw = nonEmpty(settings.address) ?? nonEmpty(env.CONSUL_HTTP_ADDR) ?? DEFAULT_ADDRESS;
  const sslFlag = parseBool(env.CONSUL_HTTP_SSL);
  const target = parseAddress(raw, sslFlag === true);

  const { token, tokenSource } = resolveToken(input.secretToken, env, read);

  const verifyEnv = parseBool(env.CONSUL_HTTP_SSL_VERIFY);
  const caFile = nonEmpty(settings.tls?.caFile) ?? nonEmpty(env.CONSUL_CACERT);
  const caPath = nonEmpty(env.CONSUL_CAPATH);
  const certFile = nonEmpty(settings.tls?.certFile) ?? nonEmpty(env.CONSUL_CLIENT_CERT);
  const keyFile = nonEmpty(settings.tls?.keyFile) ?? nonEmpty(env.CONSUL_CLIENT_KEY);
  let ca: string[] | undefined;
  if (caFile) ca = [readConfigFile(read, caFile, 'CA certificate')];
  else if (caPath) {
    ca = list(caPath)
      .filter((f) => /\.(pem|crt)$/i.test(f))
      .map((f) => readConfigFile(read, path.join(caPath, f), 'CA certificate'));
  }

  return {
    ...target,
    token,
    tokenSource,
    tls: {
      ca,
      cert: certFile ? readConfigFile(read, certFile, 'client certificate') : undefined,
      key: keyFile ? readConfigFile(read, keyFile, 'client key') : undefined,
      serverName: nonEmpty(settings.tls?.serverName) ?? nonEmpty(env.CONSUL_TLS_SERVER_NAME),
      verify: settings.tls?.verify ?? verifyEnv ?? true,
    },
    namespace: nonEmpty(settings.namespace) ?? nonEmpty(env.CONSUL_NAMESPACE),
    partition: nonEmpty(settings.partition) ?? nonEmpty(env.CONSUL_PARTITION),
  };
}

/** Secret storage, then `CONSUL_HTTP_TOKEN_FILE` (which wins over the variable, as in the CLI), then `CONSUL_HTTP_TOKEN`. */
function resolveToken(secret: string | undefined, env: NodeJS.ProcessEnv, read: (f: string) => string): { token?: string; tokenSource: TokenSource } {
  if (nonEmpty(secret)) return { token: secret!.trim(), tokenSource: 'secret storage' };
  const file = nonEmpty(env.CONSUL_HTTP_TOKEN_FILE);
  if (file) {
    const token = readConfigFile(read, file, 'token file (CONSUL_HTTP_TOKEN_FILE)').trim();
    if (token) return { token, tokenSource: 'CONSUL_HTTP_TOKEN_FILE' };
  }
  const token = nonEmpty(env.CONSUL_HTTP_TOKEN);
  return token ? { token, tokenSource: 'CONSUL_HTTP_TOKEN' } : { tokenSource: 'none' };
}

/**
 * `host:port`, `http://…`, `https://…` or `unix://path`. An explicit `http://` does not turn
 * TLS off when CONSUL_HTTP_SSL asks for it, as in the Consul API client.
 */
export function parseAddress(raw: string, ssl: boolean): Pick<ConsulConfig, 'address' | 'scheme' | 'host' | 'port' | 'socketPath'> {
  const value = raw.trim().replace(/\/+$/, '');
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/.exec(value);
  let scheme: 'http' | 'https' = ssl ? 'https' : 'http';
  let rest = value;
  if (m) {
    const given = m[1].toLowerCase();
    rest = m[2];
    if (given === 'unix') return { address: `unix://${rest}`, scheme: 'http', host: 'localhost', port: 80, socketPath: rest };
    if (given === 'https') scheme = 'https';
    else if (given !== 'http') throw new ConsulError('config', `The Consul address "${raw}" has an unknown scheme "${m[1]}" (use http://, https:// or unix://).`);
  }
  let url: URL;
  try {
    url = new URL(`${scheme}://${rest}`);
  } catch {
    throw new ConsulError('config', `The Consul address "${raw}" is not a valid address (expected host:port, http://host:port or https://host:port).`);
  }
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { address: `${scheme}://${url.host}`, scheme, host, port };
}

/** Go's strconv.ParseBool; anything else counts as unset. */
export function parseBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v.trim())) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v.trim())) return false;
  return undefined;
}

function readConfigFile(read: (f: string) => string, file: string, what: string): string {
  try {
    return read(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConsulError('config', `Cannot read the Consul ${what} "${file}"${code ? ` (${code})` : ''}.`);
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
}
