import type { HclBlock, HclString, HclValue } from '../hcl/ast';
import type { Range } from '../types';
import { keptInterpolations, rememberInterpolations } from './reuse';
import type { Group, Interpolation, InterpolationContext, Job, Task } from './types';

interface Scope {
  group?: Group;
  task?: Task;
  context: InterpolationContext;
}

/** `{{ env "NAME" }}` (also `{{- env …}}` and with escaped quotes in a quoted string). */
const TEMPLATE_ENV = /(\{\{-?\s*env\s+)(\\?")([^"\\]*)(\\?")/g;

/**
 * Every `${…}` in the file, and every `{{ env "…" }}` of template data, with the group, task
 * and kind of attribute (env, driver config, template…) it appears in.
 */
export function collectInterpolations(file: HclBlock, jobs: Job[]): Interpolation[] {
  // Collected in runs, joined once: each group's interpolations are a run of their own, made
  // when the group was built (groupInterpolationsOf) and kept with it (model/reuse.ts).
  const runs: Interpolation[][] = [];
  let out: Interpolation[] = [];
  // Jobs are the file's `job` blocks, groups their `group` blocks and tasks the groups' `task`
  // blocks, in order: each is met by counting, not looked up.
  const visit = (block: HclBlock, scope: Scope, groups?: Group[], tasks?: Task[]) => {
    for (const a of block.attributes) {
      addValue(a.value, scope, a.name, out);
    }
    let nextGroup = 0;
    let nextTask = 0;
    let nextJob = 0;
    for (const child of block.blocks) {
      const type = child.type;
      const group = groups && type === 'group' ? groups[nextGroup++] : undefined;
      const task = tasks && type === 'task' ? tasks[nextTask++] : undefined;
      const job = block === file && type === 'job' ? jobs[nextJob++] : undefined;
      const next: Scope = { group: group ?? scope.group, task: task ?? scope.task, context: contextOf(type, scope.context) };
      if (group && next.context === 'other') {
        if (out.length > 0) runs.push(out);
        runs.push(keptInterpolations(group) ?? groupInterpolationsOf(group));
        out = [];
        continue;
      }
      visit(child, next, job?.groups, group?.tasks);
    }
  };
  visit(file, { context: 'other' });
  runs.push(out);
  return ([] as Interpolation[]).concat(...runs);
}

/**
 * The interpolations inside a group of a job (its own run of the file's list), collected once
 * per Group object and kept with it.
 */
export function groupInterpolationsOf(group: Group): Interpolation[] {
  const out: Interpolation[] = [];
  const visit = (block: HclBlock, scope: Scope, tasks?: Task[]) => {
    for (const a of block.attributes) {
      addValue(a.value, scope, a.name, out);
    }
    let nextTask = 0;
    for (const child of block.blocks) {
      const task = tasks && child.type === 'task' ? tasks[nextTask++] : undefined;
      visit(child, { group, task: task ?? scope.task, context: contextOf(child.type, scope.context) });
    }
  };
  visit(group.block, { group, context: 'other' }, group.tasks);
  rememberInterpolations(group, out);
  return out;
}

function contextOf(blockType: string, parent: InterpolationContext): InterpolationContext {
  switch (blockType) {
    case 'env':
      return 'env';
    case 'config':
      return parent === 'other' ? 'config' : parent;
    case 'template':
      return 'template';
    case 'service':
      return 'service';
    case 'meta':
      return 'meta';
    default:
      return parent;
  }
}

/** The interpolations of every string in an attribute's value (no callback: this runs for every attribute of a rebuilt group). */
function addValue(value: HclValue, scope: Scope, attribute: string, out: Interpolation[]): void {
  switch (value.kind) {
    case 'string':
      addString(value.str, scope, attribute, out);
      break;
    case 'tuple':
      for (const i of value.items) addValue(i, scope, attribute, out);
      break;
    case 'object':
      for (const e of value.entries) addValue(e.value, scope, attribute, out);
      break;
    case 'expr':
      for (const str of value.strings) addString(str, scope, attribute, out);
      break;
  }
}

function addString(str: HclString, scope: Scope, attribute: string, out: Interpolation[]): void {
  if (str.interpolations.length === 0 && scope.context !== 'template') return;
  // A map-form `env = { … }` attribute is an env context too.
  const context: InterpolationContext = attribute === 'env' && scope.context !== 'env' ? 'env' : scope.context;
  // Outside templates there are only the `${…}`, already in document order.
  const items: Interpolation[] = scope.context === 'template' ? [] : out;
  for (const i of str.interpolations) {
    items.push({ name: i.text, range: i.range, outerRange: i.outerRange, kind: 'interpolation', context, group: scope.group, task: scope.task, attribute, source: i });
  }
  if (items !== out) {
    for (const lit of str.literals) {
      TEMPLATE_ENV.lastIndex = 0;
      for (let m = TEMPLATE_ENV.exec(lit.raw); m; m = TEMPLATE_ENV.exec(lit.raw)) {
        const quoteStart = m.index + m[1].length;
        const nameStart = quoteStart + m[2].length;
        items.push({
          name: m[3],
          range: rangeIn(lit.raw, lit.range, nameStart, nameStart + m[3].length),
          outerRange: rangeIn(lit.raw, lit.range, quoteStart, m.index + m[0].length),
          kind: 'template-env',
          context: 'template',
          group: scope.group,
          task: scope.task,
          attribute,
          source: undefined,
        });
      }
    }
    // The `${…}` come in document order; only template `env` names need placing among them.
    if (items.length > str.interpolations.length) items.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (const item of items) out.push(item);
  }
}

/** Range of `raw[from, to)` given the range `raw` starts at (raw may span lines). */
export function rangeIn(raw: string, rawRange: Range, from: number, to: number): Range {
  const at = (offset: number) => {
    const lastBreak = offset > 0 ? raw.lastIndexOf('\n', offset - 1) : -1;
    if (lastBreak === -1) return { line: rawRange.start.line, character: rawRange.start.character + offset };
    let line = rawRange.start.line;
    for (let i = raw.indexOf('\n'); i !== -1 && i < offset; i = raw.indexOf('\n', i + 1)) line++;
    return { line, character: offset - lastBreak - 1 };
  };
  return { start: at(from), end: at(to) };
}
