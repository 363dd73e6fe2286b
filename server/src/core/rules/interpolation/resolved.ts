import type { Interpolation } from '../../model/types';
import { PORT_FAMILY, type Resolution, resolveInterpolation } from '../../nomadEnv/resolve';
import type { Site } from '../../nomadEnv/scope';
import type { RuleContext } from '../rule';

/** The file's `${…}` names of the port and upstream families, each with its site and resolution (shared by NCX-N11/N12). */
export function portFamilyInterpolations(ctx: RuleContext): { interpolation: Interpolation; name: string; site: Site; r: Resolution }[] {
  return ctx.file.interpolations
    .filter((interpolation) => PORT_FAMILY.test(interpolation.name))
    .map((interpolation) => ({ interpolation, name: interpolation.name, ...resolveInterpolation(interpolation, ctx.nomadVersion) }));
}
