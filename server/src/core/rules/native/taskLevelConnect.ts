import { quote } from '../../edit/hclText';
import { childIndent, indentUnit, reindent } from '../../edit/indentation';
import { emptyAt, leadingCommentStart, linesWithComments, removeLines, replace } from '../../edit/lines';
import type { Group, Service } from '../../model/types';
import type { LineIndex } from '../../text';
import type { Finding, Fix } from '../../types';
import { groupRule } from '../rule';
import { isDeployable, serviceName } from './groupFacts';

/**
 * NCX-N01: `connect` inside a task-level service. Nomad accepts `connect` only on group
 * services (V2, since 1.0), so the job is rejected at submit.
 */
export const taskLevelConnect = groupRule({
  codes: ['NCX-N01'],
  checkGroup(group, ctx) {
    const out: Finding[] = [];
    if (!isDeployable(group)) return out;
    for (const task of group.tasks)
      for (const service of task.services) {
        if (!service.connect) continue;
        const fix = moveToGroup(ctx.lines, group, service);
        out.push({
          code: 'NCX-N01',
          severity: 'error',
          message: `\`connect\` is only allowed in a group-level service, but service \`${serviceName(service)}\` is declared inside task \`${task.name}\`; Nomad rejects the job. Move the service to group \`${group.name}\`.`,
          range: service.connect.block.typeRange,
          related: [{ range: group.nameRange, message: `group \`${group.name}\`, where a Connect service belongs` }],
          fixes: fix ? [fix] : undefined,
        });
      }
    return out;
  },
});

/**
 * Moves the whole service (with the comments right above it) in front of the group's first
 * task (and that task's own comments), re-indented to group level. A native service gets `task` so Nomad still knows which
 * task implements it.
 */
function moveToGroup(lines: LineIndex, group: Group, service: Service): Fix | undefined {
  const task = service.ownerTask!;
  const anchor = group.tasks[0]?.block;
  if (!anchor || !service.block.closeBrace) return undefined;
  const from = lines.indentOf(service.block.range.start.line);
  const to = lines.indentOf(anchor.range.start.line);
  // The whole lines of the service and its comments, with the line break of the last one.
  const moved = linesWithComments(lines, service.block.range);
  let text = lines.slice({ start: moved.start, end: { line: moved.end.line + 1, character: 0 } });
  if (!text.endsWith('\n')) text += '\n';
  text = reindent(text, from, to);
  const open = service.block.openBrace;
  if (service.connect?.native && !service.task && open && open.end.line < service.block.closeBrace.start.line) {
    const unit = indentUnit(lines.text);
    const inner = to + (childIndent(lines, service.block, unit).slice(from.length) || unit);
    const split = text.split('\n');
    split.splice(open.end.line - moved.start.line + 1, 0, `${inner}task = ${quote(task.name)}`);
    text = split.join('\n');
  }
  const at = emptyAt({ line: leadingCommentStart(lines, anchor.range.start.line), character: 0 });
  return {
    title: `Move service \`${serviceName(service)}\` from task \`${task.name}\` to group \`${group.name}\``,
    isPreferred: true,
    edits: [replace(at, `${text}\n`), removeLines(lines, service.block.range)],
  };
}
