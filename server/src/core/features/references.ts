import type { NomadDocument } from '../document';
import type { Position, Range } from '../types';
import type { Version } from '../version';
import { declarationRange, targetAt, usesOf } from './portTargets';

/**
 * Find references of a port label or an upstream, from its declaration or any use: every
 * interpolation (in any spelling) and every `port =`/`listener_port =`/`ports` item naming it.
 */
export function referencesAt(doc: NomadDocument, pos: Position, version: Version, includeDeclaration: boolean): Range[] {
  const target = targetAt(doc.model, pos, version);
  if (!target) return [];
  const uses = usesOf(doc.model, target, version).map((u) => u.range);
  return includeDeclaration ? [declarationRange(target), ...uses] : uses;
}
