import type { Location } from 'vscode-languageserver/node';
import { referencesAt } from '../core/features/references';
import { NEWEST_NOMAD, parseVersion } from '../core/version';
import type { ServerContext } from './context';
import { guard } from './guard';

/** Find references of a port label or upstream. */
export function registerReferences(ctx: ServerContext): void {
  ctx.connection.onReferences(
    guard(ctx.connection, 'references', (params): Location[] => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const version = parseVersion(ctx.settings().nomadVersion) ?? NEWEST_NOMAD;
      return referencesAt(doc, params.position, version, params.context.includeDeclaration).map((range) => ({ uri: doc.uri, range }));
    }),
  );
}
