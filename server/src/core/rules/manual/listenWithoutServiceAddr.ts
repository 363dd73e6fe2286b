import { insertAfter } from '../../edit/listEdits';
import type { Finding, Fix } from '../../types';
import { groupRule } from '../rule';
import { guessAppPort } from './appTarget';
import { flagElements } from './proxies';
import { configuredElsewhere, groupProxies, showFlag } from './proxies';

/** NCX-L01: `-listen` needs `-service-addr` when the proxy is configured by its flags (domain.md §A.3-2). */
export const listenWithoutServiceAddr = groupRule({
  codes: ['NCX-L01'],
  checkGroup(group, { lines, nomadVersion }) {
    const out: Finding[] = [];
    for (const proxy of groupProxies(group)) {
      const listen = proxy.listen;
      if (!listen || proxy.serviceAddr || configuredElsewhere(proxy)) continue;
      const fixes: Fix[] = [];
      const app = guessAppPort(proxy, nomadVersion);
      if (app) {
        const value = `127.0.0.1:\${${app.portVar}}`;
        fixes.push({
          title: `Add \`-service-addr ${value}\``,
          edits: [insertAfter(lines, proxy.args.attr.value, (listen.valueItem ?? listen.item).range, flagElements(proxy, 'service-addr', value))],
          isPreferred: true,
        });
      }
      out.push({
        code: 'NCX-L01',
        severity: 'error',
        message:
          `\`${showFlag(listen)}\` in task \`${proxy.task.name}\` has no \`-service-addr\`: the proxy exits at start with ` +
          `"-service-addr must be specified with -listen so the proxy knows the backend service address." ` +
          `Add \`-service-addr\` with the address the app listens on${app ? `, e.g. \`127.0.0.1:\${${app.portVar}}\`` : ''}.`,
        range: listen.nameRange,
        related: app ? [{ range: app.port.labelRange, message: `the app's port \`${app.port.label}\`` }] : undefined,
        fixes,
      });
    }
    return out;
  },
});
