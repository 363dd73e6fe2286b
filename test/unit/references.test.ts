import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { referencesAt } from '../../server/src/core/features/references';
import { parseVersion } from '../../server/src/core/version';
import { example, fixture, parseWithCursor } from '../helpers/documents';

/** Find references of port labels and upstreams, from the declaration or from a use. */

describe('find references', () => {
  const v = parseVersion('2.0')!;

  it('from a dashed port label: every spelling, the service port and the docker ports item', async () => {
    const { doc, position } = await parseWithCursor(fixture('interpolation/rename/port-label.nomad'));
    const refs = referencesAt(doc, position, v, true).map((r) => `${r.start.line + 1}:${doc.lines.slice(r)}`);
    assert.deepEqual(refs, ['6:"http-api"', '14:http-api', '49:http-api', '50:NOMAD_PORT_http_api', '54:NOMAD_PORT_http-api', '55:NOMAD_HOST_ADDR_http-api']);
  });

  it('from a use, without the declaration', async () => {
    const { doc, position } = await parseWithCursor(fixture('interpolation/definition/from-listener-port.nomad'));
    const refs = referencesAt(doc, position, v, false).map((r) => `${r.start.line + 1}:${doc.lines.slice(r)}`);
    assert.deepEqual(refs, ['18:metrics', '36:metrics', '63:NOMAD_PORT_metrics']);
  });

  it('from an upstream variable: both spellings of the upstream', async () => {
    const { doc, position } = await parseWithCursor(fixture('interpolation/definition/from-upstream.nomad'));
    const refs = referencesAt(doc, position, v, true).map((r) => doc.lines.slice(r));
    assert.deepEqual(refs, ['count-api', 'NOMAD_UPSTREAM_ADDR_count_api', 'NOMAD_UPSTREAM_ADDR_count-api']);
  });

  it('the port Nomad injects for a sidecar: one port for every task and spelling', async () => {
    const { doc, position } = await parseWithCursor(fixture('interpolation/definition/injected-port.nomad'));
    const refs = referencesAt(doc, position, v, true).map((r) => doc.lines.slice(r));
    assert.deepEqual(refs, ['sidecar_service', 'NOMAD_HOST_PORT_connect-proxy-web', 'NOMAD_HOST_ADDR_connect-proxy-web', 'NOMAD_HOST_PORT_connect_proxy_web']);
  });

  it("seed db: task db's port is used only by the proxy's ${NOMAD_ADDR_db_tcp}", async () => {
    const text = example('seed-db.nomad').replace('port "tcp" {}', 'port "t<|>cp" {}');
    const { doc, position } = await parseWithCursor(text);
    const refs = referencesAt(doc, position, v, false).map((r) => `${r.start.line + 1}:${doc.lines.slice(r)}`);
    assert.deepEqual(refs, ['12:NOMAD_PORT_tcp', '30:NOMAD_ADDR_db_tcp']);
  });
});
