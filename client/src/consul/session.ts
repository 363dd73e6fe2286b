import { ConsulError } from './errors';
import type { ConsulHttp } from './http';

/**
 * The extension's way to a configured Consul client. The VS Code side installs the provider
 * (settings, secret storage, output channel); modules that only need "the current Consul",
 * like the catalog listing, call `currentConsul()` and stay free of vscode.
 */
export type ConsulProvider = () => Promise<ConsulHttp>;

let provider: ConsulProvider | undefined;

export function setConsulProvider(p: ConsulProvider): { dispose(): void } {
  provider = p;
  return { dispose: () => void (provider === p && (provider = undefined)) };
}

export function currentConsul(): Promise<ConsulHttp> {
  if (!provider) return Promise.reject(new ConsulError('config', 'Consul is not configured: the Nomad Connect extension is not active.'));
  return provider();
}
