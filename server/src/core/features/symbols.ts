import type { HclBlock } from '../hcl/ast';
import type { Group, NomadFile, Service, Task } from '../model/types';
import type { Range } from '../types';

export type SymbolKind = 'job' | 'group' | 'task' | 'service' | 'network' | 'port' | 'upstream' | 'variable' | 'locals';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children: OutlineSymbol[];
}

/** The outline: job > group > task / service / network / port / upstream, plus variables. */
export function documentSymbols(file: NomadFile): OutlineSymbol[] {
  const out: OutlineSymbol[] = file.variables.map((v) => sym(v.name, 'variable', v.block, v.range, 'variable'));
  for (const job of file.jobs) {
    const j = sym(job.name, 'job', job.block, job.nameRange, 'job');
    j.children = job.groups.map(groupSymbol);
    out.push(j);
  }
  return out;
}

function groupSymbol(group: Group): OutlineSymbol {
  const g = sym(group.name, 'group', group.block, group.nameRange, 'group');
  for (const n of group.networks) g.children.push(networkSymbol(n.block, n.mode?.value, n.ports));
  for (const s of group.services) g.children.push(serviceSymbol(s));
  for (const t of group.tasks) g.children.push(taskSymbol(t));
  return g;
}

function taskSymbol(task: Task): OutlineSymbol {
  const t = sym(task.name, 'task', task.block, task.nameRange, task.driver ? `task · ${task.driver.value}` : 'task');
  for (const n of task.networks) t.children.push(networkSymbol(n.block, n.mode?.value, n.ports));
  for (const s of task.services) t.children.push(serviceSymbol(s));
  if (task.proxy) {
    for (const u of task.proxy.upstreams) {
      const range = u.valueRange ?? u.nameRange;
      t.children.push({ name: u.value ?? '(upstream)', detail: 'upstream (-upstream)', kind: 'upstream', range, selectionRange: range, children: [] });
    }
  }
  return t;
}

function networkSymbol(block: HclBlock, mode: string | undefined, ports: { label: string; labelRange: Range; block: HclBlock; static?: { value: number }; to?: { value: number } }[]): OutlineSymbol {
  const n = sym('network', 'network', block, block.typeRange, mode ? `mode ${mode}` : undefined);
  n.children = ports.map((p) => {
    const detail = [p.static ? `static ${p.static.value}` : 'dynamic', p.to ? `to ${p.to.value}` : undefined].filter(Boolean).join(', ');
    return sym(p.label, 'port', p.block, p.labelRange, detail);
  });
  return n;
}

function serviceSymbol(service: Service): OutlineSymbol {
  const name = service.name?.value ?? '(unnamed service)';
  const connect = service.connect;
  const detail = connect?.sidecarService ? 'service · connect sidecar' : connect?.native ? 'service · connect native' : connect?.gateway ? 'service · connect gateway' : 'service';
  const s = sym(name, 'service', service.block, service.name?.attr.value.range ?? service.block.typeRange, detail);
  for (const u of connect?.sidecarService?.proxy?.upstreams ?? []) {
    const bind = u.localBindPort ? `local_bind_port ${u.localBindPort.value}` : undefined;
    s.children.push(sym(u.destinationName?.value ?? '(upstream)', 'upstream', u.block, u.destinationName?.attr.value.range ?? u.block.typeRange, bind));
  }
  return s;
}

function sym(name: string, kind: SymbolKind, block: HclBlock, selection: Range, detail?: string): OutlineSymbol {
  return { name: name || `(${kind})`, detail, kind, range: block.range, selectionRange: selection, children: [] };
}
