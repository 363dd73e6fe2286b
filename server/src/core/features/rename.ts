import type { NomadDocument } from '../document';
import type { Port } from '../model/types';
import type { RuntimeVar } from '../nomadEnv/catalog';
import { cleanEnvVar, finalKey } from '../nomadEnv/sanitize';
import { siteOf } from '../nomadEnv/scope';
import type { Position, Range, TextEdit } from '../types';
import type { Version } from '../version';
import { groupOf, interpolationTargetAt, labelRefAt, portByLabel, portLabelAt, usesOf } from './portTargets';

/**
 * Rename a port label: the `port "label"` block, every interpolation of it in any spelling
 * (`NOMAD_PORT_l`, `NOMAD_ADDR_<task>_l`, raw or cleaned) and every `port =`,
 * `listener_port =` and docker `ports` item naming it; nothing else.
 */

export interface PrepareResult {
  /** The label text under the cursor (inside quotes, or the label part of a variable name). */
  range: Range;
  placeholder: string;
}

export function prepareRenameAt(doc: NomadDocument, pos: Position, version: Version): PrepareResult | undefined {
  const file = doc.model;
  const declared = portLabelAt(file, pos);
  if (declared) return { range: inner(doc, declared.labelRange), placeholder: declared.label };
  const ref = labelRefAt(file, pos);
  if (ref?.port && isRenamable(ref.port)) return { range: ref.range, placeholder: ref.port.label };
  const hit = interpolationTargetAt(file, pos, version);
  const port = hit?.v?.port;
  if (!hit || !port || !isRenamable(port)) return undefined;
  const name = hit.interpolation.name;
  const written = name.endsWith(port.label) ? port.label : cleanEnvVar(port.label);
  if (!name.endsWith(written)) return undefined;
  const end = hit.interpolation.range.end;
  return { range: { start: { line: end.line, character: end.character - written.length }, end }, placeholder: port.label };
}

export type RenameResult = { edits: TextEdit[] } | { error: string };

export function renameAt(doc: NomadDocument, pos: Position, newLabel: string, version: Version): RenameResult {
  const file = doc.model;
  const port = portLabelAt(file, pos) ?? labelRefAt(file, pos)?.port ?? interpolationTargetAt(file, pos, version)?.v?.port;
  if (!port || !isRenamable(port)) return { error: 'Only a port label can be renamed here.' };
  const invalid = validateLabel(newLabel);
  if (invalid) return { error: invalid };
  if (newLabel === port.label) return { edits: [] };
  const group = groupOf({ kind: 'port', port });
  const owner = port.network.owner.kind === 'task' ? port.network.owner.task : undefined;
  const clash = portByLabel(group, newLabel, owner);
  if (clash && clash.block.type === 'port') return { error: `Port label "${newLabel}" is already declared (line ${clash.labelRange.start.line + 1}).` };

  const edits: TextEdit[] = [{ range: port.labelRange, newText: JSON.stringify(newLabel) }];
  for (const use of usesOf(file, { kind: 'port', port }, version)) {
    if (use.labelRef) edits.push({ range: use.range, newText: newLabel });
    else if (use.interpolation && use.v) {
      const raw = siteOf(use.interpolation).form === 'raw';
      edits.push({ range: use.range, newText: renamedName(use.interpolation.name, use.v, newLabel, raw, version) });
    }
  }
  return { edits };
}

/** The variable name for the new label, in the spelling the old one used. */
function renamedName(name: string, v: RuntimeVar, newLabel: string, rawContext: boolean, version: Version): string {
  const prefix = v.raw.slice(0, v.raw.length - v.port!.label.length);
  const newRaw = prefix + newLabel;
  const newKey = finalKey(newRaw, version);
  if (name === v.raw && name !== v.key) return newRaw;
  if (name === v.key && name !== v.raw) return newKey;
  return rawContext ? newRaw : newKey;
}

function isRenamable(port: Port): boolean {
  // Ports Nomad injects for sidecars have no `port` block to rename.
  return port.block.type === 'port';
}

function validateLabel(label: string): string | undefined {
  if (!label.trim()) return 'A port label cannot be empty.';
  if (/["\\\n\r]|\$\{|%\{/.test(label)) return 'A port label cannot contain quotes, backslashes, line breaks or `${`.';
  return undefined;
}

function inner(doc: NomadDocument, range: Range): Range {
  const text = doc.lines.slice(range);
  if (!text.startsWith('"')) return range;
  return { start: { line: range.start.line, character: range.start.character + 1 }, end: { line: range.end.line, character: range.end.character - 1 } };
}
