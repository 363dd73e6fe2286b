import type { EditBuilder } from '../../edit/blockEdits';
import type { Interpolation, NomadFile, Task } from '../../model/types';
import type { Range } from '../../types';
import { cleanEnvVar } from './names';

/**
 * Rewrites how tasks bind so that a proxy reaches them and nothing else does. Each function edits
 * only the `${…}` (or `{{ env "…" }}`) it names, so the rest of every string stays as written.
 */

/** A port whose variables are rewritten. */
export interface PortRef {
  /** The label as declared before the action. */
  label: string;
  /** The task that owned it when it was a legacy task-level port. */
  formerTask?: Task;
  /** Its label at group level, when that differs (another port had the label). */
  newLabel?: string;
}

/** Which builder takes the edit of an interpolation (one inside a block that moves takes the mover's). */
export type Route = (i: Interpolation) => EditBuilder;

/**
 * Host-IP forms become loopback (domain A.4, N13) where a task binds or dials, that is in `env`,
 * driver `config` and templates: `${NOMAD_ADDR_<l>}` → `127.0.0.1:${NOMAD_PORT_<l>}` and
 * `${NOMAD_IP_<l>}` → `127.0.0.1`; in templates, `{{ env "NOMAD_ADDR_<l>" }}` likewise. Ports
 * that moved from a task to the group take the group forms, which have no task prefix (domain
 * B.1): another task's `NOMAD_{ADDR,IP,PORT}_<task>_<l>` and a relabelled port's own variables
 * are rewritten so that each still resolves; in service and meta values, which Nomad advertises
 * rather than binds, they keep their kind (`NOMAD_ADDR_<task>_<l>` → `NOMAD_ADDR_<l>`).
 */
export function bindToLoopback(b: EditBuilder, file: NomadFile, tasks: Task[], ports: PortRef[], route: Route = () => b): void {
  for (const i of file.interpolations) {
    if (!i.task || !tasks.includes(i.task)) continue;
    const m = /^NOMAD_(ADDR|IP|PORT|HOST_PORT)_(.+)$/.exec(cleanEnvVar(i.name));
    if (!m) continue;
    const [, kind, rest] = m;
    const found = resolvePort(i.task, rest, ports);
    if (!found) continue;
    const { port: p, prefixed } = found;
    const renamed = p.newLabel !== undefined && p.newLabel !== p.label;
    const label = labelAsWritten(i, p.label, p.newLabel ?? p.label);
    const to = route(i);
    if (binds(i) && kind === 'ADDR') replaceVariable(to, i, { loopback: true, port: `NOMAD_PORT_${label}` });
    else if (binds(i) && kind === 'IP') replaceVariable(to, i, { loopback: true });
    else if ((prefixed && kind !== 'HOST_PORT') || (renamed && !prefixed)) replaceVariable(to, i, { loopback: false, port: `NOMAD_${kind}_${label}` });
  }
}

/** Where a task binds or dials: its environment, driver config and templates. */
function binds(i: Interpolation): boolean {
  return i.context === 'env' || i.context === 'config' || i.context === 'template';
}

/**
 * The port a variable suffix names in a task: the task's own legacy port, a group port, another
 * task's legacy port by its `<task>_<l>` prefix, or (now that it joins the group) another task's
 * legacy port that keeps its label.
 */
function resolvePort(task: Task, rest: string, ports: PortRef[]): { port: PortRef; prefixed: boolean } | undefined {
  const is = (p: PortRef) => rest === cleanEnvVar(p.label);
  const own = ports.find((p) => p.formerTask === task && is(p)) ?? ports.find((p) => !p.formerTask && is(p));
  if (own) return { port: own, prefixed: false };
  const other = ports.find((p) => p.formerTask && rest === `${cleanEnvVar(p.formerTask.name)}_${cleanEnvVar(p.label)}`);
  if (other) return { port: other, prefixed: true };
  const joining = ports.find((p) => p.formerTask && (p.newLabel ?? p.label) === p.label && is(p));
  return joining ? { port: joining, prefixed: false } : undefined;
}

/** `0.0.0.0:${NOMAD_PORT_<l>}` and `":${NOMAD_PORT_<l>}"` (every interface) become `127.0.0.1:…` in the task. */
export function bindAnyHostToLoopback(b: EditBuilder, file: NomadFile, task: Task, label: string): void {
  const names = new Set([`NOMAD_PORT_${cleanEnvVar(label)}`, `NOMAD_PORT_${cleanEnvVar(task.name)}_${cleanEnvVar(label)}`]);
  for (const i of file.interpolations) {
    if (i.task !== task || i.kind !== 'interpolation' || !binds(i) || !names.has(cleanEnvVar(i.name))) continue;
    const at = i.outerRange.start;
    const before = b.lines.lineText(at.line).slice(0, at.character);
    if (before.endsWith('0.0.0.0:')) b.replace(lineRange(at.line, at.character - 8, at.character - 1), '127.0.0.1');
    else if (/(^|["=\s]):$/.test(before)) b.replace(lineRange(at.line, at.character - 1, at.character - 1), '127.0.0.1');
  }
}

/**
 * `target` (the label, or its new name) written as the variable wrote `label`: raw (`my-port`)
 * where the user wrote the raw form, which only `env` resolves, else cleaned (`my_port`), which
 * driver `config` needs (domain B.3).
 */
function labelAsWritten(i: Interpolation, label: string, target = label): string {
  return i.name.endsWith(label) ? target : cleanEnvVar(target);
}

function replaceVariable(b: EditBuilder, i: Interpolation, to: { loopback: boolean; port?: string }): void {
  if (i.kind === 'interpolation') {
    b.replace(i.outerRange, `${to.loopback ? '127.0.0.1' : ''}${to.loopback && to.port ? ':' : ''}${to.port ? `\${${to.port}}` : ''}`);
    return;
  }
  // `{{ env "NAME" }}`: the whole action is replaced, found around the quoted name on its line.
  const line = b.lines.lineText(i.outerRange.start.line);
  const open = line.lastIndexOf('{{', i.outerRange.start.character);
  const close = line.indexOf('}}', i.outerRange.end.character);
  if (open === -1 || close === -1 || !/^\{\{-?\s*env\s*\\?"[^"\\]*\\?"\s*-?\}\}$/.test(line.slice(open, close + 2))) return;
  const quote = line.slice(open, close).includes('\\"') ? '\\"' : '"';
  const port = to.port ? `{{ env ${quote}${to.port}${quote} }}` : '';
  b.replace(lineRange(i.outerRange.start.line, open, close + 2), `${to.loopback ? '127.0.0.1' : ''}${to.loopback && to.port ? ':' : ''}${port}`);
}

function lineRange(line: number, from: number, to: number): Range {
  return { start: { line, character: from }, end: { line, character: to } };
}
