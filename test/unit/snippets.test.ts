import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { describeFindings, findingsOf } from '../helpers/actionFixtures';
import { PROJECT_ROOT, withCursor } from '../helpers/documents';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const snippets = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'snippets/nomad.json'), 'utf8')) as Record<string, Snippet>;
const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));

/**
 * Expands a snippet body with its defaults, as accepting every placeholder unchanged would:
 * `${1:default}` → default (nested ones too), `${1|a,b|}` → a, `$1`/`${1}`/`$0` → empty,
 * and the escapes `\$`, `\}`, `\\` → the character.
 */
export function expandDefaults(body: string): string {
  let i = 0;
  const parse = (inPlaceholder: boolean): string => {
    let out = '';
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1])) {
        out += body[i + 1];
        i += 2;
      } else if (inPlaceholder && c === '}') {
        return out;
      } else if (c === '$' && /\d/.test(body[i + 1] ?? '')) {
        i++;
        while (/\d/.test(body[i] ?? '')) i++;
      } else if (c === '$' && body[i + 1] === '{' && /\d/.test(body[i + 2] ?? '')) {
        i += 2;
        while (/\d/.test(body[i])) i++;
        if (body[i] === '}') i++;
        else if (body[i] === ':') {
          i++;
          out += parse(true);
          i++;
        } else if (body[i] === '|') {
          const end = body.indexOf('|}', i);
          out += body.slice(i + 1, end).split(',')[0];
          i = end + 2;
        } else throw new Error(`bad placeholder at ${i}: ${body.slice(i - 5, i + 5)}`);
      } else {
        out += c;
        i++;
      }
    }
    if (inPlaceholder) throw new Error('unterminated placeholder');
    return out;
  };
  return parse(false);
}

/** Inserts an expanded snippet at the cursor as the editor does: `\t` → the indent unit, later lines get the line's indentation. */
function insertAt(context: string, snippet: Snippet, unit = '  '): string {
  const { text, offset } = withCursor(context);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
  const expanded = expandDefaults(snippet.body.join('\n'))
    .split('\n')
    .map((l, n) => (n === 0 || l === '' ? '' : indent) + l.replace(/\t/g, unit))
    .join('\n');
  return text.slice(0, offset) + expanded + text.slice(offset);
}

const appTask = `
    task "app" {
      driver = "docker"

      config {
        image = "example/app:1"
      }
    }`;

/** A job context for each snippet, with the cursor where a person would type its prefix. */
const CONTEXTS: Record<string, string> = {
  job: '<|>\n',
  group: 'job "j" {\n  <|>\n}\n',
  'task-docker': 'job "j" {\n  group "g" {\n    network {\n      port "http" {}\n    }\n\n    <|>\n  }\n}\n',
  'task-exec': 'job "j" {\n  group "g" {\n    network {\n      port "http" {}\n    }\n\n    <|>\n  }\n}\n',
  'task-raw_exec': 'job "j" {\n  group "g" {\n    network {\n      port "http" {}\n    }\n\n    <|>\n  }\n}\n',
  'network-bridge': `job "j" {\n  group "g" {\n    <|>\n${appTask}\n  }\n}\n`,
  'service-check': `job "j" {\n  group "g" {\n    network {\n      port "http" {}\n    }\n\n    <|>\n${appTask}\n  }\n}\n`,
  'service-connect': `job "j" {\n  group "g" {\n    network {\n      mode = "bridge"\n      port "http" {\n        to = 8080\n      }\n    }\n\n    <|>\n${appTask}\n  }\n}\n`,
  upstreams: `job "j" {\n  group "g" {\n    network {\n      mode = "bridge"\n    }\n\n    service {\n      name = "app"\n      port = "8080"\n\n      connect {\n        sidecar_service {\n          proxy {\n            <|>\n          }\n        }\n      }\n    }\n${appTask}\n  }\n}\n`,
  'connect-proxy-service':
    'job "db" {\n  group "db" {\n    task "db" {\n      driver = "raw_exec"\n\n      config {\n        command = "/usr/local/bin/my-database"\n        args    = ["-bind", "127.0.0.1:${NOMAD_PORT_tcp}"]\n      }\n\n      resources {\n        network {\n          port "tcp" {}\n        }\n      }\n    }\n\n    <|>\n  }\n}\n',
  'connect-proxy-upstream':
    'job "web" {\n  group "web" {\n    task "web" {\n      driver = "raw_exec"\n\n      config {\n        command = "/usr/local/bin/web"\n      }\n\n      env {\n        DATABASE_URL = "postgresql://127.0.0.1:${NOMAD_PORT_proxy_tcp}/db"\n      }\n    }\n\n    <|>\n  }\n}\n',
  'expose-path': `job "j" {\n  group "g" {\n    network {\n      mode = "bridge"\n      port "health" {\n        to = -1\n      }\n    }\n\n    service {\n      name = "app"\n      port = "8080"\n\n      connect {\n        sidecar_service {\n          proxy {\n            <|>\n          }\n        }\n      }\n    }\n${appTask}\n  }\n}\n`,
  'template-env': 'job "j" {\n  group "g" {\n    network {\n      port "http" {}\n    }\n\n    task "app" {\n      driver = "docker"\n\n      config {\n        image = "example/app:1"\n      }\n\n      <|>\n    }\n  }\n}\n',
};

describe('snippets/nomad.json', () => {
  it('is contributed for the nomad language', () => {
    assert.ok(manifest.contributes.snippets.some((s: { language: string; path: string }) => s.language === 'nomad' && s.path === './snippets/nomad.json'));
  });

  it('covers the issue list, each with a description and a tab stop', () => {
    const prefixes = Object.values(snippets).map((s) => s.prefix).sort();
    assert.deepEqual(prefixes, Object.keys(CONTEXTS).sort());
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(s.description.length > 10, name);
      assert.match(s.body.join('\n'), /\$\{?\d/, `${name} has tab stops`);
    }
  });

  for (const [name, s] of Object.entries(snippets)) {
    it(`${s.prefix}: expanded with its defaults, parses and checks clean`, async () => {
      const text = insertAt(CONTEXTS[s.prefix], s);
      const findings = await findingsOf(text);
      assert.equal(describeFindings(findings), '', `${name}:\n${text}`);
    });
  }

  it('the expander resolves defaults, choices, nesting and escapes', () => {
    assert.equal(expandDefaults('a ${1:x${2:y}z} ${3|p,q|} $0 ${4} \\${NOMAD_PORT_${5:http}}'), 'a xyz p   ${NOMAD_PORT_http}');
  });
});
