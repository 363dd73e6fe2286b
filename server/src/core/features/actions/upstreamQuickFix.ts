import { upstreamsOf } from '../../model/queries';
import { rangesOverlap } from '../../types';
import type { ActionProvider, CodeActionItem } from './action';
import { computeUpstreamEdit, existingUpstreams, type UpstreamTarget } from './addUpstream';
import { sidecarServiceFor } from './locate';
import { cleanEnvVar } from './names';

const UPSTREAM_VAR = /^NOMAD_UPSTREAM_(ADDR|IP|PORT)_(.+)$/;

/**
 * Quick fix "Add upstream <d>" on a `${NOMAD_UPSTREAM_*_<d>}` that no upstream of the group
 * declares (NCX-N11). Native: adds the `upstreams` block. Manual proxies get no such variables
 * (they predate them, domain B.1), so there the fix adds `-upstream <d>:<p>` and writes the
 * loopback address or port in place of the variable.
 */
export const upstreamQuickFix: ActionProvider = (req) => {
  const out: CodeActionItem[] = [];
  const seen = new Set<string>();
  for (const i of req.doc.model.interpolations) {
    const m = UPSTREAM_VAR.exec(i.name);
    if (!m || !i.group || !rangesOverlap(i.outerRange, req.range)) continue;
    const [, part, d] = m;
    const group = i.group;
    const declared = upstreamsOf(group).map((u) => cleanEnvVar(u.destinationName?.value ?? ''));
    const service = sidecarServiceFor(group, i.task);
    const proxies = group.tasks.filter((t) => t.proxy);
    let target: UpstreamTarget | undefined;
    if (service) target = { style: 'native', group, service };
    else if (proxies.length === 1 && i.kind === 'interpolation') target = { style: 'manual', group, proxy: proxies[0].proxy! };
    if (!target || declared.includes(cleanEnvVar(d)) || seen.has(d)) continue;
    if (target.style === 'manual' && existingUpstreams(target).some((e) => cleanEnvVar(e) === cleanEnvVar(d))) continue;
    seen.add(d);
    const edit = computeUpstreamEdit(req.doc, target, d);
    if ('error' in edit) continue;
    const edits = [...edit.edits];
    if (target.style === 'manual') {
      const local = part === 'ADDR' ? edit.wiring : part === 'IP' ? '127.0.0.1' : String(edit.port);
      for (const j of req.doc.model.interpolations) if (j.name === i.name && j.group === group && j.kind === 'interpolation') edits.push({ range: j.outerRange, newText: local });
    }
    out.push({ title: `Add upstream ${d}`, kind: 'quickfix', edits, isPreferred: true, resolves: ['NCX-N11'] });
  }
  return out;
};
