import type { NomadDocument } from './document';
import { allRules } from './rules/index';
import type { Rule, RuleContext } from './rules/rule';
import { limitFindings, syntaxFindings } from './syntax';
import { layoutFindings } from './syntaxLayout';
import type { Finding, Severity } from './types';
import { NEWEST_NOMAD, parseVersion } from './version';

export interface AnalysisOptions {
  /** Target Nomad version, e.g. "1.10"; default: the newest. */
  nomadVersion?: string;
  /** Per-rule severity overrides, e.g. `{ "NCX-L07": "off" }`. */
  rules?: Record<string, Severity | 'off'>;
  /** Called when a rule throws; the other rules still run. Without it the error propagates. */
  onRuleError?: (codes: string[], err: unknown) => void;
}

const IGNORE = /(?:#|\/\/)\s*nomad-connect-ignore\b(.*)$/;

/** Syntax findings plus every rule's findings, after ignore comments and severity overrides. */
export function analyze(doc: NomadDocument, options: AnalysisOptions = {}, rules: Rule[] = allRules): Finding[] {
  const syntax = doc.tree.rootNode.hasError ? syntaxFindings(doc.tree, doc.text) : layoutFindings(doc);
  const findings = [...limitFindings(doc), ...syntax];
  const ctx: RuleContext = {
    file: doc.model,
    lines: doc.lines,
    nomadVersion: parseVersion(options.nomadVersion) ?? NEWEST_NOMAD,
  };
  // An unparsed document has an empty model: no rule has anything to say (and some scan the text).
  for (const rule of doc.notParsed ? [] : rules) {
    if (rule.codes.every((c) => options.rules?.[c] === 'off')) continue;
    if (!options.onRuleError) findings.push(...rule.check(ctx));
    else {
      try {
        findings.push(...rule.check(ctx));
      } catch (err) {
        options.onRuleError(rule.codes, err);
      }
    }
  }
  const out: Finding[] = [];
  for (const f of findings) {
    const override = options.rules?.[f.code];
    if (override === 'off') continue;
    if (isIgnored(doc, f)) continue;
    out.push(override ? { ...f, severity: override } : f);
  }
  return out;
}

/** `# nomad-connect-ignore NCX-L07` (or several ids, or none for all) on the line above. */
function isIgnored(doc: NomadDocument, f: Finding): boolean {
  if (f.code === 'syntax') return false;
  const line = f.range.start.line;
  for (const l of [line - 1, line]) {
    if (l < 0) continue;
    const m = IGNORE.exec(doc.lines.lineText(l));
    if (!m) continue;
    const ids = m[1].split(/[\s,]+/).filter(Boolean);
    if (ids.length === 0 || ids.includes(f.code)) return true;
  }
  return false;
}
