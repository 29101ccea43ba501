import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { OsviPage } from '../interfaces';
import { mapWithConcurrency } from '../concurrency';
import { defaultTransportSettings, osviApiRequest } from './index';
import type { TransportSettings } from './index';

const maxPageSize = 100;

export interface PagedListRequest {
	endpoint: string;
	qs: IDataObject;
	returnAll: boolean;
	limit: number;
	itemIndex: number;
	pageConcurrency: number;
}

/**
 * Reads a page-numbered OSVI listing. OSVI pages by number, so every page uses one page size or items
 * would repeat or go missing; after page 1 reveals the page count, the other pages load in parallel.
 */
export async function osviApiRequestPages<T>(
	context: IExecuteFunctions,
	request: PagedListRequest,
	settings: TransportSettings = defaultTransportSettings,
): Promise<T[]> {
	const perPage = request.returnAll ? maxPageSize : Math.min(request.limit, maxPageSize);
	const fetchPage = async (page: number) =>
		await osviApiRequest<OsviPage<T>>(
			context,
			{
				method: 'GET',
				endpoint: request.endpoint,
				qs: { ...request.qs, page, per_page: perPage },
				itemIndex: request.itemIndex,
			},
			settings,
		);

	const first = await fetchPage(1);
	const totalPages = first.meta?.total_pages ?? 1;
	const pagesWanted = request.returnAll
		? totalPages
		: Math.min(totalPages, Math.ceil(request.limit / perPage));
	const laterPageNumbers = Array.from({ length: Math.max(0, pagesWanted - 1) }, (_, i) => i + 2);
	const laterPages =
		first.data.length === 0
			? []
			: await mapWithConcurrency(laterPageNumbers, request.pageConcurrency, fetchPage);

	const items = [...first.data];
	for (const [index, page] of laterPages.entries()) {
		// An empty page, or one that is not the page asked for, means the listing ended or shifted: stop there.
		if (page.data.length === 0 || page.meta?.current_page !== laterPageNumbers[index]) break;
		items.push(...page.data);
	}
	return request.returnAll ? items : items.slice(0, request.limit);
}
