import {
  CodeAction, CodeActionKind, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DocumentSymbol, SymbolKind, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { OutlineSymbol, SymbolKind as CoreSymbolKind } from '../core/features/symbols';
import type { Finding, Fix, Severity } from '../core/types';

/** Maps core data to LSP types; the only place where the two meet. */

export const SOURCE = 'nomad-connect';
export const RULES_DOC_BASE = 'https://github.com/nomad-connect/nomad-connect/blob/main/docs/rules.md';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding, uri: string): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    source: SOURCE,
    message: f.message,
  };
  if (f.code.startsWith('NCX-')) d.codeDescription = { href: `${RULES_DOC_BASE}#${f.code.toLowerCase()}` };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => DiagnosticRelatedInformation.create({ uri, range: r.range }, r.message));
  return d;
}

export function toWorkspaceEdit(uri: string, fix: Fix): WorkspaceEdit {
  return { changes: { [uri]: fix.edits.map((e) => TextEdit.replace(e.range, e.newText)) } };
}

export function toQuickFix(uri: string, fix: Fix, diagnostic: Diagnostic): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.isPreferred,
    edit: toWorkspaceEdit(uri, fix),
  };
}

const SYMBOL_KIND: Record<CoreSymbolKind, SymbolKind> = {
  job: SymbolKind.Module,
  group: SymbolKind.Namespace,
  task: SymbolKind.Function,
  service: SymbolKind.Interface,
  network: SymbolKind.Struct,
  port: SymbolKind.Number,
  upstream: SymbolKind.Event,
  variable: SymbolKind.Variable,
  locals: SymbolKind.Variable,
};

export function toDocumentSymbol(s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map(toDocumentSymbol),
  };
}
