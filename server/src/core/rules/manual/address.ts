/**
 * `HOST:PORT` values as `consul connect proxy` and apps read them, where either part may be
 * (or contain) a Nomad `${…}` interpolation. Offsets are into the value string, which keeps
 * `${…}` verbatim, so callers can turn them into document ranges.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Interp extends Span {
  /** The expression inside `${…}`, trimmed. */
  name: string;
}

export interface HostPort {
  host: string;
  /** Excludes the brackets of `[::1]`. */
  hostSpan: Span;
  port: string;
  portSpan: Span;
}

/** Where a host points: see `classifyHost`. */
export type HostKind = 'empty' | 'loopback' | 'unspecified' | 'hostIp' | 'other' | 'unknown';

const INTERP = /\$\{([^}]*)\}/g;

export function interpolationsIn(value: string): Interp[] {
  const out: Interp[] = [];
  INTERP.lastIndex = 0;
  for (let m = INTERP.exec(value); m; m = INTERP.exec(value)) out.push({ start: m.index, end: m.index + m[0].length, name: m[1].trim() });
  return out;
}

/** The value with every `${…}` blanked out (same length), so its `:` and `.` cannot mislead parsing. */
export function masked(value: string): string {
  return value.replace(INTERP, (m) => '\u0001'.repeat(m.length));
}

export function hasInterpolation(text: string): boolean {
  return text.includes('${');
}

/** Go's `net.SplitHostPort`: `[v6]:port` or the last `:`; undefined where Go reports an error. */
export function splitHostPort(value: string): HostPort | undefined {
  const m = masked(value);
  if (m.startsWith('[')) {
    const close = m.indexOf(']');
    if (close === -1 || m[close + 1] !== ':') return undefined;
    return {
      host: value.slice(1, close),
      hostSpan: { start: 1, end: close },
      port: value.slice(close + 2),
      portSpan: { start: close + 2, end: value.length },
    };
  }
  const colon = m.lastIndexOf(':');
  if (colon === -1 || m.indexOf(':') !== colon) return undefined;
  return {
    host: value.slice(0, colon),
    hostSpan: { start: 0, end: colon },
    port: value.slice(colon + 1),
    portSpan: { start: colon + 1, end: value.length },
  };
}

/**
 * What a host part means on a Nomad client: `hostIp` is the client's advertised address
 * (`${NOMAD_IP_…}`, `${attr.unique.network.ip-address}`); `unspecified` binds every interface.
 */
export function classifyHost(host: string): HostKind {
  if (host === '') return 'empty';
  const whole = /^\$\{\s*([^}]*?)\s*\}$/.exec(host);
  if (whole) {
    const name = whole[1];
    if (/^NOMAD_IP_/.test(name) || name === 'attr.unique.network.ip-address') return 'hostIp';
    return 'unknown';
  }
  if (hasInterpolation(host)) return 'unknown';
  const h = host.toLowerCase();
  if (h === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::1') return 'loopback';
  if (h === '0.0.0.0' || h === '::') return 'unspecified';
  return 'other';
}

/**
 * Go's `strconv.ParseInt(s, 0, 0)`: optional sign, then decimal, `0x`, `0o`, `0b` or a leading-0
 * octal, with `_` between digits. Undefined when Go would fail.
 */
export function parseGoInt(text: string): number | undefined {
  const m = /^([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?[0-7])*|[1-9](?:_?[0-9])*)$/.exec(text);
  if (!m) return undefined;
  const digits = m[2].replace(/_/g, '');
  let n: number;
  if (/^0[xX]/.test(digits)) n = parseInt(digits.slice(2), 16);
  else if (/^0[bB]/.test(digits)) n = parseInt(digits.slice(2), 2);
  else if (/^0[oO]/.test(digits)) n = parseInt(digits.slice(2), 8);
  else if (digits.length > 1 && digits[0] === '0') n = parseInt(digits.slice(1), 8);
  else n = parseInt(digits, 10);
  return m[1] === '-' ? -n : n;
}
