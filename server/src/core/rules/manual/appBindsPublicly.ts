import type { Finding, Fix, Range, TextEdit } from '../../types';
import { groupRule } from '../rule';
import { appBinds } from './appBind';
import { appTasks, loopbackReplacement, serviceAddrTarget } from './appTarget';
import { describePort } from './portVars';
import { configuredElsewhere, groupProxies, showFlag, valueSubRange } from './proxies';

/**
 * NCX-L09: the app a `-listen` proxy fronts must bind loopback; bound to the host IP or every
 * interface it takes plaintext connections that bypass mTLS and intentions (domain.md §A.4).
 */
export const appBindsPublicly = groupRule({
  codes: ['NCX-L09'],
  checkGroup(group, { nomadVersion }) {
    const out: Finding[] = [];
    for (const proxy of groupProxies(group)) {
      const flag = proxy.serviceAddr;
      const target = serviceAddrTarget(proxy, nomadVersion);
      if (!proxy.listen || !flag || !target || configuredElsewhere(proxy)) continue;
      for (const bind of appTasks(proxy).flatMap((t) => appBinds(t, nomadVersion))) {
        if (bind.port !== target.port || bind.kind === 'loopback') continue;
        const edits: TextEdit[] = [{ range: bind.host.range, newText: bind.host.loopbackText }];
        if (target.hostVar) {
          const { span } = target.hostVar;
          edits.push({ range: valueSubRange(flag, span.start, span.end), newText: loopbackReplacement(target) });
        }
        const fixable = target.hostVar || ['loopback', 'empty', 'unspecified'].includes(target.hostKind);
        const fixes: Fix[] = fixable
          ? [{ title: `Bind task \`${bind.task.name}\` to 127.0.0.1${target.hostVar ? ' and point `-service-addr` there' : ''}`, edits, isPreferred: true }]
          : [];
        const where = bind.kind === 'any' ? 'every interface' : "the client's host IP";
        out.push({
          code: 'NCX-L09',
          severity: 'warning',
          message:
            `task \`${bind.task.name}\` binds \`${bind.address}\` (${where}), yet the Connect proxy in task ` +
            `\`${proxy.task.name}\` fronts that port (\`${showFlag(flag)}\`, ${describePort(bind.port)}): other hosts can ` +
            `connect to the app directly in plaintext, bypassing mTLS and intentions. Bind it to 127.0.0.1 and leave ` +
            `\`-listen\` as the only public listener.`,
          range: isEmpty(bind.host.range) ? bind.range : bind.host.range,
          related: [{ range: flag.valueRange ?? flag.nameRange, message: `the proxy forwards \`-listen\` connections here` }],
          fixes,
        });
      }
    }
    return out;
  },
});

function isEmpty(r: Range): boolean {
  return r.start.line === r.end.line && r.start.character === r.end.character;
}
