import { connectPairs } from '../core/features/connectPairs';
import type { ServerContext } from './context';
import { guard } from './guard';

/** Custom request: the intention pairs an open job file implies, for "Connect: allow service". */
export const CONNECT_PAIRS_REQUEST = 'nomadConnect/connectPairs';

export interface ConnectPairsParams {
  uri: string;
}

export function registerConnectPairs(ctx: ServerContext): void {
  ctx.connection.onRequest(
    CONNECT_PAIRS_REQUEST,
    guard(ctx.connection, 'connectPairs', (params: ConnectPairsParams) => {
      const doc = ctx.documents.get(params.uri);
      return doc ? connectPairs(doc.model).map(({ source, destination, range }) => ({ source, destination, range })) : [];
    }),
  );
}
