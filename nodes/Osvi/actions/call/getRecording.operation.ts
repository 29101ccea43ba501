import { z } from 'zod';

import type { OsviCallRecording } from '../../../shared/interfaces';
import { flag, readParameters } from '../../../shared/parameters';
import { osviRequest } from '../../../shared/transport';
import { downloadWithoutCredentials } from '../../../shared/transport/download';
import type { AdviceOverrides } from '../../../shared/transport/errors';
import { defineOperation } from '../operation';
import { callId, callPath, callReadProperties, isCallId } from './callId';

const properties = callReadProperties([
	{
		displayName: 'Download',
		name: 'download',
		type: 'boolean',
		default: true,
		description:
			'Whether to download the recording into a binary field. Off returns only the link, which expires 15 minutes after it was issued.',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { download: [true] } },
		hint: 'The name of the output binary field to put the recording in',
	},
]);

const recordingParameters = z
	.object({
		callId,
		download: flag,
		binaryPropertyName: z.string(),
	})
	.superRefine((parameters, context) => {
		if (parameters.download && parameters.binaryPropertyName.trim() === '') {
			context.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['binaryPropertyName'],
				message: 'is empty. Enter the name of a binary field, such as data.',
			});
		}
	})
	.transform((parameters) => ({
		...parameters,
		binaryPropertyName: parameters.binaryPropertyName.trim(),
	}));

// OSVI answers 404 both for a call it does not know and for one without a recording; its message says which.
function recordingNotFound(id: string): AdviceOverrides {
	return {
		404: {
			message: `OSVI has no recording of call ${id}`,
			description:
				'Only calls that somebody (or a voicemail) answered have a recording, once they have ended. Check the Call ID and that the credential’s API token belongs to the OSVI account that made the call.',
		},
	};
}

// Each download is held in memory until n8n stores it, so only a few run side by side.
const downloadConcurrency = 3;

export const getRecording = defineOperation({
	kind: 'eachItem',
	choice: {
		name: 'Get Recording',
		action: 'Get call recording',
		description:
			'Get the audio recording of one ended call by the call’s ID, downloaded as a binary file (or only its link, valid for 15 minutes). Reads only; places no call.',
	},
	properties,
	concurrency: downloadConcurrency,
	prepare(itemIndex) {
		return readParameters(this, itemIndex, properties, recordingParameters);
	},
	async execute(input, itemIndex) {
		const recording = await osviRequest<OsviCallRecording>(this, {
			method: 'GET',
			path: callPath(input.callId, '/recording'),
			effect: 'read',
			response: 'data',
			requiredFields: ['call_id', 'recording_url'],
			itemIndex,
			advice: recordingNotFound(input.callId),
		});
		if (!input.download) return [{ json: recording }];

		// The link is presigned and short-lived: fetched now, with no credential, since the storage host is not OSVI.
		const file = await downloadWithoutCredentials(this, {
			url: recording.recording_url,
			itemIndex,
			subject: `the recording of call ${input.callId}`,
		});
		const name = isCallId(recording.call_id) ? recording.call_id : input.callId;
		const binary = await this.helpers.prepareBinaryData(
			file.bytes,
			`${name}.${file.extension}`,
			file.mimeType,
		);
		return [{ json: recording, binary: { [input.binaryPropertyName]: binary } }];
	},
});
