import type { INodeProperties } from 'n8n-workflow';

import { Osvi } from '../../../nodes/Osvi/Osvi.node';

const { description } = new Osvi();

function property(name: string, operation: string): INodeProperties {
	const found = description.properties.find(
		(candidate) =>
			candidate.name === name &&
			(candidate.displayOptions?.show?.operation ?? [operation]).includes(operation),
	);
	if (!found) throw new Error(`No parameter ${name} for ${operation}`);
	return found;
}

function optionValues(parameter: INodeProperties) {
	return (parameter.options ?? []).map((option) =>
		'value' in option ? option.value : option.name,
	);
}

describe('OSVI node description (names that saved workflows depend on)', () => {
	test('is the node osvi, version 1, usable as an AI tool, with the osviApi credential', () => {
		expect(description.name).toBe('osvi');
		expect(description.displayName).toBe('OSVI');
		expect(description.version).toBe(1);
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'osviApi', required: true }]);
	});

	test('offers resource call with operations initiate and list, whose actions name the resource', () => {
		expect(optionValues(property('resource', 'initiate'))).toEqual(['call']);
		const operation = property('operation', 'initiate');
		expect(operation.options).toEqual([
			expect.objectContaining({ value: 'initiate', action: 'Initiate call' }),
			expect.objectContaining({ value: 'list', action: 'List calls' }),
		]);
	});

	test('tells an AI agent that Initiate places a real phone call', () => {
		const initiate = property('operation', 'initiate').options?.[0] as { description: string };
		expect(initiate.description).toMatch(/real phone call/);
	});

	test('Initiate has the agent locator, phone, country and the four additional fields', () => {
		const agent = property('agentId', 'initiate');
		expect(agent.type).toBe('resourceLocator');
		expect(agent.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
		expect(agent.modes?.[0].typeOptions?.searchListMethod).toBe('searchAgents');
		expect(property('phoneNumber', 'initiate')).toMatchObject({ type: 'string', required: true });
		const country = property('countryCode', 'initiate');
		expect(country).toMatchObject({ type: 'options', default: 'IN' });
		expect(optionValues(country)).toEqual(expect.arrayContaining(['IN', 'US', 'GB', 'AE', 'SG']));
		expect(optionValues(country).length).toBeGreaterThanOrEqual(249);
		expect(optionValues(property('additionalFields', 'initiate')).sort()).toEqual([
			'additionalData',
			'personName',
			'systemPrompt',
			'webhookUrl',
		]);
	});

	test('List has Return All, Limit 50 and every filter of OSVI', () => {
		expect(property('returnAll', 'list')).toMatchObject({ type: 'boolean', default: false });
		expect(property('limit', 'list')).toMatchObject({
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
		});
		const filters = property('filters', 'list');
		expect(optionValues(filters).sort()).toEqual([
			'agentId',
			'callType',
			'campaignId',
			'campaignUploadId',
			'endDate',
			'phoneNumber',
			'startDate',
			'status',
		]);
		const status = (filters.options as INodeProperties[]).find(
			(option) => option.name === 'status',
		)!;
		expect(status.type).toBe('multiOptions');
		expect(optionValues(status).sort()).toEqual([
			'busy',
			'failed',
			'in_progress',
			'not_picked',
			'picked',
			'voicemail',
		]);
	});
});
