import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, Diagnostic } from 'vscode-languageserver-protocol';
import { example, FIXTURES, fixture, PROJECT_ROOT, withCursor } from '../helpers/documents';
import { LspTestClient } from '../helpers/lspClient';

/**
 * What the `nomadConnect.diagnostics.rules` and `nomadConnect.nomadVersion` settings and
 * `# nomad-connect-ignore` comments do to the diagnostics an editor receives, and where each
 * diagnostic's `codeDescription.href` leads. Settings reach the server as VS Code sends them: the
 * answer to `workspace/configuration`, and `workspace/didChangeConfiguration` when they change.
 */

type Settings = { nomadVersion?: string; diagnostics?: { rules: Record<string, string> } };

/** A server whose `workspace/configuration` answer is `settings` (changed in place by `configure`). */
function serverWith(initial: Settings) {
  const settings: Settings = { ...initial };
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient(undefined, settings);
    await client.initialize('file:///work/jobs');
  });
  after(async () => {
    await client.shutdown();
  });
  return {
    client: () => client,
    /** Replaces the settings and tells the server, as VS Code does when the user edits them. */
    configure: async (next: Settings) => {
      for (const k of Object.keys(settings) as (keyof Settings)[]) delete settings[k];
      Object.assign(settings, next);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { nomadConnect: settings } });
    },
  };
}

/** The newest diagnostics published for `uri` once they satisfy `ok` (a re-analysis has no new version). */
async function until(client: LspTestClient, uri: string, ok: (d: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> {
  const deadline = Date.now() + 10000;
  for (;;) {
    const last = client.published(uri).at(-1)?.diagnostics;
    if (last && ok(last)) return last;
    if (Date.now() > deadline) assert.fail(`${what}; last published: ${JSON.stringify(last?.map((d) => `${d.code}/${d.severity}`))}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const codes = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code);
const severities = (ds: Diagnostic[], code: string) => codes(ds, code).map((d) => d.severity);
const [ERROR, WARNING, , HINT] = [1, 2, 3, 4];

describe('diagnostics over LSP: settings pulled at start', () => {
  const server = serverWith({ diagnostics: { rules: { 'NCX-L07': 'off', 'NCX-L08': 'error' } } });

  it('the first diagnostics already follow nomadConnect.diagnostics.rules (a rule turned off never flashes up)', async () => {
    const client = server.client();
    const l07 = 'file:///work/jobs/l07.nomad';
    const seed = 'file:///work/jobs/seed-db.nomad';
    await client.open(l07, fixture('rules/manual/l07-register-listen-host.nomad'), 1);
    await client.open(seed, example('seed-db.nomad'), 1);
    assert.deepEqual(severities(await client.waitForDiagnostics(seed, 1), 'NCX-L08'), [ERROR]);
    await client.waitForDiagnostics(l07, 1);
    assert.deepEqual(client.published(l07).flatMap((p) => codes(p.diagnostics, 'NCX-L07')), []);
  });
});

describe('diagnostics over LSP: settings changed while documents are open', () => {
  const server = serverWith({});

  it('nomadConnect.diagnostics.rules: another severity, then off, then the default again', async () => {
    const client = server.client();
    const uri = 'file:///work/jobs/db.nomad';
    await client.open(uri, example('seed-db.nomad'), 1);
    assert.deepEqual(severities(await client.waitForDiagnostics(uri, 1), 'NCX-L08'), [WARNING]);

    await server.configure({ diagnostics: { rules: { 'NCX-L08': 'hint' } } });
    await until(client, uri, (d) => severities(d, 'NCX-L08').join() === String(HINT), 'NCX-L08 lowered to hint');
    await server.configure({ diagnostics: { rules: { 'NCX-L08': 'off' } } });
    await until(client, uri, (d) => codes(d, 'NCX-L08').length === 0, 'NCX-L08 turned off');
    await server.configure({});
    await until(client, uri, (d) => severities(d, 'NCX-L08').join() === String(WARNING), 'NCX-L08 back to warning');
  });

  it('nomadConnect.nomadVersion decides the version-dependent rules: N14 fields and N02 cni/*', async () => {
    const client = server.client();
    const fields = 'file:///work/jobs/fields.nomad';
    const cni = 'file:///work/jobs/cni.nomad';
    await client.open(fields, fixture('rules/native/n14-fields-before-1.1.nomad'), 1);
    await client.open(cni, fixture('rules/native/n02-cni-before-1.11.nomad'), 1);
    // The default target is the newest Nomad: every field is known and cni/* networks are accepted.
    assert.deepEqual(codes(await client.waitForDiagnostics(fields, 1), 'NCX-N14'), []);
    assert.deepEqual(codes(await client.waitForDiagnostics(cni, 1), 'NCX-N02'), []);

    await server.configure({ nomadVersion: '1.0.4' });
    const n14 = await until(client, fields, (d) => codes(d, 'NCX-N14').length > 0, 'NCX-N14 for Nomad 1.0.4');
    assert.deepEqual(severities(n14, 'NCX-N14'), [ERROR, ERROR, ERROR]);
    await until(client, cni, (d) => severities(d, 'NCX-N02').join() === String(ERROR), 'NCX-N02 for cni/* before 1.11');

    await server.configure({ nomadVersion: '1.11' });
    await until(client, fields, (d) => codes(d, 'NCX-N14').length === 0, 'no NCX-N14 for Nomad 1.11');
    await until(client, cni, (d) => codes(d, 'NCX-N02').length === 0, 'cni/* accepted from 1.11');
  });

  it('nomadConnect.nomadVersion decides what completion offers', async () => {
    const client = server.client();
    const uri = 'file:///work/jobs/complete.nomad';
    const { text, position } = withCursor(fixture('interpolation/completion/native-env.nomad'));
    await client.open(uri, text, 1);
    const labels = async () => (await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position })).map((i) => i.label);
    await server.configure({ nomadVersion: '0.10' });
    // The server pulls the new settings asynchronously: ask until they have arrived (or time is up).
    const deadline = Date.now() + 10000;
    while ((await labels()).includes('NOMAD_ADDR_http') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const old = await labels();
    assert.ok(old.includes('NOMAD_PORT_http') && !old.includes('NOMAD_ADDR_http'), 'Nomad 0.10: group ports give PORT and HOST_PORT only');
    await server.configure({});
    while (!(await labels()).includes('NOMAD_ADDR_http') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.ok((await labels()).includes('NOMAD_ALLOC_ADDR_http'), 'the newest Nomad: NOMAD_ALLOC_ADDR_* in bridge mode');
  });

  it('# nomad-connect-ignore on the line above silences the named rule there, and only there', async () => {
    const client = server.client();
    const uri = 'file:///work/jobs/ignore.nomad';
    const text = fixture('rules/manual/l07-register-listen-host.nomad');
    const first = '          "-listen", "127.0.0.1:${NOMAD_PORT_tcp}",\n';
    assert.ok(text.includes(first));
    await client.open(uri, text, 1);
    const all = codes(await client.waitForDiagnostics(uri, 1), 'NCX-L07');
    assert.equal(all.length, 4);

    await client.change(uri, 2, [{ text: text.replace(first, `          # nomad-connect-ignore NCX-L08\n${first}`) }]);
    assert.equal(codes(await client.waitForDiagnostics(uri, 2), 'NCX-L07').length, 4, 'another rule id silences nothing');
    await client.change(uri, 3, [{ text: text.replace(first, `          # nomad-connect-ignore NCX-L07\n${first}`) }]);
    const left = codes(await client.waitForDiagnostics(uri, 3), 'NCX-L07');
    assert.equal(left.length, 3);
    assert.ok(!left.some((d) => d.range.start.line === all[0].range.start.line + 1), 'the one under the comment is gone');
  });
});

/** GitHub's anchor for a heading: lower case, punctuation other than `-` dropped, spaces to `-`. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');

describe('diagnostics over LSP: every rule links its docs/rules.md section', () => {
  const server = serverWith({});
  const docs = readFileSync(path.join(PROJECT_ROOT, 'docs/rules.md'), 'utf8');
  const anchors = new Set([...docs.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
  const files = ['rules/manual', 'rules/native', 'rules/interpolation', 'interpolation/rules'].flatMap((dir) =>
    readdirSync(path.join(FIXTURES, dir))
      .filter((f) => f.endsWith('.nomad'))
      .map((f) => `${dir}/${f}`),
  );

  it('source nomad-connect, and a codeDescription.href whose anchor is a heading of docs/rules.md', async () => {
    const client = server.client();
    const seen = new Set<string>();
    for (const [i, name] of files.entries()) {
      const uri = `file:///work/jobs/link-${i}.nomad`;
      await client.open(uri, fixture(name), 1);
      for (const d of await client.waitForDiagnostics(uri, 1)) {
        assert.equal(d.source, 'nomad-connect', name);
        if (d.code === 'syntax' || d.code === 'limit') continue;
        const href = d.codeDescription?.href ?? '';
        const [page, anchor] = href.split('#');
        assert.equal(page, 'https://github.com/nomad-connect/nomad-connect/blob/main/docs/rules.md', `${name}: ${d.code}`);
        assert.equal(anchor, slug(`${d.code}`), `${name}: ${d.code} links its own section`);
        assert.ok(anchors.has(anchor), `${name}: docs/rules.md has a heading for #${anchor}`);
        seen.add(String(d.code));
      }
    }
    const all = [...Array(11)].map((_, i) => `NCX-L${String(i + 1).padStart(2, '0')}`).concat([...Array(14)].map((_, i) => `NCX-N${String(i + 1).padStart(2, '0')}`));
    assert.deepEqual(all.filter((c) => !seen.has(c)), [], 'the fixtures publish every rule');
  });
});
