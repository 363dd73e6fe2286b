import type { Interpolation, NomadFile, Task } from '../../model/types';
import type { Range } from '../../types';
import type { EditBuilder } from './editBuilder';
import { cleanEnvVar } from './names';

/**
 * Rewrites how tasks bind so that a proxy reaches them and nothing else does. Each function edits
 * only the `${…}` (or `{{ env "…" }}`) it names, so the rest of every string stays as written.
 */

/** A port whose variables are rewritten: its label, and the task that owned it when it was task-level. */
export interface PortRef {
  label: string;
  formerTask?: Task;
}

/**
 * Host-IP forms become loopback (domain A.4, N13): `${NOMAD_ADDR_<l>}` → `127.0.0.1:${NOMAD_PORT_<l>}`
 * and `${NOMAD_IP_<l>}` → `127.0.0.1`, task-prefixed forms of ports that moved to the group
 * included; in templates, `{{ env "NOMAD_ADDR_<l>" }}` likewise. Task-prefixed `NOMAD_PORT_<t>_<l>`
 * of a moved port loses its prefix (group ports have none, domain B.1).
 */
export function bindToLoopback(b: EditBuilder, file: NomadFile, tasks: Task[], ports: PortRef[]): void {
  for (const i of file.interpolations) {
    if (!i.task || !tasks.includes(i.task)) continue;
    const name = cleanEnvVar(i.name);
    for (const p of ports) {
      const l = cleanEnvVar(p.label);
      const prefixed = p.formerTask ? `${cleanEnvVar(p.formerTask.name)}_${l}` : undefined;
      const is = (kind: string) => name === `NOMAD_${kind}_${l}` || (prefixed !== undefined && name === `NOMAD_${kind}_${prefixed}`);
      const port = `NOMAD_PORT_${labelAsWritten(i, p.label)}`;
      if (is('ADDR')) replaceVariable(b, i, { loopback: true, port });
      else if (is('IP')) replaceVariable(b, i, { loopback: true });
      else if (prefixed !== undefined && name === `NOMAD_PORT_${prefixed}`) replaceVariable(b, i, { loopback: false, port });
      else continue;
      break;
    }
  }
}

/** `0.0.0.0:${NOMAD_PORT_<l>}` and `":${NOMAD_PORT_<l>}"` (every interface) become `127.0.0.1:…` in the task. */
export function bindAnyHostToLoopback(b: EditBuilder, file: NomadFile, task: Task, label: string): void {
  const names = new Set([`NOMAD_PORT_${cleanEnvVar(label)}`, `NOMAD_PORT_${cleanEnvVar(task.name)}_${cleanEnvVar(label)}`]);
  for (const i of file.interpolations) {
    if (i.task !== task || i.kind !== 'interpolation' || !names.has(cleanEnvVar(i.name))) continue;
    const at = i.outerRange.start;
    const before = b.doc.lines.lineText(at.line).slice(0, at.character);
    if (before.endsWith('0.0.0.0:')) b.replace(lineRange(at.line, at.character - 8, at.character - 1), '127.0.0.1');
    else if (/(^|["=\s]):$/.test(before)) b.replace(lineRange(at.line, at.character - 1, at.character - 1), '127.0.0.1');
  }
}

/**
 * The label as the variable wrote it: raw (`my-port`) where the user wrote the raw form, which
 * only `env` resolves, else cleaned (`my_port`), which driver `config` needs (domain B.3).
 */
function labelAsWritten(i: Interpolation, label: string): string {
  return i.name.endsWith(label) ? label : cleanEnvVar(label);
}

function replaceVariable(b: EditBuilder, i: Interpolation, to: { loopback: boolean; port?: string }): void {
  if (i.kind === 'interpolation') {
    b.replace(i.outerRange, `${to.loopback ? '127.0.0.1' : ''}${to.loopback && to.port ? ':' : ''}${to.port ? `\${${to.port}}` : ''}`);
    return;
  }
  // `{{ env "NAME" }}`: the whole action is replaced, found around the quoted name on its line.
  const line = b.doc.lines.lineText(i.outerRange.start.line);
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
