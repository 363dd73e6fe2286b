import type { HclAttribute, HclBlock, HclInterpolation, HclString } from '../hcl/ast';
import type { Range } from '../types';

/**
 * The typed job model: what a Nomad job file declares, with source ranges on everything.
 * Optional fields are absent when the file does not set them (defaults are the rules' business).
 */

export interface NomadFile {
  jobs: Job[];
  variables: Variable[];
  locals: Local[];
  /** Every `${…}` and `{{ env "…" }}` in the file, in document order. */
  interpolations: Interpolation[];
  /** The generic HCL view the model was built from. */
  hcl: HclBlock;
}

export interface Variable {
  name: string;
  range: Range;
  block: HclBlock;
}

export interface Local {
  name: string;
  range: Range;
}

export interface Job {
  name: string;
  nameRange: Range;
  block: HclBlock;
  groups: Group[];
  /** Job-level `meta` (block or map form); tasks see it as `NOMAD_META_<key>`. */
  meta: EnvEntry[];
}

export interface Group {
  name: string;
  nameRange: Range;
  block: HclBlock;
  job: Job;
  count?: HclAttribute;
  /** Group-level `meta` (block or map form). */
  meta: EnvEntry[];
  networks: Network[];
  services: Service[];
  tasks: Task[];
}

export interface Network {
  block: HclBlock;
  /** `mode` as written; Nomad's default is "host". */
  mode?: StringAttr;
  ports: Port[];
  /** A group `network`, or a legacy task `resources { network }`. */
  owner: { kind: 'group'; group: Group } | { kind: 'task'; task: Task };
}

export interface Port {
  label: string;
  labelRange: Range;
  block: HclBlock;
  static?: NumberAttr;
  to?: NumberAttr;
  network: Network;
}

export interface StringAttr {
  value: string;
  attr: HclAttribute;
  /** Present when the value is a string literal or template. */
  str?: HclString;
}

export interface NumberAttr {
  value: number;
  attr: HclAttribute;
}

export interface Task {
  name: string;
  nameRange: Range;
  block: HclBlock;
  group: Group;
  driver?: StringAttr;
  config?: TaskConfig;
  env: EnvEntry[];
  /** The `env { }` block, or the attribute of the map form `env = { … }`. */
  envBlock?: HclBlock;
  envAttr?: HclAttribute;
  templates: Template[];
  services: Service[];
  /** Legacy task-level networks under `resources`. */
  networks: Network[];
  resources?: HclBlock;
  meta: EnvEntry[];
  lifecycle?: HclBlock;
  /** Set when the task runs `consul connect proxy`. */
  proxy?: ManualProxy;
}

export interface TaskConfig {
  block: HclBlock;
  command?: StringAttr;
  image?: StringAttr;
  networkMode?: StringAttr;
  args?: ArgList;
}

export interface ArgList {
  attr: HclAttribute;
  /** The list elements that are strings; non-string elements are skipped. */
  items: HclString[];
}

export interface EnvEntry {
  key: string;
  keyRange: Range;
  value?: HclString;
  range: Range;
}

export interface Template {
  block: HclBlock;
  data?: HclString;
  destination?: StringAttr;
  env?: boolean;
}

export interface Service {
  block: HclBlock;
  name?: StringAttr;
  /** `port` as a label (string) or a literal number. */
  port?: { label?: string; number?: number; attr: HclAttribute };
  task?: StringAttr;
  provider?: StringAttr;
  checks: Check[];
  connect?: Connect;
  level: 'group' | 'task';
  group: Group;
  /** The task for task-level services. */
  ownerTask?: Task;
}

export interface Check {
  block: HclBlock;
  type?: StringAttr;
  portLabel?: StringAttr;
  expose?: { value: boolean; attr: HclAttribute };
}

export interface Connect {
  block: HclBlock;
  native?: HclAttribute;
  sidecarService?: SidecarService;
  sidecarTask?: HclBlock;
  gateway?: HclBlock;
  service: Service;
}

export interface SidecarService {
  block: HclBlock;
  port?: StringAttr;
  proxy?: Proxy;
}

export interface Proxy {
  block: HclBlock;
  upstreams: Upstream[];
  expose?: Expose;
  localServicePort?: NumberAttr;
  localServiceAddress?: StringAttr;
  config?: HclBlock;
  transparentProxy?: HclBlock;
}

export interface Upstream {
  block: HclBlock;
  destinationName?: StringAttr;
  localBindPort?: NumberAttr;
  localBindAddress?: StringAttr;
  localBindSocketPath?: StringAttr;
  datacenter?: StringAttr;
  meshGateway?: HclBlock;
  service: Service;
}

export interface Expose {
  block: HclBlock;
  paths: ExposePath[];
}

export interface ExposePath {
  block: HclBlock;
  path?: StringAttr;
  protocol?: StringAttr;
  localPathPort?: NumberAttr;
  listenerPort?: StringAttr;
}

/** A `consul connect proxy` invocation found in a task's command and args. */
export interface ManualProxy {
  task: Task;
  /** Where `consul` is named: the command, or the docker image. */
  consulRange: Range;
  flags: ProxyFlag[];
  service?: ProxyFlag;
  serviceAddr?: ProxyFlag;
  listen?: ProxyFlag;
  register?: ProxyFlag;
  registerId?: ProxyFlag;
  sidecarFor?: ProxyFlag;
  proxyId?: ProxyFlag;
  upstreams: ProxyFlag[];
  /** Arguments that are neither flags nor flag values (the proxy rejects them). */
  positional: { value: string; range: Range }[];
  args: ArgList;
}

export interface ProxyFlag {
  /** Flag name without dashes, e.g. `service-addr`. */
  name: string;
  /** The flag element (e.g. `"-service"`), or the flag part of `-service=db`. */
  nameRange: Range;
  value?: string;
  /** Range of the value text (inside quotes), for precise diagnostics and edits. */
  valueRange?: Range;
  /** The list element holding the value. */
  valueItem?: HclString;
  /** The list element holding the flag. */
  item: HclString;
}

export type InterpolationContext = 'env' | 'config' | 'template' | 'service' | 'meta' | 'other';

export interface Interpolation {
  /** Expression text, e.g. `NOMAD_PORT_tcp` or `attr.unique.network.ip-address`. */
  name: string;
  range: Range;
  /** `${…}` as a whole, or the quoted name of `{{ env "…" }}`. */
  outerRange: Range;
  kind: 'interpolation' | 'template-env';
  context: InterpolationContext;
  group?: Group;
  task?: Task;
  /** The attribute the string belongs to (e.g. `args`, `DATABASE_URL`, `data`). */
  attribute?: string;
  source: HclInterpolation | undefined;
}
