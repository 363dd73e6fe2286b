import { EditBuilder } from '../../edit/blockEdits';
import { attr, blank, block, type HclNode, quote, raw } from '../../edit/hclText';
import { groupServices } from '../../model/queries';
import type { Interpolation, NomadFile, Service } from '../../model/types';
import { rangeContains } from '../../types';
import type { SidecarTarget } from './addSidecar';
import { findAppPort, undeclaredLabel } from './appPort';
import { bindAnyHostToLoopback, bindToLoopback, type PortRef } from './bindings';
import { deleteLegacyNetworks, deletePortMaps, movedPortLines, planLegacyMoves, portRefs, relabelServices } from './legacyPorts';
import { portLabels, serviceNameFrom, uniqueName } from './names';

/**
 * Native Connect (Nomad ≥ 0.10): one bridge `network` holding the app's port, a group `service`
 * whose `port` Envoy can dial inside the namespace, and `connect { sidecar_service {} }`.
 * Returns false when the group's shape leaves no single right answer (several networks).
 */
export function buildNativeSidecar(b: EditBuilder, file: NomadFile, target: SidecarTarget): boolean {
  const { group, task, service, taskService } = target;
  if (group.networks.length > 1) return false;
  const net = group.networks[0];
  if (net && (!net.block.openBrace || !net.block.closeBrace)) return false;
  const described = service ?? taskService;

  // The service port: a literal stays; a label with `to` becomes that in-namespace port
  // (domain C.3: Nomad registers the host port for a label, and Envoy would dial it).
  let portValue: string | undefined = described?.port?.number !== undefined ? String(described.port.number) : undefined;
  let label: string | undefined;
  let isStatic = false;
  const app = findAppPort(file, task, described);
  const moves = planLegacyMoves(group, task);
  const portNodes: HclNode[] = moves.map((m) => raw(movedPortLines(b, m)));
  for (const t of group.tasks) deleteLegacyNetworks(b, t);
  deletePortMaps(b, moves);
  // A docker task with its own `network_mode` leaves the group's namespace, out of the
  // sidecar's reach (nomad#10725; the docker driver docs).
  for (const t of group.tasks) if (t.driver?.value === 'docker' && t.config?.networkMode) b.deleteAttribute(t.config.networkMode.attr);
  relabelServices(b, group.tasks.flatMap((t) => t.services).filter((s) => s !== taskService), moves);
  if (app) {
    const moved = moves.find((m) => m.port === app.port);
    label = moved?.label ?? app.port.label;
    isStatic = !!app.port.static;
    const to = moved?.to ?? app.port.to?.value;
    portValue ??= to !== undefined && to > 0 ? String(to) : label;
  } else if (portValue === undefined) {
    // The label the service names when nothing declares it yet, else one the task refers to.
    const declared = new Set([...portLabels(group), ...moves.map((m) => m.label)]);
    const named = described?.port?.label;
    label = (named && !declared.has(named) ? named : undefined) ?? undeclaredLabel(file, task) ?? uniqueName('http', declared, '_');
    portNodes.push(block(`port ${quote(label)}`));
    portValue = label;
  }

  if (net) {
    const empty = net.block.attributes.length === 0 && net.block.blocks.length === 0;
    const toAppend: HclNode[] = [];
    if (net.mode?.value !== 'bridge') {
      if (net.mode || !empty) b.setAttribute(net.block, 'mode', '"bridge"', 'first');
      else toAppend.push(attr('mode', '"bridge"'));
    }
    toAppend.push(...portNodes);
    if (toAppend.length > 0) b.append(net.block, toAppend, { blankBefore: b.hasBlankLine(net.block) });
  }

  const connect = block('connect', block('sidecar_service'));
  const taken = group.job.groups.flatMap(groupServices).map((s) => s.name?.value ?? '');
  const name = uniqueName(serviceNameFrom(task.name), taken);
  // The task's service moves to the group: edits inside it go to the text that moves.
  const local = taskService && !service ? new EditBuilder(b.lines, b.root) : undefined;
  const route = (i: Interpolation) => (local && taskService && rangeContains(taskService.block.range, i.outerRange.start) ? local : b);

  // In bridge mode the host IP does not exist inside the namespace (N13): every task of the group
  // binds loopback instead. Only the sidecar should reach the app; a static port is a public
  // entry the user chose to keep, so its every-interface bind stays.
  const groupPorts: PortRef[] = (net?.ports ?? []).map((p) => ({ label: p.label }));
  bindToLoopback(b, file, group.tasks, [...groupPorts, ...portRefs(moves)], route);
  const bound = app?.port.label ?? label;
  if (bound && !isStatic) bindAnyHostToLoopback(b, file, task, bound);

  let serviceNode: HclNode | undefined;
  if (service) {
    if (!prepareService(b, service, portValue, name)) return false;
    b.append(service.block, [connect]);
  } else if (taskService && local) {
    // Connect is only valid on group services (V2): move the task's service up, comments and all.
    if (!prepareService(local, taskService, portValue, name)) return false;
    relabelServices(local, [taskService], moves, taskService);
    local.append(taskService.block, [connect]);
    serviceNode = raw(b.dedentedLines(taskService.block, local.edits));
    b.deleteBlock(taskService.block);
  } else {
    serviceNode = block('service', attr('name', quote(name)), attr('port', quote(portValue)), blank, connect);
  }

  if (!net) {
    const network = block('network', attr('mode', '"bridge"'), ...portNodes);
    const nodes = serviceNode ? [network, blank, serviceNode] : [network];
    const anchor = group.block.blocks.find((c) => c.type === 'service' || c.type === 'task') ?? task.block;
    b.insertBefore(anchor, nodes);
  } else if (serviceNode) {
    b.insertAfter(net.block, [serviceNode]);
  }

  return true;
}

/**
 * Readies an existing service for Connect: its port, a name when it has none (the default name,
 * `<job>-<group>-<task>`, may hold uppercase letters, V5), the Consul provider (V12), and
 * `expose = true` on HTTP and gRPC checks, which cannot reach the app on the namespace's
 * loopback otherwise (domain C.2, V13). A `tcp` check cannot be exposed and Nomad rejects it
 * beside a sidecar (V8): it gives way to a comment that says why. Returns false when a check
 * shares its lines with other code, so that it cannot be replaced cleanly.
 */
function prepareService(b: EditBuilder, service: Service, port: string, name: string): boolean {
  const missing: [string, string][] = [];
  if (!service.name) missing.push(['name', quote(name)]);
  if (service.port?.number === undefined) {
    if (service.port) b.setAttribute(service.block, 'port', quote(port));
    else missing.push(['port', quote(port)]);
  }
  if (missing.length > 0) b.addAttribute(service.block, ...missing);
  if (service.provider && service.provider.value !== 'consul') b.setAttribute(service.block, 'provider', '"consul"');
  for (const check of service.checks) {
    if (check.type?.value === 'tcp') {
      if (!b.replaceWithComment(check.block, TCP_CHECK_COMMENT)) return false;
    } else if (!check.expose && (check.type?.value === 'http' || check.type?.value === 'grpc')) b.addAttribute(check.block, ['expose', 'true']);
  }
  return true;
}

/**
 * Where a `tcp` check was. Nomad registers the sidecar with a TCP check on the proxy's public
 * listener (unless `disable_default_tcp_check`) and an alias check that follows this service
 * (`command/agent/consul/connect.go`, the sidecar_service docs).
 */
const TCP_CHECK_COMMENT = [
  'A `tcp` check was here. Nomad rejects one on a service with a Connect sidecar: the app',
  'listens on the loopback of the group\'s namespace, out of the check\'s reach. The sidecar',
  'registers its own TCP check on the proxy\'s listener. To check the app itself, use an',
  '`http` or `grpc` check with `expose = true`.',
];
