import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { OsviCampaignStatus, OsviCampaignUpload } from '../../../shared/interfaces';
import {
	flag,
	optionalPositiveWholeNumber,
	readParameters,
	decimalNumber,
	wholeNumber,
} from '../../../shared/parameters';
import { pause } from '../../../shared/pause';
import { osviRequest } from '../../../shared/transport';
import { defineOperation } from '../operation';
import { campaignId, campaignIdProperty, campaignNotFound, campaignPath } from './campaignId';
import { optionsProperty } from '../fields';

const maxWaitLimitMinutes = 1440;

const properties: INodeProperties[] = [
	campaignIdProperty,
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description:
			'Whether to read the status again and again until every queued call of the campaign (or of one upload) has been made, up to Max Wait. For waits of hours, use a Wait node and Get Status in a loop instead.',
	},
	{
		displayName: 'Wait Options',
		name: 'waitOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { waitForCompletion: [true] } },
		options: [
			{
				displayName: 'Campaign Upload ID',
				name: 'campaignUploadId',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description:
					'Wait only for the calls of this upload, such as the campaign_upload_id that Add Contacts returns. Without it, every upload of the campaign counts.',
			},
			{
				displayName: 'Max Wait (Minutes)',
				name: 'maxWaitMinutes',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: maxWaitLimitMinutes, numberPrecision: 2 },
				default: 60,
				description:
					'How long to wait at most. The status is then output as it is, with wait_timed_out set to true; OSVI keeps calling.',
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: 60,
				description: 'How long to wait between two reads of the status',
			},
		],
	},
	optionsProperty(),
];

const statusParameters = z.object({
	campaignId,
	waitForCompletion: flag,
	campaignUploadId: optionalPositiveWholeNumber,
	maxWaitMinutes: decimalNumber({ min: 0, max: maxWaitLimitMinutes }).default(60),
	pollIntervalSeconds: wholeNumber({ min: 1, max: 3600 }).default(60),
});

type StatusInput = z.output<typeof statusParameters>;

async function readStatus(
	context: IExecuteFunctions,
	id: number,
	itemIndex: number,
): Promise<OsviCampaignStatus> {
	return await osviRequest<OsviCampaignStatus>(context, {
		method: 'GET',
		path: campaignPath(id, '/status'),
		effect: 'read',
		response: 'data',
		itemIndex,
		advice: campaignNotFound(id),
	});
}

/** The uploads whose queues decide completion, or why the status cannot tell. */
function watchedUploads(
	status: OsviCampaignStatus,
	input: StatusInput,
): { uploads: OsviCampaignUpload[] } | { problem: string; description: string } {
	if (!Array.isArray(status.uploads)) {
		return {
			problem: `OSVI’s status of campaign ${input.campaignId} has no list of uploads, so the node cannot tell whether its calls are done`,
			description: 'Turn off Wait for Completion to see what OSVI answers.',
		};
	}
	if (input.campaignUploadId === undefined) return { uploads: status.uploads };
	const uploads = status.uploads.filter(
		(upload) => upload.campaign_upload_id === input.campaignUploadId,
	);
	if (uploads.length > 0) return { uploads };
	return {
		problem: `Campaign ${input.campaignId} has no upload with the ID ${input.campaignUploadId}`,
		description:
			'Use the campaign_upload_id that Add contacts to campaign returned, or leave Campaign Upload ID out to wait for every upload of the campaign.',
	};
}

// An upload that was not enqueued has no queues: nothing of it is waiting to be called.
const isComplete = (uploads: OsviCampaignUpload[]) =>
	uploads.every((upload) => (upload.queues ?? []).every((queue) => queue.completed === true));

/**
 * Reads the status until the watched queues are all completed, the wait is over, or the execution is stopped. It
 * only reads, so waiting never changes anything at OSVI.
 */
async function waitForCompletion(
	context: IExecuteFunctions,
	input: StatusInput,
	itemIndex: number,
): Promise<OsviCampaignStatus & { wait_timed_out: boolean }> {
	const deadline = Date.now() + input.maxWaitMinutes * 60_000;
	const signal = context.getExecutionCancelSignal?.();
	for (;;) {
		const status = await readStatus(context, input.campaignId, itemIndex);
		const watched = watchedUploads(status, input);
		if ('problem' in watched) {
			throw new NodeOperationError(context.getNode(), watched.problem, {
				itemIndex,
				description: watched.description,
			});
		}
		if (isComplete(watched.uploads)) return { ...status, wait_timed_out: false };
		const left = deadline - Date.now();
		const waited =
			left > 0 && (await pause(Math.min(input.pollIntervalSeconds * 1000, left), signal));
		if (!waited) return { ...status, wait_timed_out: true };
	}
}

// Reads are independent, so a list of campaigns is read (or waited for) a few at a time.
const readConcurrency = 5;

export const getStatus = defineOperation({
	kind: 'eachItem',
	choice: {
		name: 'Get Status',
		action: 'Get campaign status',
		description:
			'Get a campaign’s progress: its settings, call counts by status, and each contact upload with its queues. Optionally waits until the queued calls have been made. Reads only; places no call.',
	},
	properties,
	concurrency: readConcurrency,
	prepare(itemIndex) {
		return readParameters(this, itemIndex, properties, statusParameters);
	},
	async execute(input, itemIndex) {
		const status = input.waitForCompletion
			? await waitForCompletion(this, input, itemIndex)
			: await readStatus(this, input.campaignId, itemIndex);
		return [{ json: status }];
	},
});
