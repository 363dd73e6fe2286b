import { insertAfter, removeElements } from '../../edit/listEdits';
import { groupPorts, taskPorts } from '../../model/queries';
import type { ManualProxy } from '../../model/types';
import type { LineIndex } from '../../text';
import type { Finding, Fix } from '../../types';
import type { Version } from '../../version';
import { groupRule } from '../rule';
import { guessAppPort } from './appTarget';
import { portVarName, resolvePortVar } from './portVars';
import { flagElements, groupProxies, registerFlag } from './proxies';

/** NCX-L02: `-register` needs both `-service` and `-listen` (domain.md §A.3-4). */
export const registerWithoutListen = groupRule({
  codes: ['NCX-L02'],
  checkGroup(group, { lines, nomadVersion }) {
    const out: Finding[] = [];
    for (const proxy of groupProxies(group)) {
      const register = registerFlag(proxy);
      if (!register || (proxy.service && proxy.listen)) continue;
      const missing = [!proxy.service && '`-service`', !proxy.listen && '`-listen`'].filter(Boolean).join(' and ');
      const fixes: Fix[] = [];
      const addListen = addListenFix(lines, proxy, nomadVersion);
      if (addListen) fixes.push(addListen);
      fixes.push({ title: 'Remove `-register`', edits: [removeElements(lines, proxy.args.attr.value, [register.item.range])] });
      out.push({
        code: 'NCX-L02',
        severity: 'error',
        message:
          `\`-register\` in task \`${proxy.task.name}\` has no ${missing}: the proxy exits at start with ` +
          `"-register may only be specified with -service and -listen". A proxy that only dials upstreams ` +
          `does not register; one that accepts connections needs \`-listen\`.`,
        range: register.nameRange,
        fixes,
      });
    }
    return out;
  },
});

/**
 * Adds `-listen :${NOMAD_PORT_<label>}` on the proxy's one port its upstreams do not use, with
 * the `-service-addr` that `-listen` in turn requires when it is missing.
 */
function addListenFix(lines: LineIndex, proxy: ManualProxy, version: Version): Fix | undefined {
  const service = proxy.service;
  if (!service?.valueItem || proxy.listen) return undefined;
  const upstreamPorts = new Set(
    proxy.upstreams.flatMap((u) => u.valueItem?.interpolations.map((i) => resolvePortVar(i.text, proxy.task, version)?.port) ?? []),
  );
  const free = [...taskPorts(proxy.task), ...groupPorts(proxy.task.group)].filter((p) => !upstreamPorts.has(p));
  const portVar = free.length === 1 && portVarName('PORT', free[0], proxy.task, version);
  if (!portVar) return undefined;
  const listen = `:\${${portVar}}`;
  const elements = flagElements(proxy, 'listen', listen);
  let anchor = service.valueItem;
  if (proxy.serviceAddr?.valueItem) anchor = proxy.serviceAddr.valueItem;
  else {
    const app = guessAppPort(proxy, version);
    if (!app || app.port === free[0]) return undefined;
    elements.push(...flagElements(proxy, 'service-addr', `127.0.0.1:\${${app.portVar}}`));
  }
  const title = `Add \`-listen ${listen}\`${proxy.serviceAddr ? '' : ' and `-service-addr`'}`;
  return { title, edits: [insertAfter(lines, proxy.args.attr.value, anchor.range, elements)] };
}
