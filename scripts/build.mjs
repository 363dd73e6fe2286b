// Bundles the extension client, the language server and the CLI into dist/,
// and copies the tree-sitter wasm files next to them so dist/ works without node_modules.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const outdir = 'dist';
mkdirSync(outdir, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // web-tree-sitter's CommonJS build still reads import.meta.url to find its files.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir, external: ['vscode'] }),
  // Without comments and indentation the source V8 keeps in memory for lazy compilation shrinks
  // from 1.7 MB to 0.6 MB (one non-ASCII character in a kept comment made it two bytes a char);
  // names stay, so stack traces still read, and the source map gives the lines.
  build({ ...common, entryPoints: { server: 'server/src/lsp/main.ts', cli: 'server/src/cli/main.ts' }, outdir, minifyWhitespace: true }),
]);

const wasms = [
  require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
  require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'),
];
for (const file of wasms) copyFileSync(file, path.join(outdir, path.basename(file)));
