import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../helpers/documents';

/** package.json's contributions, checked against the README and the Consul security promise. */

interface Manifest {
  bin: Record<string, string>;
  scripts: Record<string, string>;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    languages: { id: string; extensions: string[] }[];
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, { scope?: string; markdownDescription?: string }> };
  };
}

const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest;
const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
const settings = Object.keys(pkg.contributes.configuration.properties);
const consulSettings = settings.filter((s) => s.startsWith('nomadConnect.consul.'));

describe('package.json and the README', () => {
  it('the README names every command by id and title', () => {
    const missing = pkg.contributes.commands.flatMap((c) => [c.command, c.title].filter((t) => !readme.includes(t)));
    assert.deepEqual(missing, []);
  });

  it('the README names every setting in full', () => {
    assert.deepEqual(settings.filter((s) => !readme.includes(`\`${s}\``)), []);
  });

  it('the README shows how to run every npm script (pre/post hooks run with theirs)', () => {
    const command = (name: string) => (name === 'test' || name === 'start' ? `npm ${name}` : `npm run ${name}`);
    const scripts = Object.keys(pkg.scripts).filter((s) => !/^(pre|post)/.test(s));
    assert.deepEqual(scripts.filter((s) => !readme.includes(command(s))), []);
  });

  it('the README names both programs of `bin`', () => {
    assert.deepEqual(Object.keys(pkg.bin).sort(), ['nomad-connect', 'nomad-connect-ls']);
    for (const bin of Object.keys(pkg.bin)) assert.ok(readme.includes(`${bin} `), bin);
  });
});

describe('package.json: language and activation', () => {
  it('contributes the nomad language for *.nomad and *.nomad.hcl', () => {
    assert.deepEqual(pkg.contributes.languages.find((l) => l.id === 'nomad')?.extensions, ['.nomad', '.nomad.hcl']);
  });

  it('activates on plain .hcl and plaintext documents, so a .hcl job can be switched to nomad', () => {
    for (const event of ['onLanguage:nomad', 'onLanguage:hcl', 'onLanguage:plaintext']) assert.ok(pkg.activationEvents.includes(event), event);
  });
});

describe('package.json: Consul settings cannot send the token elsewhere', () => {
  it('has Consul connection settings', () => {
    assert.ok(consulSettings.includes('nomadConnect.consul.address'));
    assert.ok(consulSettings.length >= 8);
  });

  it('no setting holds a token (it lives in secret storage)', () => {
    assert.deepEqual(settings.filter((s) => /token/i.test(s)), []);
  });

  it('every nomadConnect.consul.* setting is machine-scoped (a workspace cannot set it)', () => {
    assert.deepEqual(consulSettings.filter((s) => pkg.contributes.configuration.properties[s].scope !== 'machine'), []);
  });

  it('every nomadConnect.consul.* setting is restricted in untrusted workspaces', () => {
    const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.deepEqual(consulSettings.filter((s) => !restricted.includes(s)), []);
  });

  it('the address setting says why it is machine-scoped', () => {
    assert.match(pkg.contributes.configuration.properties['nomadConnect.consul.address'].markdownDescription ?? '', /workspace.*cannot redirect your Consul token/);
  });
});
