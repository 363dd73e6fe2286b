import type { Location } from 'vscode-languageserver/node';
import { referencesAt } from '../core/features/references';
import type { ServerContext } from './context';
import { guard } from './guard';
import { targetVersion } from './settings';

/** Find references of a port label or upstream. */
export function registerReferences(ctx: ServerContext): void {
  ctx.connection.onReferences(
    guard(ctx.connection, 'references', (params): Location[] => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const version = targetVersion(ctx.settings());
      return referencesAt(doc, params.position, version, params.context.includeDeclaration).map((range) => ({ uri: doc.uri, range }));
    }),
  );
}
