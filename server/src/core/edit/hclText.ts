/**
 * A tiny HCL emitter for what fixes and code actions insert: attributes, blocks and blank lines,
 * rendered with the file's indentation unit and with the `=` of consecutive attributes aligned
 * the way `nomad fmt` / `terraform fmt` align them.
 */

export type HclNode =
  | { kind: 'attr'; name: string; value: string | HclList }
  | { kind: 'block'; header: string; body: HclNode[] }
  | { kind: 'blank' }
  /** Source text kept verbatim (e.g. a block moved from elsewhere), already without indentation. */
  | { kind: 'raw'; lines: string[] };

/** A list value written one line per group of items, as in the seed's proxy `args`. */
export interface HclList {
  lines: string[][];
}

export const attr = (name: string, value: string | HclList): HclNode => ({ kind: 'attr', name, value });
export const block = (header: string, ...body: HclNode[]): HclNode => ({ kind: 'block', header, body });
export const blank: HclNode = { kind: 'blank' };
export const raw = (lines: string[]): HclNode => ({ kind: 'raw', lines });

export function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Renders nodes as lines, each prefixed with `indent`; nested bodies add one `unit`. */
export function render(nodes: HclNode[], indent: string, unit: string): string[] {
  const out: string[] = [];
  const width = alignmentWidths(nodes);
  nodes.forEach((n, i) => {
    switch (n.kind) {
      case 'blank':
        out.push('');
        break;
      case 'raw':
        out.push(...n.lines.map((l) => (l ? indent + l : '')));
        break;
      case 'attr': {
        const name = n.name.padEnd(width[i]);
        if (typeof n.value === 'string') out.push(`${indent}${name} = ${n.value}`);
        else {
          out.push(`${indent}${name} = [`);
          for (const items of n.value.lines) out.push(`${indent}${unit}${items.join(', ')},`);
          out.push(`${indent}]`);
        }
        break;
      }
      case 'block':
        if (n.body.length === 0) out.push(`${indent}${n.header} {}`);
        else out.push(`${indent}${n.header} {`, ...render(n.body, indent + unit, unit), `${indent}}`);
        break;
    }
  });
  return out;
}

/** Name column width per attribute: the longest name of its run of consecutive attributes. */
function alignmentWidths(nodes: HclNode[]): number[] {
  const widths = nodes.map(() => 0);
  let runStart = 0;
  const close = (end: number) => {
    let w = 0;
    for (let j = runStart; j < end; j++) w = Math.max(w, (nodes[j] as { name: string }).name.length);
    for (let j = runStart; j < end; j++) widths[j] = w;
  };
  nodes.forEach((n, i) => {
    if (n.kind !== 'attr') {
      close(i);
      runStart = i + 1;
    }
  });
  close(nodes.length);
  return widths;
}
