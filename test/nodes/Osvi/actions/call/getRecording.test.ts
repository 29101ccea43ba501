import type { INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../../harness/osviWorkflow';
import { runWorkflow } from '../../../../harness/runWorkflow';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ callCount: 40 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

function seededCall(status: string) {
	const call = sandbox.snapshot().calls.find((candidate) => candidate.status === status);
	if (!call) throw new Error(`no ${status} call in the seed`);
	return call;
}

function getRecording(callId: string, parameters: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'getRecording', callId, ...parameters };
}

/** Exactly what a plain download sends: n8n's HTTP client defaults, and nothing that identifies the account. */
function plainDownloadHeaders() {
	return {
		accept: 'application/json, text/plain, */*',
		'accept-encoding': 'gzip, compress, deflate, br',
		connection: 'close',
		host: new URL(sandbox.storageUrl).host,
		'user-agent': 'n8n',
	};
}

function storageRequestsWithoutQuery() {
	return sandbox.storageRequests().map(({ method, path, headers }) => ({ method, path, headers }));
}

describe('Call → Get Recording', () => {
	test('downloads the audio as binary with its MIME type and <call_id>.<ext>, and OSVI’s data as JSON', async () => {
		const call = seededCall('picked');
		const file = sandbox.recordingFile(call.call_id);

		const { output } = await runWorkflow(
			osviWorkflow(getRecording(call.call_id)),
			sandboxCredentials(sandbox),
		);

		const apiRequests = sandbox.requests();
		expect(apiRequests.map(({ method, path, query }) => ({ method, path, query }))).toEqual([
			{ method: 'GET', path: `/v1/call/${call.call_id}/recording`, query: {} },
		]);
		expect(apiRequests[0].headers['api-token']).toBe(sandbox.token);
		const [item] = output(osviNodeName);
		const json = item.json as { recording_url: string };
		expect(item.json).toEqual({
			call_id: call.call_id,
			recording_url: expect.stringMatching(
				new RegExp(`^${sandbox.storageUrl}/recordings/${call.call_id}\\.wav\\?X-Amz-Algorithm=`),
			),
			expires_in_seconds: 900,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(Object.keys(item.binary ?? {})).toEqual(['data']);
		expect(item.binary?.data).toEqual({
			mimeType: 'audio/wav',
			fileType: 'audio',
			fileExtension: 'wav',
			fileName: `${call.call_id}.wav`,
			fileSize: '16 kB',
			bytes: file.bytes.length,
			data: file.bytes.toString('base64'),
		});
		expect(file.fileName).toBe(`${call.call_id}.wav`);
		expect(file.contentType).toBe('audio/wav');
		const storageUrl = new URL(json.recording_url);
		expect(sandbox.storageRequests()).toEqual([
			{
				method: 'GET',
				path: storageUrl.pathname,
				query: Object.fromEntries(storageUrl.searchParams),
				headers: plainDownloadHeaders(),
				url: `${storageUrl.pathname}${storageUrl.search}`,
			},
		]);
	});

	test('the storage host never receives the API token, the webhook secret or any credential header', async () => {
		const call = seededCall('picked');
		const credentials = sandboxCredentials(sandbox);
		credentials.osviApi.webhookSecret = 'dummy-webhook-secret-7f3a';

		const { output } = await runWorkflow(osviWorkflow(getRecording(call.call_id)), credentials);

		expect(output(osviNodeName)).toHaveLength(1);
		const seen = JSON.stringify(sandbox.storageRequests());
		expect(seen).not.toContain(sandbox.token);
		expect(seen).not.toContain('dummy-webhook-secret-7f3a');
		expect(sandbox.storageRequests().map(({ headers }) => headers)).toEqual([
			plainDownloadHeaders(),
		]);
		expect(sandbox.requests()[0].headers['api-token']).toBe(sandbox.token);
	});

	test('puts the audio in the binary field the user names', async () => {
		const call = seededCall('voicemail');

		const { output } = await runWorkflow(
			osviWorkflow(getRecording(call.call_id, { binaryPropertyName: ' recording ' })),
			sandboxCredentials(sandbox),
		);

		const [item] = output(osviNodeName);
		expect(Object.keys(item.binary ?? {})).toEqual(['recording']);
		expect(item.binary?.recording.data).toBe(
			sandbox.recordingFile(call.call_id).bytes.toString('base64'),
		);
	});

	test('without Download, outputs only OSVI’s data with the link and its expiry, and fetches nothing', async () => {
		const call = seededCall('picked');

		const { output } = await runWorkflow(
			osviWorkflow(getRecording(call.call_id, { download: false })),
			sandboxCredentials(sandbox),
		);

		expect(output(osviNodeName)).toEqual([
			{
				json: {
					call_id: call.call_id,
					recording_url: expect.stringContaining(`/recordings/${call.call_id}.wav?`),
					expires_in_seconds: 900,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(sandbox.storageRequests()).toEqual([]);
	});

	test('a call without a recording is an error naming the call', async () => {
		const call = seededCall('not_picked');

		const { error, output } = await runWorkflow(
			osviWorkflow(getRecording(call.call_id)),
			sandboxCredentials(sandbox),
		);

		expect(output(osviNodeName)).toEqual([]);
		expect(error(osviNodeName)?.message).toBe(
			`OSVI has no recording of call ${call.call_id}: Recording not found`,
		);
		expect(error(osviNodeName)?.description).toBe(
			'Only calls that somebody (or a voicemail) answered have a recording, once they have ended. Check the Call ID and that the credential’s API token belongs to the OSVI account that made the call.',
		);
		expect(sandbox.storageRequests()).toEqual([]);
	});

	test('an unknown call is an error naming the call', async () => {
		const unknown = '00000000-0000-4000-8000-000000000000';

		const { error } = await runWorkflow(
			osviWorkflow(getRecording(unknown)),
			sandboxCredentials(sandbox),
		);

		expect(error(osviNodeName)?.message).toBe(
			`OSVI has no recording of call ${unknown}: Call not found`,
		);
	});

	test('an expired link (the storage host answers 403) is an error naming the call, not retried', async () => {
		sandbox.configure({ recordingTtlSeconds: 0 });
		const call = seededCall('picked');

		const { error, output } = await runWorkflow(
			osviWorkflow(getRecording(call.call_id)),
			sandboxCredentials(sandbox),
		);

		expect(output(osviNodeName)).toEqual([]);
		expect(sandbox.storageRequests()).toHaveLength(1);
		expect(error(osviNodeName)?.message).toBe(
			`The link to the recording of call ${call.call_id} has expired (403 AccessDenied: Request has expired)`,
		);
		expect(error(osviNodeName)?.description).toBe(
			'Recording links are valid for 15 minutes from when OSVI gives them. Run the node again: it asks OSVI for a fresh link and downloads it at once.',
		);
		expect(JSON.stringify(error(osviNodeName))).not.toContain('X-Amz-Signature');
	});

	test('a recording missing at the storage host is an error naming the call', async () => {
		const call = seededCall('picked');
		sandbox.addFault({ target: 'storage', kind: 'status', status: 404 });

		const { error } = await runWorkflow(
			osviWorkflow(getRecording(call.call_id)),
			sandboxCredentials(sandbox),
		);

		expect(error(osviNodeName)?.message).toBe(
			`The recording of call ${call.call_id} is not at the storage host (404)`,
		);
	});

	test('never follows a redirect from the storage host', async () => {
		const call = seededCall('picked');
		sandbox.addFault({ target: 'storage', kind: 'redirect', status: 302 });

		const { error } = await runWorkflow(
			osviWorkflow(getRecording(call.call_id)),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.storageRequests()).toHaveLength(1);
		expect(sandbox.requests().map(({ path }) => path)).toEqual([
			`/v1/call/${call.call_id}/recording`,
		]);
		expect(error(osviNodeName)?.message).toBe(
			`The storage host answered the download of the recording of call ${call.call_id} with a redirect (302) to ${new URL(sandbox.url).host}`,
		);
	});

	test('retries a download the storage host answered with 503, without credentials each time', async () => {
		const call = seededCall('picked');
		sandbox.addFault({ target: 'storage', kind: 'status', status: 503 });

		const { output } = await runWorkflow(
			osviWorkflow(getRecording(call.call_id)),
			sandboxCredentials(sandbox),
		);

		expect(storageRequestsWithoutQuery()).toEqual([
			{ method: 'GET', path: `/recordings/${call.call_id}.wav`, headers: plainDownloadHeaders() },
			{ method: 'GET', path: `/recordings/${call.call_id}.wav`, headers: plainDownloadHeaders() },
		]);
		expect(output(osviNodeName)[0].binary?.data.data).toBe(
			sandbox.recordingFile(call.call_id).bytes.toString('base64'),
		);
	});

	test('a broken connection to the storage host, with Max Retries 0, is an error naming the call', async () => {
		const call = seededCall('picked');
		sandbox.addFault({ target: 'storage', kind: 'drop' });

		const { error } = await runWorkflow(
			osviWorkflow(getRecording(call.call_id, { options: { maxRetries: 0 } })),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.storageRequests()).toHaveLength(1);
		expect(error(osviNodeName)?.message).toBe(
			`The connection to the storage host failed while downloading the recording of call ${call.call_id}`,
		);
	});

	test('waits for the storage host no longer than the item’s Timeout', async () => {
		const call = seededCall('picked');
		sandbox.addFault({ target: 'storage', kind: 'delay', ms: 1000 });

		const started = Date.now();
		const { error } = await runWorkflow(
			osviWorkflow(getRecording(call.call_id, { options: { timeout: 200, maxRetries: 0 } })),
			sandboxCredentials(sandbox),
		);

		expect(Date.now() - started).toBeLessThan(900);
		expect(error(osviNodeName)?.message).toBe(
			`The storage host did not send the recording of call ${call.call_id} in time`,
		);
		expect(error(osviNodeName)?.description).toBe(
			'Raise the Timeout in Options, or try again later (ECONNABORTED).',
		);
	});

	test('with continue-on-fail, a call without a recording becomes an error item beside the downloaded ones', async () => {
		const answered = seededCall('picked');
		const unanswered = seededCall('busy');

		const { output } = await runWorkflow(
			osviWorkflow(getRecording('={{ $json.call_log_id }}'), {
				items: [{ call_log_id: unanswered.call_id }, { call_log_id: answered.call_id }],
				continueOnFail: true,
			}),
			sandboxCredentials(sandbox),
		);

		const items = output(osviNodeName);
		expect(items.map(({ json, pairedItem }) => ({ json, pairedItem }))).toEqual([
			{
				json: {
					error: `OSVI has no recording of call ${unanswered.call_id}: Recording not found`,
					description:
						'Only calls that somebody (or a voicemail) answered have a recording, once they have ended. Check the Call ID and that the credential’s API token belongs to the OSVI account that made the call.',
				},
				pairedItem: { item: 0 },
			},
			{ json: expect.objectContaining({ call_id: answered.call_id }), pairedItem: { item: 1 } },
		]);
		expect(items[0].binary).toBeUndefined();
		expect(items[1].binary?.data.fileName).toBe(`${answered.call_id}.wav`);
	});

	test('an empty binary field name is rejected before any request', async () => {
		const { error } = await runWorkflow(
			osviWorkflow(getRecording(seededCall('picked').call_id, { binaryPropertyName: '  ' })),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.requests()).toEqual([]);
		expect(error(osviNodeName)?.message).toBe(
			'Invalid Put Output File in Field in item 0: is empty. Enter the name of a binary field, such as data.',
		);
	});

	test('refuses a link that carries a user name and password, without fetching it', async () => {
		const call = seededCall('picked');
		sandbox.addFault({
			kind: 'body',
			path: `/v1/call/${call.call_id}/recording`,
			set: {
				data: {
					call_id: call.call_id,
					recording_url: `${sandbox.storageUrl.replace('://', '://user:pass@')}/recordings/${call.call_id}.wav`,
				},
			},
		});

		const { error } = await runWorkflow(
			osviWorkflow(getRecording(call.call_id)),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.storageRequests()).toEqual([]);
		expect(error(osviNodeName)?.message).toBe(
			`The link to the recording of call ${call.call_id} is not an http:// or https:// address without credentials`,
		);
	});
});
