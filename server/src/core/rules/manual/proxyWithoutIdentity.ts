import type { Finding } from '../../types';
import { groupRule } from '../rule';
import { configuredElsewhere, groupProxies } from './proxies';

/**
 * NCX-L03: a proxy must learn whom it represents: `-service`, `-proxy-id` or `-sidecar-for`, or
 * the `CONNECT_PROXY_ID`/`CONNECT_SIDECAR_FOR` environment variables (domain.md §A.3-1).
 */
export const proxyWithoutIdentity = groupRule({
  codes: ['NCX-L03'],
  checkGroup(group) {
    const out: Finding[] = [];
    for (const proxy of groupProxies(group)) {
      if ((proxy.service && proxy.service.value !== '') || configuredElsewhere(proxy)) continue;
      out.push({
        code: 'NCX-L03',
        severity: 'error',
        message:
          `\`consul connect proxy\` in task \`${proxy.task.name}\` has neither \`-service\` nor \`-proxy-id\`/\`-sidecar-for\` ` +
          `(nor \`CONNECT_PROXY_ID\`/\`CONNECT_SIDECAR_FOR\` in its env): it exits at start with ` +
          `"-service or -proxy-id must be specified so that proxy can configure itself." Add \`-service <name>\`, the service it represents.`,
        range: proxy.args.items[1].contentRange,
      });
    }
    return out;
  },
});
