import type { INodeProperties } from 'n8n-workflow';

import { Osvi } from '../../../../../nodes/Osvi/Osvi.node';

const { properties } = new Osvi().description;

/** The parameter `name` as it shows for `resource` (and `operation`, when given). */
function property(name: string, resource: string, operation?: string): INodeProperties {
	const found = properties.find(
		(candidate) =>
			candidate.name === name &&
			(candidate.displayOptions?.show?.resource ?? [resource]).includes(resource) &&
			(operation === undefined ||
				(candidate.displayOptions?.show?.operation ?? [operation]).includes(operation)),
	);
	if (!found) throw new Error(`No parameter ${name} for ${resource} ${operation ?? ''}`);
	return found;
}

const values = (parameter: INodeProperties) =>
	(parameter.options ?? []).map((option) => ('value' in option ? option.value : option.name));

describe('OSVI node description: Campaign (names that saved workflows depend on)', () => {
	test('offers resource campaign, shown as Campaign', () => {
		expect(property('resource', 'campaign').options).toContainEqual({
			name: 'Campaign',
			value: 'campaign',
		});
	});

	test('has operations addContacts and getStatus, whose actions name the resource', () => {
		const operation = property('operation', 'campaign');
		expect(operation.default).toBe('addContacts');
		expect(operation.options).toEqual([
			expect.objectContaining({ value: 'addContacts', action: 'Add contacts to campaign' }),
			expect.objectContaining({ value: 'getStatus', action: 'Get campaign status' }),
		]);
	});

	test('tells an AI agent that Add Contacts with Enqueue places real phone calls', () => {
		const [addContacts] = property('operation', 'campaign').options as Array<{
			description: string;
		}>;
		expect(addContacts.description).toMatch(
			/Enqueue on, OSVI starts calling them: real phone calls/,
		);
	});

	test('Add Contacts has the campaign, agent locator, phone, country, name, contact data and enqueue', () => {
		expect(property('campaignId', 'campaign', 'addContacts')).toMatchObject({
			type: 'number',
			required: true,
		});
		const agent = property('agentId', 'campaign', 'addContacts');
		expect(agent.type).toBe('resourceLocator');
		expect(agent.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
		expect(property('phoneNumber', 'campaign', 'addContacts')).toMatchObject({
			type: 'string',
			required: true,
		});
		expect(property('countryCode', 'campaign', 'addContacts')).toMatchObject({
			type: 'options',
			default: 'IN',
		});
		expect(property('personName', 'campaign', 'addContacts').type).toBe('string');
		expect(property('contactData', 'campaign', 'addContacts').type).toBe('json');
		expect(property('enqueue', 'campaign', 'addContacts')).toMatchObject({
			type: 'boolean',
			default: false,
		});
	});

	test('Get Status has the campaign and an optional wait with its options', () => {
		expect(property('campaignId', 'campaign', 'getStatus')).toMatchObject({
			type: 'number',
			required: true,
		});
		expect(property('waitForCompletion', 'campaign', 'getStatus')).toMatchObject({
			type: 'boolean',
			default: false,
		});
		const waitOptions = property('waitOptions', 'campaign', 'getStatus');
		expect(waitOptions.displayOptions?.show?.waitForCompletion).toEqual([true]);
		expect(waitOptions.options).toEqual([
			expect.objectContaining({ name: 'campaignUploadId', type: 'number' }),
			expect.objectContaining({ name: 'maxWaitMinutes', type: 'number', default: 60 }),
			expect.objectContaining({ name: 'pollIntervalSeconds', type: 'number', default: 60 }),
		]);
		expect(values(property('options', 'campaign', 'getStatus')).sort()).toEqual([
			'maxRetries',
			'timeout',
		]);
	});
});
