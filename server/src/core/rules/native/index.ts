import type { Rule } from '../rule';
import { bridgeHostAddress } from './bridgeHostAddress';
import { connectShape } from './connectShape';
import { localServicePort } from './localServicePort';
import { portLabels } from './portLabels';
import { serviceNames } from './serviceNames';
import { sidecarNetwork } from './sidecarNetwork';
import { taskLevelConnect } from './taskLevelConnect';
import { transparentProxy } from './transparentProxy';
import { upstreamListeners } from './upstreamListeners';
import { upstreamRequired } from './upstreamRequired';
import { versionFields } from './versionFields';

/** Native Consul Connect rules (NCX-N01 … N10, N13, N14), in report order. */
export const nativeRules: Rule[] = [
  taskLevelConnect,
  sidecarNetwork,
  serviceNames,
  upstreamListeners,
  upstreamRequired,
  localServicePort,
  portLabels,
  connectShape,
  bridgeHostAddress,
  versionFields,
  transparentProxy,
];
