import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDoc } from '../helpers/documents';

/**
 * In a tree without errors the walk takes shortcuts (hcl/ast.ts: a plain string_lit is read
 * without visiting its quotes and content, wrappers without counting their children, blocks and
 * attributes spanned from their first and last parts). A syntax error after the values makes
 * the walk read every node; the values must come out the same.
 */

const CONTENTS = ['', 'x', 'plain', ' lead', 'trail ', ' both ', '\tt', 'a\\"b', '\\\\', 'esc\\n', 'é', 'x😀', '😀x', '$${x}', '%%{x}', 'a  b', '#x', '\\u00e9'];

describe('HCL walk shortcuts for trees without errors', () => {
  for (const content of CONTENTS) {
    it(`reads ${JSON.stringify(content)} as a label, an attribute, a list item and a map value the same way`, async () => {
      const text = `g "${content}" "b${content}" {\n  a = "${content}"\n  l = ["${content}", ("${content}")]\n  m = { k = "${content}" }\n  p = ( "${content}" )\n  q = /* c */ "${content}" # t\n  n "${content}" { x = x.y }\n}\n`;
      const clean = await parseDoc(text);
      const broken = await parseDoc(`${text}}\n`);
      assert.equal(clean.tree.rootNode.hasError, false);
      assert.equal(broken.tree.rootNode.hasError, true);
      assert.deepEqual(clean.hcl.blocks[0], broken.hcl.blocks[0]);
      assert.equal(clean.hcl.blocks[0].attributes.length, 5);
      clean.dispose();
      broken.dispose();
    });
  }
});
