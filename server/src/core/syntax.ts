import type { Node, Tree } from 'web-tree-sitter';
import { nodeRange } from './hcl/ast';
import type { Finding, Range } from './types';

/**
 * Turns tree-sitter's ERROR and MISSING nodes into findings a person understands:
 * which block is unclosed, which token is unexpected and where.
 */
export function syntaxFindings(tree: Tree, limit = 50): Finding[] {
  const out: Finding[] = [];
  const visit = (n: Node) => {
    if (out.length >= limit) return;
    if (n.isMissing) {
      out.push(missingFinding(n));
      return;
    }
    if (n.type === 'ERROR') {
      out.push(errorFinding(n));
      // Missing tokens inside an ERROR are reported by the ERROR itself.
      return;
    }
    for (const c of n.children) if (c && (c.hasError || c.isMissing)) visit(c);
  };
  if (tree.rootNode.hasError) visit(tree.rootNode);
  return out;
}

function finding(range: Range, message: string): Finding {
  return { code: 'syntax', severity: 'error', message, range };
}

function missingFinding(n: Node): Finding {
  const token = n.type;
  const block = enclosingBlock(n);
  if ((token === '}' || n.parent?.type === 'block_end') && block) {
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

function errorFinding(n: Node): Finding {
  const block = enclosingBlock(n);
  const where = block ? ` in block ${describeBlock(block)}` : ' at the top level';
  const text = n.text;
  const firstLine = text.split('\n')[0].trim();
  const range = firstLineRange(n);
  if (text.trim() === '}') return finding(range, `unexpected \`}\`${where}: it closes no block`);
  if (text.trim() === '') return finding(range, `unexpected input${where}`);
  const children = n.children.filter((c): c is Node => !!c);
  if (children.length === 1 && children[0].type === 'identifier')
    return finding(range, `\`${children[0].text}\` needs \`= value\` or a block \`{ … }\`${where}`);
  if (/^"[^"]*$/.test(firstLine)) return finding(range, `unterminated string${where}`);
  if (/^<<-?\w+/.test(firstLine)) return finding(range, `unterminated heredoc${where}`);
  return finding(range, `unexpected \`${shorten(firstLine)}\`${where}`);
}

function enclosingBlock(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'block') return p;
  return undefined;
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

function firstLineRange(n: Node): Range {
  const r = nodeRange(n);
  if (r.end.line === r.start.line) return r;
  const firstLine = n.text.split('\n')[0];
  return { start: r.start, end: { line: r.start.line, character: r.start.character + firstLine.length } };
}

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}
