import type { LineIndex } from './text';
import type { Node, Tree } from 'web-tree-sitter';
import type { NomadDocument } from './document';
import { MAX_NESTING, nodeRange } from './hcl/ast';
import { scanStructure } from './syntaxScan';
import type { Finding, Range } from './types';

/** Parts of the document left unanalysed because of the limits in parse.ts and hcl/ast.ts. */
export function limitFindings(doc: NomadDocument): Finding[] {
  const start = { line: 0, character: 0 };
  if (doc.notParsed) return [{ code: 'limit', severity: 'warning', message: doc.notParsed, range: { start, end: { line: 0, character: doc.lines.lineText(0).length } } }];
  const cut = doc.hcl.nestingCut;
  if (!cut) return [];
  const range = cut.start.line === cut.end.line ? cut : { start: cut.start, end: { line: cut.start.line, character: doc.lines.lineText(cut.start.line).length } };
  return [{ code: 'limit', severity: 'warning', message: `nesting deeper than ${MAX_NESTING} levels: what is inside is not analysed`, range }];
}

/**
 * Syntax errors in a person's terms. tree-sitter decides whether the file parses; when it does
 * not, a structural scan of the text (syntaxScan.ts) names the unclosed block, string, heredoc or
 * `${`, or the malformed statement. Only when the scan finds nothing do tree-sitter's ERROR and
 * MISSING nodes speak for themselves.
 */
export function syntaxFindings(tree: Tree, text: string, lines?: LineIndex, limit = 50): Finding[] {
  if (!tree.rootNode.hasError) return [];
  const scanned = scanStructure(text, lines);
  if (scanned.length > 0) return scanned.slice(0, limit).map((p) => finding(p.range, p.message));
  return treeFindings(tree, limit);
}

function treeFindings(tree: Tree, limit: number): Finding[] {
  const out: Finding[] = [];
  // An explicit stack, in document order, that carries the enclosing block down: broken input can
  // nest thousands of levels deep, and a node's parent costs a walk from the root in tree-sitter.
  const stack: [Node, Node | undefined][] = [[tree.rootNode, undefined]];
  for (let top = stack.pop(); top && out.length < limit; top = stack.pop()) {
    const [n, block] = top;
    if (n.isMissing) out.push(missingFinding(n, block));
    // Missing tokens inside an ERROR are reported by the ERROR itself.
    else if (n.type === 'ERROR') out.push(errorFinding(n, block));
    else {
      const inner = n.type === 'block' ? n : block;
      const kids = n.children;
      for (let i = kids.length - 1; i >= 0; i--) {
        const c = kids[i];
        if (c && (c.hasError || c.isMissing)) stack.push([c, inner]);
      }
    }
  }
  return out;
}

function finding(range: Range, message: string): Finding {
  return { code: 'syntax', severity: 'error', message, range };
}

function missingFinding(n: Node, block: Node | undefined): Finding {
  const token = n.type;
  if ((token === '}' || token === 'block_end') && block) {
    return finding(headerRange(block), `missing closing \`}\` for block ${describeBlock(block)}`);
  }
  const at = nodeRange(n);
  const where = block ? ` in block ${describeBlock(block)}` : '';
  if (token === '"' || token === 'quoted_template_end') return finding(at, `missing closing quote \`"\`${where}`);
  if (token === 'heredoc_identifier') return finding(at, `missing closing heredoc marker${where}`);
  if (token === ']' || token === 'tuple_end') return finding(at, `missing closing \`]\` of a list${where}`);
  if (token === 'object_end') return finding(at, `missing closing \`}\` of a map${where}`);
  if (token === 'template_interpolation_end') return finding(at, `missing closing \`}\` of \`\${…}\`${where}`);
  if (token === 'identifier') return finding(at, `expected a name here${where}`);
  return finding(at, `missing \`${token}\`${where}`);
}

function errorFinding(n: Node, block: Node | undefined): Finding {
  const where = block ? ` in block ${describeBlock(block)}` : ' at the top level';
  const text = n.text;
  const firstLine = text.split(/\r\n?|\n/)[0].trim();
  const range = firstLineRange(n, text);
  if (text.trim() === '}') return finding(range, `unexpected \`}\`${where}: it closes no block`);
  if (text.trim() === '') return finding(range, `unexpected input${where}`);
  const control = /[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/.exec(firstLine);
  if (control) return finding(range, `unexpected character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}${where}: is this a binary file?`);
  const children = n.children.filter((c): c is Node => !!c);
  if (children.length === 1 && children[0].type === 'identifier')
    return finding(range, `\`${children[0].text}\` needs \`= value\` or a block \`{ … }\`${where}`);
  return finding(range, `unexpected \`${shorten(firstLine)}\`${where}`);
}

/** `group "db"` — the block's type and labels as written. */
export function describeBlock(block: Node): string {
  const parts: string[] = [];
  for (const c of block.children) {
    if (!c || c.type === 'block_start') break;
    parts.push(c.text);
  }
  return `\`${parts.join(' ')}\``;
}

function headerRange(block: Node): Range {
  const start = block.children.find((c) => c?.type === 'block_start');
  const r = nodeRange(block);
  return { start: r.start, end: start ? nodeRange(start).end : r.start };
}

function firstLineRange(n: Node, text: string): Range {
  const r = nodeRange(n);
  if (r.end.line === r.start.line) return r;
  const firstLine = text.split(/\r\n?|\n/)[0];
  return { start: r.start, end: { line: r.start.line, character: r.start.character + firstLine.length } };
}

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}
