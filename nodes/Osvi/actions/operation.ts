import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** How the router runs an operation's items: side by side, and spaced out in time. */
export interface Schedule {
	concurrency: number;
	intervalMs: number;
}

/**
 * One operation in two halves: `prepare` reads and checks an item's parameters without any request,
 * so that bad input stops the run before anything is sent; `execute` talks to OSVI.
 */
export interface Operation<Request = unknown> {
	prepare(this: IExecuteFunctions, itemIndex: number): Request;
	execute(this: IExecuteFunctions, request: Request, itemIndex: number): Promise<IDataObject[]>;
	schedule?(this: IExecuteFunctions): Schedule;
}
