/**
 * Failures talking to Consul, in plain words. The message is what the user sees; it never
 * contains the ACL token (see `redact`).
 */

export type ConsulErrorKind =
  | 'config'
  | 'unreachable'
  | 'tls'
  | 'acl-not-found'
  | 'permission-denied'
  | 'connect-disabled'
  | 'bad-name'
  | 'http';

export class ConsulError extends Error {
  constructor(
    readonly kind: ConsulErrorKind,
    message: string,
    /** HTTP status, when Consul answered. */
    readonly status?: number,
    /** Consul's own error text (redacted), when it answered. */
    readonly consulMessage?: string,
  ) {
    super(message);
    this.name = 'ConsulError';
  }
}

/** What the request needed, so a 403 can say which permission was missing. */
export interface Needs {
  permission: string;
  on?: string;
}

/** Maps a non-2xx answer to an error; `body` is already redacted. */
export function errorFromResponse(status: number, body: string, address: string, tokenSource: string, needs?: Needs): ConsulError {
  const text = body.trim();
  if (status === 403 && /ACL not found/i.test(text)) {
    return new ConsulError(
      'acl-not-found',
      `Consul at ${address} does not know the ACL token from ${tokenSource} ("ACL not found"). Set a valid token with "Connect: set Consul token".`,
      status,
      text,
    );
  }
  if (status === 403) {
    const what = needs ? `${needs.permission}${needs.on ? ` on "${needs.on}"` : ''}` : 'the permission this request needs';
    const who = tokenSource === 'none' ? 'No ACL token is set, and the anonymous token' : `The Consul token (from ${tokenSource})`;
    return new ConsulError('permission-denied', `Permission denied: ${who} lacks ${what}.`, status, text);
  }
  if (status === 400 && /HTTP request to an HTTPS server/i.test(text)) {
    return new ConsulError('tls', `Consul at ${address} serves HTTPS: use an https:// address or set CONSUL_HTTP_SSL=true.`, status, text);
  }
  if (/Connect must be enabled/i.test(text)) {
    return new ConsulError('connect-disabled', `Connect is disabled on the Consul servers at ${address} (enable it with connect { enabled = true }).`, status, text);
  }
  return new ConsulError('http', `Consul at ${address} answered ${status}: ${text || '(empty body)'}`, status, text);
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'ENOENT', 'EACCES', 'EPIPE']);

const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the agent presents a self-signed certificate that is not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'the agent certificate chains to a CA that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the agent certificate is signed by a CA that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the agent certificate is signed by a CA that is not trusted',
  CERT_HAS_EXPIRED: 'the agent certificate has expired',
  CERT_NOT_YET_VALID: 'the agent certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the agent certificate does not name this host',
};

/** Maps a socket-level failure (no HTTP answer) to an error naming the address. */
export function errorFromNetwork(err: NodeJS.ErrnoException, address: string, https: boolean): ConsulError {
  const code = err.code ?? '';
  if (TLS_REASONS[code]) {
    const hint =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? 'Set nomadConnect.consul.tls.serverName (or CONSUL_TLS_SERVER_NAME) to a name in the certificate.'
        : 'Set nomadConnect.consul.tls.caFile (or CONSUL_CACERT) to the CA that signed it.';
    return new ConsulError('tls', `TLS failure talking to Consul at ${address}: ${TLS_REASONS[code]}. ${hint}`);
  }
  if (/CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA/.test(code)) {
    return new ConsulError(
      'tls',
      `TLS failure talking to Consul at ${address}: the agent did not accept a client certificate. Set nomadConnect.consul.tls.certFile and keyFile (or CONSUL_CLIENT_CERT and CONSUL_CLIENT_KEY).`,
    );
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return new ConsulError('tls', `TLS failure talking to Consul at ${address}: the agent does not serve HTTPS on this port.`);
  }
  if (https && (code === 'EPROTO' || code.startsWith('ERR_SSL_') || /SSL|TLS|certificate|wrong version number/i.test(err.message))) {
    return new ConsulError('tls', `TLS failure talking to Consul at ${address}: ${code || err.message}. Check that the agent serves HTTPS on this port and the TLS settings.`);
  }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return new ConsulError('unreachable', `Consul is unreachable at ${address}: no answer in time. Check nomadConnect.consul.address or CONSUL_HTTP_ADDR.`);
  }
  if (code === 'ECONNRESET' && !https) {
    return new ConsulError('unreachable', `Consul is unreachable at ${address} (the connection was reset). If the agent serves HTTPS there, use an https:// address or CONSUL_HTTP_SSL=true.`);
  }
  if (UNREACHABLE.has(code)) {
    const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'unknown host' : code;
    return new ConsulError('unreachable', `Consul is unreachable at ${address} (${why}). Check nomadConnect.consul.address or CONSUL_HTTP_ADDR.`);
  }
  return new ConsulError('unreachable', `Consul is unreachable at ${address} (${code || err.message}).`);
}

/** Replaces every occurrence of the token; used on everything that reaches a log or a message. */
export function redact(text: string, token: string | undefined): string {
  return token ? text.split(token).join('[token]') : text;
}
