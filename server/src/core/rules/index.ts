import { manualProxyRules } from './manual/index';
import { nativeRules } from './native/index';
import type { Rule } from './rule';

/** Every rule the analyzer runs, in the order their findings are reported. */
export const allRules: Rule[] = [...manualProxyRules, ...nativeRules];
