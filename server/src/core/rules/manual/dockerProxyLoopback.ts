import { EditBuilder } from '../../edit/blockEdits';
import type { Finding, Fix } from '../../types';
import { groupRule } from '../rule';
import { groupProxies } from './proxies';
import { parseUpstreams, upstreamRange } from './upstreams';

/**
 * NCX-L11: upstreams listen on the proxy's loopback; a docker proxy on its own bridge network
 * has a loopback its sibling tasks cannot reach (domain.md §A.4).
 */
export const dockerProxyLoopback = groupRule({
  codes: ['NCX-L11'],
  checkGroup(group, { file, lines }) {
    const out: Finding[] = [];
    for (const proxy of groupProxies(group)) {
      const { task } = proxy;
      const config = task.config!;
      const mode = config.networkMode;
      const ups = parseUpstreams(proxy);
      if (task.driver?.value !== 'docker' || ups.length === 0 || mode?.value === 'host') continue;
      // A group network namespace (bridge/CNI) is shared by all tasks of the group, loopback included.
      if (task.group.networks.some((n) => n.mode && (n.mode.value === 'bridge' || n.mode.value.startsWith('cni/')))) continue;
      const fixes: Fix[] = [];
      if (mode) fixes.push({ title: 'Use `network_mode = "host"`', edits: [{ range: mode.attr.value.range, newText: '"host"' }], isPreferred: true });
      else if (config.block.closeBrace) {
        const b = new EditBuilder(lines, file.hcl);
        b.addAttribute(config.block, ['network_mode', '"host"']);
        fixes.push({ title: 'Add `network_mode = "host"`', edits: b.edits, isPreferred: true });
      }
      const names = ups.map((u) => `\`${u.name}\``).join(', ');
      out.push({
        code: 'NCX-L11',
        severity: 'warning',
        message:
          `task \`${task.name}\` runs the proxy under docker ${mode ? `with \`network_mode = "${mode.value}"\`` : 'on its default bridge network'}, ` +
          `so its upstream listeners (${names}) bind the container's own loopback, which the other tasks of group ` +
          `\`${task.group.name}\` cannot reach. Use \`network_mode = "host"\` (or run the proxy with raw_exec/exec).`,
        range: mode ? mode.attr.value.range : (task.driver!.attr.value.range),
        related: [{ range: upstreamRange(ups[0], { start: 0, end: ups[0].flag.value!.length }), message: `upstream \`${ups[0].name}\` listens on loopback` }],
        fixes,
      });
    }
    return out;
  },
});
