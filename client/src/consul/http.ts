import http from 'node:http';
import https from 'node:https';
import type { ConsulConfig } from './config';
import { ConsulError, errorFromNetwork, errorFromResponse, type Needs, redact } from './errors';

export interface ConsulResponse {
  status: number;
  /** Redacted body text. */
  body: string;
}

export interface RequestOptions {
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Adds `ns=` / `partition=` from the configuration (Enterprise scoping). */
  scoped?: boolean;
  /** The permission the request needs, for a plain-words 403. */
  needs?: Needs;
}

export type RequestLogger = (line: string) => void;

const TIMEOUT_MS = 10_000;

/**
 * A small Consul HTTP API client on node:http/https. The token travels only in the
 * `X-Consul-Token` header; every request is logged as method, path, status and time.
 */
export class ConsulHttp {
  constructor(
    readonly config: ConsulConfig,
    private readonly log: RequestLogger = () => undefined,
  ) {}

  get address(): string {
    return this.config.address;
  }

  /** Sends a request; any HTTP answer resolves, socket and TLS failures reject with a ConsulError. */
  request(method: string, path: string, opts: RequestOptions = {}): Promise<ConsulResponse> {
    const { config } = this;
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) query.set(k, v);
    if (opts.scoped) {
      if (config.namespace) query.set('ns', config.namespace);
      if (config.partition) query.set('partition', config.partition);
    }
    const qs = query.toString();
    const fullPath = qs ? `${path}?${qs}` : path;
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (config.token) headers['X-Consul-Token'] = config.token;
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const isHttps = config.scheme === 'https';
    const base: http.RequestOptions = { method, path: fullPath, headers, timeout: TIMEOUT_MS };
    if (config.socketPath) base.socketPath = config.socketPath;
    else {
      base.host = config.host;
      base.port = config.port;
    }
    const started = Date.now();
    const logLine = (outcome: string) => this.log(redact(`${method} ${fullPath} → ${outcome} (${Date.now() - started} ms)`, config.token));

    return new Promise<ConsulResponse>((resolve, reject) => {
      const onResponse = (res: http.IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => fail(err));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          logLine(String(status));
          resolve({ status, body: redact(Buffer.concat(chunks).toString('utf8'), config.token) });
        });
      };
      const fail = (err: NodeJS.ErrnoException) => {
        logLine(`failed: ${err.code ?? err.message}`);
        const e = errorFromNetwork(err, config.address, isHttps);
        reject(new ConsulError(e.kind, redact(e.message, config.token)));
      };
      const req = isHttps
        ? https.request(
            {
              ...base,
              ca: config.tls.ca,
              cert: config.tls.cert,
              key: config.tls.key,
              servername: config.tls.serverName,
              rejectUnauthorized: config.tls.verify,
              // A fresh agent per request: TLS settings may change between calls.
              agent: false,
            },
            onResponse,
          )
        : http.request({ ...base, agent: false }, onResponse);
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', fail);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Sends a request and parses the JSON answer; a non-2xx answer rejects with a plain-words error. */
  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    if (res.status < 200 || res.status >= 300) throw this.errorFor(res, opts.needs);
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new ConsulError('http', `Consul at ${this.address} answered ${method} ${path} with something that is not JSON.`, res.status);
    }
  }

  errorFor(res: ConsulResponse, needs?: Needs): ConsulError {
    return errorFromResponse(res.status, res.body, this.address, this.config.tokenSource, needs);
  }
}
