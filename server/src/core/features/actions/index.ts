import type { ActionProvider } from './action';
import { addSidecar } from './addSidecar';

/** Code action providers beyond the quick fixes attached to findings. */
export const allActionProviders: ActionProvider[] = [addSidecar];
