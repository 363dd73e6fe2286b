import type { NomadFile, Service, Task } from '../model/types';
import type { Range } from '../types';

/**
 * The Consul intentions a job file implies: source = the Connect service, destination = each of
 * its upstreams — native `upstreams { destination_name }` and manual `-upstream name:port` with
 * `-service name`. Names that are templates (`${…}`) are skipped: only Nomad knows their value.
 */
export interface ConnectPair {
  source: string;
  destination: string;
  /** The upstream's name in the file. */
  range: Range;
  kind: 'native' | 'manual';
}

export function connectPairs(file: NomadFile): ConnectPair[] {
  const pairs: ConnectPair[] = [];
  for (const job of file.jobs) {
    for (const group of job.groups) {
      for (const service of group.services) pairs.push(...nativePairs(service));
      for (const task of group.tasks) {
        for (const service of task.services) pairs.push(...nativePairs(service));
        pairs.push(...manualPairs(task));
      }
    }
  }
  return pairs;
}

function nativePairs(service: Service): ConnectPair[] {
  const source = literal(service.name?.value);
  if (!source) return [];
  const out: ConnectPair[] = [];
  for (const upstream of service.connect?.sidecarService?.proxy?.upstreams ?? []) {
    const destination = literal(upstream.destinationName?.value);
    if (destination) out.push({ source, destination, range: upstream.destinationName!.attr.value.range, kind: 'native' });
  }
  return out;
}

/** `-upstream NAME:PORT`, `NAME:HOST:PORT`, `NAME.service:…`; prepared queries (`NAME.query`) need no intention. */
function manualPairs(task: Task): ConnectPair[] {
  const proxy = task.proxy;
  const source = literal(proxy?.service?.value);
  if (!proxy || !source) return [];
  const out: ConnectPair[] = [];
  for (const flag of proxy.upstreams) {
    const colon = flag.value?.indexOf(':') ?? -1;
    if (colon <= 0) continue;
    let name = flag.value!.slice(0, colon);
    if (name.endsWith('.query')) continue;
    if (name.endsWith('.service')) name = name.slice(0, -'.service'.length);
    const destination = literal(name);
    if (destination) out.push({ source, destination, range: flag.valueRange ?? flag.nameRange, kind: 'manual' });
  }
  return out;
}

function literal(value: string | undefined): string | undefined {
  return value && !value.includes('${') && !value.includes('%{') ? value : undefined;
}
