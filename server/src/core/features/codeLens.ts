import type { NomadFile } from '../model/types';
import type { Range } from '../types';
import { connectPairs } from './connectPairs';

/** The client command that creates an intention (client/src/commands/intentions.ts). */
export const ALLOW_SERVICE_COMMAND = 'nomadConnect.allowService';

export interface Lens {
  range: Range;
  title: string;
  command: string;
  arguments: unknown[];
}

/**
 * "Allow web → db in Consul" above each upstream. The argument asks nothing except, through
 * `replaceDeny: 'ask'`, before turning an existing deny into an allow.
 */
export function codeLenses(file: NomadFile): Lens[] {
  return connectPairs(file).map((p) => ({
    range: p.range,
    title: `Allow ${p.source} → ${p.destination} in Consul`,
    command: ALLOW_SERVICE_COMMAND,
    arguments: [{ source: p.source, destination: p.destination, replaceDeny: 'ask' }],
  }));
}
