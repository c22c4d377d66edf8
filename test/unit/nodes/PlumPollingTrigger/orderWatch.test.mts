import { describe, expect, it } from 'vitest';

import type { PlumOrder } from '../../../../nodes/Plum/api';
import { decide, historyWindow, latestMatching, orderItem } from '../../../../nodes/PlumPollingTrigger/orderWatch';

const DAY = 24 * 60 * 60 * 1000;
const BOTH = ['delivered', 'canceled'];

function order(orderId: number, deliveryStatus: string, orderDateIso = '2026-03-10T10:00:00.000Z'): PlumOrder {
	return { orderId, poNumber: `PO-${orderId}`, deliveryStatus, orderDate: '2026-03-10 15:30:00', orderDateIso };
}

describe('historyWindow', () => {
	it('counts days in IST: 20:00 UTC is already the next day in India', () => {
		const now = Date.parse('2026-03-10T20:00:00Z');
		const window = historyWindow(now, 14);
		expect(window.endDate.slice(0, 10)).toBe('2026-03-11');
		expect(window.startDate.slice(0, 10)).toBe('2026-02-25');
		expect(window.startsAt).toBe(Date.parse('2026-02-24T18:30:00Z'));
	});
});

describe('decide', () => {
	const now = Date.parse('2026-03-11T00:00:00Z');
	const windowStart = now - 14 * DAY;

	it('records on the first poll and emits nothing; later emits only new final statuses, oldest first', () => {
		const first = decide({}, [order(1, 'delivered'), order(2, 'pending')], BOTH, now, windowStart);
		expect(first).toMatchObject({ firstPoll: true, emit: [] });
		expect(first.memory.watchingSince).toBe(now);

		const later = [
			order(3, 'delivered', '2026-03-10T12:00:00.000Z'),
			order(1, 'delivered'),
			order(2, 'Cancelled'),
		];
		const second = decide(first.memory, later, BOTH, now + 60_000, windowStart);
		expect(second.firstPoll).toBe(false);
		expect(second.emit.map((entry) => entry.orderId)).toEqual([2, 3]);
		expect(second.memory.watchingSince).toBe(now);

		expect(decide(second.memory, later, BOTH, now + 120_000, windowStart).emit).toEqual([]);
	});

	it('remembers a status that was not chosen, so choosing it later does not replay the order', () => {
		const first = decide({}, [], ['delivered'], now, windowStart);
		const second = decide(first.memory, [order(5, 'canceled')], ['delivered'], now, windowStart);
		expect(second.emit).toEqual([]);
		expect(decide(second.memory, [order(5, 'canceled')], BOTH, now, windowStart).emit).toEqual([]);
	});

	it('forgets orders placed a day before the window starts, and keeps the rest', () => {
		const memory = {
			watchingSince: now - 30 * DAY,
			seenOrders: {
				'7': { placedAt: windowStart - 2 * DAY, statuses: ['delivered'] },
				'8': { placedAt: windowStart - DAY / 2, statuses: ['delivered'] },
			},
		};
		expect(Object.keys(decide(memory, [], BOTH, now, windowStart).memory.seenOrders)).toEqual(['8']);
	});
});

describe('latestMatching and orderItem', () => {
	it('picks the most recently placed order with a chosen status, and shapes it like the webhook trigger without webhookId', () => {
		const orders = [order(1, 'delivered', '2026-03-09T00:00:00Z'), order(2, 'delivered', '2026-03-10T00:00:00Z'), order(3, 'pending', '2026-03-11T00:00:00Z')];
		const sample = latestMatching(orders, ['delivered'])!;
		expect(sample.orderId).toBe(2);
		expect(orderItem(sample)).toEqual({
			orderId: 2,
			poNumber: 'PO-2',
			deliveryStatus: 'delivered',
			orderDate: '2026-03-10 15:30:00',
			order: sample,
		});
		expect(latestMatching(orders, ['canceled'])).toBeUndefined();
	});
});
