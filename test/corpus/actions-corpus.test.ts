import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { addSidecar } from '../../server/src/core/features/actions/addSidecar';
import { computeUpstreamEdit, upstreamTarget } from '../../server/src/core/features/actions/addUpstream';
import type { Group } from '../../server/src/core/model/types';
import type { Finding } from '../../server/src/core/types';
import { NEWEST_NOMAD } from '../../server/src/core/version';
import { applyEdits, parseDoc, PROJECT_ROOT } from '../helpers/documents';

/**
 * "Add Connect sidecar" (both styles) on every task, and "Add upstream" on every Connect service
 * or manual proxy, of the real job corpus. Every result must parse; Add upstream must add no
 * finding; Add sidecar on a single-task group must add none either, except the two findings that
 * name a decision left to the user: a `tcp` check kept on the service (NCX-N10) and an uppercase
 * group name (NCX-N03).
 */

const CORPUS = path.join(PROJECT_ROOT, '..', 'shared', 'corpus', 'real');

const key = (f: Finding) => `${f.code} ${f.message}`;

function userDecision(f: Finding, group: Group): boolean {
  if (f.code === 'NCX-N03') return /[A-Z]/.test(group.name);
  if (f.code === 'NCX-N10') return /`tcp` check/.test(f.message);
  return false;
}

describe('code actions on the real job corpus', () => {
  if (!existsSync(path.join(CORPUS, 'INDEX.tsv'))) {
    it('did not run: ../shared/corpus/real is absent on this machine', (t) => {
      t.skip('corpus folder not found; the code action corpus test did not run');
    });
    return;
  }
  const [header, ...rows] = readFileSync(path.join(CORPUS, 'INDEX.tsv'), 'utf8').trimEnd().split('\n');
  const fileCol = header.split('\t').indexOf('file');
  const files = rows.filter((r) => r.trim()).map((r) => r.split('\t')[fileCol]);

  it('Add Connect sidecar and Add upstream give jobs that parse and add no finding', async () => {
    const problems: string[] = [];
    let sidecars = 0;
    let upstreams = 0;
    for (const file of files) {
      const text = readFileSync(path.join(CORPUS, file), 'utf8');
      const doc = await parseDoc(text);
      const before = new Set(analyze(doc).map(key));
      const check = async (what: string, out: string, group: Group, strict: boolean) => {
        const added = analyze(await parseDoc(out)).filter((f) => !before.has(key(f)));
        for (const f of added) {
          if (f.code === 'syntax' || (strict && !userDecision(f, group))) problems.push(`${file}: ${what}: ${key(f)}`);
        }
      };
      for (const group of doc.model.jobs.flatMap((j) => j.groups)) {
        for (const task of group.tasks) {
          for (const sidecarStyle of ['native', 'manual'] as const) {
            const at = task.nameRange.start;
            const [item] = addSidecar({ doc, range: { start: at, end: at }, nomadVersion: NEWEST_NOMAD, sidecarStyle });
            if (!item) continue;
            sidecars++;
            await check(`${item.title} (${sidecarStyle})`, applyEdits(text, item.edits ?? []), group, group.tasks.length === 1);
          }
        }
        const anchor = group.services.find((s) => s.connect?.sidecarService)?.block ?? group.tasks.find((t) => t.proxy)?.block;
        const target = anchor && upstreamTarget(doc.model, { line: anchor.range.start.line, character: anchor.range.start.character + 1 });
        if (!target) continue;
        const edit = computeUpstreamEdit(doc, target, 'corpus-new-upstream');
        if ('error' in edit) {
          problems.push(`${file}: Add upstream in group ${group.name}: ${edit.error}`);
          continue;
        }
        upstreams++;
        await check('Add upstream', applyEdits(text, edit.edits), group, true);
      }
    }
    assert.ok(sidecars > 0 && upstreams > 0, `ran on the corpus: ${sidecars} sidecars, ${upstreams} upstreams`);
    assert.deepEqual(problems, []);
  });
});
