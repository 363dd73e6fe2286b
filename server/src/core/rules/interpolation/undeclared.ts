import type { Finding } from '../../types';
import { atLeast, formatVersion } from '../../version';
import type { Rule, RuleContext } from '../rule';
import { portFamilyInterpolations } from './resolved';

/**
 * NCX-N11: `${NOMAD_…}` of the port or upstream families that nothing declares for the task.
 * Nomad leaves an unknown name in the string as it is (domain.md §B.3), so the task starts
 * with a literal `${NOMAD_ADDR_db_tpc}` in its arguments or environment.
 */
export const undeclaredVariable: Rule = {
  codes: ['NCX-N11'],
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = [];
    for (const { interpolation, name, site, r } of portFamilyInterpolations(ctx)) {
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
        const where = r.elsewhere ? ` It is set in ${r.elsewhere} only.` : '';
        out.push({
          code: 'NCX-N11',
          severity: 'warning',
          message: `\`${name}\` is not set for ${task}: ${why}, so ${literal}.${where}${r.suggestion ? ` Did you mean \`${r.suggestion}\`?` : ''}`,
          range: interpolation.range,
          fixes: r.suggestion ? [{ title: `Change to \`${r.suggestion}\``, edits: [{ range: interpolation.range, newText: r.suggestion }], isPreferred: true }] : undefined,
        });
      }
    }
    return out;
  },
};
