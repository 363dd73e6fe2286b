import { insertInBlock } from '../../edit/blockEdits';
import { attr, quote } from '../../edit/hclText';
import { removeCode, replace } from '../../edit/lines';
import type { HclBlock } from '../../hcl/ast';
import { boolAttr } from '../../model/attrs';
import { groupServices } from '../../model/queries';
import type { Service } from '../../model/types';
import type { LineIndex } from '../../text';
import type { Finding, Fix, Range } from '../../types';
import { groupRule } from '../rule';
import { isDeployable, serviceName } from './groupFacts';

/**
 * NCX-N10: service shapes Nomad rejects at submit.
 * - `connect` must be exactly one of native, sidecar_service, gateway (V7);
 * - a native service needs a `port`, and a `task` when the group has several tasks (V9);
 * - no `tcp` check on a service with a sidecar: the app listens on the namespace loopback (V8);
 * - a check with `expose = true` needs a sidecar to expose it through (V13);
 * - `provider = "nomad"` cannot register Connect services (V12, 1.3).
 */
export const connectShape = groupRule({
  codes: ['NCX-N10'],
  checkGroup(group, ctx) {
    const out: Finding[] = [];
    if (isDeployable(group)) for (const s of groupServices(group)) out.push(...checkService(ctx.lines, ctx.file.hcl, s));
    return out;
  },
});

function n10(message: string, range: Range, fixes?: Fix[], related?: Finding['related']): Finding {
  return { code: 'NCX-N10', severity: 'error', message, range, fixes: fixes?.length ? fixes : undefined, related };
}

function checkService(lines: LineIndex, root: HclBlock, s: Service): Finding[] {
  const out: Finding[] = [];
  const name = serviceName(s);
  const c = s.connect;
  const sidecar = !!c?.sidecarService;

  for (const check of s.checks) {
    if (sidecar && check.type?.value === 'tcp')
      out.push(n10(`Service \`${name}\` has a Connect sidecar, so its app listens on the loopback of the group's namespace, where a \`tcp\` check cannot reach it; Nomad rejects the job. Use an \`http\` or \`grpc\` check with \`expose = true\`, or a script check.`, check.type.attr.value.range));
    if (check.expose?.value && !sidecar)
      out.push(
        n10(`A check with \`expose = true\` is served through the Connect sidecar, but service \`${name}\` has none; Nomad rejects the job.`, check.expose.attr.range, [
          { title: 'Remove `expose = true`', isPreferred: true, edits: [removeCode(lines, check.expose.attr.range)] },
        ]),
      );
  }
  if (!c) return out;

  if (s.provider?.value === 'nomad')
    out.push(
      n10(`Service \`${name}\` uses \`provider = "nomad"\`, which cannot register Connect services; Nomad rejects the job. Connect needs the Consul provider.`, s.provider.attr.value.range, [
        { title: 'Remove `provider = "nomad"` (Consul is the default)', isPreferred: true, edits: [removeCode(lines, s.provider.attr.range)] },
      ]),
    );

  const native = c.native ? boolAttr(c.block, 'native') : undefined;
  const kinds: { what: string; range: Range }[] = [];
  if (native?.value) kinds.push({ what: '`native = true`', range: c.native!.nameRange });
  if (c.sidecarService) kinds.push({ what: '`sidecar_service`', range: c.sidecarService.block.typeRange });
  if (c.gateway) kinds.push({ what: '`gateway`', range: c.gateway.typeRange });
  const nativeUnknown = c.native && !native;
  if (kinds.length === 0 && !nativeUnknown)
    out.push(n10(`This \`connect\` block of service \`${name}\` sets none of \`native = true\`, \`sidecar_service\` or \`gateway\`; Nomad rejects the job, as a Connect service must be exactly one of them.`, c.block.typeRange));
  for (const extra of kinds.slice(1))
    out.push(n10(`Service \`${name}\` sets both ${kinds[0].what} and ${extra.what}; a Connect service must be exactly one of native, sidecar or gateway, so Nomad rejects the job.`, extra.range, undefined, [{ range: kinds[0].range, message: `${kinds[0].what} is set here` }]));

  if (native?.value) out.push(...checkNative(lines, root, s));
  return out;
}

function checkNative(lines: LineIndex, root: HclBlock, s: Service): Finding[] {
  const out: Finding[] = [];
  const name = serviceName(s);
  const nativeRange = s.connect!.native!.nameRange;
  if (!s.port) out.push(n10(`Connect native service \`${name}\` has no \`port\`; Consul cannot route to it and Nomad rejects the job.`, nativeRange));
  if (s.level !== 'group') return out;
  const tasks = s.group.tasks;
  if (s.task) {
    if (s.task.str && !s.task.str.isTemplate && !tasks.some((t) => t.name === s.task!.value))
      out.push(
        n10(
          `Connect native service \`${name}\` names task "${s.task.value}", which group \`${s.group.name}\` does not have; Nomad rejects the job.`,
          s.task.attr.value.range,
          tasks.slice(0, 5).map((t) => ({ title: `Use task "${t.name}"`, edits: [replace(s.task!.attr.value.range, quote(t.name))] })),
        ),
      );
  } else if (tasks.length > 1) {
    const fixes = tasks.slice(0, 5).flatMap((t): Fix[] => {
      const edits = insertInBlock(lines, root, s.block, [attr('task', quote(t.name))]);
      return edits ? [{ title: `Set \`task = "${t.name}"\``, isPreferred: t.name === name, edits }] : [];
    });
    out.push(n10(`Connect native service \`${name}\` does not say which of the ${tasks.length} tasks of group \`${s.group.name}\` implements it; set \`task\`, or Nomad rejects the job.`, nativeRange, fixes));
  }
  return out;
}
