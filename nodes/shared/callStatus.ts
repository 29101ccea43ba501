import type { INodePropertyOptions } from 'n8n-workflow';

/** Call outcomes OSVI reports, in the order of its List calls documentation. */
export const callStatuses = [
	'picked',
	'not_picked',
	'failed',
	'busy',
	'voicemail',
	'in_progress',
] as const;

export type OsviCallStatus = (typeof callStatuses)[number];

/** The statuses as n8n options, for the List filter and the trigger alike. */
export const callStatusOptions: INodePropertyOptions[] = [
	{ name: 'Busy', value: 'busy' },
	{ name: 'Failed', value: 'failed' },
	{ name: 'In Progress', value: 'in_progress' },
	{ name: 'Not Picked', value: 'not_picked' },
	{ name: 'Picked', value: 'picked' },
	{ name: 'Voicemail', value: 'voicemail' },
];
