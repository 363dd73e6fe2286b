import type { Group, NomadFile } from '../model/types';
import type { LineIndex } from '../text';
import type { Finding } from '../types';
import type { Version } from '../version';

/** What a rule sees: the model of one file version and the analysis options. */
export interface RuleContext {
  file: NomadFile;
  lines: LineIndex;
  nomadVersion: Version;
}

/**
 * A check over the job model. `codes` lists every rule id it can report (a family module may
 * report several); findings carry their default severity, which settings may override.
 * `check` gives the findings of the whole file, whatever the scope.
 */
export type Rule = FileRule | GroupRule;

/** Reads the whole file: analyze() runs it on every analysis. */
export interface FileRule {
  scope: 'file';
  codes: string[];
  check(ctx: RuleContext): Finding[];
}

/**
 * Judges one group at a time. analyze() keeps a group's findings for as long as the model keeps
 * the Group object (model/reuse.ts keeps an untouched, unmoved group across edits), so an edit
 * re-checks the group it touched only.
 *
 * Invariant: `checkGroup` reads nothing outside its group (its model, and the text of the lines
 * its block spans) except what the cache key in analyze.ts covers: the job's name and meta, the
 * target version, the file's indentation unit and line-break style (edits follow them), and the
 * file's body as the root of EditBuilder, which only looks at the one-line blocks around a block.
 * Whatever depends on other groups goes in `finish`, which runs on every analysis for the kept
 * findings `unfinished` picks, and may change their message only (not code, severity or range).
 */
export interface GroupRule {
  scope: 'group';
  codes: string[];
  checkGroup(group: Group, ctx: RuleContext): Finding[];
  unfinished?(finding: Finding): boolean;
  finish?(finding: Finding, ctx: RuleContext): Finding;
  check(ctx: RuleContext): Finding[];
}

/** A group-scoped rule; its `check` is every group's findings, in document order. */
export function groupRule(rule: Omit<GroupRule, 'scope' | 'check'>): GroupRule {
  return {
    ...rule,
    scope: 'group',
    check(ctx) {
      const out: Finding[] = [];
      for (const job of ctx.file.jobs)
        for (const group of job.groups)
          for (const f of rule.checkGroup(group, ctx)) out.push(rule.finish && rule.unfinished?.(f) ? rule.finish(f, ctx) : f);
      return out;
    },
  };
}
