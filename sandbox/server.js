// @ts-check
'use strict';

/*
 * The OSVI sandbox's I/O shell: an HTTP server around the pure core in ./core (which decides every answer).
 * This file only owns what the core cannot: sockets, timers (latency, call completion), webhook delivery with
 * global fetch, the request log, fault injection and the control API under /__sandbox/ (never logged, no token).
 * A second server on its own port (a different origin) stands in for S3: it serves the recordings that
 * `GET /v1/call/{id}/recording` links to, as the core decides, and logs every request it gets.
 *
 * Control routes (JSON in and out; an invalid input is 400 `{ok:false,error}`), each with its in-process method:
 *   GET|DELETE /__sandbox/requests          requests(), clearRequests()
 *   POST /__sandbox/reset                   reset()
 *   GET|POST|DELETE /__sandbox/faults       addFault(fault | fault[]), clearFaults()   (kinds: core/faults.ts)
 *   PUT /__sandbox/latency {ms}             setLatency(ms)
 *   GET /__sandbox/webhooks                 webhookDeliveries(), waitForWebhookDeliveries(count, timeoutMs)
 *   GET /__sandbox/snapshot                 snapshot()
 *   GET|DELETE /__sandbox/storage/requests  storageRequests(), clearStorageRequests()
 *   GET|PUT /__sandbox/settings             settings(), configure({callDurationMs, analysisDelayMs, hiddenForMs,
 *                                           idStyle: 'uuid'|'short', recordingTtlSeconds})
 *   GET|POST|DELETE /__sandbox/plans        callPlans(), planCalls(plan | plan[]), clearCallPlans()
 *   POST /__sandbox/calls                   addCall(spec), addCalls(specs) -> {ok, calls}
 *   PUT /__sandbox/calls/{id}/plan          planCall(callId, {durationMs | neverFinish, outcome, analysisDelayMs})
 *   POST /__sandbox/calls/{id}/finish       finishCall(callId, {outcome}) -> {ok, call}
 *   GET|POST /__sandbox/dnd                 dndNumbers(), addDndNumber(entry | entry[]) -> {ok, added}
 *   GET /__sandbox/campaigns                campaigns()
 * In process only: waitForCallEnd(callId, timeoutMs), recordingFile(callId), storageUrl.
 * Under jest `./core/index` resolves to the TypeScript sources; under plain node it runs from the compiled copy
 * that `tsc -p tsconfig.sandbox.json` writes to build/sandbox/.
 */

const http = require('node:http');
const core = require('./core/index');

const DEFAULT_TOKEN = 'sandboxtoken0001';
const CONTROL_PREFIX = '/__sandbox/';
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const WEBHOOK_TIMEOUT_MS = 10_000;

/** @typedef {import('./core/index').Fault} Fault */
/** @typedef {import('./core/index').ActiveFault} ActiveFault */
/** @typedef {import('./core/index').SandboxEffect} SandboxEffect */
/** @typedef {import('./core/index').SandboxSnapshot} SandboxSnapshot */
/** @typedef {import('./core/index').CallWebhookPayload} CallWebhookPayload */
/** @typedef {import('./core/index').CallDetail} CallDetail */
/** @typedef {import('./core/index').CallSettings} CallSettings */
/** @typedef {import('./core/index').SettingsUpdate} SettingsUpdate */
/** @typedef {import('./core/index').NumberPlan} NumberPlan */
/** @typedef {import('./core/index').RunningCallPlan} RunningCallPlan */
/** @typedef {import('./core/index').AddCallSpec} AddCallSpec */
/** @typedef {import('./core/index').EndStatus} EndStatus */
/** @typedef {import('./core/index').FaultTarget} FaultTarget */

/**
 * One request the storage server got; `url` is the request target exactly as sent (path and raw query).
 * @typedef {{ method: string; path: string; query: Record<string, string>; headers: Record<string, string>; url: string }} StorageLogEntry
 */

/**
 * What the storage server serves for a call: compare a downloaded recording with it.
 * @typedef {{ fileName: string; contentType: string; bytes: Buffer }} RecordingFile
 */
/** @typedef {import('./core/index').DndEntry} DndEntry */
/** @typedef {ReturnType<typeof import('./core/index').campaignsSnapshot>} CampaignsSnapshot */

/**
 * One HTTP request as it arrived.
 * @typedef {object} LoggedRequest
 * @property {string} method
 * @property {string} path without the query string
 * @property {Record<string, string>} query first value of each parameter
 * @property {Record<string, string>} headers names in lower case
 * @property {unknown} body parsed JSON, or undefined when empty or not JSON
 * @property {string} rawBody
 */

/**
 * One per-call webhook the sandbox POSTed: `status` when the target answered, `error` when it could not be reached.
 * @typedef {{ url: string; payload: CallWebhookPayload; status?: number; error?: string }} WebhookDelivery
 */

/**
 * @typedef {object} SandboxOptions
 * @property {number} [port] 0 (default) picks a free port
 * @property {string} [host] default 127.0.0.1
 * @property {string} [token] the API-Token to accept; default 'sandboxtoken0001'
 * @property {number} [seed] seed of the generated agents and calls
 * @property {number} [callCount] seeded calls; default 300
 * @property {boolean} [recent] seed calls up to yesterday (IST) instead of up to a fixed date: for demos
 * @property {number} [latencyMs] added before every API answer; default 0
 * @property {number} [callDurationMs] how long a placed call runs before it ends; default 200
 * @property {() => number} [now] clock for timestamps of placed calls and recording links; default Date.now
 * @property {number} [analysisDelayMs] how long after a call ends its summary, data_captured and
 *   post_call_analysis appear; default 0
 * @property {number} [hiddenForMs] how long after it was placed a call's own routes (detail, transcript,
 *   recording) answer 404; it is listed at once; default 0
 * @property {'uuid' | 'short'} [idStyle] 'short': call creation answers ids like call_abc123xyz that
 *   GET /v1/call/{id} does not know (the list shows the UUID); default 'uuid'
 * @property {number} [recordingTtlSeconds] lifetime of recording links (whole seconds, 0 = expired at once);
 *   default 900
 * @property {number} [storagePort] port of the recording storage server; default 0 (a free port)
 * @property {string} [storageHost] address of the storage server; default: `host`
 * @property {(line: string) => void} [log] called with one line per API request
 */

/**
 * @typedef {object} Sandbox
 * @property {string} url e.g. http://127.0.0.1:40123 (no trailing slash)
 * @property {number} port
 * @property {string} token
 * @property {() => LoggedRequest[]} requests API requests in arrival order (control requests excluded)
 * @property {() => void} clearRequests
 * @property {() => void} reset store back to the seed; log, faults, webhook deliveries, pending calls and latency back to the start
 * @property {(ms: number) => void} setLatency
 * @property {(fault: Fault | Fault[]) => void} addFault throws on an invalid fault
 * @property {() => void} clearFaults
 * @property {() => WebhookDelivery[]} webhookDeliveries
 * @property {(count: number, timeoutMs?: number) => Promise<WebhookDelivery[]>} waitForWebhookDeliveries
 * @property {() => SandboxSnapshot} snapshot a deep copy of the agents and calls the sandbox holds
 * @property {string} storageUrl origin of the recording storage server (another port: another origin)
 * @property {() => StorageLogEntry[]} storageRequests requests the storage server got, in arrival order
 * @property {() => void} clearStorageRequests
 * @property {() => CallSettings} settings
 * @property {(update: SettingsUpdate) => CallSettings} configure changes some settings (reset restores the
 *   options); throws on an invalid one
 * @property {(plan: NumberPlan | NumberPlan[]) => void} planCalls plans for every later call placed to a number
 *   (`phoneNumber` national or E.164, matched on the end of the number; the last plan added wins):
 *   `durationMs`, `neverFinish`, `outcome`, `analysisDelayMs`, `hiddenForMs`
 * @property {() => NumberPlan[]} callPlans
 * @property {() => void} clearCallPlans
 * @property {(callId: string, plan: RunningCallPlan) => void} planCall re-plans a call in progress:
 *   `durationMs` from now, or `neverFinish`; `outcome`; `analysisDelayMs`
 * @property {(callId: string, finish?: { outcome?: EndStatus }) => CallDetail} finishCall ends a call in
 *   progress now (as planned, or with `outcome`); throws for an unknown or ended call
 * @property {(spec?: AddCallSpec) => CallDetail} addCall adds a call made outside the API (see core/index.ts)
 * @property {(specs: AddCallSpec[]) => CallDetail[]} addCalls all or nothing
 * @property {(callId: string, timeoutMs?: number) => Promise<CallDetail>} waitForCallEnd settles once the call
 *   has ended and its analysis (if any) is in place
 * @property {(callId: string) => RecordingFile} recordingFile the audio the storage server serves for a call
 *   with a recording; throws otherwise
 * @property {() => DndEntry[]} dndNumbers every agent's Do Not Disturb entries, in the order they were added
 * @property {(entry: unknown) => DndEntry[]} addDndNumber adds `{agent_uuid, phone, reason?}` (or an array of them) as
 *   `POST /v1/dnd_numbers` would, all or nothing; throws on an entry the API would refuse
 * @property {() => CampaignsSnapshot} campaigns a deep copy of the campaigns and their uploads (contacts, queues)
 * @property {() => Promise<void>} close
 */

/**
 * @typedef {object} ReceivedRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query
 * @property {Record<string, string>} headers
 * @property {unknown} body
 * @property {string} rawBody
 */

/**
 * @typedef {object} Receiver
 * @property {string} url
 * @property {() => ReceivedRequest[]} requests
 * @property {(count: number, timeoutMs?: number) => Promise<ReceivedRequest[]>} waitForRequests
 * @property {() => Promise<void>} close
 */

/** @param {http.IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** @param {http.IncomingMessage} req @returns {Promise<LoggedRequest>} */
async function readRequest(req) {
	const rawBody = await readBody(req);
	const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
	/** @type {Record<string, string>} */
	const query = {};
	for (const [name, value] of url.searchParams) if (!(name in query)) query[name] = value;
	/** @type {Record<string, string>} */
	const headers = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return {
		method: req.method ?? 'GET',
		path: url.pathname,
		query,
		headers,
		body: core.parseJsonBody(rawBody),
		rawBody,
	};
}

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body */
function sendJson(res, status, body) {
	res.writeHead(status, JSON_HEADERS);
	res.end(JSON.stringify(body));
}

/** @param {number} ms */
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {string} host @param {number} port */
const baseUrl = (host, port) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

/** @param {http.Server} server @param {number} port @param {string} host @returns {Promise<number>} */
function listen(server, port, host) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			const address = server.address();
			resolve(typeof address === 'object' && address !== null ? address.port : port);
		});
	});
}

/** @param {http.Server} server @returns {Promise<void>} */
function closeServer(server) {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

/** Promises that settle once a condition over recorded things holds, or reject after a timeout. */
function createWaiters() {
	/** @type {Set<() => void>} */
	const listeners = new Set();
	return {
		notify() {
			for (const listener of [...listeners]) listener();
		},
		/**
		 * @template T
		 * @param {() => T | undefined} check
		 * @param {number} timeoutMs
		 * @param {() => string} describeTimeout
		 * @returns {Promise<T>}
		 */
		waitFor(check, timeoutMs, describeTimeout) {
			return new Promise((resolve, reject) => {
				const ready = check();
				if (ready !== undefined) return resolve(ready);
				const timer = setTimeout(() => {
					listeners.delete(listener);
					reject(new Error(describeTimeout()));
				}, timeoutMs);
				const listener = () => {
					const result = check();
					if (result === undefined) return;
					clearTimeout(timer);
					listeners.delete(listener);
					resolve(result);
				};
				listeners.add(listener);
			});
		},
	};
}

/** @param {unknown} ms */
function assertLatency(ms) {
	if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0) {
		throw new TypeError(
			`latency must be a non-negative integer of milliseconds (got ${String(ms)})`,
		);
	}
	return ms;
}

/**
 * Starts an OSVI sandbox on 127.0.0.1 (a free port unless `port` is given).
 * @param {SandboxOptions} [options]
 * @returns {Promise<Sandbox>}
 */
async function startSandbox(options = {}) {
	const host = options.host ?? '127.0.0.1';
	const token = options.token ?? DEFAULT_TOKEN;
	const initialLatency = assertLatency(options.latencyMs ?? 0);
	const storageHost = options.storageHost ?? host;
	/** @type {StorageLogEntry[]} */
	let storageLog = [];
	const storageServer = http.createServer((req, res) => {
		serveStorage(req, res).catch(() => {
			if (!res.headersSent) res.writeHead(500).end();
			else res.destroy();
		});
	});
	const storagePort = await listen(storageServer, options.storagePort ?? 0, storageHost);
	const storageUrl = baseUrl(storageHost, storagePort);
	let apiUrl = '';
	const state = core.createSandboxState({
		token,
		seed: options.seed ?? core.DEFAULT_SEED,
		callCount: options.callCount ?? 300,
		referenceMs: options.recent ? core.endOfYesterdayIst(Date.now()) : undefined,
		callDurationMs: options.callDurationMs ?? 200,
		now: options.now ?? Date.now,
		analysisDelayMs: options.analysisDelayMs,
		hiddenForMs: options.hiddenForMs,
		idStyle: options.idStyle,
		recordingTtlSeconds: options.recordingTtlSeconds,
		storageUrl,
	});
	// The start options go through the same checks as configure().
	const checkedSettings = core.updateSettings(state, { ...state.settings });
	if (!checkedSettings.ok) {
		await closeServer(storageServer);
		throw new TypeError(checkedSettings.error);
	}

	let latencyMs = initialLatency;
	/** @type {LoggedRequest[]} */
	let requestLog = [];
	/** @type {ActiveFault[]} */
	let faults = [];
	/** @type {WebhookDelivery[]} */
	let deliveries = [];
	// Work scheduled before a reset must not touch the fresh store: it checks the generation it was born in.
	let generation = 0;
	/** @type {Set<NodeJS.Timeout>} */
	const timers = new Set();
	/** @type {Set<AbortController>} */
	const inFlight = new Set();
	const deliveryWaiters = createWaiters();
	const callWaiters = createWaiters();

	/** @param {number} ms @param {() => void} work */
	function schedule(ms, work) {
		const timer = setTimeout(() => {
			timers.delete(timer);
			work();
		}, ms);
		timers.add(timer);
	}

	/** @param {SandboxEffect[]} effects */
	function runEffects(effects) {
		const bornIn = generation;
		for (const effect of effects) {
			if (effect.kind === 'finishCall') {
				schedule(effect.afterMs, () => {
					if (generation !== bornIn) return;
					runEffects(core.finishCall(state, effect.callId, effect.ticket));
					callWaiters.notify();
				});
			} else if (effect.kind === 'revealCall') {
				schedule(effect.afterMs, () => {
					if (generation === bornIn) core.revealCall(state, effect.callId);
				});
			} else if (effect.kind === 'revealAnalysis') {
				schedule(effect.afterMs, () => {
					if (generation !== bornIn) return;
					core.revealAnalysis(state, effect.callId);
					callWaiters.notify();
				});
			} else {
				schedule(effect.afterMs, () => void deliver(effect.url, effect.payload, bornIn));
			}
		}
	}

	/** @param {string} url @param {CallWebhookPayload} payload @param {number} bornIn */
	async function deliver(url, payload, bornIn) {
		const controller = new AbortController();
		inFlight.add(controller);
		/** @type {WebhookDelivery} */
		let delivery;
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'user-agent': 'osvi-sandbox' },
				body: JSON.stringify(payload),
				// A target that never answers must not hold the delivery (and jest) open forever.
				signal: AbortSignal.any([controller.signal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]),
			});
			await response.arrayBuffer();
			delivery = { url, payload, status: response.status };
		} catch (error) {
			delivery = { url, payload, error: error instanceof Error ? error.message : String(error) };
		} finally {
			inFlight.delete(controller);
		}
		if (generation !== bornIn) return;
		deliveries.push(delivery);
		deliveryWaiters.notify();
	}

	/** @param {unknown} input @returns {DndEntry[]} */
	function addDndNumbers(input) {
		/** @type {DndEntry[]} */
		const added = [];
		for (const entry of Array.isArray(input) ? input : [input]) {
			const result = core.addDndEntry(state, entry);
			if (!result.ok) {
				state.dndNumbers = state.dndNumbers.filter((existing) => !added.includes(existing));
				const body = /** @type {{ error?: string }} */ (result.failure.body);
				throw new TypeError(`Invalid DND entry ${JSON.stringify(entry)}: ${body.error}`);
			}
			added.push(result.entry);
		}
		return structuredClone(added);
	}

	/** @param {unknown} input */
	function addFaults(input) {
		const parsed = core.parseFaults(input);
		if (!parsed.ok) throw new TypeError(parsed.error);
		faults.push(...parsed.faults);
		return parsed.faults.length;
	}

	function cancelPendingWork() {
		generation += 1;
		for (const timer of timers) clearTimeout(timer);
		timers.clear();
		for (const controller of inFlight) controller.abort();
	}

	/**
	 * @template {{ ok: boolean }} T
	 * @param {T | { ok: false; error: string }} outcome
	 * @returns {T}
	 */
	function orThrow(outcome) {
		if (!outcome.ok) throw new TypeError(/** @type {{ error: string }} */ (outcome).error);
		return /** @type {T} */ (outcome);
	}

	/** @param {unknown} specs @returns {CallDetail[]} */
	function addCalls(specs) {
		const added = orThrow(core.addCalls(state, specs));
		runEffects(added.effects);
		return added.calls;
	}

	/** @param {string} callId @param {unknown} finish @returns {CallDetail} */
	function finishCallNow(callId, finish) {
		const finished = orThrow(core.finishCallNow(state, callId, finish));
		runEffects(finished.effects);
		callWaiters.notify();
		return finished.call;
	}

	/** @param {string} callId @param {unknown} plan */
	function planCall(callId, plan) {
		runEffects(orThrow(core.planRunningCall(state, callId, plan)).effects);
	}

	/** @param {string} callId @returns {RecordingFile} */
	function recordingFile(callId) {
		const call = state.calls.find((candidate) => candidate.detail.call_id === callId);
		if (!call || !core.hasRecording(call.detail)) {
			throw new TypeError(`Call ${callId} has no recording`);
		}
		return {
			fileName: `${callId}.${core.RECORDING_EXTENSION}`,
			contentType: core.RECORDING_CONTENT_TYPE,
			bytes: core.recordingAudio(callId),
		};
	}

	/**
	 * @param {FaultTarget} target
	 * @param {{ path: string; query: Record<string, string>; headers: Record<string, string> }} request
	 */
	function faultContext(target, request) {
		const { path, query, headers } = request;
		return { target, path, query, headers, apiUrl, storageUrl };
	}

	function reset() {
		cancelPendingWork();
		core.resetSandboxState(state);
		requestLog = [];
		storageLog = [];
		faults = [];
		deliveries = [];
		latencyMs = initialLatency;
	}

	/**
	 * @param {LoggedRequest} request
	 * @param {http.ServerResponse} res
	 */
	function control(request, res) {
		const route = `${request.method} ${request.path.replace(/\/$/, '')}`;
		try {
			const callRoute = /^(POST|PUT) \/__sandbox\/calls\/([^/]+)\/(finish|plan)$/.exec(route);
			if (callRoute?.[1] === 'POST' && callRoute[3] === 'finish') {
				const call = finishCallNow(decodeURIComponent(callRoute[2]), request.body);
				return sendJson(res, 200, { ok: true, call });
			}
			if (callRoute?.[1] === 'PUT' && callRoute[3] === 'plan') {
				planCall(decodeURIComponent(callRoute[2]), request.body);
				return sendJson(res, 200, { ok: true });
			}
			switch (route) {
				case 'GET /__sandbox/requests':
					return sendJson(res, 200, requestLog);
				case 'DELETE /__sandbox/requests':
					requestLog = [];
					return sendJson(res, 200, { ok: true });
				case 'POST /__sandbox/reset':
					reset();
					return sendJson(res, 200, { ok: true });
				case 'GET /__sandbox/faults':
					// JSON has no Infinity; spell it the way POST /__sandbox/faults accepts it.
					return sendJson(
						res,
						200,
						faults.map(({ fault, remaining }) => ({
							fault: { ...fault, ...(fault.times === Infinity ? { times: 'Infinity' } : {}) },
							remaining: remaining === Infinity ? 'Infinity' : remaining,
						})),
					);
				case 'POST /__sandbox/faults':
					return sendJson(res, 200, { ok: true, added: addFaults(request.body) });
				case 'DELETE /__sandbox/faults':
					faults = [];
					return sendJson(res, 200, { ok: true });
				case 'PUT /__sandbox/latency': {
					const body = /** @type {{ ms?: unknown } | undefined} */ (request.body);
					latencyMs = assertLatency(body?.ms);
					return sendJson(res, 200, { ok: true, ms: latencyMs });
				}
				case 'GET /__sandbox/webhooks':
					return sendJson(res, 200, deliveries);
				case 'GET /__sandbox/snapshot':
					return sendJson(res, 200, core.snapshot(state));
				case 'GET /__sandbox/storage/requests':
					return sendJson(res, 200, storageLog);
				case 'DELETE /__sandbox/storage/requests':
					storageLog = [];
					return sendJson(res, 200, { ok: true });
				case 'GET /__sandbox/settings':
					return sendJson(res, 200, state.settings);
				case 'PUT /__sandbox/settings': {
					const { settings } = orThrow(core.updateSettings(state, request.body));
					return sendJson(res, 200, { ok: true, settings });
				}
				case 'GET /__sandbox/plans':
					return sendJson(res, 200, state.numberPlans);
				case 'POST /__sandbox/plans':
					return sendJson(res, 200, {
						ok: true,
						added: orThrow(core.addNumberPlans(state, request.body)).added,
					});
				case 'DELETE /__sandbox/plans':
					state.numberPlans = [];
					return sendJson(res, 200, { ok: true });
				case 'POST /__sandbox/calls':
					return sendJson(res, 200, { ok: true, calls: addCalls(request.body) });
				case 'GET /__sandbox/dnd':
					return sendJson(res, 200, core.dndNumbers(state));
				case 'POST /__sandbox/dnd':
					return sendJson(res, 200, { ok: true, added: addDndNumbers(request.body) });
				case 'GET /__sandbox/campaigns':
					return sendJson(res, 200, core.campaignsSnapshot(state));
				default:
					return sendJson(res, 404, { ok: false, error: `No control route ${route}` });
			}
		} catch (error) {
			return sendJson(res, 400, {
				ok: false,
				error: error instanceof Error ? error.message : String(error),
			});
		}
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function serve(req, res) {
		const request = await readRequest(req);
		if (request.path.startsWith(CONTROL_PREFIX)) return control(request, res);

		const startedAt = Date.now();
		requestLog.push(structuredClone(request));
		const fault = core.takeFault(faults, request.method, request.path);
		const outcome = fault ? core.faultOutcome(fault, faultContext('api', request)) : null;
		if (outcome?.action === 'drop') {
			req.socket.destroy();
			options.log?.(`${request.method} ${request.path} -> dropped (fault)`);
			return;
		}
		const delay = latencyMs + (outcome?.action === 'delay' ? outcome.ms : 0);
		if (delay > 0) await wait(delay);

		if (outcome?.action === 'respond') {
			res.writeHead(outcome.status, outcome.headers);
			res.end(outcome.rawBody);
		} else {
			const response = core.handleRequest(state, request);
			const answer = outcome?.action === 'rewrite' ? outcome.rewrite(response) : response;
			res.writeHead(answer.status, answer.headers);
			res.end(JSON.stringify(answer.body));
			runEffects(response.effects);
		}
		options.log?.(
			`${request.method} ${request.path} -> ${res.statusCode}${fault ? ` (fault: ${fault.kind})` : ''} in ${Date.now() - startedAt} ms`,
		);
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function serveStorage(req, res) {
		const request = await readRequest(req);
		const { method, path, query, headers } = request;
		storageLog.push(structuredClone({ method, path, query, headers, url: req.url ?? '/' }));
		const fault = core.takeFault(faults, method, path, 'storage');
		const outcome = fault ? core.faultOutcome(fault, faultContext('storage', request)) : null;
		if (outcome?.action === 'drop') {
			req.socket.destroy();
			options.log?.(`storage ${method} ${path} -> dropped (fault)`);
			return;
		}
		if (outcome?.action === 'delay') await wait(outcome.ms);
		if (outcome?.action === 'respond') {
			res.writeHead(outcome.status, outcome.headers);
			res.end(outcome.rawBody);
		} else {
			const answer = core.handleStorageRequest(state, request);
			res.writeHead(answer.status, answer.headers);
			res.end(method.toUpperCase() === 'HEAD' ? undefined : answer.body);
		}
		options.log?.(
			`storage ${method} ${path} -> ${res.statusCode}${fault ? ` (fault: ${fault.kind})` : ''}`,
		);
	}

	const server = http.createServer((req, res) => {
		serve(req, res).catch((error) => {
			if (!res.headersSent) sendJson(res, 500, { success: false, error: String(error) });
			else res.destroy();
		});
	});
	const port = await listen(server, options.port ?? 0, host).catch(async (error) => {
		await closeServer(storageServer);
		throw error;
	});
	apiUrl = baseUrl(host, port);

	return {
		url: apiUrl,
		port,
		token,
		requests: () => structuredClone(requestLog),
		clearRequests() {
			requestLog = [];
		},
		reset,
		setLatency(ms) {
			latencyMs = assertLatency(ms);
		},
		addFault(fault) {
			addFaults(fault);
		},
		clearFaults() {
			faults = [];
		},
		webhookDeliveries: () => structuredClone(deliveries),
		waitForWebhookDeliveries(count, timeoutMs = 5000) {
			return deliveryWaiters.waitFor(
				() => (deliveries.length >= count ? structuredClone(deliveries) : undefined),
				timeoutMs,
				() =>
					`Expected ${count} webhook deliveries within ${timeoutMs} ms, got ${deliveries.length}: ${JSON.stringify(deliveries)}`,
			);
		},
		snapshot: () => core.snapshot(state),
		dndNumbers: () => core.dndNumbers(state),
		addDndNumber: (entry) => addDndNumbers(entry),
		campaigns: () => core.campaignsSnapshot(state),
		storageUrl,
		storageRequests: () => structuredClone(storageLog),
		clearStorageRequests() {
			storageLog = [];
		},
		settings: () => ({ ...state.settings }),
		configure: (update) => orThrow(core.updateSettings(state, update)).settings,
		planCalls(plan) {
			orThrow(core.addNumberPlans(state, plan));
		},
		callPlans: () => structuredClone(state.numberPlans),
		clearCallPlans() {
			state.numberPlans = [];
		},
		planCall,
		finishCall: (callId, finish = {}) => finishCallNow(callId, finish),
		addCall: (spec = {}) => addCalls(spec)[0],
		addCalls: (specs) => addCalls(specs),
		waitForCallEnd(callId, timeoutMs = 5000) {
			const ended = () => {
				const call = state.calls.find((candidate) => candidate.detail.call_id === callId);
				return call && call.detail.status !== 'in_progress' && !call.lifecycle?.pendingAnalysis
					? structuredClone(call.detail)
					: undefined;
			};
			return callWaiters.waitFor(ended, timeoutMs, () => {
				const call = state.calls.find((candidate) => candidate.detail.call_id === callId);
				return `Call ${callId} did not end within ${timeoutMs} ms (status ${call?.detail.status ?? 'unknown'})`;
			});
		},
		recordingFile,
		async close() {
			cancelPendingWork();
			await Promise.all([closeServer(server), closeServer(storageServer)]);
		},
	};
}

/**
 * Starts a tiny HTTP server that records every request and answers 200 `{"received":true}`: a webhook target.
 * @param {{ port?: number; host?: string }} [options]
 * @returns {Promise<Receiver>}
 */
async function startReceiver(options = {}) {
	const host = options.host ?? '127.0.0.1';
	/** @type {ReceivedRequest[]} */
	const received = [];
	const waiters = createWaiters();
	const server = http.createServer((req, res) => {
		readRequest(req).then(
			(request) => {
				received.push(request);
				sendJson(res, 200, { received: true });
				waiters.notify();
			},
			() => res.destroy(),
		);
	});
	const port = await listen(server, options.port ?? 0, host);
	return {
		url: baseUrl(host, port),
		requests: () => structuredClone(received),
		waitForRequests(count, timeoutMs = 5000) {
			return waiters.waitFor(
				() => (received.length >= count ? structuredClone(received) : undefined),
				timeoutMs,
				() => `Expected ${count} requests within ${timeoutMs} ms, got ${received.length}`,
			);
		},
		close: () => closeServer(server),
	};
}

module.exports = { startSandbox, startReceiver, DEFAULT_TOKEN };
