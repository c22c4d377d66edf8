/**
 * The Plum API as the node uses it: one typed function per Plum call, each declared once (query,
 * variables key, path, result keys, whether it is safe to send again, which error ids mean "no
 * records" or "not found"). Operations, pickers and the trigger call these; only the transport
 * below them sends HTTP.
 */
export * from './catalogueCache';
export * from './giftcards';
export * from './links';
export * from './placeOrderOnce';
export * from './points';
export * from './token';
export { previewCall } from './define';
export type { Lookup } from './define';
export type * from './records';
