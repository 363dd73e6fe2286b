import type { ManualProxy, ProxyFlag } from '../../model/types';
import type { Range } from '../../types';
import { hasInterpolation, masked, parseGoInt, type Span } from './address';
import { valueSubRange } from './proxies';

/** One `-upstream NAME[.TYPE]:[HOST:]PORT` value, split the way Consul 1.2's flag parser does. */
export interface ParsedUpstream {
  flag: ProxyFlag;
  /** The destination name without its `.service`/`.query` suffix: the key upstreams are stored under. */
  name: string;
  nameSpan: Span;
  /** Present when the value has a second `:`; empty means 127.0.0.1. */
  host?: string;
  hostSpan?: Span;
  port: string;
  portSpan: Span;
  /** The port when it is a literal Go integer. */
  portNumber?: number;
  /** Why Consul rejects the value at flag parsing, with the part to point at. */
  error?: { message: string; span: Span };
}

/** Parses every `-upstream` of a proxy; flags with no value at all are skipped. */
export function parseUpstreams(proxy: ManualProxy): ParsedUpstream[] {
  return proxy.upstreams.flatMap((f) => (f.value === undefined ? [] : [parseUpstream(f, f.value)]));
}

export function parseUpstream(flag: ProxyFlag, value: string): ParsedUpstream {
  const m = masked(value);
  const colon = m.indexOf(':');
  if (colon === -1) {
    const whole = { start: 0, end: value.length };
    return {
      flag,
      name: value,
      nameSpan: whole,
      port: '',
      portSpan: { start: value.length, end: value.length },
      error: hasInterpolation(value) ? undefined : { message: `has no \`:\`; the form is \`NAME:PORT\` or \`NAME:HOST:PORT\``, span: whole },
    };
  }
  let nameEnd = colon;
  const dot = m.slice(0, colon).indexOf('.');
  const up: ParsedUpstream = {
    flag,
    name: '',
    nameSpan: { start: 0, end: colon },
    port: '',
    portSpan: { start: colon + 1, end: value.length },
  };
  if (dot !== -1) {
    nameEnd = dot;
    const type = value.slice(dot + 1, colon);
    if (!['', 'service', 'query'].includes(type) && !hasInterpolation(type)) {
      up.error = { message: `has type \`.${type}\`; only \`.service\` and \`.query\` (or none) are accepted`, span: { start: dot + 1, end: colon } };
    }
  }
  up.name = value.slice(0, nameEnd);
  up.nameSpan = { start: 0, end: nameEnd };
  const second = m.indexOf(':', colon + 1);
  if (second !== -1) {
    up.host = value.slice(colon + 1, second);
    up.hostSpan = { start: colon + 1, end: second };
    up.portSpan = { start: second + 1, end: value.length };
  }
  up.port = value.slice(up.portSpan.start, up.portSpan.end);
  if (!hasInterpolation(up.port)) {
    up.portNumber = parseGoInt(up.port);
    if (up.portNumber === undefined && !up.error) {
      up.error = {
        message: up.port === '' ? 'has an empty port' : `has port \`${up.port}\`, which is not a number`,
        span: up.port === '' ? { start: up.portSpan.start - 1, end: up.portSpan.end } : up.portSpan,
      };
    }
  }
  return up;
}

export function upstreamRange(up: ParsedUpstream, span: Span): Range {
  return valueSubRange(up.flag, span.start, span.end);
}
