import type { Finding } from '../../types';
import { groupRule } from '../rule';
import { groupProxies, showFlag } from './proxies';
import { parseUpstreams, upstreamRange } from './upstreams';

/** NCX-L06: an upstream on port 0 is skipped at runtime with only a log line (domain.md §A.3-6). */
export const upstreamPortZero = groupRule({
  codes: ['NCX-L06'],
  checkGroup(group) {
    const out: Finding[] = [];
    for (const proxy of groupProxies(group)) {
      for (const up of parseUpstreams(proxy)) {
        if (up.error || up.portNumber !== 0) continue;
        out.push({
          code: 'NCX-L06',
          severity: 'warning',
          message:
            `\`${showFlag(up.flag)}\` in task \`${proxy.task.name}\` uses port 0: the proxy starts but only logs ` +
            `"…has no local_bind_port. Can't start upstream.", so nothing listens for \`${up.name}\`. ` +
            `Use a port the consumer can dial, e.g. a \`\${NOMAD_PORT_<label>}\` of this task.`,
          range: upstreamRange(up, up.portSpan),
        });
      }
    }
    return out;
  },
});
