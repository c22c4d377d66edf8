/** The money-moving operations with their guard options, as the guard tests run them. */
import { SEEDED_PRODUCT_IDS } from '../../../../support/sandbox.mts';

export const nextYear = `${new Date().getFullYear() + 1}-06-30`;

export function orderCreate(options: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) {
	return {
		resource: 'order',
		operation: 'create',
		productId: { __rl: true, mode: 'id', value: String(SEEDED_PRODUCT_IDS.realtimeFixed) },
		denomination: 25,
		quantity: 1,
		poNumber: '={{ "guard-" + $json.responseId }}',
		email: '={{ $json.email }}',
		notifyReceiverEmail: true,
		notifyAdminEmail: false,
		options,
		...overrides,
	};
}

export function pointsSend(options: Record<string, unknown> = {}) {
	return {
		resource: 'points',
		operation: 'send',
		senderEmail: 'admin@example.com',
		recipientName: '={{ $json.name }}',
		recipientEmail: '={{ $json.email }}',
		amount: 10,
		citation: 'Thanks for the survey',
		options,
	};
}

export function linkGenerate(options: Record<string, unknown> = {}) {
	return { resource: 'link', operation: 'generate', campaignId: 5001, quantity: 1, expiryDate: nextYear, options };
}

export const ana = { responseId: 'r1', email: 'ana@example.com', name: 'Ana' };
export const li = { responseId: 'r2', email: 'li@example.com', name: 'Li' };
