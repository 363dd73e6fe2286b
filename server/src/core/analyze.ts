import type { NomadDocument } from './document';
import { indentUnitFrom } from './edit/indentation';
import type { Group, Job } from './model/types';
import { allRules } from './rules/index';
import type { Rule, RuleContext } from './rules/rule';
import { groupsOf, ownership, type TextStyle, textStyle } from './rules/textStyle';
import { limitFindings, syntaxFindings } from './syntax';
import { layoutFindings } from './syntaxLayout';
import type { Finding, Severity } from './types';
import { formatVersion, NEWEST_NOMAD, parseVersion } from './version';
import { Attached } from './attached';

export interface AnalysisOptions {
  /** Target Nomad version, e.g. "1.10"; default: the newest. */
  nomadVersion?: string;
  /** Per-rule severity overrides, e.g. `{ "NCX-L07": "off" }`. */
  rules?: Record<string, Severity | 'off'>;
  /** Called when a rule throws; the other rules still run. Without it the error propagates. */
  onRuleError?: (codes: string[], err: unknown) => void;
}

const IGNORE = /(?:#|\/\/)\s*nomad-connect-ignore\b(.*)$/;

/**
 * A group's findings, rule by rule (one slot per rule of the list they were made for), after
 * severity overrides and ignore comments. A finding is `live` when its rule finishes it on every
 * analysis, or when an ignore comment for it may sit outside the group's lines: it is kept as
 * the rule made it and finished and filtered on every analysis.
 */
interface Kept {
  /** Target version, overrides and the job's name and meta. */
  key: string;
  /** The indentation unit and line break the fixes follow, when one inserts a line break. */
  style?: string;
  rules: readonly Rule[];
  slots: Finding[][];
  /** The rules (indices) whose slot has findings. */
  filled: number[];
  /** The live findings: true for those whose ignore comment is read on every analysis. */
  live?: Map<Finding, boolean>;
  /** A rule threw: not kept, so that the error is reported again on the next analysis. */
  failed?: boolean;
}

const kept = new Attached<Group, Kept>();
const NONE: Finding[] = [];

/**
 * Syntax findings plus every rule's findings, after ignore comments and severity overrides.
 * Group-scoped rules (rules/rule.ts) run only for groups the model did not keep from the last
 * analysis, or whose cache key changed; the others' findings are taken over.
 */
export function analyze(doc: NomadDocument, options: AnalysisOptions = {}, rules: Rule[] = allRules): Finding[] {
  const syntax = doc.tree.rootNode.hasError ? syntaxFindings(doc.tree, doc.text, doc.lines) : layoutFindings(doc);
  const out: Finding[] = [];
  const filter = new Filter(doc, options);
  for (const f of limitFindings(doc)) filter.push(f, out);
  for (const f of syntax) filter.push(f, out);
  // An unparsed document has an empty model: no rule has anything to say (and some scan the text).
  if (doc.notParsed) return out;

  const version = parseVersion(options.nomadVersion) ?? NEWEST_NOMAD;
  const ctx: RuleContext = { file: doc.model, lines: doc.lines, nomadVersion: version };
  const run: Run = { ctx, options, rules, active: rules.map((r) => !r.codes.every((c) => options.rules?.[c] === 'off')), filter };
  const groups = groupsOf(ctx.file);
  const checks = rules.some((r, i) => run.active[i] && r.scope === 'group') ? new GroupChecks(groups, run) : undefined;
  try {
    emit(run, groups, checks?.entries() ?? [], out);
  } finally {
    checks?.done();
  }
  return out;
}

/** One analysis: the rules, which of them the options leave on, and the filter of their findings. */
interface Run {
  ctx: RuleContext;
  options: AnalysisOptions;
  rules: Rule[];
  active: boolean[];
  filter: Filter;
}

/** In rule order, each rule's findings group by group; the groups' entries say which slots they fill. */
function emit({ ctx, options, rules, active, filter }: Run, groups: Group[], entries: Kept[], out: Finding[]): void {
  const filled: number[] = [];
  for (let g = 0; g < entries.length; g++) for (const r of entries[g].filled) filled.push(r * groups.length + g);
  filled.sort((a, b) => a - b);
  let next = 0;
  for (let r = 0; r < rules.length; r++) {
    if (!active[r]) continue;
    const rule = rules[r];
    if (rule.scope === 'file') {
      for (const f of guarded(rule, options, () => rule.check(ctx))) filter.push(f, out);
      continue;
    }
    for (; next < filled.length && filled[next] < (r + 1) * groups.length; next++) {
      const g = filled[next] - r * groups.length;
      const { slots, live } = entries[g];
      for (const f of slots[r]) {
        const outside = live?.get(f);
        if (outside === undefined) {
          out.push(f);
          continue;
        }
        const finished = rule.finish && rule.unfinished?.(f) ? guarded(rule, options, () => [rule.finish!(f, ctx)]) : [f];
        for (const x of finished) {
          if (outside) filter.push(x, out);
          else filter.override(x, out);
        }
      }
    }
  }
}

/** Each group's kept findings, checked again where the group, the key or the text style changed. */
class GroupChecks {
  private readonly owns: boolean[];
  private style?: string;
  readonly done: () => void;

  constructor(
    private readonly groups: Group[],
    private readonly run: Run,
  ) {
    this.owns = ownership(run.ctx.lines, groups);
    // Rules that write new lines ask for the indentation unit: summed up from the groups' counts.
    this.done = indentUnitFrom(run.ctx.lines.text, () => this.textStyle().unit);
  }

  entries(): Kept[] {
    const base = `${formatVersion(this.run.ctx.nomadVersion)}|${JSON.stringify(this.run.options.rules ?? {})}`;
    // Groups come job by job: the key is made once per job.
    let job: Job | undefined;
    let key = '';
    const entries: Kept[] = [];
    for (let g = 0; g < this.groups.length; g++) {
      const group = this.groups[g];
      if (group.job !== job) {
        job = group.job;
        key = `${base}|${jobKey(job)}`;
      }
      const hit = this.owns[g] ? kept.get(group) : undefined;
      if (hit && hit.key === key && sameRules(hit.rules, this.run.rules) && (hit.style === undefined || hit.style === this.styleKey())) {
        entries.push(hit);
        continue;
      }
      const entry = this.check(group, key);
      if (this.owns[g] && !entry.failed) kept.set(group, entry);
      entries.push(entry);
    }
    return entries;
  }

  private textStyle(): TextStyle {
    const style = textStyle(this.run.ctx.lines, this.groups, this.owns);
    this.style = `${JSON.stringify(style.unit)}|${style.crlf}`;
    return style;
  }

  private styleKey(): string {
    if (this.style === undefined) this.textStyle();
    return this.style!;
  }

  /** Runs the group-scoped rules on one group. */
  private check(group: Group, key: string): Kept {
    const { rules, options, ctx, active, filter } = this.run;
    const slots: Finding[][] = [];
    const filled: number[] = [];
    let live: Map<Finding, boolean> | undefined;
    let failed = false;
    let style: string | undefined;
    const first = group.block.range.start.line;
    const last = group.block.range.end.line;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r];
      if (!active[r] || rule.scope !== 'group') {
        slots.push(NONE);
        continue;
      }
      let found: Finding[];
      try {
        found = rule.checkGroup(group, ctx);
      } catch (err) {
        if (!options.onRuleError) throw err;
        options.onRuleError(rule.codes, err);
        failed = true;
        found = NONE;
      }
      if (found.length === 0) {
        slots.push(NONE);
        continue;
      }
      // A fix that inserts a line break follows the file's indentation and line breaks.
      if (style === undefined && found.some(writesLines)) style = this.styleKey();
      const final: Finding[] = [];
      for (const f of found) {
        // An ignore comment is read on the finding's line and the one above; the group's lines are
        // kept with it, except its last one, which may go on after the closing brace.
        const inside = f.range.start.line - 1 >= first && f.range.start.line < last;
        if (inside && filter.drops(f)) continue;
        if (inside && !rule.unfinished?.(f)) filter.override(f, final);
        else {
          (live ??= new Map()).set(f, !inside);
          final.push(f);
        }
      }
      slots.push(final.length ? final : NONE);
      if (final.length) filled.push(r);
    }
    return { key, style, rules, slots, filled, live, failed };
  }
}

function writesLines(f: Finding): boolean {
  return !!f.fixes?.some((fix) => fix.edits.some((e) => e.newText.includes('\n') || e.newText.includes('\r')));
}

function sameRules(a: readonly Rule[], b: readonly Rule[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A rule's findings; when it throws and options say so, none (the error is reported). */
function guarded(rule: Rule, options: AnalysisOptions, run: () => Finding[]): Finding[] {
  if (!options.onRuleError) return run();
  try {
    return run();
  } catch (err) {
    options.onRuleError(rule.codes, err);
    return NONE;
  }
}

/** What the groups read of their job: its name and meta keys (runtime variables `NOMAD_META_*`). */
function jobKey(job: Job): string {
  let key = job.name;
  const at = (r: { start: { line: number; character: number } }) => `${r.start.line}:${r.start.character}`;
  for (const b of job.block.blocks) if (b.type === 'meta') for (const a of b.attributes) key += `|${a.name}@${at(a.nameRange)}`;
  for (const a of job.block.attributes) {
    if (a.name !== 'meta') continue;
    key += a.value.kind === 'object' ? `|{${a.value.entries.map((e) => `${e.key}@${at(e.keyRange)}`).join(',')}}` : `|?@${at(a.range)}`;
  }
  return key;
}

/** Severity overrides and ignore comments. */
class Filter {
  constructor(
    private readonly doc: NomadDocument,
    private readonly options: AnalysisOptions,
  ) {}

  push(f: Finding, out: Finding[]): void {
    const override = this.options.rules?.[f.code];
    if (override === 'off' || this.ignored(f)) return;
    out.push(override ? { ...f, severity: override } : f);
  }

  /** Whether `push` leaves the finding out. */
  drops(f: Finding): boolean {
    return this.options.rules?.[f.code] === 'off' || this.ignored(f);
  }

  /** `push` for a finding known not to be dropped. */
  override(f: Finding, out: Finding[]): void {
    const override = this.options.rules?.[f.code];
    out.push(override && override !== 'off' ? { ...f, severity: override } : f);
  }

  /** `# nomad-connect-ignore NCX-L07` (or several ids, or none for all) on the line above or the finding's own. */
  private ignored(f: Finding): boolean {
    if (f.code === 'syntax') return false;
    const line = f.range.start.line;
    for (const l of [line - 1, line]) {
      if (l < 0) continue;
      const m = IGNORE.exec(this.doc.lines.lineText(l));
      if (!m) continue;
      const ids = m[1].split(/[\s,]+/).filter(Boolean);
      if (ids.length === 0 || ids.includes(f.code)) return true;
    }
    return false;
  }
}
