import type { CodeLens } from 'vscode-languageserver/node';
import { codeLenses } from '../core/features/codeLens';
import type { ServerContext } from './context';
import { guard } from './guard';

export function registerCodeLens(ctx: ServerContext): void {
  ctx.connection.onCodeLens(
    guard(ctx.connection, 'codeLens', (params): CodeLens[] => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return [];
      return codeLenses(doc.model).map((l) => ({ range: l.range, command: { title: l.title, command: l.command, arguments: l.arguments } }));
    }),
  );
}
