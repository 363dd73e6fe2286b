import type { HclBlock } from '../hcl/ast';
import { attr, blocks, boolAttr, firstBlock, keyValues, numAttr, stringItems, strAttr } from './attrs';
import { collectInterpolations } from './interpolations';
import { parseManualProxy } from './manualProxy';
import { jobKey, rememberGroup, reusedGroup } from './reuse';
import type {
  Check, Connect, Expose, Group, Interpolation, Job, Network, NomadFile, Port, Proxy, Service, SidecarService, Task, TaskConfig, Template, Upstream,
} from './types';

/**
 * Builds the typed job model from the generic HCL view of a file. With the previous version's
 * model, groups whose view blocks the edit did not touch are kept (see reuse.ts).
 */
export function buildModel(hcl: HclBlock, previous?: NomadFile): NomadFile {
  const jobs = blocks(hcl, 'job').map((b) => buildJob(b, previous));
  const variables = blocks(hcl, 'variable')
    .filter((b) => b.labels.length > 0)
    .map((b) => ({ name: b.labels[0].value, range: b.labels[0].range, block: b }));
  const locals = blocks(hcl, 'locals').flatMap((b) => b.attributes.map((a) => ({ name: a.name, range: a.nameRange })));
  return new FileModel(jobs, variables, locals, hcl);
}

/**
 * A file's model. Its list of interpolations is joined on first use: rules read each group's own
 * (queries.groupInterpolations). A class, so that the getter sits on the prototype: an object
 * literal's getter is a new function per model, and V8 then gives every model a hidden class of
 * its own (kept, with that model, in old space until a full GC; and every read of a model's
 * property sees a new class).
 */
class FileModel implements NomadFile {
  #interpolations?: Interpolation[];

  constructor(
    readonly jobs: Job[],
    readonly variables: NomadFile['variables'],
    readonly locals: NomadFile['locals'],
    readonly hcl: HclBlock,
  ) {}

  get interpolations(): Interpolation[] {
    return (this.#interpolations ??= collectInterpolations(this.hcl, this.jobs));
  }
}

function buildJob(block: HclBlock, previous: NomadFile | undefined): Job {
  const job: Job = {
    name: block.labels[0]?.value ?? '',
    nameRange: block.labels[0]?.range ?? block.typeRange,
    block,
    groups: [],
    meta: keyValues(block, 'meta').entries,
  };
  const key = jobKey(job);
  job.groups = blocks(block, 'group').map((g) => reusedGroup(previous, g, job, key) ?? rememberGroup(buildGroup(g, job), key));
  return job;
}

function buildGroup(block: HclBlock, job: Job): Group {
  const group: Group = {
    name: block.labels[0]?.value ?? '',
    nameRange: block.labels[0]?.range ?? block.typeRange,
    block,
    job,
    count: attr(block, 'count'),
    meta: keyValues(block, 'meta').entries,
    networks: [],
    services: [],
    tasks: [],
  };
  group.networks = blocks(block, 'network').map((n) => buildNetwork(n, { kind: 'group', group }));
  group.tasks = blocks(block, 'task').map((t) => buildTask(t, group));
  group.services = blocks(block, 'service').map((s) => buildService(s, group, undefined));
  return group;
}

function buildNetwork(block: HclBlock, owner: Network['owner']): Network {
  const network: Network = { block, mode: strAttr(block, 'mode'), ports: [], owner };
  network.ports = blocks(block, 'port').map(
    (p): Port => ({
      label: p.labels[0]?.value ?? '',
      labelRange: p.labels[0]?.range ?? p.typeRange,
      block: p,
      static: numAttr(p, 'static'),
      to: numAttr(p, 'to'),
      network,
    }),
  );
  return network;
}

function buildTask(block: HclBlock, group: Group): Task {
  const env = keyValues(block, 'env');
  const resources = firstBlock(block, 'resources');
  const task: Task = {
    name: block.labels[0]?.value ?? '',
    nameRange: block.labels[0]?.range ?? block.typeRange,
    block,
    group,
    driver: strAttr(block, 'driver'),
    config: buildConfig(block),
    env: env.entries,
    envBlock: env.block,
    envAttr: env.attr,
    templates: blocks(block, 'template').map(buildTemplate),
    services: [],
    networks: [],
    resources,
    meta: keyValues(block, 'meta').entries,
    lifecycle: firstBlock(block, 'lifecycle'),
  };
  if (resources) task.networks = blocks(resources, 'network').map((n) => buildNetwork(n, { kind: 'task', task }));
  task.services = blocks(block, 'service').map((s) => buildService(s, group, task));
  task.proxy = parseManualProxy(task);
  return task;
}

function buildConfig(task: HclBlock): TaskConfig | undefined {
  const block = firstBlock(task, 'config');
  if (!block) return undefined;
  const argsAttr = attr(block, 'args');
  return {
    block,
    command: strAttr(block, 'command'),
    image: strAttr(block, 'image'),
    networkMode: strAttr(block, 'network_mode'),
    args: argsAttr ? { attr: argsAttr, items: stringItems(argsAttr.value) } : undefined,
  };
}

function buildTemplate(block: HclBlock): Template {
  const data = attr(block, 'data');
  return {
    block,
    data: data?.value.kind === 'string' ? data.value.str : undefined,
    destination: strAttr(block, 'destination'),
    env: boolAttr(block, 'env')?.value,
  };
}

function buildService(block: HclBlock, group: Group, task: Task | undefined): Service {
  const portAttr = attr(block, 'port');
  let port: Service['port'];
  if (portAttr) {
    const v = portAttr.value;
    if (v.kind === 'number') port = { number: v.value, attr: portAttr };
    else if (v.kind === 'string' && /^\d+$/.test(v.str.value)) port = { number: Number(v.str.value), attr: portAttr };
    else if (v.kind === 'string') port = { label: v.str.value, attr: portAttr };
    else port = { attr: portAttr };
  }
  const service: Service = {
    block,
    name: strAttr(block, 'name'),
    port,
    task: strAttr(block, 'task'),
    provider: strAttr(block, 'provider'),
    checks: blocks(block, 'check').map(buildCheck),
    level: task ? 'task' : 'group',
    group,
    ownerTask: task,
  };
  const connect = firstBlock(block, 'connect');
  if (connect) service.connect = buildConnect(connect, service);
  return service;
}

function buildCheck(block: HclBlock): Check {
  return { block, type: strAttr(block, 'type'), portLabel: strAttr(block, 'port'), expose: boolAttr(block, 'expose') };
}

function buildConnect(block: HclBlock, service: Service): Connect {
  const sidecar = firstBlock(block, 'sidecar_service');
  return {
    block,
    native: attr(block, 'native'),
    sidecarService: sidecar ? buildSidecar(sidecar, service) : undefined,
    sidecarTask: firstBlock(block, 'sidecar_task'),
    gateway: firstBlock(block, 'gateway'),
    service,
  };
}

function buildSidecar(block: HclBlock, service: Service): SidecarService {
  const proxy = firstBlock(block, 'proxy');
  return { block, port: strAttr(block, 'port'), proxy: proxy ? buildProxy(proxy, service) : undefined };
}

function buildProxy(block: HclBlock, service: Service): Proxy {
  const expose = firstBlock(block, 'expose');
  return {
    block,
    upstreams: blocks(block, 'upstreams').map(
      (u): Upstream => ({
        block: u,
        destinationName: strAttr(u, 'destination_name'),
        localBindPort: numAttr(u, 'local_bind_port'),
        localBindAddress: strAttr(u, 'local_bind_address'),
        localBindSocketPath: strAttr(u, 'local_bind_socket_path'),
        datacenter: strAttr(u, 'datacenter'),
        meshGateway: firstBlock(u, 'mesh_gateway'),
        service,
      }),
    ),
    expose: expose ? buildExpose(expose) : undefined,
    localServicePort: numAttr(block, 'local_service_port'),
    localServiceAddress: strAttr(block, 'local_service_address'),
    config: firstBlock(block, 'config'),
    transparentProxy: firstBlock(block, 'transparent_proxy'),
  };
}

function buildExpose(block: HclBlock): Expose {
  return {
    block,
    paths: blocks(block, 'path').map((p) => ({
      block: p,
      path: strAttr(p, 'path'),
      protocol: strAttr(p, 'protocol'),
      localPathPort: numAttr(p, 'local_path_port'),
      listenerPort: strAttr(p, 'listener_port'),
    })),
  };
}
