import type { Parser, Tree } from 'web-tree-sitter';

/**
 * Parsing with limits, so that one pathological document cannot stall or exhaust the process:
 * tree-sitter's error recovery on large broken input is slow and memory-hungry (measured: 2 MB of
 * binary junk takes 15 s and 1.8 GB; 4 MB exhausts the wasm heap, which kills the parser for good;
 * re-parsing a 10 MB job after typing one `{` near the top takes minutes).
 */
export interface ParseLimits {
  /** Longer documents are not parsed at all (UTF-16 code units). */
  maxChars: number;
  /** A parse that runs longer is stopped and the document is left unanalysed. */
  timeBudgetMs: number;
}

const INPUT_CHUNK = 1024;

/** Real job files are far below this (the largest in the corpus is 19 kB). */
export const DEFAULT_LIMITS: ParseLimits = { maxChars: 1_000_000, timeBudgetMs: 5000 };

let limits: ParseLimits = DEFAULT_LIMITS;

/** The language server sets a shorter time budget: an editor must stay responsive. */
export function configureParseLimits(overrides: Partial<ParseLimits>): void {
  limits = { ...limits, ...overrides };
}

export function parseLimits(): ParseLimits {
  return limits;
}

export interface ParseOutcome {
  tree: Tree;
  /** Why the document was not parsed (the tree is then empty). */
  notParsed?: string;
}

/**
 * Parses `text` (already line-break-normalized, see `normalizeLineBreaks`), incrementally from
 * `old` when given. Never returns without a tree unless the parser itself is broken.
 */
export function parseText(parser: Parser, text: string, old?: Tree): ParseOutcome {
  const { maxChars, timeBudgetMs } = limits;
  if (text.length > maxChars) {
    return { tree: emptyTree(parser), notParsed: `this file is ${describeSize(text.length)}; files over ${describeSize(maxChars)} are not analysed` };
  }
  const deadline = Date.now() + timeBudgetMs;
  let timedOut = false;
  let tree: Tree | null;
  try {
    // Fed in small chunks: web-tree-sitter copies what the callback returns (a string input is fed
    // whole, up to 5k characters a call), and an incremental reparse reads only a few characters.
    tree = parser.parse((index) => text.slice(index, index + INPUT_CHUNK), old ?? null, { progressCallback: () => (timedOut = Date.now() > deadline) });
  } catch (err) {
    // A wasm trap (abort, out of memory) kills the parser for the whole process: nothing to recover.
    if (isParserCrash(err)) throw err;
    parser.reset();
    const message = err instanceof Error ? err.message : String(err);
    return { tree: emptyTree(parser), notParsed: `the HCL parser failed on this file (${message}); it is not analysed` };
  }
  if (tree) return { tree };
  // A stopped parse leaves state behind that the next parse would resume from.
  parser.reset();
  const why = timedOut ? `parsing took longer than ${timeBudgetMs / 1000} s and was stopped` : 'the HCL parser returned no tree';
  return { tree: emptyTree(parser), notParsed: `${why}; this file is not analysed until it changes` };
}

/** True for an error that left the tree-sitter wasm module unusable (emscripten's abort). */
export function isParserCrash(err: unknown): boolean {
  return err instanceof WebAssembly.RuntimeError;
}

function emptyTree(parser: Parser): Tree {
  const tree = parser.parse('');
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

function describeSize(chars: number): string {
  return chars >= 1_000_000 ? `${(chars / 1_000_000).toFixed(1).replace(/\.0$/, '')} MB` : `${Math.round(chars / 1000)} kB`;
}

const LONE_CR = /\r(?!\n)/g;

/**
 * LSP counts a lone "\r" as a line break, tree-sitter (and HCL) do not. Replacing each lone "\r"
 * by "\n" keeps every offset and makes tree-sitter's rows equal LSP's lines.
 */
export function normalizeLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(LONE_CR, '\n') : text;
}
