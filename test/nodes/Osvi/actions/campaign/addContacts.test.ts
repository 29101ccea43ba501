import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../../harness/osviWorkflow';
import { runWorkflow } from '../../../../harness/runWorkflow';
import type { WorkflowJson } from '../../../../harness/runWorkflow';

let sandbox: Sandbox;
let agentId: string;
let otherAgentId: string;

beforeAll(async () => {
	sandbox = await startSandbox({ callDurationMs: 100 });
	[agentId, otherAgentId] = sandbox
		.snapshot()
		.agents.filter((agent) => !agent.archived)
		.map((agent) => agent.agent_id);
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

function addContactsParameters(extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'campaign',
		operation: 'addContacts',
		campaignId: 7,
		agentId: { __rl: true, mode: 'id', value: agentId },
		phoneNumber: '={{ $json.phone }}',
		countryCode: 'IN',
		personName: '={{ $json.name }}',
		...extra,
	};
}

async function addContacts(
	items: IDataObject[],
	extra: INodeParameters = {},
	continueOnFail = false,
) {
	return await runWorkflow(
		osviWorkflow(addContactsParameters(extra), { items, continueOnFail }),
		sandboxCredentials(sandbox),
	);
}

function sent() {
	return sandbox.requests().map(({ method, path, query, body }) => ({ method, path, query, body }));
}

/** The uploads this test made (the seeded ones end at 57). */
function newUploads() {
	return sandbox.campaigns().uploads.filter((upload) => upload.campaign_upload_id > 57);
}

const pairedWith = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, offset) => ({ item: from + offset }));

describe('Campaign → Add Contacts', () => {
	test('sends 10,001 contacts as two requests, 10,000 and 1, each output paired with its items', async () => {
		const items = Array.from({ length: 10_001 }, (_, index) => ({
			phone: `98765 ${String(index).padStart(5, '0')}`,
			name: `Contact ${index}`,
		}));
		const contact = (index: number) => ({
			phone: `+9198765${String(index).padStart(5, '0')}`,
			person_name: `Contact ${index}`,
		});

		const { output } = await addContacts(items);

		expect(sent()).toEqual([
			{
				method: 'POST',
				path: '/v1/campaigns/7/contacts',
				query: {},
				body: {
					agent_uuid: agentId,
					contacts: Array.from({ length: 10_000 }, (_, index) => contact(index)),
					enqueue: false,
				},
			},
			{
				method: 'POST',
				path: '/v1/campaigns/7/contacts',
				query: {},
				body: { agent_uuid: agentId, contacts: [contact(10_000)], enqueue: false },
			},
		]);
		const [first, second] = newUploads();
		const summary = (uploadId: number, count: number) => ({
			campaign_upload_id: uploadId,
			contacts_received: count,
			contacts_accepted: count,
			duplicates_removed: 0,
			enqueued: false,
			queued_calls: 0,
			dnd_skipped: [],
		});
		expect(output(osviNodeName)).toEqual([
			{ json: summary(first.campaign_upload_id, 10_000), pairedItem: pairedWith(0, 9_999) },
			{ json: summary(second.campaign_upload_id, 1), pairedItem: [{ item: 10_000 }] },
		]);
	}, 60_000);

	test('sends Contact Data as extra fields, never over the phone and name, and leaves an empty name out', async () => {
		const { output } = await addContacts(
			[
				{ phone: '+91 98765 43210', name: 'Asha Rao', plan: 'Pro' },
				{ phone: '098765 43211', name: '', plan: 'Basic' },
			],
			{
				contactData:
					'={{ JSON.stringify({ plan: $json.plan, phone: "123", person_name: "Row Name", renewal: { month: 6 } }) }}',
			},
		);

		expect(sent().map((request) => request.body)).toEqual([
			{
				agent_uuid: agentId,
				contacts: [
					{
						phone: '+919876543210',
						person_name: 'Asha Rao',
						plan: 'Pro',
						renewal: { month: 6 },
					},
					{ phone: '+919876543211', plan: 'Basic', renewal: { month: 6 } },
				],
				enqueue: false,
			},
		]);
		expect(newUploads()[0].contacts).toEqual([
			{ phone: '+919876543210', person_name: 'Asha Rao', plan: 'Pro', renewal: { month: 6 } },
			{ phone: '+919876543211', plan: 'Basic', renewal: { month: 6 } },
		]);
		expect(output(osviNodeName)).toHaveLength(1);
	});

	const rows = [
		{ phone: '98765 43210', name: 'Asha Rao' },
		{ phone: '98765-4321x', name: 'Typo Row' },
		{ phone: '+1 415 555 0100', name: 'John Doe' },
	];

	test('sends nothing when one row is invalid and continue-on-fail is off', async () => {
		const { error, output } = await addContacts(rows);

		expect(sandbox.requests()).toEqual([]);
		expect(newUploads()).toEqual([]);
		expect(output(osviNodeName)).toEqual([]);
		expect(error(osviNodeName)?.message).toBe(
			'Invalid Phone Number in item 1: The phone number contains "x". Use only digits, spaces, dashes, dots and brackets, with + or 00 before a country code, e.g. +91 98765 43210.',
		);
	});

	test('with continue-on-fail, turns the invalid row into an error item and sends the rest', async () => {
		const { output } = await addContacts(rows, {}, true);

		expect(sent().map((request) => request.body)).toEqual([
			{
				agent_uuid: agentId,
				contacts: [
					{ phone: '+919876543210', person_name: 'Asha Rao' },
					{ phone: '+14155550100', person_name: 'John Doe' },
				],
				enqueue: false,
			},
		]);
		expect(output(osviNodeName)).toEqual([
			{
				json: {
					error:
						'Invalid Phone Number in item 1: The phone number contains "x". Use only digits, spaces, dashes, dots and brackets, with + or 00 before a country code, e.g. +91 98765 43210.',
					description:
						'Nothing was sent to OSVI for item 1. Correct the Phone Number field and run the node again.',
				},
				pairedItem: { item: 1 },
			},
			{
				json: {
					campaign_upload_id: newUploads()[0].campaign_upload_id,
					contacts_received: 2,
					contacts_accepted: 2,
					duplicates_removed: 0,
					enqueued: false,
					queued_calls: 0,
					dnd_skipped: [],
				},
				pairedItem: [{ item: 0 }, { item: 2 }],
			},
		]);
	});

	test('sends items of different campaigns, agents or Enqueue in separate requests', async () => {
		const items = [
			{ phone: '98765 43210', campaign: 7, agent: agentId },
			{ phone: '98765 43211', campaign: 12, agent: agentId },
			{ phone: '98765 43212', campaign: 7, agent: agentId },
			{ phone: '98765 43213', campaign: 7, agent: otherAgentId },
		];

		const { output } = await addContacts(items, {
			campaignId: '={{ $json.campaign }}',
			agentId: { __rl: true, mode: 'id', value: '={{ $json.agent }}' },
			personName: '',
		});

		expect(sent().map(({ path, body }) => ({ path, body }))).toEqual([
			{
				path: '/v1/campaigns/7/contacts',
				body: {
					agent_uuid: agentId,
					contacts: [{ phone: '+919876543210' }, { phone: '+919876543212' }],
					enqueue: false,
				},
			},
			{
				path: '/v1/campaigns/12/contacts',
				body: { agent_uuid: agentId, contacts: [{ phone: '+919876543211' }], enqueue: false },
			},
			{
				path: '/v1/campaigns/7/contacts',
				body: { agent_uuid: otherAgentId, contacts: [{ phone: '+919876543213' }], enqueue: false },
			},
		]);
		expect(output(osviNodeName).map((item) => item.pairedItem)).toEqual([
			[{ item: 0 }, { item: 2 }],
			[{ item: 1 }],
			[{ item: 3 }],
		]);
	});

	test('with Enqueue, OSVI queues one call per contact, listed under the upload by List calls', async () => {
		const listNodeName = 'Calls of the Upload';
		const base = osviWorkflow(addContactsParameters({ enqueue: true }), {
			items: [
				{ phone: '98765 43210', name: 'Asha Rao' },
				{ phone: '98765 43211', name: 'Ravi Kumar' },
				{ phone: '98765 43210', name: 'Asha' },
			],
		});
		const workflow: WorkflowJson = {
			...base,
			nodes: [
				...base.nodes,
				{
					id: 'list',
					name: listNodeName,
					type: 'n8n-nodes-osvi.osvi',
					typeVersion: 1,
					position: [440, 0],
					parameters: {
						resource: 'call',
						operation: 'list',
						returnAll: true,
						filters: { campaignUploadId: '={{ $json.campaign_upload_id }}' },
					},
					credentials: { osviApi: { id: '1', name: 'OSVI account' } },
				},
			],
			connections: {
				...base.connections,
				[osviNodeName]: { main: [[{ node: listNodeName, type: 'main', index: 0 }]] },
			},
		};

		const { output } = await runWorkflow(workflow, sandboxCredentials(sandbox));

		const [upload] = newUploads();
		expect(sent()).toEqual([
			{
				method: 'POST',
				path: '/v1/campaigns/7/contacts',
				query: {},
				body: {
					agent_uuid: agentId,
					contacts: [
						{ phone: '+919876543210', person_name: 'Asha Rao' },
						{ phone: '+919876543211', person_name: 'Ravi Kumar' },
						{ phone: '+919876543210', person_name: 'Asha' },
					],
					enqueue: true,
				},
			},
			{
				method: 'GET',
				path: '/v1/calls',
				query: {
					campaign_upload_id: String(upload.campaign_upload_id),
					page: '1',
					per_page: '100',
				},
				body: undefined,
			},
		]);
		expect(output(osviNodeName)).toEqual([
			{
				json: {
					campaign_upload_id: upload.campaign_upload_id,
					contacts_received: 3,
					contacts_accepted: 2,
					duplicates_removed: 1,
					enqueued: true,
					queued_calls: 2,
					dnd_skipped: [],
				},
				pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }],
			},
		]);
		const calls = output(listNodeName).map((item) => item.json);
		expect(
			calls.map(({ phone_number, agent_uuid, campaign_id, campaign_upload_id }) => ({
				phone_number,
				agent_uuid,
				campaign_id,
				campaign_upload_id,
			})),
		).toEqual(
			['+919876543211', '+919876543210'].map((phone) => ({
				phone_number: phone,
				agent_uuid: agentId,
				campaign_id: 7,
				campaign_upload_id: upload.campaign_upload_id,
			})),
		);
	});

	test('names the campaign when OSVI has no such campaign, and says nothing was added', async () => {
		const { error } = await addContacts(
			[
				{ phone: '98765 43210', name: 'Asha Rao' },
				{ phone: '98765 43211', name: 'Ravi Kumar' },
			],
			{ campaignId: 999 },
		);

		expect(sandbox.requests()).toHaveLength(1);
		expect(error(osviNodeName)?.message).toBe(
			'OSVI has no campaign with the ID 999 on your account: Campaign not found',
		);
		expect(error(osviNodeName)?.description).toBe(
			'Check the Campaign ID and that the credential’s API token belongs to the OSVI account of the campaign. Campaigns are created in the OSVI dashboard. Batch 1 of 1 (items 0–1) failed. OSVI refused this request, so none of its 2 contacts were added to campaign 999.',
		);
	});

	test('refuses an agent of another account with OSVI’s 403 message', async () => {
		const { error } = await addContacts([{ phone: '98765 43210', name: 'Asha Rao' }], {
			agentId: { __rl: true, mode: 'id', value: 'agent_NotOnThisAccount' },
		});

		expect(error(osviNodeName)?.message).toBe(
			'OSVI refused access: Agent does not belong to this account',
		);
		expect(newUploads()).toEqual([]);
	});

	test('says which items OSVI’s rejected rows are', async () => {
		sandbox.addFault({
			method: 'POST',
			path: '/v1/campaigns/7/contacts',
			kind: 'status',
			status: 400,
			body: {
				success: false,
				error: '1 contact rejected: contacts[1]: phone is not a valid phone number',
				details: null,
			},
		});

		const { error, output } = await addContacts(
			[
				{ phone: '98765 43210', name: 'Asha Rao' },
				{ phone: 'not a number', name: 'Typo Row' },
				{ phone: '98765 43211', name: 'Ravi Kumar' },
			],
			{},
			true,
		);

		expect(sandbox.requests()).toHaveLength(1);
		expect(error(osviNodeName)).toBeUndefined();
		const [invalidRow, failedBatch] = output(osviNodeName);
		expect(invalidRow.pairedItem).toEqual({ item: 1 });
		expect(failedBatch).toEqual({
			json: {
				error:
					'OSVI rejected the request: 1 contact rejected: contacts[1]: phone is not a valid phone number',
				description:
					'Check the field named in the message and correct its value. Batch 1 of 1 (items 0, 2) failed. OSVI refused this request, so none of its 2 contacts were added to campaign 7. In OSVI’s message, contacts[1] is item 2.',
			},
			pairedItem: [{ item: 0 }, { item: 2 }],
		});
	});

	test('never repeats an enqueuing request that failed on OSVI’s side, and says the calls may be queued', async () => {
		sandbox.addFault({
			method: 'POST',
			path: '/v1/campaigns/7/contacts',
			kind: 'status',
			status: 502,
			times: 1,
		});

		const { error } = await addContacts(
			[
				{ phone: '98765 43210', name: 'Asha Rao' },
				{ phone: '98765 43211', name: 'Ravi Kumar' },
			],
			{ enqueue: true },
		);

		expect(sandbox.requests()).toHaveLength(1);
		expect(error(osviNodeName)?.message).toBe(
			'OSVI had a problem answering: Sandbox fault: HTTP 502',
		);
		expect(error(osviNodeName)?.description).toBe(
			'The 2 contacts may or may not have been added to campaign 7 and their calls queued. Before sending these items again, check the campaign’s uploads with Get campaign status, or List calls with Campaign ID 7, so that nobody is dialled twice. Batch 1 of 1 (items 0–1) failed.',
		);
	});

	test('without Enqueue, never repeats a request that failed on OSVI’s side, and says the change may or may not have reached OSVI', async () => {
		sandbox.addFault({
			method: 'POST',
			path: '/v1/campaigns/7/contacts',
			kind: 'status',
			status: 500,
			times: 4,
		});

		const { error } = await addContacts(
			[
				{ phone: '98765 43210', name: 'Asha Rao' },
				{ phone: '98765 43211', name: 'Ravi Kumar' },
			],
			{ enqueue: false, options: { maxRetries: 3 } },
		);

		expect(sent().map((request) => (request.body as IDataObject).enqueue)).toEqual([false]);
		expect(error(osviNodeName)?.message).toBe(
			'OSVI had a problem answering: Sandbox fault: HTTP 500',
		);
		expect(error(osviNodeName)?.description).toBe(
			'The 2 contacts may or may not have been added to campaign 7 as a new upload. Check the campaign’s uploads with Get campaign status before sending these items again. Batch 1 of 1 (items 0–1) failed.',
		);
	});

	test('without Enqueue, does not repeat a request whose connection dropped after it arrived, and says the change may have reached OSVI', async () => {
		sandbox.addFault({ method: 'POST', path: '/v1/campaigns/7/contacts', kind: 'drop', times: 4 });

		const { error } = await addContacts([{ phone: '98765 43210', name: 'Asha Rao' }], {
			enqueue: false,
			options: { maxRetries: 3 },
		});

		expect(sent().map((request) => (request.body as IDataObject).enqueue)).toEqual([false]);
		expect(error(osviNodeName)?.message).toBe(
			'The connection to OSVI failed: contacts may have been added',
		);
		expect(error(osviNodeName)?.description).toBe(
			'The request reached OSVI, but no answer came back (ECONNRESET), so it was not repeated. The contact may or may not have been added to campaign 7 as a new upload. Check the campaign’s uploads with Get campaign status before sending these items again. Batch 1 of 1 (item 0) failed.',
		);
	});

	test('reports an untouched Campaign ID as empty before sending anything', async () => {
		const { error } = await addContacts([{ phone: '98765 43210', name: 'Asha Rao' }], {
			campaignId: 0,
		});

		expect(sandbox.requests()).toEqual([]);
		expect(error(osviNodeName)?.message).toBe(
			'Invalid Campaign ID in item 0: is empty. Enter the number of one of your campaigns from the OSVI dashboard.',
		);
	});
});
