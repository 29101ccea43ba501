/** The per-call `webhook_url` body as OSVI documents it ("Variant A"). */
export const perCallPayload = {
	agent_name: 'Sales Agent',
	agent_uuid: '0b7c6f1e-8d2a-4c3b-9e5f-1a2b3c4d5e6f',
	phone_number: '+919876543210',
	call_log_id: '5f0e9a7c-3b1d-4e2f-8a6b-7c8d9e0f1a2b',
	chat: 'Agent: Hello, am I speaking with John?\nUser: Yes, speaking.',
	call_status: 'picked',
	executionMode: 'prod',
};

/** The Post-Call Analysis integration body from OSVI's docs ("Variant B"). */
export const postCallAnalysisPayload = {
	call_log_id: '8de63236-e013-42dd-9d99-1be5521701d4',
	phone_number: '+919876543210',
	agent_name: 'agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og',
	call_status: 'picked',
	call_type: 'outbound',
	call_summary: 'The customer confirmed their appointment for June 12 at 10:00.',
	data_capture: {
		customer_name: 'John Doe',
		appointment_confirmed: true,
		preferred_time: '10:00 AM',
	},
	structured_output: {
		intent: 'appointment_confirmation',
		appointment: { date: '2026-06-12', time: '10:00' },
	},
	call_trigger_data: {
		phone_number: '+919876543210',
		person_name: 'John Doe',
		crm_id: 'lead_42',
		campaign: 'june-renewals',
	},
};
