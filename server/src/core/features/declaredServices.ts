import { groupServices } from '../model/queries';
import type { NomadFile } from '../model/types';

/** A Consul service a job file registers: a candidate destination for an upstream. */
export interface DeclaredService {
  name: string;
  job: string;
  group: string;
}

/** Service names the file registers (group and task services), skipping templated names. */
export function declaredServices(file: NomadFile): DeclaredService[] {
  const out: DeclaredService[] = [];
  for (const job of file.jobs) {
    for (const group of job.groups) {
      for (const s of groupServices(group)) {
        const name = s.name?.str && !s.name.str.isTemplate ? s.name.value : undefined;
        if (name && !out.some((o) => o.name === name)) out.push({ name, job: job.name, group: group.name });
      }
    }
  }
  return out;
}
