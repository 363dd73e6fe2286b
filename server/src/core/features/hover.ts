import type { NomadDocument } from '../document';
import { catalogFor, type RuntimeVar } from '../nomadEnv/catalog';
import { nearest, resolve } from '../nomadEnv/resolve';
import { NODE_VARS } from '../nomadEnv/runtimeVars';
import { interpolationAt, type Site, siteOf } from '../nomadEnv/scope';
import type { Port } from '../model/types';
import { type Position, type Range, rangeContains } from '../types';
import { atLeast, formatVersion, type Version } from '../version';
import { portLabelAt } from './portTargets';

/** Hover on a `${NAME}` or `{{ env "NAME" }}`: what it resolves to, where it is declared, since when. */

export interface HoverResult {
  markdown: string;
  range: Range;
}

export function hoverAt(doc: NomadDocument, pos: Position, version: Version): HoverResult | undefined {
  const port = portLabelAt(doc.model, pos);
  if (port) return { markdown: portVariables(port, version), range: port.labelRange };
  const interpolation = interpolationAt(doc.model, pos);
  if (!interpolation || !rangeContains(interpolation.range, pos) || !interpolation.name) return undefined;
  const name = interpolation.name;
  const site = siteOf(interpolation);
  const failsTask = interpolation.context === 'config' && atLeast(version, '0.9');
  const body = describe(doc, name, site, version, failsTask);
  return body ? { markdown: `**\`${name}\`**\n\n${body}`, range: interpolation.range } : undefined;
}

/** `failsTask`: in driver config (0.9+) an unknown name fails the task instead of staying as text (§B.3). */
function describe(doc: NomadDocument, name: string, site: Site, version: Version, failsTask: boolean): string | undefined {
  const r = resolve(name, site, version);
  const where = scopeWords(site);
  switch (r.status) {
    case 'ok':
      return known(r.v);
    case 'wrong-form':
      return [
        site.form === 'raw'
          ? `Not set under this spelling in \`env\` values: Nomad interpolates them before it cleans names, so only \`${r.correct}\` resolves here.`
          : `Not set under this spelling here: driver \`config\`, templates and services see cleaned names (\`-\` becomes \`_\`), so only \`${r.correct}\` resolves.`,
        `Nomad leaves \`\${${name}}\` in the string as it is.`,
        '',
        known(r.v),
      ].join('\n');
    case 'newer':
      return `Set from Nomad ${r.v.since} on; the target version is ${formatVersion(version)}, where it stays in the string as it is.\n\n${known(r.v)}`;
    case 'undeclared':
      return [
        `Not set ${where}: ${r.note ?? 'nothing declares it'}, so ${failsTask ? 'the task fails to start (driver `config` cannot evaluate it)' : 'Nomad leaves the text in the string as it is'}.`,
        r.elsewhere ? `It is set in ${r.elsewhere} only.` : '',
        r.suggestion ? `Did you mean \`${r.suggestion}\`?` : '',
      ]
        .filter(Boolean)
        .join(' ');
    case 'hcl': {
      const [kind, id] = name.split('.');
      const decl = kind === 'var' ? doc.model.variables.find((v) => v.name === id) : doc.model.locals.find((l) => l.name === id);
      const what = kind === 'var' ? 'HCL2 input variable' : 'HCL2 local value';
      return decl ? `${what}, declared at line ${decl.range.start.line + 1}; resolved when the job is parsed.` : `${what}, not declared in this file.`;
    }
    case 'node': {
      const known = NODE_VARS.find((n) => n.name === name);
      return known ? `${capital(known.meaning)}. Resolved on the client that runs the allocation.` : 'Node value (attribute or meta), resolved on the client that runs the allocation.';
    }
    case 'unmodeled': {
      if (!name.startsWith('NOMAD_') || !site.scope) return undefined;
      const guess = nearest(name, catalogFor(site.scope, version), site.form, true);
      return `Not a variable Nomad sets ${where}, as far as this extension knows; Nomad leaves unknown names in the string as they are.${guess ? ` Did you mean \`${guess}\`?` : ''}`;
    }
  }
}

/** On a `port "label"` block: the variables it gives, in both spellings where they differ. */
function portVariables(port: Port, version: Version): string {
  const owner = port.network.owner;
  const group = owner.kind === 'group' ? owner.group : owner.task.group;
  const scopes = owner.kind === 'task' ? [{ group, task: owner.task }, ...group.tasks.filter((t) => t !== owner.task).map((task) => ({ group, task }))] : [{ group, task: group.tasks[0] }];
  const rows: string[] = [];
  const seen = new Set<string>();
  for (const scope of scopes) {
    for (const v of catalogFor(scope, version).vars) {
      if (v.port !== port || seen.has(v.raw)) continue;
      seen.add(v.raw);
      const where = v.family === 'other-task-port' ? ` (in the other tasks)` : '';
      const names = v.raw === v.key ? `\`${v.raw}\`` : `\`${v.key}\` (\`${v.raw}\` in \`env\`)`;
      rows.push(`- ${names}${where}: ${v.meaning}`);
    }
  }
  const title = `**Port \`${port.label}\`**${owner.kind === 'task' ? ` of task \`${owner.task.name}\`` : ''}`;
  return rows.length ? `${title}\n\nRuntime variables (Nomad ${formatVersion(version)}):\n\n${rows.join('\n')}` : `${title}\n\nNo runtime variable in Nomad ${formatVersion(version)}.`;
}

function known(v: RuntimeVar): string {
  const line = v.declRange ? ` (line ${v.declRange.start.line + 1})` : '';
  return `${capital(v.meaning)}.\n\nFrom ${v.origin}${line}. Set since Nomad ${v.since}.`;
}

function scopeWords(site: Site): string {
  const s = site.scope;
  if (!s) return 'here';
  if (s.sidecarOf) return `for the sidecar task of service \`${s.sidecarOf.name?.value ?? ''}\``;
  return s.task ? `for task \`${s.task.name}\`` : `in group \`${s.group.name}\``;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
