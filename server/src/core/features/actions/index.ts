import type { ActionProvider } from './action';
import { addSidecar } from './addSidecar';
import { addUpstream } from './addUpstream';
import { upstreamQuickFix } from './upstreamQuickFix';

/** Code action providers beyond the quick fixes attached to findings. */
export const allActionProviders: ActionProvider[] = [addSidecar, addUpstream, upstreamQuickFix];
