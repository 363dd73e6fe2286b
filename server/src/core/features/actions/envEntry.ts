import type { NomadDocument } from '../../document';
import { EditBuilder } from '../../edit/blockEdits';
import { attr, block, quote } from '../../edit/hclText';
import { emptyAt } from '../../edit/lines';
import type { Task } from '../../model/types';
import type { TextEdit } from '../../types';
import type { UpstreamTarget } from './addUpstream';
import { appTasks } from './locate';

/** An `env` key written in block form must be an identifier (domain E.1). */
export function isValidEnvName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** The app task an upstream serves: the service's `task`, else the group's only (or first) app task. */
export function appTaskFor(target: UpstreamTarget, at?: Task): Task | undefined {
  if (at && !at.proxy) return at;
  if (target.style === 'native') {
    const named = target.service.task?.value;
    const own = named ? target.group.tasks.find((t) => t.name === named) : undefined;
    if (own) return own;
  }
  return appTasks(target.group)[0];
}

/**
 * Sets `name = "value"` in the task's environment: replaces an existing entry's value, else adds
 * the entry to the `env` block or map (aligned with its neighbours), else adds an `env` block.
 */
export function envEntryEdits(doc: NomadDocument, task: Task, name: string, value: string): TextEdit[] {
  const b = new EditBuilder(doc.lines, doc.hcl);
  const existing = task.env.find((e) => e.key === name);
  if (existing?.value) {
    b.replace(existing.value.range, quote(value));
    return b.edits;
  }
  if (task.envBlock?.closeBrace) {
    const width = Math.max(0, ...task.env.map((e) => e.key.length));
    const entries = task.envBlock.attributes;
    const aligned = entries.every((a) => a.value.range.start.character === entries[0].value.range.start.character);
    const padded = aligned && name.length <= width ? name.padEnd(width) : name;
    b.append(task.envBlock, [attr(padded, quote(value))], { blankBefore: false });
    return b.edits;
  }
  if (task.envAttr?.value.kind === 'object') {
    const obj = task.envAttr.value;
    const last = obj.entries[obj.entries.length - 1];
    const close = obj.range.end;
    if (last && last.value.range.end.line !== close.line) {
      const indent = doc.lines.indentOf(last.keyRange.start.line);
      return [{ range: emptyAt({ line: close.line, character: 0 }), newText: `${indent}${name} = ${quote(value)}\n` }];
    }
    const at = last ? last.value.range.end : { line: obj.range.start.line, character: obj.range.start.character + 1 };
    return [{ range: emptyAt(at), newText: last ? `, ${name} = ${quote(value)}` : ` ${name} = ${quote(value)} ` }];
  }
  b.append(task.block, [block('env', attr(name, quote(value)))]);
  return b.edits;
}
