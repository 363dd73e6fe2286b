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
 * or manual proxy, of the real job corpus. Every result must parse and add no finding, in groups
 * of any number of tasks. Findings are compared as a multiset: a result may keep a finding the
 * job already had, not add a second one. Two comparisons are looser, on purpose:
 * - NCX-N11 is compared by the variable it names. Its message says where the variable is read
 *   (a task, or the group once the task's service moved to the group, as Connect needs) and
 *   where else it is set; the same unset variable read at the same place is no new problem.
 * - NCX-N03 on an uppercase group name is accepted. The sidecar makes it an error (V5), but
 *   renaming a group changes the job itself (Nomad replaces the group's allocations, and
 *   whatever refers to the group by name breaks), so the action leaves it to N03's own quick fix.
 */

const CORPUS = path.join(PROJECT_ROOT, '..', 'shared', 'corpus', 'real');

/** NCX-N11 by the variable it names (see above); every other finding by its code and message. */
function key(f: Finding): string {
  const variable = f.code === 'NCX-N11' ? /`([^`]+)`/.exec(f.message)?.[1] : undefined;
  return `${f.code} ${variable ?? f.message}`;
}

function counts(findings: Finding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) out.set(key(f), (out.get(key(f)) ?? 0) + 1);
  return out;
}

function leftToUser(f: Finding, group: Group): boolean {
  return f.code === 'NCX-N03' && f.message.startsWith(`Group name \`${group.name}\``) && /[A-Z]/.test(group.name);
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
      const before = counts(analyze(doc));
      const check = async (what: string, out: string, group: Group) => {
        const seen = new Map<string, number>();
        for (const f of analyze(await parseDoc(out))) {
          const k = key(f);
          seen.set(k, (seen.get(k) ?? 0) + 1);
          if (seen.get(k)! > (before.get(k) ?? 0) && !leftToUser(f, group)) problems.push(`${file}: ${what}: ${f.code} ${f.message}`);
        }
      };
      for (const group of doc.model.jobs.flatMap((j) => j.groups)) {
        for (const task of group.tasks) {
          for (const sidecarStyle of ['native', 'manual'] as const) {
            const at = task.nameRange.start;
            const [item] = addSidecar({ doc, range: { start: at, end: at }, nomadVersion: NEWEST_NOMAD, sidecarStyle });
            if (!item) continue;
            sidecars++;
            await check(`${item.title} (${sidecarStyle})`, applyEdits(text, item.edits ?? []), group);
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
        await check('Add upstream', applyEdits(text, edit.edits), group);
      }
    }
    assert.ok(sidecars > 0 && upstreams > 0, `ran on the corpus: ${sidecars} sidecars, ${upstreams} upstreams`);
    assert.deepEqual(problems, []);
  });
});
