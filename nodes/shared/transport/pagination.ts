import type { IDataObject } from 'n8n-workflow';

import { mapWithConcurrency } from '../concurrency';
import type { OsviPage } from '../interfaces';
import { osviRequest } from './index';
import type { OsviContext } from './index';

/** OSVI's cap on `per_page`. */
const maxPageSize = 100;

export interface PagedListRequest {
	path: string;
	query: IDataObject;
	returnAll: boolean;
	limit: number;
	itemIndex?: number;
	/** How many pages may be read side by side once OSVI says there are more. */
	pageConcurrency: number;
}

export interface PagedList<T> {
	items: T[];
	/** Where OSVI's own figures disagree with what arrived: for the node's execution hints, never silent. */
	warnings: string[];
}

function wholeNumberOrUndefined(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * An empty page always ends the listing. A short page ends it unless OSVI says more pages follow; a full page ends
 * it only when OSVI's page count and total count both agree that nothing follows.
 */
function endsListing(
	page: OsviPage<unknown>,
	pageNumber: number,
	perPage: number,
	collected: number,
): boolean {
	if (page.data.length === 0) return true;
	const reportedPages = wholeNumberOrUndefined(page.meta?.total_pages);
	if (page.data.length < perPage) return reportedPages === undefined || reportedPages <= pageNumber;
	const reportedCount = wholeNumberOrUndefined(page.meta?.total_count);
	return reportedPages === pageNumber && reportedCount === collected;
}

/**
 * Reads a page-numbered OSVI listing (calls, Do Not Disturb numbers). Every page uses one page size, or items would
 * repeat or go missing. The data decides where the listing ends: a page shorter than the page size is the last
 * one unless OSVI's `meta` says more follow, and an empty page always ends it. `meta.total_pages` only lets the
 * next few pages load side by side, so an absurd page count can neither exhaust memory nor flood OSVI: requests
 * stay within the pages that hold data plus `pageConcurrency`.
 */
export async function readAllPages<T>(
	context: OsviContext,
	request: PagedListRequest,
): Promise<PagedList<T>> {
	const perPage = request.returnAll ? maxPageSize : Math.min(request.limit, maxPageSize);
	const wanted = request.returnAll ? Infinity : request.limit;
	const fetchPage = async (page: number) =>
		await osviRequest<T>(context, {
			method: 'GET',
			path: request.path,
			effect: 'read',
			response: 'page',
			query: { ...request.query, page, per_page: perPage },
			itemIndex: request.itemIndex,
		});

	const items: T[] = [];
	let pageNumber = 1;
	let page: OsviPage<T> = await fetchPage(pageNumber);
	items.push(...page.data);
	let ended = endsListing(page, pageNumber, perPage, items.length);

	while (!ended && items.length < wanted) {
		// Side by side only as far as OSVI says pages exist and the limit needs them; otherwise one page at a time.
		const reportedPages = wholeNumberOrUndefined(page.meta?.total_pages);
		const pagesNeeded = Math.ceil((wanted - items.length) / perPage);
		const batch =
			reportedPages !== undefined && reportedPages > pageNumber
				? Math.min(request.pageConcurrency, reportedPages - pageNumber, pagesNeeded)
				: 1;
		const numbers = Array.from({ length: batch }, (_, offset) => pageNumber + 1 + offset);
		for (const next of await mapWithConcurrency(numbers, batch, fetchPage)) {
			page = next;
			pageNumber++;
			items.push(...next.data);
			ended = endsListing(next, pageNumber, perPage, items.length);
			if (ended) break;
		}
	}

	const warnings: string[] = [];
	const reportedCount = wholeNumberOrUndefined(page.meta?.total_count);
	if (request.returnAll && reportedCount !== undefined && reportedCount !== items.length) {
		warnings.push(
			`OSVI reported ${reportedCount} entries in total, but ${items.length} arrived. Entries may have been added or removed while the list was read; run the node again for a fresh list.`,
		);
	}
	return { items: request.returnAll ? items : items.slice(0, request.limit), warnings };
}
