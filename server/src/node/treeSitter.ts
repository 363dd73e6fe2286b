import { existsSync } from 'node:fs';
import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { createParser } from '../core/document';

/**
 * Loads web-tree-sitter and the HCL grammar. In the bundle (dist/) both `.wasm` files sit next
 * to the script; when running from compiled sources they are resolved from node_modules.
 */
let loading: Promise<Language> | undefined;

function locate(file: string, fromPackage: string): string {
  const beside = path.join(__dirname, file);
  return existsSync(beside) ? beside : require.resolve(fromPackage);
}

export function loadHclLanguage(): Promise<Language> {
  loading ??= (async () => {
    await Parser.init({
      locateFile: () => locate('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'),
    });
    return Language.load(locate('tree-sitter-hcl.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'));
  })();
  return loading;
}

export async function newHclParser(): Promise<Parser> {
  return createParser(await loadHclLanguage());
}
