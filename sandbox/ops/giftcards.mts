/** Every gift-card operation (tag plumProAPI, user token; plum-api.md §4), for the dispatcher. */
import type { OpDefinition } from '../dispatcher.mts';
import { catalogueOperations } from './catalogue.mts';
import { orderOperations } from './orders.mts';
import { paymentOperations } from './payments.mts';

export const giftCardOperations: OpDefinition[] = [
	...catalogueOperations,
	...orderOperations,
	...paymentOperations,
];
