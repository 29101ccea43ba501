import { createRandom, type Random } from './random';
import { DAY_MS, formatIst } from './time';
import type { CallDetail, CallStatus, CallTag, StoredAgent, StoredCall } from './types';

/** Seeded calls lie in the 60 days up to this instant (2026-06-30T23:59:59+05:30), never around the wall clock. */
export const REFERENCE_EPOCH_MS = Date.parse('2026-06-30T23:59:59+05:30');
export const SEEDED_DAYS = 60;

const ACTIVE_AGENT_NAMES = [
	'Appointment Reminder',
	'Lead Qualifier',
	'Payment Follow-up',
	'Customer Support',
];
const ARCHIVED_AGENT_NAME = 'Feedback Survey (archived)';

export interface SeededCampaign {
	id: number;
	uploadIds: readonly number[];
	name: string;
	retry: { enabled: boolean; threshold: number; delaySeconds: number };
}

/** Campaign ids with their contact-upload ids; a few calls have a campaign but no upload. */
export const CAMPAIGNS: readonly SeededCampaign[] = [
	{
		id: 7,
		uploadIds: [19, 23],
		name: 'June Renewals',
		retry: { enabled: true, threshold: 2, delaySeconds: 1800 },
	},
	{
		id: 12,
		uploadIds: [31],
		name: 'Payment Reminders',
		retry: { enabled: false, threshold: 2, delaySeconds: 300 },
	},
	{
		id: 15,
		uploadIds: [40, 41, 44],
		name: 'Lead Follow-up',
		retry: { enabled: true, threshold: 3, delaySeconds: 3600 },
	},
	{
		id: 21,
		uploadIds: [57],
		name: 'Customer Feedback',
		retry: { enabled: true, threshold: 2, delaySeconds: 600 },
	},
];

export const TAGS: readonly CallTag[] = [
	{ id: 12, name: 'interested', color_code: '#22c55e' },
	{ id: 13, name: 'not_interested', color_code: '#ef4444' },
	{ id: 14, name: 'callback_requested', color_code: '#f59e0b' },
	{ id: 15, name: 'wrong_number', color_code: '#6b7280' },
];

const FIRST_NAMES = [
	'Aarav',
	'Priya',
	'Rohan',
	'Ananya',
	'Vikram',
	'Meera',
	'Arjun',
	'Kavya',
	'Rahul',
	'Sneha',
	'Ishaan',
	'Divya',
	'John',
	'Emma',
	'Oliver',
];
const LAST_NAMES = [
	'Sharma',
	'Iyer',
	'Patel',
	'Reddy',
	'Gupta',
	'Nair',
	'Khan',
	'Das',
	'Smith',
	'Brown',
];

const SUMMARIES = [
	(name: string) => `${name} confirmed the appointment and asked for a reminder the day before.`,
	(name: string) => `${name} is interested in the premium plan and wants pricing by e-mail.`,
	(name: string) => `${name} asked to be called back after 6 pm.`,
	(name: string) => `${name} said they are not interested and asked not to be called again.`,
	(name: string) => `${name} reported a billing issue; the agent raised a support ticket.`,
];

interface Customer {
	e164: string;
	name: string;
}

function makeCustomer(random: Random): Customer {
	const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
	const region = random.weighted([
		['IN', 85],
		['US', 10],
		['GB', 5],
	] as const);
	// Reserved fictional ranges abroad (555-01xx, Ofcom's 07700 900xxx); Indian mobiles start with 6-9.
	if (region === 'US')
		return { name, e164: `+1415555${String(random.int(100, 199)).padStart(4, '0')}` };
	if (region === 'GB')
		return { name, e164: `+447700900${String(random.int(0, 999)).padStart(3, '0')}` };
	return {
		name,
		e164: `+91${random.int(6, 9)}${String(random.int(0, 999_999_999)).padStart(9, '0')}`,
	};
}

export function seedAgents(random: Random): StoredAgent[] {
	const makeAgent = (name: string, archived: boolean): StoredAgent => ({
		agent_id: `agent_${random.idString(26)}`,
		name,
		archived,
		from_number: `+91114000${String(random.int(1000, 9999))}`,
	});
	return [
		...ACTIVE_AGENT_NAMES.map((name) => makeAgent(name, false)),
		makeAgent(ARCHIVED_AGENT_NAME, true),
	];
}

const ENDINGS: Record<Exclude<CallStatus, 'picked'>, [string | null, string | null]> = {
	not_picked: ['system', 'customer-did-not-answer'],
	busy: ['system', 'customer-busy'],
	failed: ['system', 'call-failed'],
	voicemail: ['agent', 'voicemail'],
	in_progress: [null, null],
};

function statusesFor(count: number, random: Random): CallStatus[] {
	// The newest calls are the ones still running; right after them every final status appears once, so even a
	// small sandbox shows all six; the rest follow a plausible mix.
	const inProgress = count >= 12 ? 2 : Math.min(count, 1);
	const finals = random.shuffle(['picked', 'not_picked', 'failed', 'busy', 'voicemail'] as const);
	return Array.from({ length: count }, (_, index): CallStatus => {
		if (index < inProgress) return 'in_progress';
		if (index - inProgress < finals.length) return finals[index - inProgress];
		return random.weighted([
			['picked', 45],
			['not_picked', 25],
			['voicemail', 12],
			['busy', 10],
			['failed', 8],
		] as const);
	});
}

function createdTimes(
	count: number,
	inProgressCount: number,
	random: Random,
	referenceMs: number,
): number[] {
	const times = Array.from({ length: count }, (_, index) => {
		if (index < inProgressCount) return referenceMs - random.int(60, 15 * 60) * 1000;
		// Office hours in IST (08:00-21:00) on one of the 60 days; the reference instant is 23:59:59 IST.
		const dayStart = referenceMs - random.int(0, SEEDED_DAYS - 1) * DAY_MS - (DAY_MS - 1000);
		return dayStart + random.int(8 * 3600, 21 * 3600 - 1) * 1000;
	});
	const running = times.slice(0, inProgressCount).sort((a, b) => b - a);
	const finished = times.slice(inProgressCount).sort((a, b) => b - a);
	return [...running, ...finished];
}

export function seedCalls(
	agents: StoredAgent[],
	count: number,
	random: Random,
	referenceMs = REFERENCE_EPOCH_MS,
): StoredCall[] {
	const customers = Array.from({ length: Math.max(20, Math.ceil(count / 2.5)) }, () =>
		makeCustomer(random),
	);
	const statuses = statusesFor(count, random);
	const times = createdTimes(
		count,
		statuses.filter((status) => status === 'in_progress').length,
		random,
		referenceMs,
	);
	const agentWeights = agents.map(
		(agent, index) => [agent, agent.archived ? 10 : 30 - index * 5] as const,
	);

	return statuses.map((status, index): StoredCall => {
		const agent = random.weighted(agentWeights);
		const customer = random.pick(customers);
		const callType = random.chance(agent.name === 'Customer Support' ? 0.7 : 0.05)
			? 'inbound'
			: 'outbound';
		const campaign = callType === 'outbound' && random.chance(0.6) ? random.pick(CAMPAIGNS) : null;
		const uploadId = campaign && random.chance(0.9) ? random.pick(campaign.uploadIds) : null;
		const createdAtMs = times[index];
		const wasAnswered = status === 'picked' || status === 'voicemail' || status === 'in_progress';
		const pickedAtMs = wasAnswered ? createdAtMs + random.int(2, 15) * 1000 : null;
		const [endedBy, endedReason] =
			status === 'picked'
				? random.pick([
						['agent', 'assistant-ended-call'],
						['user', 'customer-ended-call'],
					] as const)
				: ENDINGS[status];
		const knownName = callType === 'outbound' || random.chance(0.5) ? customer.name : null;

		const detail: CallDetail = {
			call_id: random.uuid(),
			agent_uuid: agent.agent_id,
			agent_name: agent.name,
			phone_number: customer.e164,
			from_number: agent.from_number,
			status,
			call_type: callType,
			duration_seconds:
				status === 'picked'
					? random.int(20, 420)
					: status === 'voicemail'
						? random.int(15, 45)
						: status === 'in_progress'
							? null
							: 0,
			call_ended_by: endedBy,
			call_ended_reason: endedReason,
			campaign_id: campaign?.id ?? null,
			campaign_upload_id: uploadId,
			tag: status === 'picked' && random.chance(0.7) ? random.pick(TAGS) : null,
			created_at: formatIst(createdAtMs),
			call_picked_at: pickedAtMs === null ? null : formatIst(pickedAtMs),
			caller_name: knownName,
			retry_count: campaign ? random.int(0, 2) : 0,
			summary:
				status === 'picked'
					? random.pick(SUMMARIES)(knownName ?? 'The caller')
					: status === 'voicemail'
						? 'Reached voicemail and left a short message.'
						: null,
			data_captured:
				status === 'picked'
					? {
							email: `${customer.name.toLowerCase().replace(' ', '.')}@example.com`,
							confirmed: random.chance(0.6),
						}
					: {},
			post_call_analysis:
				status === 'picked'
					? {
							sentiment: random.pick(['positive', 'neutral', 'negative']),
							callback_required: random.chance(0.2),
						}
					: {},
		};
		return { detail, createdAtMs, pickedAtMs, webhookUrl: null, personName: knownName };
	});
}

/**
 * Everything a fresh sandbox holds for a seed: agents first, then calls, from one random stream. The calls
 * lie in the days before `referenceMs`, which must be 23:59:59 IST of a day so that days align with OSVI's.
 */
export function seedData(seed: number, callCount: number, referenceMs = REFERENCE_EPOCH_MS) {
	const random = createRandom(seed);
	const agents = seedAgents(random);
	return { agents, calls: seedCalls(agents, callCount, random, referenceMs) };
}

/** 23:59:59 IST of the day before `nowMs`: a reference that puts seeded calls up to yesterday, for demos. */
export function endOfYesterdayIst(nowMs: number): number {
	const istOffsetMs = 5.5 * 3600 * 1000;
	const startOfTodayIst = Math.floor((nowMs + istOffsetMs) / DAY_MS) * DAY_MS - istOffsetMs;
	return startOfTodayIst - 1000;
}
