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

function operationSelector(resource: string): INodeProperties {
	const found = description.properties.find(
		(candidate) =>
			candidate.name === 'operation' &&
			candidate.displayOptions?.show?.resource?.includes(resource),
	);
	if (!found) throw new Error(`No operation selector for ${resource}`);
	return found;
}

function choice(resource: string, value: string): { description: string } {
	const found = operationSelector(resource).options?.find(
		(option) => 'value' in option && option.value === value,
	);
	if (!found) throw new Error(`No operation ${value} for ${resource}`);
	return found as { description: string };
}

describe('OSVI node description (names that saved workflows depend on)', () => {
	test('is the node osvi, version 1, usable as an AI tool, with the osviApi credential', () => {
		expect(description.name).toBe('osvi');
		expect(description.displayName).toBe('OSVI');
		expect(description.version).toBe(1);
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'osviApi', required: true }]);
	});

	test('offers every resource; call keeps initiate and list beside the reads, actions naming the resource', () => {
		expect(optionValues(property('resource', 'initiate'))).toEqual([
			'agent',
			'call',
			'campaign',
			'dnd',
		]);
		const operation = operationSelector('call');
		expect(operation.default).toBe('initiate');
		expect(operation.options).toEqual([
			expect.objectContaining({ value: 'get', action: 'Get call' }),
			expect.objectContaining({ value: 'getRecording', action: 'Get call recording' }),
			expect.objectContaining({ value: 'getTranscript', action: 'Get call transcript' }),
			expect.objectContaining({ value: 'initiate', action: 'Initiate call' }),
			expect.objectContaining({
				value: 'initiateAndWait',
				action: 'Initiate call and wait for outcome',
			}),
			expect.objectContaining({ value: 'list', action: 'List calls' }),
		]);
	});

	test('tells an AI agent that Initiate places a real phone call', () => {
		expect(choice('call', 'initiate').description).toMatch(/real phone call/);
	});

	test('tells an AI agent that Get, Get Transcript, Get Recording and Get Many agents only read', () => {
		for (const [resource, value] of [
			['call', 'get'],
			['call', 'getTranscript'],
			['call', 'getRecording'],
			['agent', 'getMany'],
		]) {
			expect(choice(resource, value).description).not.toMatch(/real phone call/);
		}
		expect(choice('call', 'get').description).toMatch(/Reads only; places no call\.$/);
		expect(choice('call', 'getTranscript').description).toMatch(/Reads only; places no call\.$/);
		expect(choice('call', 'getRecording').description).toMatch(/Reads only; places no call\.$/);
		expect(choice('agent', 'getMany').description).toMatch(/active voice agents/);
	});

	test('offers resource agent with getMany ("Get many agents")', () => {
		const operation = operationSelector('agent');
		expect(operation.default).toBe('getMany');
		expect(operation.options).toEqual([
			expect.objectContaining({ value: 'getMany', action: 'Get many agents' }),
		]);
	});

	test('Get, Get Transcript and Get Recording take a required text Call ID', () => {
		for (const operation of ['get', 'getTranscript', 'getRecording']) {
			expect(property('callId', operation)).toMatchObject({
				displayName: 'Call ID',
				type: 'string',
				required: true,
				default: '',
			});
		}
	});

	test('Get Recording downloads by default into the binary field data', () => {
		expect(property('download', 'getRecording')).toMatchObject({ type: 'boolean', default: true });
		expect(property('binaryPropertyName', 'getRecording')).toMatchObject({
			type: 'string',
			default: 'data',
			displayOptions: {
				show: { download: [true], resource: ['call'], operation: ['getRecording'] },
			},
		});
	});

	test('Get Many agents has Return All and Limit 50', () => {
		expect(property('returnAll', 'getMany')).toMatchObject({
			type: 'boolean',
			default: false,
			displayOptions: { show: { resource: ['agent'], operation: ['getMany'] } },
		});
		expect(property('limit', 'getMany')).toMatchObject({
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
		});
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
