import { CALL_STATUSES } from '../../../sandbox/core';
import {
	CAMPAIGNS,
	endOfYesterdayIst,
	REFERENCE_EPOCH_MS,
	SEEDED_DAYS,
	seedData,
} from '../../../sandbox/core/seed';

const DAY_MS = 24 * 60 * 60 * 1000;
const IST_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('seedData', () => {
	const { agents, calls } = seedData(20260630, 300);
	const details = calls.map((call) => call.detail);

	it('is the same for the same seed and differs for another seed', () => {
		expect(seedData(5, 40)).toEqual(seedData(5, 40));
		expect(seedData(6, 40).agents[0].agent_id).not.toBe(seedData(5, 40).agents[0].agent_id);
	});

	it('creates four active agents and one archived agent with OSVI-shaped unique ids', () => {
		expect(agents.filter((agent) => !agent.archived)).toHaveLength(4);
		expect(agents.filter((agent) => agent.archived)).toHaveLength(1);
		expect(agents.every((agent) => /^agent_[A-Za-z0-9_-]{26}$/.test(agent.agent_id))).toBe(true);
		expect(new Set(agents.map((agent) => agent.agent_id)).size).toBe(agents.length);
	});

	it('creates exactly the requested number of calls with unique UUIDs', () => {
		expect(calls).toHaveLength(300);
		expect(details.every((call) => UUID.test(call.call_id))).toBe(true);
		expect(new Set(details.map((call) => call.call_id)).size).toBe(300);
	});

	it('orders calls newest first within the 60 days before the reference date', () => {
		const times = details.map((call) => Date.parse(call.created_at));
		expect(times).toEqual([...times].sort((a, b) => b - a));
		expect(Math.max(...times)).toBeLessThanOrEqual(REFERENCE_EPOCH_MS);
		expect(Math.min(...times)).toBeGreaterThan(REFERENCE_EPOCH_MS - SEEDED_DAYS * DAY_MS);
	});

	it('writes every timestamp in IST and keeps the stored instants in step with them', () => {
		for (const call of calls) {
			expect(call.detail.created_at).toMatch(IST_TIMESTAMP);
			expect(Date.parse(call.detail.created_at)).toBe(call.createdAtMs);
			if (call.detail.call_picked_at !== null) {
				expect(call.detail.call_picked_at).toMatch(IST_TIMESTAMP);
				expect(Date.parse(call.detail.call_picked_at)).toBe(call.pickedAtMs);
			}
		}
	});

	it('covers all six statuses, even in a small sandbox', () => {
		expect(new Set(details.map((call) => call.status))).toEqual(new Set(CALL_STATUSES));
		const small = seedData(3, 7).calls.map((call) => call.detail.status);
		expect(new Set(small)).toEqual(new Set(CALL_STATUSES));
	});

	it('sets call_picked_at only for picked, voicemail and in-progress calls', () => {
		for (const call of details) {
			const answered = ['picked', 'voicemail', 'in_progress'].includes(call.status);
			expect(call.call_picked_at !== null).toBe(answered);
		}
	});

	it('has inbound and outbound calls, and no campaign on inbound ones', () => {
		expect(new Set(details.map((call) => call.call_type))).toEqual(
			new Set(['inbound', 'outbound']),
		);
		const inbound = details.filter((call) => call.call_type === 'inbound');
		expect(
			inbound.every((call) => call.campaign_id === null && call.campaign_upload_id === null),
		).toBe(true);
	});

	it('uses only upload ids that belong to the call campaign, with some calls outside any campaign', () => {
		for (const call of details) {
			if (call.campaign_upload_id !== null) {
				const campaign = CAMPAIGNS.find((candidate) => candidate.id === call.campaign_id);
				expect(campaign?.uploadIds).toContain(call.campaign_upload_id);
			}
		}
		expect(details.some((call) => call.campaign_id === null)).toBe(true);
		expect(new Set(details.map((call) => call.campaign_id)).size).toBe(CAMPAIGNS.length + 1);
	});

	it('tags some picked calls and no unanswered ones', () => {
		expect(details.some((call) => call.tag !== null)).toBe(true);
		expect(details.some((call) => call.status === 'picked' && call.tag === null)).toBe(true);
		expect(
			details.filter((call) => call.status !== 'picked').every((call) => call.tag === null),
		).toBe(true);
	});

	it('gives the archived agent calls of its own', () => {
		const archived = agents.find((agent) => agent.archived);
		expect(details.some((call) => call.agent_uuid === archived?.agent_id)).toBe(true);
	});

	it('uses E.164 numbers for both parties', () => {
		expect(details.every((call) => /^\+[1-9]\d{9,13}$/.test(call.phone_number))).toBe(true);
		expect(details.every((call) => /^\+91\d{10}$/.test(call.from_number))).toBe(true);
	});
});

describe('seeding up to another day', () => {
	test('puts every seeded call in the 60 days before the given reference', () => {
		const reference = Date.parse('2026-11-21T23:59:59+05:30');
		const { calls } = seedData(7, 300, reference);
		const times = calls.map((call) => call.createdAtMs);
		expect(Math.max(...times)).toBeLessThanOrEqual(reference);
		expect(Math.min(...times)).toBeGreaterThan(reference - SEEDED_DAYS * DAY_MS);
	});

	test('keeps the same calls apart from their dates', () => {
		const shifted = seedData(7, 50, Date.parse('2026-11-21T23:59:59+05:30')).calls;
		const original = seedData(7, 50).calls;
		expect(shifted.map((call) => call.detail.phone_number)).toEqual(
			original.map((call) => call.detail.phone_number),
		);
	});
});

describe('endOfYesterdayIst', () => {
	test.each([
		['late evening in India', '2026-11-22T22:00:00+05:30', '2026-11-21T23:59:59+05:30'],
		['just after midnight in India', '2026-11-22T00:00:01+05:30', '2026-11-21T23:59:59+05:30'],
		['just before midnight in India', '2026-11-21T23:59:59+05:30', '2026-11-20T23:59:59+05:30'],
		[
			'a UTC evening that is already the next day in India',
			'2026-11-21T20:00:00Z',
			'2026-11-21T23:59:59+05:30',
		],
	])('is 23:59:59 IST of the day before, %s', (_, now, expected) => {
		expect(endOfYesterdayIst(Date.parse(now))).toBe(Date.parse(expected));
	});
});
