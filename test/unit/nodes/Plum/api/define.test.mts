import { describe, expect, it } from 'vitest';

import { GIFT_CARD_CALLS, LINK_CALLS, POINTS_CALLS } from '../../../../../nodes/Plum/api';
import { markedFailed } from '../../../../../nodes/Plum/api/define';
import { findOperation } from '../../../../../sandbox/dispatcher.mts';

const TAGS = { plumProAPI: 'plumProAPI', storesAdmin: 'storeAdmin', xoxo_link: 'xoxo_link' } as const;

describe('the declared Plum calls', () => {
	const calls = { ...GIFT_CARD_CALLS, ...POINTS_CALLS, ...LINK_CALLS };

	it('name operations the sandbox serves under the same query and tag', () => {
		for (const [name, call] of Object.entries(calls)) {
			const tag = TAGS[call.query.split('.')[0] as keyof typeof TAGS];
			const served = findOperation({ query: call.query, tag });
			expect(served, `${name}: ${call.query}`).toBeDefined();
			expect(served?.tag).toBe(tag);
		}
	});

	it('never resend what spends money', () => {
		for (const call of [GIFT_CARD_CALLS.placeOrder, POINTS_CALLS.sendBalance, POINTS_CALLS.cancelBalance, LINK_CALLS.generateLink, LINK_CALLS.generateLinkEmail]) {
			expect(call.safeToResend).toBe(false);
		}
	});
});

describe('markedFailed', () => {
	it('reads Plum\'s failures on HTTP 200 the same for gift cards, points and links', () => {
		expect(markedFailed({ status: 0 })).toBe(true);
		expect(markedFailed({ status: '0' })).toBe(true);
		expect(markedFailed({ success: 0 })).toBe(true);
		expect(markedFailed({ success: false })).toBe(true);
		expect(markedFailed({ error: true })).toBe(true);
		expect(markedFailed({ status: 1, data: {} })).toBe(false);
		expect(markedFailed({ success: true })).toBe(false);
		expect(markedFailed({ unique_id: 'x' })).toBe(false);
	});
});
