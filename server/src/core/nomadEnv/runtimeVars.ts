/**
 * Runtime variables Nomad sets in every task, whatever the job declares
 * (`client/taskenv/env.go`). `since` is the first release whose runtime-environment docs list
 * the variable (0.8 is this extension's oldest target, so it stands for "0.8 or earlier").
 */
export interface FixedVar {
  name: string;
  meaning: string;
  since: string;
}

export const FIXED_VARS: FixedVar[] = [
  { name: 'NOMAD_ALLOC_DIR', meaning: 'path of the alloc/ directory shared by the tasks of the allocation', since: '0.8' },
  { name: 'NOMAD_TASK_DIR', meaning: "path of the task's local/ directory", since: '0.8' },
  { name: 'NOMAD_SECRETS_DIR', meaning: "path of the task's secrets/ directory", since: '0.8' },
  { name: 'NOMAD_MEMORY_LIMIT', meaning: "the task's memory limit in MB", since: '0.8' },
  { name: 'NOMAD_MEMORY_MAX_LIMIT', meaning: "the task's memory oversubscription limit in MB (set only when `memory_max` is)", since: '1.1' },
  { name: 'NOMAD_CPU_LIMIT', meaning: "the task's CPU limit in MHz", since: '0.8' },
  { name: 'NOMAD_CPU_CORES', meaning: 'the CPU cores reserved for the task, in cpuset list notation (set only with `cores`)', since: '1.1' },
  { name: 'NOMAD_ALLOC_ID', meaning: 'the allocation ID', since: '0.8' },
  { name: 'NOMAD_SHORT_ALLOC_ID', meaning: 'the first 8 characters of the allocation ID', since: '1.3' },
  { name: 'NOMAD_ALLOC_NAME', meaning: 'the allocation name: `<job>.<group>[<index>]`', since: '0.8' },
  { name: 'NOMAD_ALLOC_INDEX', meaning: 'the allocation index, 0 to count - 1', since: '0.8' },
  { name: 'NOMAD_TASK_NAME', meaning: "the task's name", since: '0.8' },
  { name: 'NOMAD_GROUP_NAME', meaning: "the group's name", since: '0.8' },
  { name: 'NOMAD_JOB_NAME', meaning: "the job's name", since: '0.8' },
  { name: 'NOMAD_JOB_ID', meaning: "the job's ID (the name, unless submitted through the API with another ID)", since: '1.0' },
  { name: 'NOMAD_JOB_PARENT_ID', meaning: "the parent job's ID, for dispatched and periodic jobs", since: '1.0' },
  { name: 'NOMAD_DC', meaning: 'the datacenter the allocation runs in', since: '0.8' },
  { name: 'NOMAD_REGION', meaning: 'the region the allocation runs in', since: '0.8' },
  { name: 'NOMAD_NAMESPACE', meaning: 'the namespace the allocation runs in', since: '0.12' },
  { name: 'NOMAD_PARENT_CGROUP', meaning: 'the parent cgroup under which the task cgroups are made', since: '1.3' },
];

/** Node values interpolation knows (`${node.…}`), plus the `attr.` and `meta.` prefixes. */
export const NODE_VARS: FixedVar[] = [
  { name: 'node.unique.id', meaning: "the client node's ID", since: '0.8' },
  { name: 'node.unique.name', meaning: "the client node's name", since: '0.8' },
  { name: 'node.datacenter', meaning: "the client node's datacenter", since: '0.8' },
  { name: 'node.region', meaning: "the client node's region", since: '0.8' },
  { name: 'node.class', meaning: "the client node's class", since: '0.8' },
  { name: 'attr.unique.network.ip-address', meaning: "the client node's advertised IP address (a node attribute)", since: '0.8' },
  { name: 'attr.unique.hostname', meaning: "the client node's hostname (a node attribute)", since: '0.8' },
  { name: 'attr.kernel.name', meaning: 'the kernel name, e.g. `linux` (a node attribute)', since: '0.8' },
  { name: 'attr.cpu.arch', meaning: 'the CPU architecture, e.g. `amd64` (a node attribute)', since: '0.8' },
  { name: 'attr.os.name', meaning: 'the operating system name (a node attribute)', since: '0.8' },
];

/** Prefixes of node attributes and node meta, resolved on the client at runtime. */
export const NODE_PREFIXES = ['attr.', 'meta.', 'node.'];
