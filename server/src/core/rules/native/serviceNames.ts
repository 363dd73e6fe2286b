import { insertInBlock } from '../../edit/blockEdits';
import { attr, quote } from '../../edit/hclText';
import { replace } from '../../edit/lines';
import type { HclBlock } from '../../hcl/ast';
import { groupServices, sidecarServices } from '../../model/queries';
import type { Group, Service, StringAttr } from '../../model/types';
import type { LineIndex } from '../../text';
import type { Finding, Fix } from '../../types';
import { atLeast, type Version } from '../../version';
import { groupRule } from '../rule';
import { isDeployable } from './groupFacts';

/**
 * NCX-N03: uppercase in the name of a service with a Connect sidecar, or in its group's name
 * (V5, Nomad 1.1; nomad#7581: Consul lower-cases the name and the Envoy bootstrap breaks).
 * NCX-N04: a service name that is not an RFC 1123 label of at most 63 characters (V1).
 *
 * Nomad checks the name after substituting what it knows at submit: `${JOB}`, `${TASKGROUP}`,
 * `${TASK}`, `${BASE}` for every service, and `${NOMAD_JOB_NAME}`/`${NOMAD_GROUP_NAME}` in
 * Connect service names. Any other `${…}` becomes the placeholder "ENV-VAR" before the
 * RFC 1123 check (V1); this rule does the same, so it never guesses a runtime value.
 */
export const serviceNames = groupRule({
  codes: ['NCX-N03', 'NCX-N04'],
  checkGroup(group, ctx) {
    const out: Finding[] = [];
    if (!isDeployable(group)) return out;
    for (const s of groupServices(group)) {
      const n04 = checkRfc1123(s);
      if (n04) out.push(n04);
    }
    const sidecars = sidecarServices(group);
    for (const s of sidecars) {
      const n03 = checkServiceCase(ctx.lines, ctx.file.hcl, s, consequence(ctx.nomadVersion));
      if (n03) out.push(n03);
    }
    if (sidecars.length > 0 && group.name !== group.name.toLowerCase()) out.push(groupCase(ctx.lines, group, sidecars[0], consequence(ctx.nomadVersion)));
    return out;
  },
});

const RFC1123 = /^(?:[a-z0-9]|[a-z0-9][a-z0-9-]{0,61}[a-z0-9])$/i;
const INTERPOLATION = /\$\{([^}]*)\}/g;

/** The name as Nomad validates it: known variables substituted, the rest as `placeholder` (or kept). */
function resolvedName(s: Service, connect: boolean, placeholder?: string): string {
  const job = s.group.job.name;
  const group = s.group.name;
  const task = s.ownerTask?.name ?? 'group';
  const known: Record<string, string> = { JOB: job, TASKGROUP: group, TASK: task, BASE: `${job}-${group}-${task}` };
  if (connect) Object.assign(known, { NOMAD_JOB_NAME: job, NOMAD_JOB_ID: job, NOMAD_GROUP_NAME: group });
  return s.name!.value.replace(INTERPOLATION, (m, name: string) => known[name.trim()] ?? placeholder ?? m);
}

function checkRfc1123(s: Service): Finding | undefined {
  if (!s.name?.str) return undefined;
  const name = resolvedName(s, !!(s.connect?.sidecarService || s.connect?.gateway), 'ENV-VAR');
  if (RFC1123.test(name)) return undefined;
  const problem =
    name.length > 63
      ? `is ${name.length} characters long (at most 63 allowed)`
      : name.length === 0
        ? 'is empty'
        : /^-|-$/.test(name)
          ? 'starts or ends with a dash'
          : `contains ${describeBad(name)}`;
  const fixed = sanitized(s.name);
  return {
    code: 'NCX-N04',
    severity: 'error',
    message: `Service name \`${s.name.value}\` ${problem}; Nomad accepts only letters, digits and inner dashes (RFC 1123, at most 63 characters) and rejects the job.`,
    range: s.name.attr.value.range,
    fixes: fixed ? [{ title: `Rename the service to "${fixed}"`, isPreferred: true, edits: [replace(s.name.str.contentRange, fixed)] }] : undefined,
  };
}

function describeBad(name: string): string {
  const bad = [...new Set(name.replace(/[a-z0-9-]/gi, ''))].map((c) => `"${c}"`);
  return bad.length === 1 ? `the character ${bad[0]}` : `the characters ${bad.join(', ')}`;
}

/** Invalid characters outside `${…}` turned into dashes; offered only for escape-free names. */
function sanitized(name: StringAttr): string | undefined {
  const str = name.str!;
  if (str.raw !== str.value || str.heredoc) return undefined;
  let out = '';
  let last = 0;
  for (const m of str.raw.matchAll(INTERPOLATION)) {
    out += str.raw.slice(last, m.index).replace(/[^a-z0-9-]/gi, '-') + m[0];
    last = m.index! + m[0].length;
  }
  out += str.raw.slice(last).replace(/[^a-z0-9-]/gi, '-');
  out = out.replace(/^-+|-+$/g, '');
  const check = out.replace(INTERPOLATION, 'ENV-VAR');
  return out && out !== str.raw && RFC1123.test(check) ? out : undefined;
}

/** Nomad rejects the job from 1.1 (nomad#10455); before, the sidecar fails at runtime. */
function consequence(version: Version): string {
  const base = 'Consul lower-cases Connect names and the Envoy bootstrap breaks (nomad#7581)';
  return atLeast(version, '1.1') ? `${base}, so Nomad rejects the job` : `${base} when the sidecar starts`;
}

function checkServiceCase(lines: LineIndex, root: HclBlock, s: Service, consequence: string): Finding | undefined {
  if (!s.name) {
    const name = `${s.group.job.name}-${s.group.name}`;
    if (name === name.toLowerCase()) return undefined;
    const edits = insertInBlock(lines, root, s.block, [attr('name', quote(name.toLowerCase()))]);
    return {
      code: 'NCX-N03',
      severity: 'error',
      message: `This Connect service has no \`name\`, so Nomad names it "${name}" after the job and group; that has uppercase letters, and ${consequence}.`,
      range: s.block.typeRange,
      fixes: edits ? [{ title: `Name the service "${name.toLowerCase()}"`, isPreferred: true, edits }] : undefined,
    };
  }
  // Runtime values are unknown here: they count as lower-case.
  const resolved = resolvedName(s, true, 'x');
  if (resolved === resolved.toLowerCase()) return undefined;
  const str = s.name.str;
  const literalUpper = str && !str.heredoc && str.raw.replace(INTERPOLATION, '') !== str.raw.replace(INTERPOLATION, '').toLowerCase();
  let fix: Fix | undefined;
  if (str && literalUpper) {
    const lowered = str.raw.replace(/(\$\{[^}]*\})|[^$]+|\$/g, (m, interp: string | undefined) => (interp ? m : m.toLowerCase()));
    fix = { title: `Lower-case the service name to "${lowered}"`, isPreferred: true, edits: [replace(str.contentRange, lowered)] };
  }
  const shown = resolvedName(s, true);
  const via = shown !== s.name.value ? ` (after Nomad substitutes the job and group names: "${shown}")` : '';
  return {
    code: 'NCX-N03',
    severity: 'error',
    message: `Connect service name \`${s.name.value}\`${via} has uppercase letters; ${consequence}.`,
    range: s.name.attr.value.range,
    fixes: fix ? [fix] : undefined,
  };
}

function groupCase(lines: LineIndex, group: Group, s: Service, consequence: string): Finding {
  const label = group.block.labels[0];
  const lower = group.name.toLowerCase();
  const text = label && lines.slice(label.range).startsWith('"') ? quote(lower) : lower;
  return {
    code: 'NCX-N03',
    severity: 'error',
    message: `Group name \`${group.name}\` has uppercase letters, and the group runs a Connect sidecar; ${consequence}.`,
    range: group.nameRange,
    related: s.name ? [{ range: s.name.attr.value.range, message: 'the Connect service of this group' }] : undefined,
    fixes: label
      ? [{ title: `Lower-case the group name to "${lower}"`, isPreferred: true, edits: [replace(label.range, text)] }]
      : undefined,
  };
}
