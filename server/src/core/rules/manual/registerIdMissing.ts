import { insertAfter } from '../../edit/listEdits';
import type { Finding } from '../../types';
import { groupRule } from '../rule';
import { flagElements } from './proxies';
import { groupProxies, registerFlag } from './proxies';

/**
 * NCX-L10: `-register` uses the ID `<service>-proxy` unless `-register-id` is set, so two
 * allocations of a `count > 1` group on one agent collide (domain.md §A.3-5).
 */
export const registerIdMissing = groupRule({
  codes: ['NCX-L10'],
  checkGroup(group, { lines }) {
    const out: Finding[] = [];
    for (const proxy of groupProxies(group)) {
      const register = registerFlag(proxy);
      const registerId = proxy.registerId;
      const count = proxy.task.group.count;
      const n = count?.value.kind === 'number' ? count.value.value : count?.value.kind === 'string' ? Number(count.value.str.value) : NaN;
      if (!register || registerId || !(n > 1)) continue;
      const id = `${proxy.service?.value ?? '<service>'}-proxy`;
      out.push({
        code: 'NCX-L10',
        severity: 'information',
        message:
          `\`-register\` in task \`${proxy.task.name}\` registers the ID \`${id}\`, and group \`${proxy.task.group.name}\` runs ` +
          `${n} allocations: two on the same node overwrite each other's registration. Add \`-register-id \${NOMAD_ALLOC_ID}\`.`,
        range: register.nameRange,
        related: [{ range: count!.range, message: `group \`${proxy.task.group.name}\` runs ${n} allocations` }],
        fixes: [
          {
            title: 'Add `-register-id ${NOMAD_ALLOC_ID}`',
            edits: [insertAfter(lines, proxy.args.attr.value, (register.valueItem ?? register.item).range, flagElements(proxy, 'register-id', '${NOMAD_ALLOC_ID}'))],
            isPreferred: true,
          },
        ],
      });
    }
    return out;
  },
});
