import type { Finding } from '../../types';
import { groupRule } from '../rule';
import { classifyHost, splitHostPort } from './address';
import { groupProxies, registerFlag, showFlag, valueSubRange } from './proxies';

/**
 * NCX-L07: with `-register`, the `-listen` host is what Consul advertises (domain.md §A.3-5):
 * loopback is unreachable from other nodes and 0.0.0.0 is refused; an empty host is right.
 */
export const registerListenHost = groupRule({
  codes: ['NCX-L07'],
  checkGroup(group) {
    const out: Finding[] = [];
    for (const proxy of groupProxies(group)) {
      const listen = proxy.listen;
      if (!registerFlag(proxy) || listen?.value === undefined) continue;
      const hp = splitHostPort(listen.value);
      if (!hp) continue;
      const kind = classifyHost(hp.host);
      if (kind !== 'loopback' && kind !== 'unspecified') continue;
      const registered = `\`${proxy.service?.value ?? '<service>'}-proxy\``;
      const suggestion = `-listen :${hp.port}`;
      const why =
        kind === 'loopback'
          ? `advertises ${hp.host} in Consul, so other nodes dial their own loopback and never reach ${registered}`
          : `asks Consul to register ${registered} at ${hp.host}, which the agent refuses (400 "Invalid service address"); ` +
            `the proxy only logs the failure and retries every 30 s, so it never becomes discoverable`;
      const hostEnd = listen.value.startsWith('[') ? hp.hostSpan.end + 1 : hp.hostSpan.end;
      out.push({
        code: 'NCX-L07',
        severity: kind === 'loopback' ? 'warning' : 'error',
        message:
          `\`${showFlag(listen)}\` with \`-register\` in task \`${proxy.task.name}\` ${why}. ` +
          `Use \`${suggestion}\`: it listens on every interface and Consul advertises the node's address.`,
        range: valueSubRange(listen, hp.hostSpan.start, hp.hostSpan.end),
        fixes: [{ title: `Use \`${suggestion}\``, edits: [{ range: valueSubRange(listen, 0, hostEnd), newText: '' }], isPreferred: true }],
      });
    }
    return out;
  },
});
