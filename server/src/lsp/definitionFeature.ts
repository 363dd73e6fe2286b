import type { Location } from 'vscode-languageserver/node';
import { definitionAt } from '../core/features/definition';
import type { ServerContext } from './context';
import { guard } from './guard';
import { targetVersion } from './settings';

/** Go to definition of port labels and runtime variables. */
export function registerDefinition(ctx: ServerContext): void {
  ctx.connection.onDefinition(
    guard(ctx.connection, 'definition', (params): Location[] => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const version = targetVersion(ctx.settings());
      return definitionAt(doc, params.position, version).map((range) => ({ uri: doc.uri, range }));
    }),
  );
}
