import type { InterpolationContext } from '../../model/types';
import type { Finding } from '../../types';
import { groupRule } from '../rule';
import { portFamilyInterpolations } from './resolved';

/**
 * NCX-N12: the raw (dashed) spelling where Nomad uses the cleaned name, or the other way round
 * (domain.md §B.2, §B.3). `env` values are interpolated before Nomad cleans the keys, so only
 * the raw `NOMAD_PORT_http-api` resolves there; driver `config`, templates and services see the
 * cleaned map, where only `NOMAD_PORT_http_api` exists.
 */
export const variableSpelling = groupRule({
  codes: ['NCX-N12'],
  checkGroup(group, ctx): Finding[] {
    const out: Finding[] = [];
    for (const { interpolation, name, site, r } of portFamilyInterpolations(group, ctx)) {
      if (r.status !== 'wrong-form') continue;
      const message =
        site.form === 'raw'
          ? `\`${name}\` does not resolve in an \`env\` value: Nomad interpolates env values before it cleans variable names, so the name here is \`${r.correct}\`.`
          : `\`${name}\` does not resolve in ${placeOf(interpolation.context)}: it sees cleaned variable names (\`-\` becomes \`_\`), so the name here is \`${r.correct}\`.${interpolation.context === 'config' ? ' In driver config an unresolved name fails the task at start.' : ''}`;
      out.push({
        code: 'NCX-N12',
        severity: 'warning',
        message,
        range: interpolation.range,
        fixes: [{ title: `Change to \`${r.correct}\``, edits: [{ range: interpolation.range, newText: r.correct }], isPreferred: true }],
      });
    }
    return out;
  },
});

function placeOf(context: InterpolationContext): string {
  switch (context) {
    case 'config':
      return 'driver `config`';
    case 'template':
      return 'a template';
    case 'service':
      return 'a service block';
    default:
      return 'this place';
  }
}
