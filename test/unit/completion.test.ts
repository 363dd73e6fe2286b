import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NomadDocument } from '../../server/src/core/document';
import { completeAt } from '../../server/src/core/features/completion';
import { parseVersion } from '../../server/src/core/version';
import { example, fixture, sharedParser, withCursor } from '../helpers/documents';

/**
 * Completion of runtime variables, fixture-driven: each case is a job with a `<|>` cursor and
 * the labels expected first (in order), present, and absent.
 */

interface Case {
  name: string;
  text: string;
  version?: string;
  first?: string[];
  includes?: string[];
  excludes?: string[];
  /** Expected text the first item's edit replaces, and its new text. */
  replaces?: string;
  newText?: string;
  empty?: boolean;
}

const cases: Case[] = [
  {
    name: 'seed web job: the web task env offers the proxy task ports',
    text: example('seed-web.nomad').replace('${NOMAD_ADDR_proxy_tcp}', '${NOMAD_<|>}'),
    first: ['NOMAD_ADDR_proxy_tcp', 'NOMAD_PORT_proxy_tcp', 'NOMAD_IP_proxy_tcp'],
    includes: ['NOMAD_ALLOC_DIR', 'NOMAD_TASK_NAME', 'attr.unique.network.ip-address'],
    excludes: ['NOMAD_ADDR_tcp', 'NOMAD_HOST_PORT_proxy_tcp'],
    replaces: 'NOMAD_',
  },
  {
    name: "seed db job: the proxy's args offer its own port first, then the db task's",
    text: example('seed-db.nomad').replace('"${NOMAD_ADDR_db_tcp}"', '"${NOMAD_ADDR_<|>}"'),
    first: ['NOMAD_ADDR_tcp', 'NOMAD_PORT_tcp', 'NOMAD_IP_tcp', 'NOMAD_HOST_PORT_tcp', 'NOMAD_ADDR_db_tcp', 'NOMAD_PORT_db_tcp'],
    replaces: 'NOMAD_ADDR_',
  },
  {
    name: 'native bridge job: group ports, then upstreams (cleaned), never another group',
    text: fixture('interpolation/completion/native-env.nomad'),
    first: ['NOMAD_ADDR_http', 'NOMAD_PORT_http', 'NOMAD_IP_http', 'NOMAD_HOST_PORT_http'],
    includes: ['NOMAD_ALLOC_ADDR_http', 'NOMAD_UPSTREAM_ADDR_api', 'NOMAD_UPSTREAM_PORT_count_api', 'NOMAD_HOST_PORT_connect-proxy-web'],
    excludes: ['NOMAD_PORT_admin', 'NOMAD_UPSTREAM_ADDR_count-api', 'NOMAD_ENVOY_ADMIN_ADDR_web'],
    replaces: '',
  },
  {
    name: 'native bridge job for Nomad 1.7: no NOMAD_ALLOC_ADDR_* yet',
    text: fixture('interpolation/completion/native-env.nomad'),
    version: '1.7',
    includes: ['NOMAD_HOST_ADDR_http'],
    excludes: ['NOMAD_ALLOC_ADDR_http', 'NOMAD_ALLOC_IP_http'],
  },
  {
    name: 'native bridge job for Nomad 0.10: group ports give only PORT and HOST_PORT',
    text: fixture('interpolation/completion/native-env.nomad'),
    version: '0.10',
    first: ['NOMAD_PORT_http', 'NOMAD_HOST_PORT_http'],
    excludes: ['NOMAD_ADDR_http', 'NOMAD_HOST_ADDR_http', 'NOMAD_ALLOC_PORT_http'],
  },
  {
    name: 'dashed label in env: the raw names, which env resolves',
    text: fixture('interpolation/completion/dashed-env.nomad'),
    includes: ['NOMAD_PORT_http-api', 'NOMAD_HOST_ADDR_http-api', 'NOMAD_UPSTREAM_ADDR_count_api'],
    excludes: ['NOMAD_PORT_http_api'],
  },
  {
    name: 'dashed label in driver config: cleaned where Nomad cleans, raw where it does not',
    text: fixture('interpolation/completion/dashed-config.nomad'),
    first: ['NOMAD_ADDR_http_api', 'NOMAD_PORT_http_api', 'NOMAD_IP_http_api', 'NOMAD_HOST_PORT_http_api', 'NOMAD_HOST_ADDR_http-api'],
    excludes: ['NOMAD_PORT_http-api'],
  },
  {
    name: 'half-typed `${NOMAD_P` with no closing brace, quote or bracket',
    text: fixture('interpolation/completion/half-typed.nomad'),
    first: ['NOMAD_ADDR_tcp', 'NOMAD_PORT_tcp'],
    includes: ['NOMAD_ADDR_proxy_public'],
    replaces: 'NOMAD_P',
  },
  {
    name: 'template data: {{ env "…" }} offers the cleaned names and node values, no HCL variables',
    text: fixture('interpolation/completion/template-env.nomad'),
    first: ['NOMAD_ADDR_http_api'],
    includes: ['attr.kernel.name'],
    excludes: ['NOMAD_ADDR_http-api', 'var.image'],
    replaces: 'NOMAD_ADDR_',
  },
  {
    name: 'half-typed {{ env \\"… in a quoted template string',
    text: fixture('interpolation/completion/template-env-quoted.nomad'),
    first: ['NOMAD_ADDR_http', 'NOMAD_PORT_http'],
    replaces: 'NOMAD_',
  },
  {
    name: 'half-typed ${NOMAD_ in a heredoc',
    text: fixture('interpolation/completion/heredoc-half-typed.nomad'),
    first: ['NOMAD_ADDR_http', 'NOMAD_PORT_http'],
    includes: ['attr.kernel.name'],
    replaces: 'NOMAD_',
  },
  {
    name: 'a lone `$` inserts the braces too',
    text: fixture('interpolation/completion/dollar.nomad'),
    first: ['NOMAD_ADDR_http'],
    replaces: '',
    newText: '{NOMAD_ADDR_http}',
  },
  {
    name: 'sidecar_task: the Envoy variables of its service',
    text: fixture('interpolation/completion/sidecar-task.nomad'),
    includes: ['NOMAD_ENVOY_ADMIN_ADDR_api', 'NOMAD_ENVOY_READY_ADDR_api', 'NOMAD_PORT_connect_proxy_api'],
  },
  {
    name: 'after a dot: `${attr.` offers the node values',
    text: fixture('interpolation/completion/dashed-env.nomad').replace('${NOMAD_<|>}', '${attr.<|>}'),
    includes: ['attr.kernel.name', 'attr.unique.network.ip-address', 'node.datacenter'],
    replaces: 'attr.',
  },
  {
    name: 'after a dot, half-typed: `"${node.unique.` with nothing closed',
    text: fixture('interpolation/completion/dashed-env.nomad').replace('"${NOMAD_<|>}"', '"${node.unique.<|>'),
    includes: ['node.unique.name', 'node.unique.id'],
    replaces: 'node.unique.',
  },
  {
    name: 'after a dot: `${var.` offers the input variables',
    text: fixture('interpolation/completion/template-env.nomad').replace('{{ env "NOMAD_ADDR_<|>" }}', '${var.<|>}'),
    includes: ['var.image'],
    replaces: 'var.',
  },
  { name: 'nothing in a comment', text: fixture('interpolation/completion/comment.nomad'), empty: true },
];

describe('completion of runtime variables', async () => {
  const parser = await sharedParser();
  const reparse = (text: string) => NomadDocument.create(parser, 'file:///repaired.nomad', text, 1);

  for (const c of cases) {
    it(c.name, () => {
      const { text, position } = withCursor(c.text);
      const doc = NomadDocument.create(parser, 'file:///test.nomad', text, 1);
      const items = completeAt(doc, position, { nomadVersion: parseVersion(c.version ?? '2.0')!, reparse });
      const labels = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText)).map((i) => i.label);
      if (c.empty) return assert.deepEqual(labels, []);
      assert.ok(labels.length > 0, 'some items');
      if (c.first) assert.deepEqual(labels.slice(0, c.first.length), c.first);
      for (const l of c.includes ?? []) assert.ok(labels.includes(l), `offers ${l}`);
      for (const l of c.excludes ?? []) assert.ok(!labels.includes(l), `does not offer ${l}`);
      const first = items.find((i) => i.label === labels[0])!;
      if (c.replaces !== undefined) assert.equal(doc.lines.slice(first.textEdit.range), c.replaces);
      assert.equal(first.textEdit.newText, c.newText ?? first.label);
      assert.match(first.detail, /\S/);
      assert.equal(new Set(labels).size, labels.length, 'no duplicates');
    });
  }

  it('keeps completing while typing on in half-typed text, and elsewhere in the same file', () => {
    const { text, position } = withCursor(fixture('interpolation/completion/half-typed.nomad'));
    const doc = NomadDocument.create(parser, 'file:///typing.nomad', text, 1);
    const v = parseVersion('2.0')!;
    const labels = (at: typeof position) => completeAt(doc, at, { nomadVersion: v, reparse }).map((i) => i.label);
    assert.ok(labels(position).includes('NOMAD_PORT_tcp'));
    let version = 2;
    let typed = 'NOMAD_P';
    for (const ch of 'ORT_') {
      const at = { line: position.line, character: position.character + typed.length - 'NOMAD_P'.length };
      doc.update([{ range: { start: at, end: at }, text: ch }], version++);
      typed += ch;
      const items = completeAt(doc, { line: at.line, character: at.character + 1 }, { nomadVersion: v, reparse });
      assert.ok(items.some((i) => i.label === 'NOMAD_PORT_tcp'), `after typing ${typed}`);
      assert.equal(doc.lines.slice(items[0].textEdit.range), typed);
    }
    // Finish that one, then half-type in the proxy task, far from the first place.
    const endOfName = { line: position.line, character: position.character + 4 };
    doc.update([{ range: { start: endOfName, end: endOfName }, text: 'tcp}"]' }], version++);
    const driverLine = doc.text.split('\n').findIndex((l, i) => i > 17 && l.includes('driver = "raw_exec"'));
    const insertAt = { line: driverLine + 1, character: 0 };
    doc.update([{ range: { start: insertAt, end: insertAt }, text: '      user = "${NOMAD_\n' }], version++);
    const proxyItems = labels({ line: driverLine + 1, character: '      user = "${NOMAD_'.length });
    assert.deepEqual(proxyItems.slice(0, 2), ['NOMAD_ADDR_public', 'NOMAD_PORT_public']);
    assert.ok(proxyItems.includes('NOMAD_ADDR_db_tcp'));
  });

  it('items say what the name resolves to and where it comes from', () => {
    const { text, position } = withCursor(cases[0].text);
    const doc = NomadDocument.create(parser, 'file:///test.nomad', text, 1);
    const item = completeAt(doc, position, { nomadVersion: parseVersion('2.0')!, reparse }).find((i) => i.label === 'NOMAD_ADDR_proxy_tcp')!;
    assert.equal(item.detail, 'host IP:port of dynamic port `tcp` declared in task `proxy`');
    assert.match(item.documentation, /From port "tcp" in task "proxy"\. Set since Nomad 0\.8\./);
  });
});
