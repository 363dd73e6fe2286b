import { CompletionItemKind, type CompletionItem, MarkupKind } from 'vscode-languageserver/node';
import type { Parser } from 'web-tree-sitter';
import { NomadDocument } from '../core/document';
import { type CompletionEntry, completeAt } from '../core/features/completion';
import type { ServerContext } from './context';
import { guard } from './guard';
import { targetVersion } from './settings';

/**
 * Completion of runtime variables in `${…}` and `{{ env "…" }}`; `$`, `{`, `_` and `"` trigger it,
 * and `.` (not a word character of the language) for `attr.`, `node.`, `var.`, `local.`.
 */
export const COMPLETION_TRIGGERS = ['$', '{', '_', '"', '.'];

export function registerCompletion(ctx: ServerContext, parser: Parser): void {
  ctx.connection.onCompletion(
    guard(ctx.connection, 'completion', (params) => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const nomadVersion = targetVersion(ctx.settings());
      const reparse = (text: string) => NomadDocument.create(parser, doc.uri, text, doc.version);
      return completeAt(doc, params.position, { nomadVersion, reparse }).map(toItem);
    }),
  );
}

function toItem(e: CompletionEntry): CompletionItem {
  return {
    label: e.label,
    kind: e.kind === 'constant' ? CompletionItemKind.Constant : CompletionItemKind.Variable,
    detail: e.detail,
    documentation: { kind: MarkupKind.Markdown, value: e.documentation },
    sortText: e.sortText,
    textEdit: e.textEdit,
  };
}
