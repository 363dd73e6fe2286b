import type { Finding } from '../../types';
import { groupRule } from '../rule';
import { groupProxies, showFlag } from './proxies';
import { parseUpstream, upstreamRange } from './upstreams';

/** NCX-L04: `-upstream` values Consul's flag parser rejects, so the proxy never starts (domain.md §A.3-6). */
export const malformedUpstream = groupRule({
  codes: ['NCX-L04'],
  checkGroup(group) {
    const out: Finding[] = [];
    for (const proxy of groupProxies(group)) {
      for (const flag of proxy.upstreams) {
        if (flag.value === undefined) {
          out.push({
            code: 'NCX-L04',
            severity: 'error',
            message: `\`-upstream\` in task \`${proxy.task.name}\` has no value: the proxy exits with "flag needs an argument: -upstream".`,
            range: flag.nameRange,
          });
          continue;
        }
        const up = parseUpstream(flag, flag.value);
        if (!up.error) continue;
        out.push({
          code: 'NCX-L04',
          severity: 'error',
          message:
            `\`${showFlag(flag)}\` in task \`${proxy.task.name}\` ${up.error.message}: flag parsing fails, ` +
            `the proxy prints its usage and exits.`,
          range: upstreamRange(up, up.error.span),
        });
      }
    }
    return out;
  },
});
