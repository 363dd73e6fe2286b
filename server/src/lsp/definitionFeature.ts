import type { Location } from 'vscode-languageserver/node';
import { definitionAt } from '../core/features/definition';
import { NEWEST_NOMAD, parseVersion } from '../core/version';
import type { ServerContext } from './context';
import { guard } from './guard';

/** Go to definition of port labels and runtime variables. */
export function registerDefinition(ctx: ServerContext): void {
  ctx.connection.onDefinition(
    guard(ctx.connection, 'definition', (params): Location[] => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const version = parseVersion(ctx.settings().nomadVersion) ?? NEWEST_NOMAD;
      return definitionAt(doc, params.position, version).map((range) => ({ uri: doc.uri, range }));
    }),
  );
}
