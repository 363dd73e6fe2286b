import { replace } from '../../edit/lines';
import type { Group, Interpolation } from '../../model/types';
import type { LineIndex } from '../../text';
import type { Finding, Fix, Range } from '../../types';
import { groupRule } from '../rule';
import { groupInterpolations } from '../../model/queries';
import { isDeployable, literal } from './groupFacts';

/**
 * NCX-N13: in a bridge (or CNI) group, an app binds `NOMAD_ADDR_*` / `NOMAD_IP_*` (or their
 * `NOMAD_HOST_*` forms). Those carry the host's IP, which does not exist inside the group's
 * network namespace, so the bind fails or listens where nothing arrives (network.mdx warning).
 * Bind 0.0.0.0 or 127.0.0.1 with `NOMAD_PORT_*` instead.
 *
 * "Binds" is read from where the variable sits: the value of a flag or key that names a bind
 * or listen address (`-bind`, `--listen=`, `--address`, `REGISTRY_HTTP_ADDR`, `listen` in a
 * template), and not inside a URL (`http://…` is something dialled or advertised). Tasks that
 * run `consul connect proxy` are the manual proxy rules' business.
 */
export const bridgeHostAddress = groupRule({
  codes: ['NCX-N13'],
  checkGroup(group, ctx) {
    const out: Finding[] = [];
    if (!isDeployable(group) || !isNamespaced(group)) return out;
    for (const i of groupInterpolations(group)) {
      if (!i.task || i.task.proxy) continue;
      const m = HOST_VAR.exec(i.name);
      if (!m) continue;
      const key = bindKey(ctx.lines, i);
      if (!key || !BIND_KEY.test(key)) continue;
      out.push(finding(ctx.lines, i, m[1], m[2], key));
    }
    return out;
  },
});

const HOST_VAR = /^NOMAD_(?:HOST_)?(ADDR|IP)_(\S+)$/;
const BIND_KEY = /bind|listen|^-*addr(ess)?$|(^|[-_.])(http|grpc|server|client)[-_.]?addr(ess)?$/i;

function isNamespaced(g: Group): boolean {
  if (g.networks.length !== 1) return false;
  const mode = literal(g.networks[0].mode);
  return mode === 'bridge' || !!mode?.startsWith('cni/');
}

/**
 * The flag or key the interpolation is the value of, or undefined when it sits in a URL or
 * nowhere recognisable.
 */
function bindKey(lines: LineIndex, i: Interpolation): string | undefined {
  const line = lines.lineText(i.outerRange.start.line);
  const before = line.slice(0, i.outerRange.start.character);
  if (/:\/\/\S*$/.test(before)) return undefined;
  if (i.context === 'env') return i.attribute;
  if (i.context === 'config' && i.attribute === 'args') {
    const inline = /(-{1,2}[\w.-]+)=\S*$/.exec(before.slice(before.lastIndexOf('"') + 1));
    if (inline) return inline[1];
    const args = i.task?.config?.args?.items ?? [];
    const at = args.findIndex((a) => within(i.outerRange, a.range));
    const prev = at > 0 ? args[at - 1].value : undefined;
    return prev?.startsWith('-') ? prev : undefined;
  }
  if (i.context === 'template') {
    const start = i.kind === 'template-env' ? before.lastIndexOf('{{') : before.length;
    const m = /([A-Za-z_][\w.-]*)["']?\s*[=:]?\s*["']?$/.exec(before.slice(0, Math.max(0, start)));
    return m?.[1];
  }
  return undefined;
}

function within(inner: Range, outer: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

function finding(lines: LineIndex, i: Interpolation, kind: string, label: string, key: string): Finding {
  const whole = wholeRange(lines, i);
  const port = i.kind === 'template-env' ? `{{ env "NOMAD_PORT_${label}" }}` : `\${NOMAD_PORT_${label}}`;
  const behindSidecar = i.group!.services.some((s) => s.connect?.sidecarService && s.port?.label?.replace(/-/g, '_') === label);
  const fixes: Fix[] = ['127.0.0.1', '0.0.0.0'].map((ip) => ({
    title: `Bind ${ip}${kind === 'ADDR' ? `:${port}` : ''}`,
    isPreferred: (ip === '127.0.0.1') === behindSidecar,
    edits: [replace(whole, kind === 'ADDR' ? `${ip}:${port}` : ip)],
  }));
  const shown = lines.slice(whole);
  return {
    code: 'NCX-N13',
    severity: 'warning',
    message: `Task \`${i.task!.name}\` binds \`${key}\` to ${shown}, the host's ${kind === 'ADDR' ? 'IP:port' : 'IP'}, but group \`${i.group!.name}\` runs in its own network namespace, where that IP does not exist; the app cannot listen there. Bind ${behindSidecar ? '127.0.0.1 (its sidecar reaches it there)' : '0.0.0.0'} with \`NOMAD_PORT_${label}\` instead.`,
    range: whole,
    fixes,
  };
}

/** `${…}` as a whole, or the whole `{{ env "…" }}` action of a template. */
function wholeRange(lines: LineIndex, i: Interpolation): Range {
  if (i.kind !== 'template-env') return i.outerRange;
  const line = lines.lineText(i.outerRange.start.line);
  const open = line.lastIndexOf('{{', i.outerRange.start.character);
  const close = line.indexOf('}}', i.outerRange.end.character);
  if (open < 0 || close < 0) return i.outerRange;
  return { start: { line: i.outerRange.start.line, character: open }, end: { line: i.outerRange.start.line, character: close + 2 } };
}
