import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import type { ActionRequest, CodeActionItem } from '../../server/src/core/features/actions/action';
import { allActionProviders } from '../../server/src/core/features/actions/index';
import type { Finding } from '../../server/src/core/types';
import { NEWEST_NOMAD, parseVersion } from '../../server/src/core/version';
import { FIXTURES, parseDoc, parseWithCursor } from './documents';

/**
 * Code action fixtures: test/fixtures/actions/<case>/ holds before.nomad (with the cursor marker),
 * after.nomad (the exact expected text) and case.json ({ title, nomadVersion?, sidecarStyle?, … }).
 */
export interface ActionCase {
  name: string;
  dir: string;
  before: string;
  after: string;
  title: string;
  nomadVersion?: string;
  sidecarStyle?: ActionRequest['sidecarStyle'];
  /** For Add upstream: the destination the quick pick would return. */
  destination?: string;
  /** For Add upstream: what the command is told to leave out of the quick pick. */
  exclude?: string[];
}

export const ACTION_FIXTURES = path.join(FIXTURES, 'actions');

export function actionCases(prefix: string): ActionCase[] {
  return readdirSync(ACTION_FIXTURES)
    .filter((d) => d.startsWith(prefix) && existsSync(path.join(ACTION_FIXTURES, d, 'case.json')))
    .sort()
    .map((name) => {
      const dir = path.join(ACTION_FIXTURES, name);
      const meta = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as Omit<ActionCase, 'name' | 'dir' | 'before' | 'after'>;
      return {
        ...meta,
        name,
        dir,
        before: readFileSync(path.join(dir, 'before.nomad'), 'utf8'),
        after: readFileSync(path.join(dir, 'after.nomad'), 'utf8'),
      };
    });
}

/** Runs every registered provider at the fixture's cursor, as the server does. */
export async function actionsAt(c: Pick<ActionCase, 'before' | 'nomadVersion' | 'sidecarStyle'>) {
  const { doc, position } = await parseWithCursor(c.before);
  const req: ActionRequest = {
    doc,
    range: { start: position, end: position },
    nomadVersion: parseVersion(c.nomadVersion) ?? NEWEST_NOMAD,
    sidecarStyle: c.sidecarStyle ?? 'auto',
  };
  const items: CodeActionItem[] = allActionProviders.flatMap((p) => p(req));
  return { doc, position, items };
}

/** Syntax errors and rule findings of a text, for asserting that an action's result is clean. */
export async function findingsOf(text: string, nomadVersion?: string): Promise<Finding[]> {
  return analyze(await parseDoc(text), { nomadVersion });
}

export function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.code} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`).join('\n');
}
