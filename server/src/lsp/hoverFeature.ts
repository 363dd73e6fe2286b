import { type Hover, MarkupKind } from 'vscode-languageserver/node';
import { hoverAt } from '../core/features/hover';
import type { ServerContext } from './context';
import { guard } from './guard';
import { targetVersion } from './settings';

/** Hover on runtime variable names: meaning, declaring block, version. */
export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover(
    guard(ctx.connection, 'hover', (params): Hover | null => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return null;
      const h = hoverAt(doc, params.position, targetVersion(ctx.settings()));
      return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: h.range } : null;
    }),
  );
}
