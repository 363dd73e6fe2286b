import type { ActionProvider } from './action';

/** Code action providers beyond the quick fixes attached to findings. */
export const allActionProviders: ActionProvider[] = [];
