import type { HclAttribute, HclBlock, HclString, HclValue } from '../hcl/ast';
import type { EnvEntry, NumberAttr, StringAttr } from './types';

/** Small typed accessors over generic HCL blocks, used while building the model. */

export function attr(block: HclBlock, name: string): HclAttribute | undefined {
  return block.attributes.find((a) => a.name === name);
}

export function blocks(block: HclBlock, type: string): HclBlock[] {
  return block.blocks.filter((b) => b.type === type);
}

export function firstBlock(block: HclBlock, type: string): HclBlock | undefined {
  return block.blocks.find((b) => b.type === type);
}

export function strAttr(block: HclBlock, name: string): StringAttr | undefined {
  const a = attr(block, name);
  if (!a) return undefined;
  const v = a.value;
  if (v.kind === 'string') return { value: v.str.value, attr: a, str: v.str };
  if (v.kind === 'number') return { value: v.text, attr: a };
  if (v.kind === 'bool') return { value: String(v.value), attr: a };
  if (v.kind === 'expr') return { value: v.text, attr: a };
  return undefined;
}

export function numAttr(block: HclBlock, name: string): NumberAttr | undefined {
  const a = attr(block, name);
  if (!a) return undefined;
  const v = a.value;
  if (v.kind === 'number' && Number.isFinite(v.value)) return { value: v.value, attr: a };
  if (v.kind === 'string' && /^-?\d+$/.test(v.str.value)) return { value: Number(v.str.value), attr: a };
  return undefined;
}

export function boolAttr(block: HclBlock, name: string): { value: boolean; attr: HclAttribute } | undefined {
  const a = attr(block, name);
  if (!a) return undefined;
  if (a.value.kind === 'bool') return { value: a.value.value, attr: a };
  if (a.value.kind === 'string' && /^(true|false)$/.test(a.value.str.value)) return { value: a.value.str.value === 'true', attr: a };
  return undefined;
}

export function stringItems(value: HclValue): HclString[] {
  if (value.kind !== 'tuple') return value.kind === 'string' ? [value.str] : [];
  return value.items.flatMap((i) => (i.kind === 'string' ? [i.str] : []));
}

/** `env`/`meta` in either form: a block of attributes, or a map attribute. */
export function keyValues(owner: HclBlock, name: string): { entries: EnvEntry[]; block?: HclBlock; attr?: HclAttribute } {
  const block = firstBlock(owner, name);
  if (block) {
    return {
      block,
      entries: block.attributes.map((a) => ({
        key: a.name,
        keyRange: a.nameRange,
        value: a.value.kind === 'string' ? a.value.str : undefined,
        range: a.range,
      })),
    };
  }
  const a = attr(owner, name);
  if (a && a.value.kind === 'object') {
    return {
      attr: a,
      entries: a.value.entries.map((e) => ({
        key: e.key,
        keyRange: e.keyRange,
        value: e.value.kind === 'string' ? e.value.str : undefined,
        range: { start: e.keyRange.start, end: e.value.range.end },
      })),
    };
  }
  return { entries: [] };
}
