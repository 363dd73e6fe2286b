import { groupDeclaring } from '../../nomadEnv/resolve';
import type { EnvScope } from '../../nomadEnv/catalog';
import type { Finding } from '../../types';
import { atLeast, formatVersion } from '../../version';
import { groupRule } from '../rule';
import { portFamilyInterpolations } from './resolved';
import { Attached } from '../../attached';

/**
 * NCX-N11: `${NOMAD_…}` of the port or upstream families that nothing declares for the task.
 * Nomad leaves an unknown name in the string as it is (domain.md §B.3), so the task starts
 * with a literal `${NOMAD_ADDR_db_tpc}` in its arguments or environment.
 */
export const undeclaredVariable = groupRule({
  codes: ['NCX-N11'],
  checkGroup(group, ctx): Finding[] {
    const out: Finding[] = [];
    for (const { interpolation, name, site, r } of portFamilyInterpolations(group, ctx)) {
      const task = site.scope?.task ? `task \`${site.scope.task.name}\`` : site.scope?.sidecarOf ? 'the sidecar task' : `group \`${site.scope?.group.name}\``;
      // Driver config is evaluated as HCL2 from 0.9: there an unknown name fails the task (§B.3).
      const literal =
        interpolation.context === 'config' && atLeast(ctx.nomadVersion, '0.9')
          ? 'the task fails to start (driver `config` cannot evaluate an unknown name)'
          : `Nomad leaves \`\${${name}}\` in the string as it is`;
      if (r.status === 'newer') {
        out.push({
          code: 'NCX-N11',
          severity: 'warning',
          message: `\`${name}\` is set from Nomad ${r.v.since} on; with the target version ${formatVersion(ctx.nomadVersion)}, ${literal}.`,
          range: interpolation.range,
        });
      } else if (r.status === 'undeclared') {
        const why = r.note ?? 'no port or upstream declares it';
        const message = (elsewhere: string | undefined) =>
          `\`${name}\` is not set for ${task}: ${why}, so ${literal}.${elsewhere ? ` It is set in ${elsewhere} only.` : ''}${r.suggestion ? ` Did you mean \`${r.suggestion}\`?` : ''}`;
        const finding: Finding = {
          code: 'NCX-N11',
          severity: 'warning',
          message: message(r.elsewhere),
          range: interpolation.range,
          fixes: r.suggestion ? [{ title: `Change to \`${r.suggestion}\``, edits: [{ range: interpolation.range, newText: r.suggestion }], isPreferred: true }] : undefined,
        };
        if (!r.elsewhere && site.scope) otherGroups.set(finding, { name, scope: site.scope, message });
        out.push(finding);
      }
    }
    return out;
  },
  // Another group setting the name is worth saying; it is looked up on every analysis.
  unfinished: (f) => otherGroups.has(f),
  finish(f, ctx) {
    const pending = otherGroups.get(f)!;
    const other = groupDeclaring(pending.name, pending.scope.group, ctx.nomadVersion);
    return other ? { ...f, message: pending.message(other) } : f;
  },
});

/** Findings whose name no task of their group sets: another group may. */
const otherGroups = new Attached<Finding, { name: string; scope: EnvScope; message: (elsewhere: string) => string }>();
