import { documentSymbols } from '../core/features/symbols';
import type { ServerContext } from './context';
import { toDocumentSymbol } from './convert';
import { guard } from './guard';

export function registerSymbols(ctx: ServerContext): void {
  ctx.connection.onDocumentSymbol(
    guard(ctx.connection, 'documentSymbol', (params) => {
      const doc = ctx.documents.get(params.textDocument.uri);
      return doc ? documentSymbols(doc.model).map(toDocumentSymbol) : [];
    }),
  );
}
