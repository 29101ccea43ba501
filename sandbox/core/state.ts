import { seedCampaigns } from './campaigns';
import { seedDndNumbers } from './dnd';
import { initialSettings } from './lifecycle';
import { createRandom } from './random';
import { REFERENCE_EPOCH_MS, seedData } from './seed';
import type { SandboxState, SandboxStateOptions } from './types';

export const DEFAULT_SEED = 20260630;

// A different stream from the seeded data, so placing calls never shifts what a seed means.
const placedCallSeed = (seed: number) => (seed ^ 0x5bd1e995) >>> 0;

export function createSandboxState(options: SandboxStateOptions): SandboxState {
	const { agents, calls } = seedData(options.seed, options.callCount, options.referenceMs);
	const { campaigns, uploads } = seedCampaigns(
		agents,
		calls,
		options.referenceMs ?? REFERENCE_EPOCH_MS,
	);
	return {
		options,
		agents,
		calls,
		random: createRandom(placedCallSeed(options.seed)),
		campaigns,
		uploads,
		dndNumbers: seedDndNumbers(calls),
		settings: initialSettings(options),
		numberPlans: [],
	};
}

/** Puts the store back to what the seed produced, keeping the same state object the shell holds. */
export function resetSandboxState(state: SandboxState): void {
	const fresh = createSandboxState(state.options);
	state.agents = fresh.agents;
	state.calls = fresh.calls;
	state.random = fresh.random;
	state.campaigns = fresh.campaigns;
	state.uploads = fresh.uploads;
	state.dndNumbers = fresh.dndNumbers;
	state.settings = fresh.settings;
	state.numberPlans = fresh.numberPlans;
}
