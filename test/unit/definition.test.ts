import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitionAt } from '../../server/src/core/features/definition';
import { parseVersion } from '../../server/src/core/version';
import { example, fixture, parseWithCursor } from '../helpers/documents';

/** Go to definition: the expected target is given by its 1-based line and text. */

const cases: { name: string; text: string; line: number; target: string }[] = [
  { name: 'from a cleaned interpolation to the port label', text: fixture('interpolation/definition/from-interpolation.nomad'), line: 6, target: '"http-api"' },
  { name: "from a service's port = \"label\"", text: fixture('interpolation/definition/from-service-port.nomad'), line: 6, target: '"http-api"' },
  { name: 'from an expose listener_port', text: fixture('interpolation/definition/from-listener-port.nomad'), line: 9, target: '"metrics"' },
  { name: 'from an upstream variable to the upstreams destination', text: fixture('interpolation/definition/from-upstream.nomad'), line: 28, target: 'count-api' },
  { name: "seed db: the proxy's ${NOMAD_ADDR_db_tcp} to task db's port", text: example('seed-db.nomad').replace('${NOMAD_ADDR_db_tcp}', '${NOMAD_ADDR_d<|>b_tcp}'), line: 17, target: '"tcp"' },
  { name: "seed db: the proxy's own ${NOMAD_PORT_tcp} to its own port", text: example('seed-db.nomad').replace('":${NOMAD_PORT_tcp}"', '":${NOMAD_PO<|>RT_tcp}"'), line: 38, target: '"tcp"' },
];

describe('go to definition', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const { doc, position } = await parseWithCursor(c.text);
      const ranges = definitionAt(doc, position, parseVersion('2.0')!);
      assert.equal(ranges.length, 1);
      assert.equal(ranges[0].start.line + 1, c.line);
      assert.equal(doc.lines.slice(ranges[0]), c.target);
    });
  }

  it('nothing for an undeclared name', async () => {
    const { doc, position } = await parseWithCursor(example('seed-web.nomad').replace('${NOMAD_ADDR_proxy_tcp}', '${NOMAD_ADDR_<|>proxy_tpc}'));
    assert.deepEqual(definitionAt(doc, position, parseVersion('2.0')!), []);
  });
});
