import type { HclBlock } from '../hcl/ast';
import { groupPorts, taskPorts, upstreamsOf } from '../model/queries';
import type { Group, Port, Service, Task, Upstream } from '../model/types';
import type { Range } from '../types';
import { atLeast, formatVersion, type Version } from '../version';
import { FIXED_VARS } from './runtimeVars';
import { cleanEnvVar, finalKey } from './sanitize';
import { Attached } from '../attached';

/**
 * The runtime variables one task sees, derived from the job model with Nomad's rules
 * (domain.md §B.1, §B.2, §C.1) for a target Nomad version.
 */

/** Where a variable is looked up: a task, a group service (no task), or a `sidecar_task`. */
export interface EnvScope {
  group: Group;
  task?: Task;
  /** Set inside `connect { sidecar_task {} }`: the injected `connect-proxy-<service>` task. */
  sidecarOf?: Service;
}

export type VarFamily = 'task-port' | 'group-port' | 'other-task-port' | 'upstream' | 'envoy' | 'meta' | 'task-env' | 'runtime';

export interface RuntimeVar {
  /** The key as Nomad first sets it: what `env` (and task `meta`) values are interpolated with. */
  raw: string;
  /** The key in the task's final environment, after cleaning: what driver `config`, templates and services see. */
  key: string;
  family: VarFamily;
  /** `PORT`, `ADDR`, … for the port and upstream families. */
  kind?: string;
  /** What it resolves to, in plain words. */
  meaning: string;
  /** Where it comes from, e.g. `port "tcp" in task "db"`. */
  origin: string;
  /** The declaring port label, upstream destination or block. */
  declRange?: Range;
  port?: Port;
  upstream?: Upstream;
  /** First Nomad version that sets it. */
  since: string;
  /** False when the value is added after `env` is interpolated (hook variables). */
  inEnv: boolean;
  /** Sort bucket: the task's own ports first. */
  rank: number;
}

export interface EnvCatalog {
  scope: EnvScope;
  version: Version;
  /** Variables set in the target version. */
  readonly vars: RuntimeVar[];
  /** Variables only a newer Nomad sets here. */
  readonly newer: RuntimeVar[];
  /** The job computes port labels or upstream names (`dynamic` blocks, expressions): absence proves nothing. */
  readonly incomplete: boolean;
  /** The variables of `vars` set under `name` (raw or cleaned), in their order. */
  named(name: string): readonly RuntimeVar[];
  /** The same among `newer`. */
  newerNamed(name: string): readonly RuntimeVar[];
}

/**
 * The variables of one source (a task's ports, the group's ports and upstreams, the fixed ones…)
 * for one version. A scope's catalog is its sources in order, so the sources shared by the scopes
 * of a group are built once per Group (or Task) object and version. A source of a group holds a
 * few dozen names, which a scan finds sooner than a map is built; the fixed ones are indexed.
 */
interface Layer {
  vars: RuntimeVar[];
  newer: RuntimeVar[];
  index?: { vars: Map<string, RuntimeVar[]>; newer: Map<string, RuntimeVar[]> };
}

const NONE: readonly RuntimeVar[] = [];

function layer(version: Version, fill: (add: Add) => void): Layer {
  const l: Layer = { vars: [], newer: [] };
  fill((raw, kind, meaning, since, src) => {
    // One allocation and one object shape per variable.
    const v: RuntimeVar = { raw, key: finalKey(raw, version), family: src.family, kind, meaning, origin: src.origin, declRange: src.declRange, port: src.port, upstream: src.upstream, since, inEnv: src.inEnv, rank: src.rank };
    (atLeast(version, since) ? l.vars : l.newer).push(v);
  });
  return l;
}

function indexed(l: Layer): Layer {
  l.index = { vars: byName(l.vars), newer: byName(l.newer) };
  return l;
}

function byName(vars: RuntimeVar[]): Map<string, RuntimeVar[]> {
  const map = new Map<string, RuntimeVar[]>();
  const put = (name: string, v: RuntimeVar) => {
    const list = map.get(name);
    if (list) list.push(v);
    else map.set(name, [v]);
  };
  for (const v of vars) {
    put(v.raw, v);
    if (v.key !== v.raw) put(v.key, v);
  }
  return map;
}

/** Layers kept per owner object and version. */
function layerCache<K extends object>(build: (owner: K, version: Version) => Layer): (owner: K, version: Version) => Layer {
  const cache = new Attached<K, Map<string, Layer>>();
  return (owner, version) => {
    let perVersion = cache.get(owner);
    if (!perVersion) cache.set(owner, (perVersion = new Map()));
    const key = formatVersion(version);
    let l = perVersion.get(key);
    if (!l) perVersion.set(key, (l = build(owner, version)));
    return l;
  };
}

const ownPortsLayer = layerCache<Task>((task, version) => layer(version, (add) => taskPorts(task).forEach((port) => addOwnTaskPort(add, port, task))));
const otherPortsLayer = layerCache<Task>((owner, version) => layer(version, (add) => taskPorts(owner).forEach((port) => addOtherTaskPort(add, port, owner))));
const taskEnvLayer = layerCache<Task>((task, version) => layer(version, (add) => addTaskEnv(add, task)));
const envoyLayer = layerCache<Service>((service, version) => layer(version, (add) => addEnvoy(add, service)));
const groupLayer = layerCache<Group>((group, version) =>
  layer(version, (add) => {
    for (const port of groupPorts(group)) addGroupPort(add, port);
    for (const injected of injectedPorts(group)) addGroupPort(add, injected.port, injected.service);
    for (const u of namedUpstreams(group)) addUpstream(add, u);
  }),
);
const fixedLayers = new Map<string, Layer>();

function fixedLayer(version: Version): Layer {
  const key = formatVersion(version);
  let l = fixedLayers.get(key);
  if (!l) {
    l = indexed(
      layer(version, (add) => {
        const source: Source = { family: 'runtime', origin: 'Nomad itself, in every task', rank: 6, inEnv: true };
        for (const f of FIXED_VARS) add(f.name, undefined, f.meaning, f.since, source);
      }),
    );
    fixedLayers.set(key, l);
  }
  return l;
}

const cache = new Attached<Group, Map<string, EnvCatalog>>();

/** The catalog of a scope, built once per Group object and version (a group kept across edits keeps its catalogs). */
export function catalogFor(scope: EnvScope, version: Version): EnvCatalog {
  let perGroup = cache.get(scope.group);
  if (!perGroup) cache.set(scope.group, (perGroup = new Map()));
  const key = `${scope.task ? `t${scope.group.tasks.indexOf(scope.task)}` : ''}|${scope.sidecarOf ? `s${scope.group.services.indexOf(scope.sidecarOf)}` : ''}|${formatVersion(version)}`;
  let catalog = perGroup.get(key);
  if (!catalog) perGroup.set(key, (catalog = new Catalog(scope, version)));
  return catalog;
}

/**
 * A scope's sources, in the order its variables are listed: own ports, group ports, injected
 * ports, upstreams, other tasks' ports, envoy, meta, env, fixed. The full lists are
 * built on first use only; rules ask for names (`named`).
 */
class Catalog implements EnvCatalog {
  private readonly layers: Layer[];
  private lists?: { vars: RuntimeVar[]; newer: RuntimeVar[] };

  constructor(
    readonly scope: EnvScope,
    readonly version: Version,
  ) {
    const { group, task } = scope;
    const layers: Layer[] = [];
    if (task) layers.push(ownPortsLayer(task, version));
    layers.push(groupLayer(group, version));
    for (const other of group.tasks) if (other !== task) layers.push(otherPortsLayer(other, version));
    if (scope.sidecarOf) layers.push(envoyLayer(scope.sidecarOf, version));
    layers.push(layer(version, (add) => addMeta(add, scope)));
    if (task) layers.push(taskEnvLayer(task, version));
    layers.push(fixedLayer(version));
    this.layers = layers;
  }

  get vars(): RuntimeVar[] {
    return this.all().vars;
  }

  get newer(): RuntimeVar[] {
    return this.all().newer;
  }

  get incomplete(): boolean {
    return isIncomplete(this.scope.group);
  }

  named(name: string): readonly RuntimeVar[] {
    return this.lookup(name, 'vars');
  }

  newerNamed(name: string): readonly RuntimeVar[] {
    return this.lookup(name, 'newer');
  }

  private lookup(name: string, which: 'vars' | 'newer'): readonly RuntimeVar[] {
    let found: RuntimeVar[] | undefined;
    for (const l of this.layers) {
      if (l.index) {
        const hit = l.index[which].get(name);
        if (hit) (found ??= []).push(...hit);
        continue;
      }
      for (const v of l[which]) if (v.raw === name || v.key === name) (found ??= []).push(v);
    }
    return found ?? NONE;
  }

  private all(): { vars: RuntimeVar[]; newer: RuntimeVar[] } {
    if (!this.lists) {
      const vars: RuntimeVar[] = [];
      const newer: RuntimeVar[] = [];
      for (const l of this.layers) {
        vars.push(...l.vars);
        newer.push(...l.newer);
      }
      this.lists = { vars, newer };
    }
    return this.lists;
  }
}

/** What the variables of one declaration share. */
interface Source {
  family: VarFamily;
  origin: string;
  declRange?: Range;
  port?: Port;
  upstream?: Upstream;
  rank: number;
  inEnv: boolean;
}

type Add = (raw: string, kind: string | undefined, meaning: string, since: string, source: Source) => void;

function portWords(port: Port): string {
  return port.static ? `static port ${port.static.value} \`${port.label}\`` : `dynamic port \`${port.label}\``;
}

function addOwnTaskPort(add: Add, port: Port, task: Task): void {
  const where = `${portWords(port)} declared in task \`${task.name}\``;
  const source: Source = { family: 'task-port', origin: `port "${port.label}" in task "${task.name}"`, declRange: port.labelRange, port, rank: 0, inEnv: true };
  const l = port.label;
  add(`NOMAD_ADDR_${l}`, 'ADDR', `host IP:port of ${where}`, '0.8', source);
  add(`NOMAD_PORT_${l}`, 'PORT', `port of ${where} (its \`port_map\` value, else the host port)`, '0.8', source);
  add(`NOMAD_IP_${l}`, 'IP', `host IP of ${where}`, '0.8', source);
  add(`NOMAD_HOST_PORT_${l}`, 'HOST_PORT', `host port of ${where}`, '0.8', source);
}

function addOtherTaskPort(add: Add, port: Port, owner: Task): void {
  const where = `${portWords(port)} declared in task \`${owner.name}\``;
  const source: Source = { family: 'other-task-port', origin: `port "${port.label}" in task "${owner.name}"`, declRange: port.labelRange, port, rank: 3, inEnv: true };
  const s = `${owner.name}_${port.label}`;
  add(`NOMAD_ADDR_${s}`, 'ADDR', `host IP:port of ${where}`, '0.8', source);
  add(`NOMAD_PORT_${s}`, 'PORT', `host port of ${where}`, '0.8', source);
  add(`NOMAD_IP_${s}`, 'IP', `host IP of ${where}`, '0.8', source);
}

/** The release that first sets each variable of a group port (the `ALLOC_*` of bridge/CNI networks aside). */
export const GROUP_PORT_SINCE: Record<string, string> = { ADDR: '0.12', PORT: '0.10', IP: '0.12', HOST_PORT: '0.10', HOST_ADDR: '0.12', HOST_IP: '0.12', ALLOC_PORT: '0.12' };

function addGroupPort(add: Add, port: Port, injectedFor?: Service): void {
  const where = injectedFor
    ? `that Nomad adds for the sidecar of service \`${injectedFor.name?.value ?? ''}\``
    : 'declared in the group network';
  const origin = injectedFor ? `the sidecar of service "${injectedFor.name?.value ?? ''}" (injected by Nomad)` : `port "${port.label}" in the group network`;
  const source: Source = { family: 'group-port', origin, declRange: port.labelRange, port, rank: 1, inEnv: true };
  const l = port.label;
  const desc = `${portWords(port)} ${where}`;
  const to = port.to && port.to.value > 0 ? port.to.value : undefined;
  const inAlloc = to ? `the mapped port \`to = ${to}\` of ${desc}` : `host port of ${desc} (no \`to\`)`;
  const since = GROUP_PORT_SINCE;
  add(`NOMAD_ADDR_${l}`, 'ADDR', `host IP:port of ${desc}`, since.ADDR, source);
  add(`NOMAD_PORT_${l}`, 'PORT', inAlloc, since.PORT, source);
  add(`NOMAD_IP_${l}`, 'IP', `host IP of ${desc}`, since.IP, source);
  add(`NOMAD_HOST_PORT_${l}`, 'HOST_PORT', `host port of ${desc}`, since.HOST_PORT, source);
  add(`NOMAD_HOST_ADDR_${l}`, 'HOST_ADDR', `host IP:port of ${desc}`, since.HOST_ADDR, source);
  add(`NOMAD_HOST_IP_${l}`, 'HOST_IP', `host IP of ${desc}`, since.HOST_IP, source);
  add(`NOMAD_ALLOC_PORT_${l}`, 'ALLOC_PORT', inAlloc, since.ALLOC_PORT, source);
  const mode = port.network.mode?.value ?? 'host';
  if (mode === 'bridge' || mode.startsWith('cni/')) {
    const ns = `inside the allocation's network namespace`;
    add(`NOMAD_ALLOC_ADDR_${l}`, 'ALLOC_ADDR', `IP:port ${ns} of ${desc}`, '1.8', source);
    add(`NOMAD_ALLOC_IP_${l}`, 'ALLOC_IP', `IP ${ns} (${desc})`, '1.8', source);
    add(`NOMAD_ALLOC_INTERFACE_${l}`, 'ALLOC_INTERFACE', `network interface ${ns} (${desc})`, '1.8', source);
  }
}

function addUpstream(add: Add, u: Upstream): void {
  const dest = u.destinationName!.value;
  const port = u.localBindPort?.value;
  const svc = u.service.name?.value ?? '';
  const source: Source = {
    family: 'upstream',
    origin: `upstream "${dest}" of service "${svc}"`,
    declRange: u.destinationName!.str?.range ?? u.destinationName!.attr.range,
    upstream: u,
    rank: 2,
    inEnv: true,
  };
  const addr = `127.0.0.1:${port ?? '<local_bind_port>'}, the local listener of upstream \`${dest}\` (via the sidecar of service \`${svc}\`)`;
  const ip = `127.0.0.1, the local listener of upstream \`${dest}\``;
  const bind = `\`local_bind_port\`${port !== undefined ? ` ${port}` : ''} of upstream \`${dest}\``;
  // Nomad sets the raw and the cleaned name (TestEnvironment_Upstreams).
  const cleaned = cleanEnvVar(dest);
  for (const [kind, meaning] of [['ADDR', addr], ['IP', ip], ['PORT', bind]]) {
    add(`NOMAD_UPSTREAM_${kind}_${dest}`, kind, meaning, '0.10', source);
    if (cleaned !== dest) add(`NOMAD_UPSTREAM_${kind}_${cleaned}`, kind, meaning, '0.10', source);
  }
}

function addEnvoy(add: Add, service: Service): void {
  const name = service.name?.value ?? '';
  // Set by the envoy bootstrap hook, after `env` values are interpolated.
  const source: Source = { family: 'envoy', origin: `the sidecar of service "${name}"`, declRange: service.connect?.sidecarTask?.typeRange, rank: 4, inEnv: false };
  add(`NOMAD_ENVOY_ADMIN_ADDR_${name}`, undefined, `address of the Envoy admin API of the sidecar for service \`${name}\``, '0.10.4', source);
  add(`NOMAD_ENVOY_READY_ADDR_${name}`, undefined, `address of the Envoy readiness listener of the sidecar for service \`${name}\``, '1.1.3', source);
}

/** `NOMAD_META_<key>` from job, group and task meta, as written and upper-cased. */
function addMeta(add: Add, scope: EnvScope): void {
  const seen = new Set<string>();
  const from = (block: HclBlock | undefined, where: string) => {
    const meta = block?.blocks.find((b) => b.type === 'meta');
    const entries = meta ? meta.attributes.map((a) => ({ key: a.name, range: a.nameRange })) : [];
    const attr = block?.attributes.find((a) => a.name === 'meta');
    if (attr?.value.kind === 'object') for (const e of attr.value.entries) entries.push({ key: e.key, range: e.keyRange });
    for (const e of entries) {
      const source: Source = { family: 'meta', origin: `meta "${e.key}" of ${where}`, declRange: e.range, rank: 5, inEnv: true };
      for (const k of [e.key, e.key.toUpperCase()]) {
        if (seen.has(k)) continue;
        seen.add(k);
        add(`NOMAD_META_${k}`, undefined, `the value of meta key \`${e.key}\``, '0.8', source);
      }
    }
  };
  from(scope.task?.block, `task "${scope.task?.name}"`);
  from(scope.group.block, `group "${scope.group.name}"`);
  from(scope.group.job.block, `job "${scope.group.job.name}"`);
}

/**
 * The task's own `env` keys: part of its environment for driver config and templates. Env values
 * do not see each other reliably (Nomad interpolates them in map order), so not offered there.
 */
function addTaskEnv(add: Add, task: Task): void {
  const meaning = `set by the \`env\` block of task \`${task.name}\``;
  for (const e of task.env) {
    add(e.key, undefined, meaning, '0.8', { family: 'task-env', origin: `env "${e.key}" of task "${task.name}"`, declRange: e.keyRange, rank: 5, inEnv: false });
  }
}

function namedUpstreams(group: Group): Upstream[] {
  return upstreamsOf(group).filter((u) => isLiteral(u.destinationName));
}

/**
 * The dynamic port Nomad adds for each sidecar (§C.1): labelled `sidecar_service.port`, or
 * `connect-proxy-<service>`, unless that label is already declared.
 */
export function injectedPorts(group: Group): { port: Port; service: Service }[] {
  let out = injectedCache.get(group);
  if (!out) injectedCache.set(group, (out = findInjectedPorts(group)));
  return out;
}

/** One Port object per injected port, so every catalog and reference of the group agrees on it. */
const injectedCache = new Attached<Group, { port: Port; service: Service }[]>();

function findInjectedPorts(group: Group): { port: Port; service: Service }[] {
  const declared = new Set(groupPorts(group).map((p) => p.label));
  const out: { port: Port; service: Service }[] = [];
  const network = group.networks[0];
  for (const service of group.services) {
    const sidecar = service.connect?.sidecarService;
    if (!sidecar || !network) continue;
    const name = service.name?.value;
    const label = sidecar.port?.value ?? (name && !name.includes('${') ? `connect-proxy-${name}` : undefined);
    if (!label || declared.has(label)) continue;
    const labelRange = sidecar.port?.str?.contentRange ?? sidecar.block.typeRange;
    out.push({ service, port: { label, labelRange, block: sidecar.block, network } });
  }
  return out;
}

function isLiteral(a: { value: string; str?: { interpolations: unknown[] } } | undefined): boolean {
  return !!a && !!a.str && a.str.interpolations.length === 0 && a.value !== '';
}

/** Labels or destinations that come from `dynamic` blocks or expressions cannot be known. */
function isIncomplete(group: Group): boolean {
  let known = incompleteCache.get(group);
  if (known === undefined) incompleteCache.set(group, (known = findIncomplete(group)));
  return known;
}

const incompleteCache = new Attached<Group, boolean>();

function findIncomplete(group: Group): boolean {
  const hasDynamic = (b: HclBlock): boolean => b.type === 'dynamic' || b.blocks.some(hasDynamic);
  if (hasDynamic(group.block)) return true;
  return group.services.some((s) => s.connect?.sidecarService?.proxy?.upstreams.some((u) => !isLiteral(u.destinationName)));
}
