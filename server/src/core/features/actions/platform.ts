import { blocks, strAttr } from '../../model/attrs';
import type { Task } from '../../model/types';

/**
 * True when a `constraint` on the job, group or task keeps the task off Linux clients
 * (`${attr.kernel.name}` equal to another kernel, or not equal to `linux`). Group network modes
 * and so native Connect exist only on Linux (nomad#11192, nomad#6501); the manual
 * `consul connect proxy` task runs anywhere Consul does.
 */
export function pinnedOffLinux(task: Task): boolean {
  for (const owner of [task.group.job.block, task.group.block, task.block]) {
    for (const c of blocks(owner, 'constraint')) {
      if (!/attr\.kernel\.name/.test(strAttr(c, 'attribute')?.value ?? '')) continue;
      const value = strAttr(c, 'value')?.value.trim().toLowerCase();
      const operator = strAttr(c, 'operator')?.value.trim() ?? '=';
      if (!value) continue;
      if (['=', '==', 'is'].includes(operator) && value !== 'linux') return true;
      if (['!=', 'not'].includes(operator) && value === 'linux') return true;
    }
  }
  return false;
}
