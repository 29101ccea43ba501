/*
 * The OSVI sandbox core: pure, typed logic of a local stand-in for the OSVI API (no sockets, timers or clock of its
 * own; `sandbox/server.js` is the I/O shell). It follows docs.osvi.ai as digested in docs/osvi-api.md (which gives
 * these choices endpoint by endpoint too); where the docs are silent, these are the sandbox's choices:
 *
 * - Data is seeded from a small PRNG (`seed`, default 20260630): 4 active agents plus 1 archived one (its calls are
 *   listed and `agent_uuid` finds them, but it is not in /v1/active_agents and cannot place calls: 403). Calls
 *   (`callCount`, default 300) lie in the 60 days before 2026-06-30T23:59:59+05:30, in IST office hours, newest first;
 *   the newest one or two are `in_progress`, then each final status once, then a weighted mix. `from_number` is the
 *   agent's OSVI line for both directions. `call_picked_at` is set only for picked, voicemail and in_progress calls.
 *   Campaigns 7 (uploads 19, 23), 12 (31), 15 (40, 41, 44), 21 (57); inbound calls have no campaign.
 * - Routes: GET /v1/active_agents, POST /call, POST /v1/call, GET /v1/calls, GET /v1/call/{id} (+ /transcript,
 *   /recording), the campaign and Do Not Disturb routes. Anything else is
 *   404 `{success:false,error}` before the token is checked; a wrong or missing `API-Token` is 401 on every route.
 * - Call creation is strict: national digits only (no country code, no trunk prefix), upper-case ISO alpha-2
 *   country known to libphonenumber, a number libphonenumber calls valid for that country. All problems are
 *   collected: /call answers 422 `{success:false,errors:[…]}`, /v1/call 400 `{success:false,error:"a; b",details:null}`.
 *   Optional fields that are null or '' count as not sent.
 * - A placed call is `in_progress` (picked up at once, so `call_picked_at = created_at`), stamped with the clock but
 *   never older than the newest call, and ends after `callDurationMs` by the last digit of its number (0-6 picked,
 *   7 not_picked, 8 busy, 9 failed; unanswered ones lose `call_picked_at`). With a `webhook_url` the per-call payload
 *   (Variant A, `executionMode: 'test'`, `chat` empty unless picked) is POSTed once to that exact URL; no retries.
 * - GET /v1/calls: empty parameters count as absent; bad values are 422 `{success:false,errors:[…]}`; an unknown
 *   agent is 404. `phone_number` matches as typed or by digits. Date bounds apply to `call_picked_at` (calls without
 *   it drop out): a plain date is that IST day, a timestamp with Z/offset that instant, an offset-less one is 422.
 *   `per_page` above 100 is capped; zero results still report `total_pages: 1`; a page past the end is empty.
 * - GET /v1/call/{id}: summary fields plus caller_name, retry_count, summary, data_captured, post_call_analysis;
 *   unknown or non-UUID ids are 404 "Call not found". A placed call has caller_name = person_name, retry_count 0,
 *   summary null and empty objects until it ends picked (a summary, `{confirmed:true}`, `{sentiment:'positive',
 *   callback_required:false}`) or as voicemail (a summary only).
 * - GET /v1/call/{id}/transcript: `{success,data:{call_id,transcript}}`. A turn is the sandbox's choice (OSVI's
 *   V1TranscriptTurn is not documented): `{role:'agent'|'user', content, seconds_from_start}`. Four turns for a
 *   picked call, one agent turn for a voicemail, `[]` for every other status including `in_progress`. The per-call
 *   webhook's `chat` is the same turns as `Agent: …`/`User: …` lines. Unknown id: 404 "Call not found".
 * - GET /v1/call/{id}/recording: `{success,data:{call_id,recording_url,expires_in_seconds}}`, a fresh S3-style
 *   link (`<storageUrl>/recordings/<call_id>.wav?X-Amz-Algorithm=…&X-Amz-Credential=…&X-Amz-Date=…&X-Amz-Expires=…
 *   &X-Amz-SignedHeaders=host&X-Amz-Signature=…`) to the storage server, for picked and voicemail calls; any other
 *   call (unanswered, still in progress) is 404 `{success:false,error:"Recording not found"}`. The storage server
 *   (recordings.ts) serves a 1 s 8 kHz WAV (`audio/wav`), different per call, and answers S3-style XML errors:
 *   403 AccessDenied (no signing parameters, or expired: `now >= X-Amz-Date + X-Amz-Expires`, whole seconds, so a
 *   TTL of 0 is expired at once), 403 SignatureDoesNotMatch (path or a parameter changed), 404 NoSuchKey, 405.
 * - Call lifecycle (lifecycle.ts; `settings` and number plans, all reset by a reset): a placed call ends after its
 *   plan's `durationMs` or `callDurationMs`, never with `neverFinish`; with the plan's `outcome` or by last digit
 *   (`voicemail` only by plan or command). `analysisDelayMs`: the analysis fields stay empty that long after the end.
 *   `hiddenForMs`: the call's own routes answer 404 "Call not found" that long after it was placed, while
 *   GET /v1/calls lists it at once. `idStyle: 'short'`: call creation answers `call_` + 9 characters of [a-z0-9]
 *   (`call_abc123xyz`), which GET /v1/call/{id} answers 404 for, while the list, the webhook (`call_log_id`) and
 *   the snapshot's calls use the UUID; `snapshot().placedCalls` pairs them. A call in progress can be re-planned
 *   (`durationMs` from now, `neverFinish`, `outcome`, `analysisDelayMs`) or finished on command.
 * - Added calls (`addCalls`), made outside the API: defaults are the first active agent, outbound, `in_progress`,
 *   a random Indian mobile, the agent's line, no campaign, tag or caller name, `created_at` now (never older than
 *   the newest call; an explicit `createdAt` puts it at its place by time). An added call in progress ends after
 *   `durationMs`, or only on command without it; one added with a final status is complete at once. Unanswered
 *   statuses have no `call_picked_at`; every other call is picked up at `created_at`.
 * - Campaigns (campaigns.ts): seeded from the calls (named, with retry settings; uploads an hour before their first
 *   call, queues per agent). POST /v1/campaigns/{id}/contacts: 404 unknown campaign, 400 missing params or more than
 *   10,000 contacts, 403 agent not active on the account, 400 for the whole request when any row is unreadable
 *   (`details.invalid_contacts`); then dedup by E.164 (longer person_name wins), this agent's DND numbers skipped as
 *   `{phone, person_name, reason}`, an upload `<epoch>-api_contacts_<hex>.csv`; `enqueue` places each contact as
 *   POST /call does, with the campaign and upload ids. Status: `by_status` only for statuses that occur; a queue is
 *   `completed` once none of its calls is in progress; no queues without `enqueue`.
 * - Do Not Disturb (dnd.ts): phones read loosely (India by default) and stored as E.164; add 201, 400 missing param,
 *   403 agent not active, 422 "Phone has already been taken"; list needs agent_uuid (404 unknown agent), newest
 *   first, paged like GET /v1/calls; remove reads the query only, 404 "Phone not found in DND list". Errors are
 *   `{success:false,error,details:null}`. Up to three entries are seeded from calls asking not to be called again.
 */
import type { CallDetail, SandboxState, StoredAgent } from './types';

export { finishCall, outcomeForNumber, placeCall, validateCallBody } from './calls';
export type { CallEndpoint, CallInput, CallValidation } from './calls';
export {
	findReadableCall,
	getCallDetail,
	getCallRecording,
	getCallTranscript,
} from './callRecords';
export {
	addCampaignContacts,
	campaignStatus,
	campaignsSnapshot,
	MAX_CONTACTS_PER_REQUEST,
	uploadQueues,
} from './campaigns';
export type { Campaign, CampaignContact, CampaignQueue, CampaignUpload } from './campaigns';
export { addDndEntry, dndNumbers, normalizeLoosePhone } from './dnd';
export type { DndAddition, DndEntry, EndpointAnswer, NormalizedPhone } from './dnd';
export { faultOutcome, parseFaults, takeFault } from './faults';
export type {
	ActiveFault,
	Fault,
	FaultContext,
	FaultOutcome,
	FaultTarget,
	JsonAnswer,
	ParsedFaults,
} from './faults';
export { handleRequest, parseJsonBody } from './handler';
export {
	addCalls,
	addNumberPlans,
	DEFAULT_RECORDING_TTL_SECONDS,
	finishCallNow,
	initialSettings,
	planRunningCall,
	revealAnalysis,
	revealCall,
	updateSettings,
} from './lifecycle';
export type { AddCallSpec, Outcome, RunningCallPlan, SettingsUpdate } from './lifecycle';
export {
	DEFAULT_PER_PAGE,
	MAX_PER_PAGE,
	listCalls,
	matchesFilters,
	parseListQuery,
} from './listCalls';
export {
	handleStorageRequest,
	hasRecording,
	presignRecording,
	RECORDING_CONTENT_TYPE,
	RECORDING_EXTENSION,
	recordingAudio,
} from './recordings';
export type { RecordingLink, StorageRequest, StorageResponse } from './recordings';
export { CAMPAIGNS, endOfYesterdayIst, REFERENCE_EPOCH_MS, SEEDED_DAYS, TAGS } from './seed';
export { createSandboxState, DEFAULT_SEED, resetSandboxState } from './state';
export { formatIst, parseDateBound } from './time';
export { chatText, transcriptTurns } from './transcripts';
export * from './types';

export interface SandboxSnapshot {
	agents: StoredAgent[];
	/** Newest first, with every detail field. */
	calls: CallDetail[];
	/** Calls placed through the API, newest first: the stored UUID and what call creation answered. */
	placedCalls: Array<{ call_id: string; returned_call_id: string }>;
}

/** A deep copy of the store, so tests can derive expected answers without reaching into live state. */
export function snapshot(state: SandboxState): SandboxSnapshot {
	return structuredClone({
		agents: state.agents,
		calls: state.calls.map((call) => call.detail),
		placedCalls: state.calls.flatMap(({ detail, lifecycle }) =>
			lifecycle?.returnedCallId
				? [{ call_id: detail.call_id, returned_call_id: lifecycle.returnedCallId }]
				: [],
		),
	});
}
