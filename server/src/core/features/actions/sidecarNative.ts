import type { HclBlock } from '../../hcl/ast';
import type { NomadFile, Service } from '../../model/types';
import type { SidecarTarget } from './addSidecar';
import { bindAppToLoopback, findAppPort, undeclaredLabel } from './appPort';
import { EditBuilder } from './editBuilder';
import { attr, blank, block, type HclNode, quote, raw } from './hclText';
import { cleanEnvVar, portLabels, serviceNameFrom, uniqueName } from './names';

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
  let portNode: HclNode | undefined;
  let isStatic = false;
  if (portValue === undefined) {
    const app = findAppPort(file, task, described);
    if (app) {
      label = app.port.label;
      isStatic = !!app.port.static;
      if (app.level === 'task') {
        portNode = raw(b.dedentedLines(app.port.block));
        deleteLegacyPort(b, app.port.network.block, app.port.block, app.port.network.owner.kind === 'task' ? app.port.network.owner.task.resources : undefined);
      }
      const to = app.port.to?.value;
      portValue = to !== undefined && to > 0 ? String(to) : label;
    } else {
      label = undeclaredLabel(file, task) ?? uniqueName('http', portLabels(group), '_');
      portNode = block(`port ${quote(label)}`);
      portValue = label;
    }
  }

  if (net) {
    const empty = net.block.attributes.length === 0 && net.block.blocks.length === 0;
    const toAppend: HclNode[] = [];
    if (net.mode?.value !== 'bridge') {
      if (net.mode || !empty) b.setAttribute(net.block, 'mode', '"bridge"', 'first');
      else toAppend.push(attr('mode', '"bridge"'));
    }
    if (portNode) toAppend.push(portNode);
    if (toAppend.length > 0) b.append(net.block, toAppend, { blankBefore: b.hasBlankLine(net.block) });
  }

  const connect = block('connect', block('sidecar_service'));
  let serviceNode: HclNode | undefined;
  if (service) {
    prepareService(b, service, portValue);
    b.append(service.block, [connect]);
  } else if (taskService) {
    // Connect is only valid on group services (V2): move the task's service up, comments and all.
    const local = new EditBuilder(b.doc);
    prepareService(local, taskService, portValue);
    local.append(taskService.block, [connect]);
    serviceNode = raw(b.dedentedLines(taskService.block, local.edits));
    b.deleteBlock(taskService.block);
  } else {
    const taken = group.job.groups.flatMap((g) => [...g.services, ...g.tasks.flatMap((t) => t.services)]).map((s) => s.name?.value ?? '');
    const name = uniqueName(serviceNameFrom(task.name), taken);
    serviceNode = block('service', attr('name', quote(name)), attr('port', quote(portValue)), blank, connect);
  }

  if (!net) {
    const network = block('network', attr('mode', '"bridge"'), ...(portNode ? [portNode] : []));
    const nodes = serviceNode ? [network, blank, serviceNode] : [network];
    const anchor = group.block.blocks.find((c) => c.type === 'service' || c.type === 'task') ?? task.block;
    b.insertBefore(anchor, nodes);
  } else if (serviceNode) {
    b.insertAfter(net.block, [serviceNode]);
  }

  // Only the sidecar should reach the app; a static port is a public entry the user chose to keep.
  if (label) bindAppToLoopback(b, file, task, label, { anyHost: !isStatic, portVar: cleanEnvVar(label) });
  return true;
}

function prepareService(b: EditBuilder, service: Service, value: string): void {
  if (service.port?.number === undefined) b.setAttribute(service.block, 'port', quote(value));
  // Behind a sidecar the app binds loopback in its namespace, out of reach of the agent's HTTP and
  // gRPC checks; `expose = true` routes them through the sidecar (domain C.2, V13).
  for (const check of service.checks) {
    if (!check.expose && (check.type?.value === 'http' || check.type?.value === 'grpc')) b.addAttribute(check.block, 'expose', 'true');
  }
}

/** Removes a legacy task port that moves to the group, and the blocks it leaves empty. */
function deleteLegacyPort(b: EditBuilder, network: HclBlock, port: HclBlock, resources: HclBlock | undefined): void {
  const onlyChild = (parent: HclBlock, child: HclBlock) =>
    parent.attributes.length === 0 && parent.blocks.length === 1 && parent.blocks[0] === child && !b.hasComment(parent, child);
  if (!onlyChild(network, port)) b.deleteBlock(port);
  else if (resources && onlyChild(resources, network)) b.deleteBlock(resources);
  else b.deleteBlock(network);
}
