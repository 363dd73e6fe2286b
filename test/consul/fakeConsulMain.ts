import { writeFileSync } from 'node:fs';
import { FakeConsul, type FakeMode } from './fakeConsul';

/**
 * Runs the fake Consul as a process, for the end-to-end suite:
 *   node out/test/consul/fakeConsulMain.js --port 8500 [--mode modern|legacy|acl] [--https --ca-out ca.pem]
 * Prints `FAKE_CONSUL_ADDR=<address>` once listening, then one `REQUEST …` line per request
 * (method, path, query, status; never the token). Stops on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i === -1 ? undefined : args[i + 1];
  };
  const mode = (value('--mode') ?? 'modern') as FakeMode;
  if (!['modern', 'legacy', 'acl'].includes(mode)) throw new Error(`unknown --mode ${mode} (modern, legacy or acl)`);
  const fake = await FakeConsul.start({ mode, port: Number(value('--port') ?? 0), https: args.includes('--https') });
  const caOut = value('--ca-out');
  if (caOut && fake.caPem) writeFileSync(caOut, fake.caPem);
  fake.onRequest = (r) => {
    const q = new URLSearchParams(r.query);
    q.delete('token');
    const qs = q.toString();
    console.log(`REQUEST ${r.method} ${r.path}${qs ? `?${qs}` : ''} ${r.status}`);
  };
  console.log(`FAKE_CONSUL_ADDR=${fake.address}`);
  if (mode === 'acl') console.log(`FAKE_CONSUL_TOKENS=${Object.keys(fake.tokens).join(',')}`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
