import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { wholeNumber } from '../../../shared/parameters';
import type { AdviceOverrides } from '../../../shared/transport/errors';

/** The Campaign ID field of Add Contacts and Get Status. */
export const campaignIdProperty: INodeProperties = {
	displayName: 'Campaign ID',
	name: 'campaignId',
	type: 'number',
	default: 0,
	required: true,
	placeholder: 'e.g. 7',
	description:
		'The campaign’s number, as the OSVI dashboard shows it. Campaigns are created in the dashboard.',
};

// The field's default is 0, so an untouched field reads as empty rather than as a campaign of that number.
const emptyAsAbsent = (value: unknown) =>
	value === 0 || value === '' || value === null ? undefined : value;

/** A campaign's ID: a whole number of 1 or more. */
export const campaignId = z.preprocess(
	emptyAsAbsent,
	z
		.custom<number | string>((value) => value !== undefined, {
			message: 'is empty. Enter the number of one of your campaigns from the OSVI dashboard.',
		})
		.pipe(wholeNumber({ min: 1 })),
);

export function campaignPath(id: number, below: '/contacts' | '/status'): string {
	return `/v1/campaigns/${id}${below}`;
}

/** OSVI answers 404 for a campaign that does not exist on the token's account. */
export function campaignNotFound(id: number): AdviceOverrides {
	return {
		404: {
			message: `OSVI has no campaign with the ID ${id} on your account`,
			description:
				'Check the Campaign ID and that the credential’s API token belongs to the OSVI account of the campaign. Campaigns are created in the OSVI dashboard.',
		},
	};
}
