import type { Interpolation, NomadFile, Service } from '../model/types';
import { type Position, type Range, rangeContains } from '../types';
import type { EnvScope } from './catalog';

/**
 * Which environment map a name is looked up in (domain.md §B.3): `env` values (and task meta)
 * are interpolated before keys are cleaned, so they see the raw names; driver `config`,
 * templates and services see the cleaned map.
 */
export type EnvForm = 'raw' | 'key';

export interface Site {
  /** Undefined outside any group (job-level attributes, variables). */
  scope?: EnvScope;
  form: EnvForm;
}

export function siteOf(interp: Interpolation): Site {
  const group = interp.group;
  if (!group) return { form: 'key' };
  const at = interp.range.start;
  const sidecarOf = group.services.find((s) => within(s.connect?.sidecarTask?.range, at));
  const task = sidecarOf ? undefined : interp.task;
  const inService = !sidecarOf && (inAny(group.services, at) || (!!task && inAny(task.services, at)));
  const raw = interp.context === 'env' || (interp.context === 'meta' && !inService);
  return { scope: { group, task, sidecarOf }, form: raw ? 'raw' : 'key' };
}

function inAny(services: Service[], pos: Position): boolean {
  for (const s of services) if (rangeContains(s.block.range, pos)) return true;
  return false;
}

function within(range: Range | undefined, pos: Position): boolean {
  return !!range && rangeContains(range, pos);
}

/** The interpolation (or `{{ env "…" }}` name) whose name or braces contain `pos`. */
export function interpolationAt(file: NomadFile, pos: Position): Interpolation | undefined {
  // A linear scan is cheaper than keeping a sorted copy per version: no allocation, no sort.
  for (const it of file.interpolations) {
    if (rangeContains(it.outerRange, pos) || rangeContains(it.range, pos)) return it;
  }
  return undefined;
}
