import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../../harness/osviWorkflow';
import { runWorkflow } from '../../../../harness/runWorkflow';

let sandbox: Sandbox;
let agentId: string;

beforeAll(async () => {
	sandbox = await startSandbox();
	agentId = sandbox.snapshot().agents.find((agent) => !agent.archived)!.agent_id;
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

async function run(
	resource: string,
	operation: string,
	parameters: INodeParameters,
	options: { items?: IDataObject[]; continueOnFail?: boolean } = {},
) {
	return await runWorkflow(
		osviWorkflow(
			{
				resource,
				operation,
				agentId: { __rl: true, mode: 'list', value: agentId },
				...parameters,
			},
			options,
		),
		sandboxCredentials(sandbox),
	);
}

const dnd = (operation: string, parameters: INodeParameters, options = {}) =>
	run('dnd', operation, parameters, options);

function sent() {
	return sandbox
		.requests()
		.map(({ method, path, query, body, rawBody }) => ({ method, path, query, body, rawBody }));
}

/** The entries of this agent that the test added (the seeded ones stay). */
const addedEntries = (seeded: number[]) =>
	sandbox
		.dndNumbers()
		.filter((entry) => entry.agent_uuid === agentId && !seeded.includes(entry.id));

describe('Do Not Disturb → Add', () => {
	test('sends the number in E.164 with the reason and outputs OSVI’s entry', async () => {
		const seeded = sandbox.dndNumbers().map((entry) => entry.id);

		const { output } = await dnd('add', {
			phoneNumber: '098765 43210',
			countryCode: 'IN',
			reason: 'Asked not to be called again',
		});

		expect(sent()).toEqual([
			{
				method: 'POST',
				path: '/v1/dnd_numbers',
				query: {},
				body: {
					agent_uuid: agentId,
					phone: '+919876543210',
					reason: 'Asked not to be called again',
				},
				rawBody: JSON.stringify({
					agent_uuid: agentId,
					phone: '+919876543210',
					reason: 'Asked not to be called again',
				}),
			},
		]);
		const [entry] = addedEntries(seeded);
		expect(entry).toEqual(
			expect.objectContaining({ phone: '+919876543210', reason: 'Asked not to be called again' }),
		);
		expect(output(osviNodeName)).toEqual([{ json: entry, pairedItem: { item: 0 } }]);
	});

	test('leaves an empty reason out', async () => {
		await dnd('add', { phoneNumber: '+1 415 555 0100', countryCode: 'IN', reason: '  ' });

		expect(sent().map((request) => request.body)).toEqual([
			{ agent_uuid: agentId, phone: '+14155550100' },
		]);
	});

	test('says clearly when the number is already on the list', async () => {
		sandbox.addDndNumber({ agent_uuid: agentId, phone: '+919876543210' });

		const { error } = await dnd('add', { phoneNumber: '98765 43210', countryCode: 'IN' });

		expect(error(osviNodeName)?.message).toBe(
			'OSVI did not add +919876543210 to the Do Not Disturb list: Phone has already been taken',
		);
		expect(error(osviNodeName)?.description).toBe(
			'OSVI answers this when the number is already on this agent’s list: nothing changed. Get many Do Not Disturb numbers with Search shows the entry.',
		);
	});

	test('rejects a number with letters before sending anything', async () => {
		const { error } = await dnd('add', { phoneNumber: '98765 4321O', countryCode: 'IN' });

		expect(sandbox.requests()).toEqual([]);
		expect(error(osviNodeName)?.message).toBe(
			'Invalid Phone Number in item 0: The phone number contains "O". Use only digits, spaces, dashes, dots and brackets, with + or 00 before a country code, e.g. +91 98765 43210.',
		);
	});
});

describe('Do Not Disturb → Remove', () => {
	test('sends the agent and E.164 number in the query, no body, and outputs OSVI’s answer with them', async () => {
		sandbox.addDndNumber({ agent_uuid: agentId, phone: '+919876543210' });

		const { output } = await dnd('remove', { phoneNumber: '+91 98765 43210', countryCode: 'US' });

		expect(sent()).toEqual([
			{
				method: 'DELETE',
				path: '/v1/dnd_numbers',
				query: { agent_uuid: agentId, phone: '+919876543210' },
				body: undefined,
				rawBody: '',
			},
		]);
		expect(sandbox.dndNumbers().some((entry) => entry.phone === '+919876543210')).toBe(false);
		expect(output(osviNodeName)).toEqual([
			{
				json: {
					success: true,
					message: 'Phone removed from DND list',
					phone: '+919876543210',
					agent_uuid: agentId,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('says clearly when the number is not on the list', async () => {
		const { error } = await dnd('remove', { phoneNumber: '98765 43210', countryCode: 'IN' });

		expect(error(osviNodeName)?.message).toBe(
			'+919876543210 is not on this agent’s Do Not Disturb list: Phone not found in DND list',
		);
		expect(error(osviNodeName)?.description).toBe(
			'Nothing was removed. Each agent has its own list: check the Agent, or see the numbers on its list with Get many Do Not Disturb numbers.',
		);
	});
});

describe('Do Not Disturb writes that fail after reaching OSVI', () => {
	const mayOrMayNotHaveReachedOsvi =
		'The change may or may not have reached OSVI. Check its current state in OSVI before running this item again.';
	const reachedOsviWithoutAnswer = `The request reached OSVI, but no answer came back (ECONNRESET), so it was not repeated. ${mayOrMayNotHaveReachedOsvi}`;

	// Remove takes off a number that is on the list; Add puts on one that is not. Each fault lasts longer than
	// the retries allowed, so a retry would show as a second request.
	const writes = [
		{ operation: 'add', method: 'POST', onList: false },
		{ operation: 'remove', method: 'DELETE', onList: true },
	];
	const faults = [
		{
			what: 'a 500 is sent once, never retried, and says the change may or may not have reached OSVI',
			fault: { kind: 'status', status: 500 },
			error: {
				name: 'NodeApiError',
				message: 'OSVI had a problem answering: Sandbox fault: HTTP 500',
				description: mayOrMayNotHaveReachedOsvi,
				httpCode: '500',
			},
		},
		{
			what: 'a connection dropped after the request arrived is not repeated, and says the change may have reached OSVI',
			fault: { kind: 'drop' },
			error: {
				name: 'NodeApiError',
				message: 'The connection to OSVI failed: the change may have reached OSVI',
				description: reachedOsviWithoutAnswer,
			},
		},
	] as const;

	test.each(writes.flatMap((write) => faults.map((fault) => ({ ...write, ...fault }))))(
		'$operation: $what',
		async ({ operation, method, onList, fault, error: expected }) => {
			if (onList) sandbox.addDndNumber({ agent_uuid: agentId, phone: '+919876543211' });
			sandbox.addFault({ method, path: '/v1/dnd_numbers', ...fault, times: 4 });

			const { error } = await dnd(operation, {
				phoneNumber: '98765 43211',
				countryCode: 'IN',
				options: { maxRetries: 3 },
			});

			expect(sent().map((request) => request.method)).toEqual([method]);
			expect(error(osviNodeName)).toMatchObject({ ...expected, context: { itemIndex: 0 } });
		},
	);
});

describe('Do Not Disturb → Get Many', () => {
	/** 130 numbers containing 98765 and 20 that do not, on this agent's list. */
	function fillList() {
		sandbox.addDndNumber([
			...Array.from({ length: 130 }, (_, index) => ({
				agent_uuid: agentId,
				phone: `+9198765${String(index).padStart(5, '0')}`,
			})),
			...Array.from({ length: 20 }, (_, index) => ({
				agent_uuid: agentId,
				phone: `+9191234${String(index).padStart(5, '0')}`,
			})),
		]);
	}

	/** What OSVI itself answers, read straight from the sandbox, page by page. */
	async function entriesFromOsvi(query: Record<string, string>, pages: number[]) {
		const entries: unknown[] = [];
		for (const page of pages) {
			const search = new URLSearchParams({ ...query, page: String(page) });
			const response = await fetch(`${sandbox.url}/v1/dnd_numbers?${search.toString()}`, {
				headers: { 'API-Token': sandbox.token },
			});
			entries.push(...((await response.json()) as { data: unknown[] }).data);
		}
		return entries;
	}

	const sentQueries = () =>
		sandbox
			.requests()
			.map(({ method, path, query }) => ({ method, path, query }))
			.sort((a, b) => Number(a.query.page) - Number(b.query.page));

	test('Return All with Search reads every page of 100 and returns the matching entries in OSVI’s order', async () => {
		fillList();

		const { output } = await dnd('getMany', { returnAll: true, search: '98765' });

		expect(sentQueries()).toEqual(
			[1, 2].map((page) => ({
				method: 'GET',
				path: '/v1/dnd_numbers',
				query: { agent_uuid: agentId, search: '98765', page: String(page), per_page: '100' },
			})),
		);
		const expected = await entriesFromOsvi(
			{ agent_uuid: agentId, search: '98765', per_page: '100' },
			[1, 2],
		);
		expect(expected).toHaveLength(130);
		expect(output(osviNodeName)).toEqual(
			expected.map((json) => ({ json, pairedItem: { item: 0 } })),
		);
	});

	test('a Limit of 120 reads two pages of 100 and returns 120 entries', async () => {
		fillList();

		const { output } = await dnd('getMany', { returnAll: false, limit: 120, search: 98765 });

		expect(sentQueries().map((request) => request.query)).toEqual(
			[1, 2].map((page) => ({
				agent_uuid: agentId,
				search: '98765',
				page: String(page),
				per_page: '100',
			})),
		);
		const expected = await entriesFromOsvi(
			{ agent_uuid: agentId, search: '98765', per_page: '100' },
			[1, 2],
		);
		expect(output(osviNodeName).map((item) => item.json)).toEqual(expected.slice(0, 120));
	});

	test('without Search, a Limit of 5 asks for one page of 5', async () => {
		fillList();

		const { output } = await dnd('getMany', { returnAll: false, limit: 5, search: '' });

		expect(sentQueries().map((request) => request.query)).toEqual([
			{ agent_uuid: agentId, page: '1', per_page: '5' },
		]);
		expect(output(osviNodeName)).toHaveLength(5);
	});

	test('an agent OSVI does not know is OSVI’s 404', async () => {
		const { error } = await run('dnd', 'getMany', {
			agentId: { __rl: true, mode: 'id', value: 'agent_NotOnThisAccount' },
			returnAll: true,
		});

		expect(error(osviNodeName)?.message).toBe(
			'OSVI could not find what was asked for: Agent not found',
		);
	});
});

describe('Do Not Disturb with a campaign upload', () => {
	test('an added number is skipped by the next upload; once removed, the next upload includes it', async () => {
		const contacts = [
			{ phone: '98765 43210', name: 'Asha Rao' },
			{ phone: '98765 43211', name: 'Ravi Kumar' },
		];
		const upload = async () =>
			await run(
				'campaign',
				'addContacts',
				{
					campaignId: 7,
					phoneNumber: '={{ $json.phone }}',
					countryCode: 'IN',
					personName: '={{ $json.name }}',
				},
				{ items: contacts },
			);
		const summary = (output: Array<{ json: IDataObject }>) =>
			Object.fromEntries(
				Object.entries(output[0].json).filter(([key]) => key !== 'campaign_upload_id'),
			);

		await dnd('add', { phoneNumber: '98765 43210', countryCode: 'IN', reason: 'Asked' });
		const skipping = await upload();
		await dnd('remove', { phoneNumber: '+919876543210', countryCode: 'IN' });
		const including = await upload();

		expect(summary(skipping.output(osviNodeName))).toEqual({
			contacts_received: 2,
			contacts_accepted: 1,
			duplicates_removed: 0,
			enqueued: false,
			queued_calls: 0,
			dnd_skipped: [{ phone: '+919876543210', person_name: 'Asha Rao', reason: 'Asked' }],
		});
		expect(summary(including.output(osviNodeName))).toEqual({
			contacts_received: 2,
			contacts_accepted: 2,
			duplicates_removed: 0,
			enqueued: false,
			queued_calls: 0,
			dnd_skipped: [],
		});
		const uploads = sandbox.campaigns().uploads.slice(-2);
		expect(uploads.map((stored) => stored.contacts.map((contact) => contact.phone))).toEqual([
			['+919876543211'],
			['+919876543210', '+919876543211'],
		]);
	});
});
