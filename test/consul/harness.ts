import { type ConsulConfig, type ResolveInput, resolveConsulConfig } from '../../client/src/consul/config';
import { ConsulHttp } from '../../client/src/consul/http';
import { IntentionsApi } from '../../client/src/consul/intentions';
import type { FakeConsul } from './fakeConsul';

/** A client wired to a fake agent the way the extension wires it, with its log lines collected. */
export interface Harness {
  config: ConsulConfig;
  http: ConsulHttp;
  api: IntentionsApi;
  logs: string[];
}

export function connect(fake: FakeConsul | { address: string }, input: Omit<ResolveInput, 'env'> & { env?: NodeJS.ProcessEnv } = {}): Harness {
  const config = resolveConsulConfig({ ...input, env: { CONSUL_HTTP_ADDR: fake.address, ...input.env } });
  const logs: string[] = [];
  const http = new ConsulHttp(config, (line) => logs.push(line));
  return { config, http, api: new IntentionsApi(http), logs };
}

/** The rejection of a promise (fails when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the promise to reject');
}
