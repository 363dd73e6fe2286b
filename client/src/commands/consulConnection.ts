import * as vscode from 'vscode';
import { type ConsulSettings, resolveConsulConfig } from '../consul/config';
import { ConsulHttp } from '../consul/http';

/** Where "Connect: set Consul token" keeps the token (the OS keychain behind VS Code's SecretStorage). */
export const TOKEN_SECRET_KEY = 'nomadConnect.consul.token';

/**
 * The `nomadConnect.consul.*` settings, user (machine) values only. They are declared
 * machine-scoped so a workspace cannot set them; reading only the user layer keeps it so even if a
 * workspace file carries them: a cloned repository must not send the token elsewhere.
 */
export function readConsulSettings(): ConsulSettings {
  const cfg = vscode.workspace.getConfiguration('nomadConnect.consul');
  const user = <T>(key: string): T | undefined => cfg.inspect<T>(key)?.globalValue;
  return {
    address: user<string>('address'),
    namespace: user<string>('namespace'),
    partition: user<string>('partition'),
    tls: {
      caFile: user<string>('tls.caFile'),
      certFile: user<string>('tls.certFile'),
      keyFile: user<string>('tls.keyFile'),
      serverName: user<string>('tls.serverName'),
      verify: user<boolean>('tls.verify'),
    },
  };
}

/** A Consul client for the current settings, secret token and environment; requests go to the output channel. */
export async function createConsul(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<ConsulHttp> {
  const secretToken = await context.secrets.get(TOKEN_SECRET_KEY);
  const config = resolveConsulConfig({ settings: readConsulSettings(), env: process.env, secretToken });
  return new ConsulHttp(config, (line) => output.info(`Consul ${line}`));
}
