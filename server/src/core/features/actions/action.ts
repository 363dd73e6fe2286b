import type { NomadDocument } from '../../document';
import type { Range, TextEdit } from '../../types';
import type { Version } from '../../version';

/** What a code action provider sees: the document, the selection and the relevant settings. */
export interface ActionRequest {
  doc: NomadDocument;
  range: Range;
  nomadVersion: Version;
  /** `auto` picks native Connect for Nomad ≥ 0.10 and the manual proxy task before. */
  sidecarStyle: 'native' | 'manual' | 'auto';
}

export interface ActionCommand {
  title: string;
  command: string;
  arguments?: unknown[];
}

/** A code action computed by the core: an edit, a client command, or both. */
export interface CodeActionItem {
  title: string;
  kind: 'quickfix' | 'refactor' | 'refactor.rewrite' | 'refactor.extract';
  edits?: TextEdit[];
  command?: ActionCommand;
  isPreferred?: boolean;
  /** For a quick fix: the rule ids whose findings under the cursor it resolves. */
  resolves?: string[];
}

export type ActionProvider = (req: ActionRequest) => CodeActionItem[];
