import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../../harness/osviWorkflow';
import { runWorkflow } from '../../../../harness/runWorkflow';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ callCount: 30 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const agentId = 'agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og';

const validInitiate: INodeParameters = {
	resource: 'call',
	operation: 'initiate',
	agentId: { __rl: true, mode: 'id', value: agentId },
	phoneNumber: '98765 43210',
	countryCode: 'IN',
};

const validList: INodeParameters = {
	resource: 'call',
	operation: 'list',
	returnAll: false,
	limit: 50,
};

interface BadInput {
	what: string;
	parameters: INodeParameters;
	/** The input item; bad values usually come from data, through an expression. */
	item?: IDataObject;
	field: string;
	problem: string;
}

const initiate = (parameters: INodeParameters) => ({ ...validInitiate, ...parameters });
const list = (parameters: INodeParameters) => ({ ...validList, ...parameters });
const fromItem = '={{ $json.value }}';

const mustBeJsonObject = 'must be a JSON object, such as {"appointment_date": "2025-01-15"}';
const mustBeWebUrl =
	'must be an http:// or https:// address with a host, such as https://example.com/hook';

const badInputs: BadInput[] = [
	{
		what: 'an agent that is only spaces',
		parameters: initiate({ agentId: { __rl: true, mode: 'id', value: fromItem } }),
		item: { value: '   ' },
		field: 'Agent',
		problem: 'is empty. Choose an agent from the list or enter its ID.',
	},
	{
		what: 'an agent that is not text',
		parameters: initiate({ agentId: { __rl: true, mode: 'list', value: fromItem } }),
		item: { value: 42 },
		field: 'Agent',
		problem: 'must be text',
	},
	{
		what: 'a phone number with letters',
		parameters: initiate({ phoneNumber: '98765 4321O' }),
		field: 'Phone Number',
		problem:
			'The phone number contains "O". Use only digits, spaces, dashes, dots and brackets, with + or 00 before a country code, e.g. +91 98765 43210.',
	},
	{
		what: 'a phone number that is too short',
		parameters: initiate({ phoneNumber: '98765' }),
		field: 'Phone Number',
		problem:
			'The phone number has 5 digits, but numbers in India (+91) have 10, not counting the country code or a leading 0. Check for missing digits.',
	},
	{
		what: 'a phone number that is too long',
		parameters: initiate({ phoneNumber: '98765 43210 1234' }),
		field: 'Phone Number',
		problem:
			'The phone number has 14 digits, but numbers in India (+91) have 10, not counting the country code or a leading 0. Check for extra digits, and write a number from another country with + and its country code.',
	},
	{
		what: 'a phone number with an unknown calling code',
		parameters: initiate({ phoneNumber: '+999 123 456' }),
		field: 'Phone Number',
		problem:
			'+999 is not a country calling code. Check the digits after + or 00, e.g. +91 for India or +1 for the United States.',
	},
	{
		what: 'a phone number with + in the middle',
		parameters: initiate({ phoneNumber: '98765+43210' }),
		field: 'Phone Number',
		problem:
			'The phone number has a + after its start. Put + only before the country code, e.g. +91 98765 43210.',
	},
	{
		what: 'an empty phone number from the data',
		parameters: initiate({ phoneNumber: fromItem }),
		item: { value: '' },
		field: 'Phone Number',
		problem: 'The phone number is empty. Enter the number to call, e.g. +91 98765 43210.',
	},
	{
		what: 'a phone number that is an object',
		parameters: initiate({ phoneNumber: fromItem }),
		item: { value: { national: '9876543210' } },
		field: 'Phone Number',
		problem: 'must be text or a number, such as +91 98765 43210',
	},
	{
		what: 'an unknown country code',
		parameters: initiate({ countryCode: fromItem }),
		item: { value: 'XX' },
		field: 'Country',
		problem: 'is not a known ISO 3166-1 alpha-2 country code, such as IN or US',
	},
	{
		what: 'a person name that is not text',
		parameters: initiate({ additionalFields: { personName: fromItem } }),
		item: { value: 42 },
		field: 'Person Name',
		problem: 'must be text',
	},
	{
		what: 'a system prompt that is a list',
		parameters: initiate({ additionalFields: { systemPrompt: fromItem } }),
		item: { value: ['Be polite'] },
		field: 'System Prompt',
		problem: 'must be text',
	},
	{
		what: 'an ftp:// webhook URL',
		parameters: initiate({ additionalFields: { webhookUrl: 'ftp://example.com/hook' } }),
		field: 'Webhook URL',
		problem: mustBeWebUrl,
	},
	{
		what: 'a webhook URL without a host',
		parameters: initiate({ additionalFields: { webhookUrl: 'https://' } }),
		field: 'Webhook URL',
		problem: mustBeWebUrl,
	},
	{
		what: 'a webhook URL that is not a URL',
		parameters: initiate({ additionalFields: { webhookUrl: 'example.com/hook' } }),
		field: 'Webhook URL',
		problem: mustBeWebUrl,
	},
	{
		what: 'a mailto: webhook URL',
		parameters: initiate({ additionalFields: { webhookUrl: 'mailto:ops@example.com' } }),
		field: 'Webhook URL',
		problem: mustBeWebUrl,
	},
	{
		what: 'additional data that is a JSON array',
		parameters: initiate({ additionalFields: { additionalData: '[1, 2]' } }),
		field: 'Additional Data',
		problem: mustBeJsonObject,
	},
	{
		what: 'additional data that an expression makes an array',
		parameters: initiate({ additionalFields: { additionalData: fromItem } }),
		item: { value: [{ product: 'Basic' }] },
		field: 'Additional Data',
		problem: mustBeJsonObject,
	},
	{
		what: 'additional data that is a number',
		parameters: initiate({ additionalFields: { additionalData: '42' } }),
		field: 'Additional Data',
		problem: mustBeJsonObject,
	},
	{
		what: 'additional data that is not valid JSON',
		parameters: initiate({ additionalFields: { additionalData: '{"appointment": ' } }),
		field: 'Additional Data',
		problem: mustBeJsonObject,
	},
	{
		what: 'additional data that is a JSON string holding an array',
		parameters: initiate({ additionalFields: { additionalData: '"[1, 2]"' } }),
		field: 'Additional Data',
		problem: mustBeJsonObject,
	},
	{
		what: 'additional data that is null',
		parameters: initiate({ additionalFields: { additionalData: 'null' } }),
		field: 'Additional Data',
		problem: mustBeJsonObject,
	},
	{
		what: 'a Return All that is not a boolean',
		parameters: list({ returnAll: fromItem }),
		item: { value: 'yes' },
		field: 'Return All',
		problem: 'must be true or false',
	},
	{
		what: 'a limit of 0',
		parameters: list({ limit: 0 }),
		field: 'Limit',
		problem: 'must be 1 or more',
	},
	{
		what: 'a negative limit',
		parameters: list({ limit: -5 }),
		field: 'Limit',
		problem: 'must be 1 or more',
	},
	{
		what: 'a fractional limit',
		parameters: list({ limit: 2.5 }),
		field: 'Limit',
		problem: 'must be a whole number',
	},
	{
		what: 'a limit that is text',
		parameters: list({ limit: fromItem }),
		item: { value: 'ten' },
		field: 'Limit',
		problem: 'must be a whole number',
	},
	{
		what: 'a campaign ID of 0',
		parameters: list({ filters: { campaignId: 0 } }),
		field: 'Campaign ID',
		problem: 'must be 1 or more',
	},
	{
		what: 'a campaign ID that is text',
		parameters: list({ filters: { campaignId: fromItem } }),
		item: { value: 'spring sale' },
		field: 'Campaign ID',
		problem: 'must be a whole number',
	},
	{
		what: 'a negative campaign upload ID',
		parameters: list({ filters: { campaignUploadId: -1 } }),
		field: 'Campaign Upload ID',
		problem: 'must be 1 or more',
	},
	{
		what: 'an unknown call status',
		parameters: list({ filters: { status: ['picked', 'answered'] } }),
		field: 'Call Status',
		problem: 'must be one of picked, not_picked, failed, busy, voicemail, in_progress (got answered)',
	},
	{
		what: 'a call status that is neither a list nor text',
		parameters: list({ filters: { status: fromItem } }),
		item: { value: 42 },
		field: 'Call Status',
		problem: 'must be a list of call statuses',
	},
	{
		what: 'an unknown call type',
		parameters: list({ filters: { callType: fromItem } }),
		item: { value: 'both' },
		field: 'Call Type',
		problem: 'must be inbound or outbound',
	},
	{
		what: 'a start date OSVI cannot read',
		parameters: list({ filters: { startDate: 'yesterday' } }),
		field: 'Start Date',
		problem: '"yesterday" is not a date OSVI understands. Use 2026-06-05 or 2026-06-05T09:30:00',
	},
	{
		what: 'a start date that is a number',
		parameters: list({ filters: { startDate: fromItem } }),
		item: { value: 20260605 },
		field: 'Start Date',
		problem: 'must be a date such as 2026-06-05 or a date and time',
	},
	{
		what: 'an end date that does not exist',
		parameters: list({ filters: { endDate: '2026-02-30' } }),
		field: 'End Date',
		problem: '"2026-02-30" is not a real calendar date',
	},
	{
		what: 'an end date and time on a day that does not exist',
		parameters: list({ filters: { endDate: '2026-02-30T10:00:00' } }),
		field: 'End Date',
		problem:
			'"2026-02-30T10:00:00" is not a date OSVI understands. Use 2026-06-05 or 2026-06-05T09:30:00',
	},
	{
		what: 'a phone number filter that is not text',
		parameters: list({ filters: { phoneNumber: fromItem } }),
		item: { value: { digits: '98765' } },
		field: 'Phone Number',
		problem: 'must be text',
	},
	{
		what: 'an agent ID filter that is not text',
		parameters: list({ filters: { agentId: fromItem } }),
		item: { value: true },
		field: 'Agent ID',
		problem: 'must be text',
	},
];

async function expectRejectedBeforeAnyRequest(
	parameters: INodeParameters,
	items: IDataObject[],
	itemIndex: number,
	field: string,
	problem: string,
) {
	const { output, error, run } = await runWorkflow(
		osviWorkflow(parameters, { items }),
		sandboxCredentials(sandbox),
	);

	expect(sandbox.requests()).toEqual([]);
	expect(output(osviNodeName)).toEqual([]);
	expect(error(osviNodeName)).toMatchObject({
		name: 'NodeOperationError',
		message: `Invalid ${field} in item ${itemIndex}: ${problem}`,
		description: `Nothing was sent to OSVI for item ${itemIndex}. Correct the ${field} field and run the node again.`,
		context: { itemIndex },
	});
	expect(run.data.resultData.error?.message).toBe(
		`Invalid ${field} in item ${itemIndex}: ${problem}`,
	);
}

describe('bad input', () => {
	test('the table covers every parameter of both operations', () => {
		expect(new Set(badInputs.map((input) => input.field))).toEqual(
			new Set([
				'Agent',
				'Phone Number',
				'Country',
				'Person Name',
				'System Prompt',
				'Webhook URL',
				'Additional Data',
				'Return All',
				'Limit',
				'Campaign ID',
				'Campaign Upload ID',
				'Call Status',
				'Call Type',
				'Start Date',
				'End Date',
				'Agent ID',
			]),
		);
	});

	test.each(badInputs)(
		'rejects $what, naming the item and field, before any request to OSVI',
		async ({ parameters, item, field, problem }) => {
			await expectRejectedBeforeAnyRequest(parameters, [item ?? {}], 0, field, problem);
		},
	);

	test('rejects a bad phone number in item 2 before calling the valid rows 0, 1 and 3', async () => {
		await expectRejectedBeforeAnyRequest(
			initiate({ phoneNumber: '={{ $json.phone }}' }),
			[
				{ phone: '98765 43210' },
				{ phone: '+1 415 555 0100' },
				{ phone: '98765 ABCDE' },
				{ phone: '98765 43211' },
			],
			2,
			'Phone Number',
			'The phone number contains "A". Use only digits, spaces, dashes, dots and brackets, with + or 00 before a country code, e.g. +91 98765 43210.',
		);
	});

	test('rejects a limit of 0 in item 1 before listing for item 0', async () => {
		await expectRejectedBeforeAnyRequest(
			list({ limit: '={{ $json.limit }}' }),
			[{ limit: 5 }, { limit: 0 }],
			1,
			'Limit',
			'must be 1 or more',
		);
	});
});
