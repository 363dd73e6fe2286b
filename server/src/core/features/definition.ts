import type { NomadDocument } from '../document';
import type { Position, Range } from '../types';
import type { Version } from '../version';
import { declarationRange, interpolationTargetAt, labelRefAt } from './portTargets';

/**
 * Go to definition: from `${NOMAD_…}`, a service/check `port = "label"`, an expose
 * `listener_port` or a docker `ports` item to the `port "label"` block label or the
 * `upstreams` destination.
 */
export function definitionAt(doc: NomadDocument, pos: Position, version: Version): Range[] {
  const file = doc.model;
  const ref = labelRefAt(file, pos);
  if (ref) return ref.port ? [ref.port.labelRange] : [];
  const hit = interpolationTargetAt(file, pos, version);
  if (hit?.v?.port) return [declarationRange({ kind: 'port', port: hit.v.port })];
  if (hit?.v?.upstream) return [declarationRange({ kind: 'upstream', upstream: hit.v.upstream })];
  return [];
}
