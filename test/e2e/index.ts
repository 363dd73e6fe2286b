// Entry point that VS Code's extension host calls (`extensionTestsPath`): runs every
// compiled *.e2e.js file beside it with mocha and rejects when a test failed.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  const grep = process.env.NOMAD_CONNECT_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.e2e.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  // The code-server runner prints the workbench's console from this line on.
  console.log(`[nomad-connect e2e] suite starting in VS Code ${vscode.version}`);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} end-to-end test(s) failed`)) : resolve()));
  });
}
