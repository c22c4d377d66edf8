/**
 * The gift-card family (tag plumProAPI, user token; plum-api.md §4): how its operations are declared and
 * the `{status: 1, data}` envelope they answer in. Its operations live in catalogue.mts, orders.mts and
 * payments.mts; giftcards.mts lists them all for the dispatcher.
 */
import { operationFamily } from './define.mts';

export const giftCard = operationFamily('plumProAPI', 'plumProAPI', 'user');

export const ok = (data: unknown) => ({ status: 1, data });
