import type { ConsulHttp } from './http';
import { currentConsul } from './session';

/** Nomad registers each Connect sidecar as `<service>-sidecar-proxy`; it is never an intention name. */
const SIDECAR_SUFFIX = '-sidecar-proxy';

/**
 * Service names in the Consul catalog (`GET /v1/catalog/services`), sorted, without sidecar
 * proxies. Without an argument it uses the extension's configured Consul. Rejects with a
 * ConsulError whose message is fit for the user.
 */
export async function listServices(http?: ConsulHttp): Promise<string[]> {
  const consul = http ?? (await currentConsul());
  const services = await consul.json<Record<string, string[]>>('GET', '/v1/catalog/services', {
    scoped: true,
    needs: { permission: 'service:read' },
  });
  return Object.keys(services ?? {})
    .filter((name) => !name.endsWith(SIDECAR_SUFFIX))
    .sort((a, b) => a.localeCompare(b));
}
