import type { EditBuilder } from '../../edit/blockEdits';
import { attr, blank, block, type HclNode, quote } from '../../edit/hclText';
import type { NomadFile } from '../../model/types';
import type { SidecarTarget } from './addSidecar';
import { findAppPort, undeclaredLabel } from './appPort';
import { bindAnyHostToLoopback, bindToLoopback } from './bindings';
import { cleanEnvVar, portLabels, serviceNameFrom, uniqueName } from './names';

/**
 * The manual recipe of the seed page (Consul 1.2 + Nomad 0.8, domain A): a `raw_exec` task
 * beside the app running `consul connect proxy -service … -service-addr … -listen … -register`,
 * with its own dynamic port, and the app bound to loopback so only the proxy reaches it.
 * `-service-addr` is loopback on the app's port, not `NOMAD_ADDR_*` (the host IP, domain A.4).
 */
export function buildManualSidecar(b: EditBuilder, file: NomadFile, target: SidecarTarget): boolean {
  const { group, task, service, taskService } = target;
  const labels = portLabels(group);
  const app = findAppPort(file, task, service ?? taskService);
  const groupLevel = app?.level === 'group';
  const named = (service ?? taskService)?.port?.label;
  const appLabel = app?.port.label ?? (named && !labels.includes(named) ? named : undefined) ?? undeclaredLabel(file, task) ?? uniqueName('http', labels, '_');
  if (!app) addTaskPort(b, task, appLabel);

  // Ports of the app's own task carry the task prefix for other tasks (domain B.1).
  // A `.` survives in Nomad's variable names (domain B.2) but not inside `${…}` in HCL.
  if (/\./.test(task.name + appLabel)) return false;
  const appVar = groupLevel ? cleanEnvVar(appLabel) : `${cleanEnvVar(task.name)}_${cleanEnvVar(appLabel)}`;
  const proxyLabel = uniqueName('proxy', [...labels, appLabel], '_');
  const name = literalName(service) ?? literalName(taskService) ?? serviceNameFrom(task.name);
  const taskName = uniqueName('connect-proxy', group.tasks.map((t) => t.name));

  const args = [
    ['"connect"', '"proxy"'],
    ['"-service"', quote(name)],
    ['"-service-addr"', quote(`127.0.0.1:\${NOMAD_PORT_${appVar}}`)],
    ['"-listen"', quote(`:\${NOMAD_PORT_${cleanEnvVar(proxyLabel)}}`)],
    ['"-register"'],
  ];
  // Two proxies of one service on an agent collide on the registration ID (domain A.3-5).
  const count = group.count?.value;
  if (count && !(count.kind === 'number' && count.value <= 1)) args.push(['"-register-id"', '"${NOMAD_ALLOC_ID}"']);

  const body: HclNode[] = [attr('driver', '"raw_exec"'), blank, block('config', attr('command', '"consul"'), attr('args', { lines: args }))];
  const proxyPort = block(`port ${quote(proxyLabel)}`);
  if (groupLevel) b.append(app.port.network.block, [proxyPort], { blankBefore: false });
  else body.push(blank, block('resources', block('network', proxyPort)));
  b.insertAfter(task.block, [block(`task ${quote(taskName)}`, ...body)]);

  bindToLoopback(b, file, [task], [{ label: appLabel }]);
  bindAnyHostToLoopback(b, file, task, appLabel);
  return true;
}

function literalName(service: SidecarTarget['service']): string | undefined {
  const n = service?.name;
  return n?.str && !n.str.isTemplate && n.value ? n.value : undefined;
}

/** Declares a dynamic port on the task, in its legacy `resources { network }` (0.8 style). */
function addTaskPort(b: EditBuilder, task: SidecarTarget['task'], label: string): void {
  const port = block(`port ${quote(label)}`);
  const net = task.networks[0];
  if (net) b.append(net.block, [port], { blankBefore: false });
  else if (task.resources) b.append(task.resources, [block('network', port)]);
  else b.append(task.block, [block('resources', block('network', port))]);
}
