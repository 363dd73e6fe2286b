import { type CodeAction, CodeActionKind, type Diagnostic } from 'vscode-languageserver/node';
import { allActionProviders } from '../core/features/actions/index';
import type { CodeActionItem } from '../core/features/actions/action';
import { rangesOverlap } from '../core/types';
import type { ServerContext } from './context';
import { toQuickFix } from './convert';
import { guard } from './guard';
import { targetVersion } from './settings';

/** Quick fixes of the findings under the cursor, plus the refactorings offered there. */
export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction(
    guard(ctx.connection, 'codeAction', (params) => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const uri = doc.uri;
      const only = params.context.only;
      const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
      const actions: CodeAction[] = [];

      const { findings, diagnostics } = ctx.analysis(doc);
      if (wants(CodeActionKind.QuickFix)) {
        findings.forEach((f, i) => {
          if (!f.fixes?.length || !rangesOverlap(f.range, params.range)) return;
          const diagnostic: Diagnostic = params.context.diagnostics.find((d) => d.code === f.code && sameRange(d.range, f.range)) ?? diagnostics[i];
          for (const fix of f.fixes) actions.push(toQuickFix(uri, fix, diagnostic));
        });
      }

      const settings = ctx.settings();
      const request = {
        doc,
        range: params.range,
        nomadVersion: targetVersion(settings),
        sidecarStyle: settings.sidecarStyle,
      };
      for (const provider of allActionProviders) {
        for (const item of provider(request)) {
          if (!wants(item.kind)) continue;
          const action = toCodeAction(uri, item);
          // Ties a provider's quick fix to the diagnostics it resolves, so editors show it with them.
          if (item.resolves) action.diagnostics = diagnostics.filter((d) => item.resolves!.includes(String(d.code)) && rangesOverlap(d.range, params.range));
          actions.push(action);
        }
      }
      return actions;
    }),
  );
}

function toCodeAction(uri: string, item: CodeActionItem): CodeAction {
  return {
    title: item.title,
    kind: item.kind,
    isPreferred: item.isPreferred,
    edit: item.edits ? { changes: { [uri]: item.edits } } : undefined,
    command: item.command,
  };
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
