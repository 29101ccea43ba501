// @ts-check
// Call → Get, Get Transcript and Get Recording in a real n8n: the recording lands in n8n's binary data (filesystem
// mode in 2.x, in the execution in 1.x), is read back from there by n8n's Crypto node, and the storage host sees
// no credential. The example workflow files a call placed through the sandbox.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before } from 'node:test';
import {
	adapt,
	assertSucceeded,
	example,
	executionError,
	node,
	nodeJson,
	osviNode,
	runnableWorkflow,
	webhookOf,
} from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import { API_TOKEN, OSVI_NODE, TRIGGER_NODE, WEBHOOK_SECRET, activeAgentId, osviWorkflow } from '../fixtures.mjs';

/** @typedef {import('../../scripts/lib/index.mjs').StoredWorkflow} StoredWorkflow */
/** @typedef {import('../../scripts/lib/index.mjs').Execution} Execution */

const READ_BACK_NODE = 'Read Back';
const CREDENTIAL_HEADERS = ['api-token', 'authorization', 'cookie', 'proxy-authorization', 'x-osvi-secret'];

/**
 * The binary fields of a node's first output item, as n8n stored the execution.
 * @param {Execution} execution
 * @param {string} nodeName
 * @returns {Record<string, Record<string, unknown>>}
 */
function binaryOf(execution, nodeName) {
	const runs = /** @type {Record<string, any[]>} */ (execution.data?.resultData.runData ?? {});
	return runs[nodeName]?.[0]?.data?.main?.[0]?.[0]?.binary ?? {};
}

/** @param {Buffer} bytes */
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

export default defineFeature('Call → Get, Get Transcript, Get Recording', (feature) => {
	const workflows = /** @type {Record<'get' | 'transcript' | 'recording' | 'link' | 'fileCall', StoredWorkflow>} */ ({});
	let callId = '';

	/** What OSVI itself answers, read straight from the sandbox. @param {string} path */
	async function fromOsvi(path) {
		const response = await fetch(`${feature.sandbox.url}${path}`, { headers: { 'API-Token': API_TOKEN } });
		return /** @type {{ data: Record<string, unknown> }} */ (await response.json()).data;
	}

	before(async () => {
		const n8n = feature.n8n;
		const credential = await feature.osviCredential();
		const picked = feature.sandbox.snapshot().calls.find((call) => call.status === 'picked');
		assert.ok(picked, 'the sandbox should hold an answered call');
		callId = picked.call_id;
		const read = (/** @type {string} */ operation, /** @type {Record<string, unknown>} */ extra = {}) =>
			osviWorkflow(`e2e: ${operation}`, { resource: 'call', operation, callId, options: {}, ...extra }, credential);
		workflows.get = await n8n.addWorkflow(read('get'), { activate: true });
		workflows.transcript = await n8n.addWorkflow(read('getTranscript'), { activate: true });
		workflows.link = await n8n.addWorkflow(read('getRecording', { download: false }), { activate: true });
		workflows.recording = await n8n.addWorkflow(
			runnableWorkflow('e2e: recording read back from binary data', [
				osviNode(
					OSVI_NODE,
					{ resource: 'call', operation: 'getRecording', callId, binaryPropertyName: 'recording', options: {} },
					credential,
				),
				node(READ_BACK_NODE, 'n8n-nodes-base.crypto', {
					action: 'hash',
					type: 'SHA256',
					binaryData: true,
					binaryPropertyName: 'recording',
					dataPropertyName: 'sha256',
					encoding: 'hex',
				}),
			]),
			{ activate: true },
		);
		workflows.fileCall = await n8n.addWorkflow(
			adapt(example('file-call-details-and-recording'), { credential, freshWebhookIds: true }),
			{ activate: true },
		);
	});

	feature.test('Get outputs the call’s details as OSVI returns them', async () => {
		const execution = await feature.n8n.run(workflows.get);
		assertSucceeded(execution);
		assert.deepEqual(
			feature.sandbox.requests().map(({ method, path, headers }) => ({ method, path, token: headers['api-token'] })),
			[{ method: 'GET', path: `/v1/call/${callId}`, token: API_TOKEN }],
		);
		const detail = await fromOsvi(`/v1/call/${callId}`);
		assert.equal(typeof detail.summary, 'string');
		assert.deepEqual(nodeJson(execution, OSVI_NODE), [detail]);
	});

	feature.test('Get Transcript outputs the call ID and every turn', async () => {
		const execution = await feature.n8n.run(workflows.transcript);
		assertSucceeded(execution);
		const transcript = await fromOsvi(`/v1/call/${callId}/transcript`);
		assert.equal(/** @type {unknown[]} */ (transcript.transcript).length, 4);
		assert.deepEqual(nodeJson(execution, OSVI_NODE), [transcript]);
	});

	feature.test(
		'Get Recording writes the audio to n8n’s binary data, where n8n reads it back, and sends no credential to storage',
		async () => {
			const file = feature.sandbox.recordingFile(callId);
			const execution = await feature.n8n.run(workflows.recording);
			assertSucceeded(execution);

			const [json] = nodeJson(execution, OSVI_NODE);
			assert.deepEqual(Object.keys(json).sort(), ['call_id', 'expires_in_seconds', 'recording_url']);
			assert.equal(json.call_id, callId);
			assert.equal(json.expires_in_seconds, 900);
			assert.ok(String(json.recording_url).startsWith(`${feature.sandbox.storageUrl}/recordings/${callId}.wav?`));

			const { recording } = binaryOf(execution, OSVI_NODE);
			assert.ok(recording, 'the OSVI node should output a binary field "recording"');
			assert.equal(recording.fileName, `${callId}.wav`);
			assert.equal(recording.mimeType, 'audio/wav');
			assert.equal(recording.fileExtension, 'wav');
			if (feature.major === 2) {
				// n8n 2.x keeps binary data on disk by default (in queue mode in its database, which every process
				// reaches): the execution holds only a reference.
				assert.match(String(recording.id), feature.topology === 'queue' ? /^database:/ : /^filesystem(-v2)?:/);
				assert.notEqual(recording.data, file.bytes.toString('base64'));
			} else {
				// n8n 1.x keeps it in the execution by default.
				assert.equal(recording.data, file.bytes.toString('base64'));
			}
			assert.deepEqual(nodeJson(execution, READ_BACK_NODE).map((item) => item.sha256), [sha256(file.bytes)]);

			assert.deepEqual(
				feature.sandbox.requests().map(({ method, path, headers }) => ({ method, path, token: headers['api-token'] })),
				[{ method: 'GET', path: `/v1/call/${callId}/recording`, token: API_TOKEN }],
			);
			const storage = feature.sandbox.storageRequests();
			assert.deepEqual(
				storage.map(({ method, path }) => ({ method, path })),
				[{ method: 'GET', path: `/recordings/${callId}.wav` }],
			);
			const headerNames = Object.keys(storage[0].headers).sort();
			assert.deepEqual(
				headerNames.filter((name) => CREDENTIAL_HEADERS.includes(name)),
				[],
				`headers at the storage host: ${headerNames.join(', ')}`,
			);
			const seen = JSON.stringify(storage);
			assert.ok(!seen.includes(API_TOKEN), 'the storage host received the API token');
			assert.ok(!seen.includes(WEBHOOK_SECRET), 'the storage host received the webhook secret');
		},
	);

	feature.test('Get Recording without Download outputs only the link and its expiry', async () => {
		const execution = await feature.n8n.run(workflows.link);
		assertSucceeded(execution);
		const [json] = nodeJson(execution, OSVI_NODE);
		assert.deepEqual(Object.keys(json).sort(), ['call_id', 'expires_in_seconds', 'recording_url']);
		assert.deepEqual(binaryOf(execution, OSVI_NODE), {});
		assert.deepEqual(feature.sandbox.storageRequests(), []);
	});

	feature.test('an expired recording link fails the run with an error naming the call', async () => {
		feature.sandbox.configure({ recordingTtlSeconds: 0 });
		const execution = await feature.n8n.run(workflows.recording);
		assert.equal(execution.status, 'error');
		assert.equal(
			executionError(execution),
			`The link to the recording of call ${callId} has expired (403 AccessDenied: Request has expired) — ` +
				'Recording links are valid for 15 minutes from when OSVI gives them. Run the node again: it asks OSVI for a fresh link and downloads it at once.',
		);
	});

	feature.test('the example files a call placed through OSVI with its summary, captured data, transcript and recording', async () => {
		const n8n = feature.n8n;
		const triggerUrl = n8n.webhookUrl(webhookOf(workflows.fileCall.json, TRIGGER_NODE).path);
		const placed = await fetch(`${feature.sandbox.url}/call`, {
			method: 'POST',
			headers: { 'API-Token': API_TOKEN, 'Content-Type': 'application/json' },
			body: JSON.stringify({
				agent_uuid: activeAgentId(feature.sandbox),
				phone_number: '9876543210',
				country_code: 'IN',
				person_name: 'Asha Rao',
				webhook_url: `${triggerUrl}?secret=${WEBHOOK_SECRET}`,
			}),
		});
		const placedId = /** @type {{ data: { call_id: string } }} */ (await placed.json()).data.call_id;
		const [delivery] = await feature.sandbox.waitForWebhookDeliveries(1, 20_000);
		assert.equal(delivery.status, 200);

		const [execution] = await n8n.settledExecutions(workflows.fileCall.id, 1);
		assertSucceeded(execution);
		const detail = await fromOsvi(`/v1/call/${placedId}`);
		assert.equal(detail.status, 'picked');
		assert.deepEqual(nodeJson(execution, 'CRM Record'), [
			{
				callId: placedId,
				phoneNumber: '+919876543210',
				contactName: detail.caller_name,
				outcome: 'picked',
				durationSeconds: detail.duration_seconds,
				summary: detail.summary,
				capturedData: detail.data_captured,
				analysis: detail.post_call_analysis,
				transcript: (await fromOsvi(`/v1/call/${placedId}/transcript`)).transcript,
				recordingFileName: `${placedId}.wav`,
			},
		]);
		const { recording } = binaryOf(execution, 'CRM Record');
		assert.ok(recording, 'the CRM record should carry the recording');
		assert.equal(recording.fileName, `${placedId}.wav`);
		assert.equal(recording.mimeType, 'audio/wav');
	});
});
