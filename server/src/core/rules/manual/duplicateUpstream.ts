import { removeElements } from '../../edit/listEdits';
import type { Finding } from '../../types';
import { groupRule } from '../rule';
import { groupProxies, showFlag } from './proxies';
import { type ParsedUpstream, parseUpstreams, upstreamRange } from './upstreams';

/** NCX-L05: upstreams are kept in a map by name, so a repeated name silently replaces the earlier one (domain.md §A.3-6). */
export const duplicateUpstream = groupRule({
  codes: ['NCX-L05'],
  checkGroup(group, { lines }) {
    const out: Finding[] = [];
    for (const proxy of groupProxies(group)) {
      const first = new Map<string, ParsedUpstream>();
      for (const up of parseUpstreams(proxy)) {
        if (up.error) continue;
        const earlier = first.get(up.name);
        if (!earlier) {
          first.set(up.name, up);
          continue;
        }
        const wholeValue = { start: 0, end: up.flag.value!.length };
        const earlierItems = earlier.flag.valueItem && earlier.flag.valueItem !== earlier.flag.item ? [earlier.flag.item, earlier.flag.valueItem] : [earlier.flag.item];
        out.push({
          code: 'NCX-L05',
          severity: 'warning',
          message:
            `upstream \`${up.name}\` is given twice in task \`${proxy.task.name}\`; the later \`${showFlag(up.flag)}\` ` +
            `silently replaces the first (\`${showFlag(earlier.flag)}\`), so nothing listens where the first one says.`,
          range: upstreamRange(up, wholeValue),
          related: [{ range: upstreamRange(earlier, { start: 0, end: earlier.flag.value!.length }), message: `first \`-upstream\` for \`${up.name}\`` }],
          fixes: [{ title: `Remove the replaced \`${showFlag(earlier.flag)}\``, edits: [removeElements(lines, proxy.args.attr.value, earlierItems.map((i) => i.range))] }],
        });
        first.set(up.name, up);
      }
    }
    return out;
  },
});
