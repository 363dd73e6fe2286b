// Starts the project's Consul fake (test/consul/fakeConsulMain.ts, compiled to out/) for the suite.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { start } from './processes.mjs';

/** Returns the fake's address, or undefined (and says so) when the fake is not built. */
export async function startFakeConsul(projectRoot) {
  const main = path.join(projectRoot, 'out', 'test', 'consul', 'fakeConsulMain.js');
  if (!existsSync(main)) {
    console.log(`[e2e] ${path.relative(projectRoot, main)} not found: the Consul test will fail`);
    return undefined;
  }
  const fake = start('fake-consul', process.execPath, [main, '--port', '0', '--mode', 'modern']);
  const [, address] = await fake.waitForLine(/^FAKE_CONSUL_ADDR=(\S+)/, 15_000, 'FAKE_CONSUL_ADDR line');
  console.log(`[e2e] Consul fake at ${address}`);
  return address;
}
