import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareRenameAt, renameAt } from '../../server/src/core/features/rename';
import { parseVersion } from '../../server/src/core/version';
import { applyEdits, example, fixture, parseWithCursor } from '../helpers/documents';

/** Rename of port labels: fixture in, expected fixture out. */

describe('rename a port label', () => {
  const v = parseVersion('2.0')!;

  it('from the label: every interpolation in its spelling, the service port and docker ports; nothing else', async () => {
    const { doc, position } = await parseWithCursor(fixture('interpolation/rename/port-label.nomad'));
    const prep = prepareRenameAt(doc, position, v);
    assert.deepEqual(prep && { text: doc.lines.slice(prep.range), placeholder: prep.placeholder }, { text: 'http-api', placeholder: 'http-api' });
    const result = renameAt(doc, position, 'web', v);
    assert.ok('edits' in result);
    assert.equal(applyEdits(doc.text, result.edits), fixture('interpolation/rename/port-label.expected.nomad'));
  });

  it('from an interpolation, to a dashed label: the config use takes the cleaned spelling', async () => {
    const { doc, position } = await parseWithCursor(fixture('interpolation/rename/from-interpolation.nomad'));
    const prep = prepareRenameAt(doc, position, v);
    assert.equal(prep && doc.lines.slice(prep.range), 'www');
    const result = renameAt(doc, position, 'public-www', v);
    assert.ok('edits' in result);
    assert.equal(applyEdits(doc.text, result.edits), fixture('interpolation/rename/from-interpolation.expected.nomad'));
  });

  it('seed db: renaming task db\'s port changes NOMAD_PORT_tcp in db and NOMAD_ADDR_db_tcp in the proxy, not the proxy\'s own tcp', async () => {
    const text = example('seed-db.nomad').replace('port "tcp" {}', 'port "t<|>cp" {}');
    const { doc, position } = await parseWithCursor(text);
    const result = renameAt(doc, position, 'pg', v);
    assert.ok('edits' in result);
    const out = applyEdits(doc.text, result.edits);
    assert.match(out, /"127\.0\.0\.1:\$\{NOMAD_PORT_pg\}"/);
    assert.match(out, /"\$\{NOMAD_ADDR_db_pg\}"/);
    assert.match(out, /":\$\{NOMAD_PORT_tcp\}"/);
    assert.equal((out.match(/port "tcp" \{\}/g) ?? []).length, 1);
    assert.equal((out.match(/port "pg" \{\}/g) ?? []).length, 1);
  });

  it('refuses a label already declared, an empty one, and places that are not port labels', async () => {
    const { doc, position } = await parseWithCursor(fixture('interpolation/rename/port-label.nomad'));
    assert.deepEqual(renameAt(doc, position, 'metrics', v), { error: 'Port label "metrics" is already declared (line 9).' });
    assert.ok('error' in renameAt(doc, position, ' ', v));
    const other = await parseWithCursor(fixture('interpolation/hover/upstream.nomad'));
    assert.equal(prepareRenameAt(other.doc, other.position, v), undefined);
    assert.ok('error' in renameAt(other.doc, other.position, 'x', v));
  });
});
