import { groupInterpolations } from '../../model/queries';
import type { Group, Interpolation } from '../../model/types';
import { PORT_FAMILY, type RuleResolution, resolveInterpolation } from '../../nomadEnv/resolve';
import type { Site } from '../../nomadEnv/scope';
import type { RuleContext } from '../rule';

/** The group's `${…}` names of the port and upstream families, each with its site and resolution (shared by NCX-N11/N12). */
export function portFamilyInterpolations(group: Group, ctx: RuleContext): { interpolation: Interpolation; name: string; site: Site; r: RuleResolution }[] {
  const out: { interpolation: Interpolation; name: string; site: Site; r: RuleResolution }[] = [];
  for (const interpolation of groupInterpolations(group)) {
    if (PORT_FAMILY.test(interpolation.name)) out.push({ interpolation, name: interpolation.name, ...resolveInterpolation(interpolation, ctx.nomadVersion) });
  }
  return out;
}
