import { insertInBlock } from '../../edit/blockEdits';
import { attr as hclAttr, quote } from '../../edit/hclText';
import { replace } from '../../edit/lines';
import type { HclBlock } from '../../hcl/ast';
import { attr } from '../../model/attrs';
import { freePort, groupInterpolations, upstreamsOf } from '../../model/queries';
import type { Group, NomadFile, Upstream } from '../../model/types';
import type { LineIndex } from '../../text';
import type { Finding, Fix } from '../../types';
import { groupRule } from '../rule';
import { isDeployable, serviceName } from './groupFacts';

/**
 * NCX-N06: an upstream without `destination_name`, or with neither `local_bind_port` nor
 * `local_bind_socket_path`. Nomad accepts it; Consul's `Upstream.Validate` then rejects the
 * sidecar registration, so the service never joins the mesh.
 */
export const upstreamRequired = groupRule({
  codes: ['NCX-N06'],
  checkGroup(group, ctx) {
    const out: Finding[] = [];
    if (!isDeployable(group)) return out;
    for (const u of upstreamsOf(group)) {
      const name = nameProblem(ctx.lines, ctx.file, group, u);
      if (name) out.push(name);
      const port = portProblem(ctx.lines, ctx.file.hcl, group, u);
      if (port) out.push(port);
    }
    return out;
  },
});

const CONSUL_REJECTS = 'Consul rejects the sidecar registration, so the service never joins the mesh';

function nameProblem(lines: LineIndex, file: NomadFile, group: Group, u: Upstream): Finding | undefined {
  const present = attr(u.block, 'destination_name');
  if (present && !(u.destinationName?.str && u.destinationName.value === '')) return undefined;
  const guess = guessDestination(group);
  const value = guess ?? 'service-name';
  const title = guess ? `Set \`destination_name = "${guess}"\` (the name its NOMAD_UPSTREAM_* variable uses)` : 'Add `destination_name` with a placeholder to replace';
  let fix: Fix | undefined;
  if (present) fix = { title, isPreferred: !!guess, edits: [replace(present.value.range, quote(value))] };
  else {
    const edits = insertInBlock(lines, file.hcl, u.block, [hclAttr('destination_name', quote(value))]);
    if (edits) fix = { title, isPreferred: !!guess, edits };
  }
  return {
    code: 'NCX-N06',
    severity: 'error',
    message: `An upstream of service \`${serviceName(u.service)}\` has ${present ? 'an empty' : 'no'} \`destination_name\`; ${CONSUL_REJECTS}.`,
    range: present ? present.value.range : u.block.typeRange,
    fixes: fix ? [fix] : undefined,
  };
}

function portProblem(lines: LineIndex, root: HclBlock, group: Group, u: Upstream): Finding | undefined {
  if (attr(u.block, 'local_bind_socket_path')) return undefined;
  const present = attr(u.block, 'local_bind_port');
  if (present && !(u.localBindPort && u.localBindPort.value === 0)) return undefined;
  const port = freePort(group, FIRST_SUGGESTED_PORT);
  let fix: Fix | undefined;
  const title = `Listen on free port ${port}`;
  if (present) fix = { title, isPreferred: true, edits: [replace(present.value.range, String(port))] };
  else {
    const edits = insertInBlock(lines, root, u.block, [hclAttr('local_bind_port', String(port))], 'end');
    if (edits) fix = { title, isPreferred: true, edits };
  }
  const who = u.destinationName?.value ? `upstream \`${u.destinationName.value}\`` : `an upstream of service \`${serviceName(u.service)}\``;
  return {
    code: 'NCX-N06',
    severity: 'error',
    message: present
      ? `${cap(who)} has \`local_bind_port = 0\`; ${CONSUL_REJECTS}.`
      : `${cap(who)} has neither \`local_bind_port\` nor \`local_bind_socket_path\`, so it has nowhere to listen; ${CONSUL_REJECTS}.`,
    range: present ? present.value.range : u.block.typeRange,
    fixes: fix ? [fix] : undefined,
  };
}

/** Upstream ports suggested for new listeners start here, above common application ports. */
const FIRST_SUGGESTED_PORT = 10000;

/**
 * A destination the group's tasks already expect: a `NOMAD_UPSTREAM_*_<name>` variable they
 * use that no upstream of the group provides.
 */
function guessDestination(group: Group): string | undefined {
  const declared = new Set(upstreamsOf(group).flatMap((u) => (u.destinationName?.value ? [u.destinationName.value.replace(/-/g, '_')] : [])));
  for (const i of groupInterpolations(group)) {
    const m = /^NOMAD_UPSTREAM_(?:ADDR|IP|PORT)_([A-Za-z0-9_.-]+)$/.exec(i.name);
    if (m && !declared.has(m[1].replace(/-/g, '_'))) return m[1];
  }
  return undefined;
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
