import type { Rule } from '../rule';
import { appBindsPublicly } from './appBindsPublicly';
import { dockerProxyLoopback } from './dockerProxyLoopback';
import { duplicateUpstream } from './duplicateUpstream';
import { hostAddressVsLoopback } from './hostAddressVsLoopback';
import { listenWithoutServiceAddr } from './listenWithoutServiceAddr';
import { malformedUpstream } from './malformedUpstream';
import { proxyWithoutIdentity } from './proxyWithoutIdentity';
import { registerIdMissing } from './registerIdMissing';
import { registerListenHost } from './registerListenHost';
import { registerWithoutListen } from './registerWithoutListen';
import { upstreamPortZero } from './upstreamPortZero';

/** The manual `consul connect proxy` rules NCX-L01 … NCX-L11, in id order. */
export const manualProxyRules: Rule[] = [
  listenWithoutServiceAddr,
  registerWithoutListen,
  proxyWithoutIdentity,
  malformedUpstream,
  duplicateUpstream,
  upstreamPortZero,
  registerListenHost,
  hostAddressVsLoopback,
  appBindsPublicly,
  registerIdMissing,
  dockerProxyLoopback,
];
