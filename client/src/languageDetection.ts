import * as vscode from 'vscode';

/** A top-level `job "…" {` block marks a plain `.hcl` file as a Nomad job. */
const TOP_LEVEL_JOB = /^job\s+("[^"]*"|[A-Za-z_][\w-]*)\s*\{/m;

function switchIfJob(doc: vscode.TextDocument): void {
  if (doc.languageId === 'nomad' || doc.uri.scheme === 'output') return;
  if (!doc.fileName.endsWith('.hcl') || doc.fileName.endsWith('.nomad.hcl')) return;
  if (doc.languageId !== 'hcl' && doc.languageId !== 'plaintext' && doc.languageId !== 'terraform') return;
  if (TOP_LEVEL_JOB.test(doc.getText(new vscode.Range(0, 0, 2000, 0)))) {
    void vscode.languages.setTextDocumentLanguage(doc, 'nomad');
  }
}

/** Switches `.hcl` files that hold a Nomad job to the `nomad` language, now and as they open. */
export function watchHclJobFiles(context: vscode.ExtensionContext): void {
  vscode.workspace.textDocuments.forEach(switchIfJob);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(switchIfJob));
}
