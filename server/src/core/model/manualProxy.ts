import type { HclString } from '../hcl/ast';
import type { Range } from '../types';
import type { ManualProxy, ProxyFlag, Task } from './types';

/** Flags of `consul connect proxy` that take no value (Go's flag package: bool flags). */
const BOOL_FLAGS = new Set(['register', 'dev-config']);

/** Flags the model exposes by name; any other flag is kept in `flags` only. */
const NAMED: Record<string, keyof Pick<ManualProxy, 'service' | 'serviceAddr' | 'listen' | 'register' | 'registerId' | 'sidecarFor' | 'proxyId'>> = {
  service: 'service',
  'service-addr': 'serviceAddr',
  listen: 'listen',
  register: 'register',
  'register-id': 'registerId',
  'sidecar-for': 'sidecarFor',
  'proxy-id': 'proxyId',
};

/**
 * Recognises a task that runs `consul connect proxy …` — `command` naming a consul binary
 * (raw_exec/exec) or a consul docker image — and parses its flags the way Go's flag package does.
 */
export function parseManualProxy(task: Task): ManualProxy | undefined {
  const config = task.config;
  const args = config?.args;
  if (!config || !args) return undefined;
  const command = config.command;
  let consulRange: Range | undefined;
  let items = args.items;
  if (command && isConsulBinary(command.value)) consulRange = command.attr.value.range;
  else if (!command && config.image && isConsulImage(config.image.value)) consulRange = config.image.attr.value.range;
  if (!consulRange) return undefined;
  if (items.length < 2 || items[0].value !== 'connect' || items[1].value !== 'proxy') return undefined;
  items = items.slice(2);

  const proxy: ManualProxy = { task, consulRange, flags: [], upstreams: [], positional: [], args };
  let i = 0;
  for (; i < items.length; i++) {
    const item = items[i];
    const v = item.value;
    if (v === '--') {
      i++;
      break;
    }
    if (!v.startsWith('-') || v === '-') break;
    const dashes = v.startsWith('--') ? 2 : 1;
    const eq = v.indexOf('=');
    const name = v.slice(dashes, eq === -1 ? undefined : eq);
    const flag: ProxyFlag = { name, nameRange: subRange(item, 0, eq === -1 ? v.length : eq), item };
    if (eq !== -1) {
      flag.value = v.slice(eq + 1);
      flag.valueRange = subRange(item, eq + 1, v.length);
      flag.valueItem = item;
    } else if (!BOOL_FLAGS.has(name) && i + 1 < items.length) {
      const next = items[++i];
      flag.value = next.value;
      flag.valueRange = next.contentRange;
      flag.valueItem = next;
    }
    proxy.flags.push(flag);
    if (name === 'upstream') proxy.upstreams.push(flag);
    else if (NAMED[name]) proxy[NAMED[name]] = flag;
  }
  for (; i < items.length; i++) proxy.positional.push({ value: items[i].value, range: items[i].range });
  return proxy;
}

function isConsulBinary(command: string): boolean {
  return /(^|\/)consul(\.exe)?$/.test(command);
}

function isConsulImage(image: string): boolean {
  return /(^|\/)consul([:@].*)?$/.test(image);
}

/**
 * Range of `value[from, to)` inside a list element. Offsets are taken on the raw source text,
 * which equals the value for the escape-free strings flags are written with.
 */
export function subRange(str: HclString, from: number, to: number): Range {
  const start = str.contentRange.start;
  if (str.raw.includes('\n')) return str.contentRange;
  return {
    start: { line: start.line, character: start.character + from },
    end: { line: start.line, character: start.character + to },
  };
}
