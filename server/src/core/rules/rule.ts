import type { NomadFile } from '../model/types';
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
 */
export interface Rule {
  codes: string[];
  check(ctx: RuleContext): Finding[];
}
