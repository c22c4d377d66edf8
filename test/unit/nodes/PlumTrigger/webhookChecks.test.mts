import { describe, expect, it } from 'vitest';

import {
	apiKeyMatches,
	clientAddressAllowed,
	parsePlumCallback,
	rememberCallback,
} from '../../../../nodes/PlumTrigger/webhookChecks';

describe('apiKeyMatches', () => {
	it('accepts only the exact key', () => {
		expect(apiKeyMatches('abcdefghijklm1', 'abcdefghijklm1')).toBe(true);
		expect(apiKeyMatches('abcdefghijklm2', 'abcdefghijklm1')).toBe(false);
		expect(apiKeyMatches('short', 'abcdefghijklm1')).toBe(false);
		expect(apiKeyMatches(undefined, 'abcdefghijklm1')).toBe(false);
		expect(apiKeyMatches('', '')).toBe(false);
	});
});

describe('clientAddressAllowed', () => {
	it('allows everyone without a list and only listed addresses with one', () => {
		expect(clientAddressAllowed('1.2.3.4', '')).toBe(true);
		expect(clientAddressAllowed('::ffff:52.76.120.90', '52.76.120.90')).toBe(true);
		expect(clientAddressAllowed('1.2.3.4', '52.76.120.90, 10.0.0.1')).toBe(false);
		expect(clientAddressAllowed(undefined, '52.76.120.90')).toBe(false);
	});
});

describe('parsePlumCallback', () => {
	const body = {
		id: 991,
		data: { orderId: '123', poNumber: 'PO-1', orderDate: '2026-11-20 10:00:00', deliveryStatus: 'Delivered' },
		createdAt: '2026-11-21 10:00:00',
	};

	it('normalises the status case and numeric strings', () => {
		expect(parsePlumCallback(body)).toEqual({
			webhookId: 991,
			orderId: 123,
			poNumber: 'PO-1',
			deliveryStatus: 'delivered',
			orderDate: '2026-11-20 10:00:00',
			createdAt: '2026-11-21 10:00:00',
		});
	});

	it('rejects what is not a Plum callback', () => {
		expect(parsePlumCallback({})).toBeUndefined();
		expect(parsePlumCallback([])).toBeUndefined();
		expect(parsePlumCallback({ ...body, data: { ...body.data, deliveryStatus: '' } })).toBeUndefined();
		expect(parsePlumCallback({ ...body, data: { ...body.data, deliveryStatus: 'Cancelled' } })?.deliveryStatus).toBe('canceled');
		expect(parsePlumCallback({ ...body, id: undefined })).toBeUndefined();
		expect(parsePlumCallback({ ...body, data: { ...body.data, orderId: 'abc' } })).toBeUndefined();
	});
});

describe('rememberCallback', () => {
	it('accepts an id once and keeps the list bounded', () => {
		const staticData = {};
		expect(rememberCallback(staticData, 1)).toBe(true);
		expect(rememberCallback(staticData, 1)).toBe(false);
		for (let id = 2; id < 700; id++) rememberCallback(staticData, id);
		expect((staticData as { seenCallbackIds: string[] }).seenCallbackIds).toHaveLength(500);
		expect(rememberCallback(staticData, 699)).toBe(false);
	});
});
