import { manualProxyRules } from './manual/index';
import { variableSpelling } from './interpolation/spelling';
import { undeclaredVariable } from './interpolation/undeclared';
import { nativeRules } from './native/index';
import type { Rule } from './rule';

/** Every rule the analyzer runs, in the order their findings are reported. */
export const allRules: Rule[] = [...manualProxyRules, ...nativeRules, undeclaredVariable, variableSpelling];
