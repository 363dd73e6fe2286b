import { groupPorts, taskPorts, upstreamsOf } from '../model/queries';
import type { Group, Interpolation, Job } from '../model/types';
import { atLeast, formatVersion, type Version } from '../version';
import { catalogFor, type EnvCatalog, type EnvScope, GROUP_PORT_SINCE, injectedPorts, type RuntimeVar } from './catalog';
import { cleanEnvVar } from './sanitize';
import { type EnvForm, type Site, siteOf } from './scope';
import { Attached } from '../attached';

/** What a `${NAME}` refers to in its place, and why not when it refers to nothing. */
export type Resolution =
  | { status: 'ok'; v: RuntimeVar }
  /** Set, but under the other spelling here (raw vs cleaned, §B.3). */
  | { status: 'wrong-form'; v: RuntimeVar; correct: string }
  /** Only a newer Nomad than the target sets it. */
  | { status: 'newer'; v: RuntimeVar }
  /** A port/upstream-family name nothing declares for this scope. */
  | { status: 'undeclared'; suggestion?: string; elsewhere?: string; /** Why, when not "nothing declares it". */ note?: string }
  /** `var.`/`local.` (HCL2 variables), `attr.`/`meta.`/`node.` (node values), or names this model does not cover. */
  | { status: 'hcl' | 'node' | 'unmodeled' };

/** Names of the families this extension models completely: ports and upstreams (§B.1). */
export const PORT_FAMILY = /^NOMAD_(?:UPSTREAM_(?:ADDR|IP|PORT)|ALLOC_(?:ADDR|IP|PORT|INTERFACE)|HOST_(?:ADDR|IP|PORT)|ADDR|IP|PORT)_./;

/** What a valid runtime variable name looks like in `${…}` (helper/args). */
export const ENV_NAME = /^[A-Za-z0-9_.-]+$/;

export function nameIn(v: RuntimeVar, form: EnvForm): string {
  return form === 'raw' ? v.raw : v.key;
}

function resolvesAs(v: RuntimeVar, name: string, form: EnvForm): boolean {
  return form === 'raw' ? v.raw === name : v.key === name;
}

/**
 * What a name refers to in a scope, in either spelling and including what only a newer Nomad
 * sets: whether it resolves in its place and version is `resolve`'s question (NCX-N11/N12).
 */
export function referents(catalog: EnvCatalog, name: string): readonly RuntimeVar[] {
  const now = catalog.named(name);
  const later = catalog.newerNamed(name);
  return later.length ? [...now, ...later] : now;
}

export function resolve(name: string, site: Site, version: Version): Resolution {
  const r = resolveInGroup(name, site, version);
  if (r.status !== 'undeclared' || r.elsewhere || !site.scope) return r;
  const other = groupDeclaring(name, site.scope.group, version);
  return other ? { ...r, elsewhere: other } : r;
}

/**
 * `resolve` reading the scope's group only: an undeclared name's `elsewhere` names another task
 * of the group, never another group (`groupDeclaring` adds that).
 */
function resolveInGroup(name: string, site: Site, version: Version): Resolution {
  if (/^(var|local)\./.test(name)) return { status: 'hcl' };
  if (/^(attr|meta|node)\./.test(name)) return { status: 'node' };
  if (!site.scope || !ENV_NAME.test(name)) return { status: 'unmodeled' };
  const catalog = catalogFor(site.scope, version);
  const found = catalog.named(name);
  const ok = found.find((v) => resolvesAs(v, name, site.form));
  if (ok) return { status: 'ok', v: ok };
  if (found.length) return { status: 'wrong-form', v: found[0], correct: nameIn(found[0], site.form) };
  const newer = catalog.newerNamed(name)[0];
  if (newer) return { status: 'newer', v: newer };
  if (!PORT_FAMILY.test(name) || catalog.incomplete) return { status: 'unmodeled' };
  return {
    status: 'undeclared',
    suggestion: nearest(name, catalog, site.form),
    elsewhere: otherTaskDeclaring(name, site.scope, version),
    note: allocOutsideBridge(name, site.scope.group),
  };
}

/** What the rules need of a resolution: the runtime variable of an `ok` one is not looked up. */
export type RuleResolution = Exclude<Resolution, { status: 'ok' }> | { status: 'ok' };

const OK: RuleResolution = { status: 'ok' };

const cache = new Attached<Interpolation, { version: string; site: Site; r: RuleResolution }>();

/**
 * An interpolation's site and resolution within its group (see `resolveInGroup`), cached on the
 * interpolation: the rules share them, and a group kept across edits keeps its interpolations.
 * Most names resolve to a port or upstream the model shows at once (`declaredHere`), without the
 * scope's catalog being built.
 */
export function resolveInterpolation(interpolation: Interpolation, version: Version): { site: Site; r: RuleResolution } {
  const key = formatVersion(version);
  const hit = cache.get(interpolation);
  if (hit?.version === key) return hit;
  const site = siteOf(interpolation);
  const r = declaredHere(interpolation.name, site, version) ? OK : resolveInGroup(interpolation.name, site, version);
  const entry = { version: key, site, r };
  cache.set(interpolation, entry);
  return entry;
}

/** `NOMAD_<kind>_<rest>` of the port and upstream families, with the release that first sets each kind. */
const PORT_NAME = /^NOMAD_(UPSTREAM_(?:ADDR|IP|PORT)|HOST_(?:PORT|ADDR|IP)|ALLOC_PORT|ADDR|PORT|IP)_(.+)$/;
const TASK_PORT_KINDS = new Set(['ADDR', 'PORT', 'IP', 'HOST_PORT']);
const OTHER_TASK_KINDS = new Set(['ADDR', 'PORT', 'IP']);
/** Labels and names that Nomad's cleaning leaves as they are wherever they sit in a name. */
const CLEAN_PART = /^[A-Za-z0-9_.]+$/;

/**
 * True when the scope's catalog surely has a variable of this name, set in the target version,
 * in both spellings (its label or destination needs no cleaning): then `resolveInGroup` says
 * `ok`. False says nothing (the catalog decides). Mirrors what catalog.ts declares per port and
 * upstream; test/unit/incremental-analysis.test.ts checks it against the catalog.
 */
function declaredHere(name: string, site: Site, version: Version): boolean {
  const scope = site.scope;
  const m = PORT_NAME.exec(name);
  if (!scope || !m) return false;
  const [, kind, rest] = m;
  if (!CLEAN_PART.test(rest)) return false;
  const { group, task } = scope;
  if (kind.startsWith('UPSTREAM_')) {
    if (!atLeast(version, '0.10')) return false;
    return upstreamsOf(group).some((u) => u.destinationName?.str && u.destinationName.str.interpolations.length === 0 && u.destinationName.value === rest);
  }
  const since = GROUP_PORT_SINCE[kind];
  if (since && atLeast(version, since) && (groupPorts(group).some((p) => p.label === rest) || injectedPorts(group).some((i) => i.port.label === rest))) return true;
  if (!atLeast(version, '0.8')) return false;
  if (task && TASK_PORT_KINDS.has(kind) && taskPorts(task).some((p) => p.label === rest)) return true;
  if (OTHER_TASK_KINDS.has(kind)) {
    for (const other of group.tasks) {
      if (other === task || !rest.startsWith(`${other.name}_`)) continue;
      if (taskPorts(other).some((p) => rest === `${other.name}_${p.label}`)) return true;
    }
  }
  return false;
}

/** `NOMAD_ALLOC_{ADDR,IP,INTERFACE}_<label>` of a declared port whose network is not bridge/CNI. */
function allocOutsideBridge(name: string, group: Group): string | undefined {
  const m = /^NOMAD_ALLOC_(?:ADDR|IP|INTERFACE)_(.+)$/.exec(name);
  if (!m || !groupPorts(group).some((p) => p.label === m[1] || cleanEnvVar(p.label) === m[1])) return undefined;
  return 'the port is declared, but Nomad sets NOMAD_ALLOC_{ADDR,IP,INTERFACE}_* only in bridge or CNI network mode';
}

/**
 * The closest name this scope has (edit distance) among the port/upstream families, or among
 * all its variables, when it is close enough to be a typo.
 */
export function nearest(name: string, catalog: EnvCatalog, form: EnvForm, anyFamily = false): string | undefined {
  const limit = name.length >= 16 ? 3 : 2;
  const lower = name.toLowerCase();
  let best: string | undefined;
  // Only a distance within the limit counts, so the search is capped there from the start.
  let bestDistance = limit + 1;
  for (const v of catalog.vars) {
    if (!anyFamily && !PORT_FAMILY.test(v.raw)) continue;
    const candidate = nameIn(v, form);
    const d = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Another task of the scope's group that has the name. */
function otherTaskDeclaring(name: string, scope: EnvScope, version: Version): string | undefined {
  const group = scope.group;
  for (const task of group.tasks) {
    if (task !== scope.task && catalogFor({ group, task }, version).named(name).length > 0) return `task \`${task.name}\``;
  }
  return undefined;
}

/** Another group of the job that has the name in one of its scopes. */
export function groupDeclaring(name: string, group: Group, version: Version): string | undefined {
  const job = group.job;
  let perJob = declaring.get(job);
  if (!perJob) declaring.set(job, (perJob = new Map()));
  const key = `${formatVersion(version)}|${name}`;
  let first = perJob.get(key);
  if (!first) {
    first = [];
    for (const g of job.groups) if (groupHas(g, name, version) && first.push(g) === 2) break;
    perJob.set(key, first);
  }
  const other = first[0] === group ? first[1] : first[0];
  return other ? `group \`${other.name}\`` : undefined;
}

/** The first two groups of a job (a model version) that have a name: every group with the name asks. */
const declaring = new Attached<Job, Map<string, Group[]>>();

const names = new Attached<Group, Map<string, { asked: number; set?: Set<string> }>>();

/**
 * Whether some scope of the group has the name. Asked on every analysis for each other group, so
 * a group kept across edits gets the set of all its names; a new one is searched the first times.
 */
function groupHas(group: Group, name: string, version: Version): boolean {
  let perVersion = names.get(group);
  if (!perVersion) names.set(group, (perVersion = new Map()));
  const key = formatVersion(version);
  let entry = perVersion.get(key);
  if (!entry) perVersion.set(key, (entry = { asked: 0 }));
  const scopes = [{ group }, ...group.tasks.map((task) => ({ group, task }))];
  if (!entry.set && ++entry.asked <= 2) return scopes.some((scope) => catalogFor(scope, version).named(name).length > 0);
  if (!entry.set) {
    entry.set = new Set();
    for (const scope of scopes) for (const v of catalogFor(scope, version).vars) entry.set.add(v.raw).add(v.key);
  }
  return entry.set.has(name);
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped. */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  // Three rows, reused across calls: nearest() compares a name with every variable of a scope.
  if (rows[0].length <= b.length) rows = [0, 1, 2].map(() => new Int32Array(b.length * 2 + 2));
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin >= cap) return cap;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[b.length];
}

let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
