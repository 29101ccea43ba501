// @ts-check
// n8n's editor in a real browser, for the editor tests and the README's pictures: Debian's Chromium (installed on
// first use) driven by playwright-core, which never downloads a browser of its own. A session has a fresh profile,
// is signed in as the instance's owner, reaches nothing but the instance, and keeps a picture of every failed step
// in one folder that the failure message names.
//
// Waits follow n8n's own signals (a panel rendered, a REST answer received), never fixed sleeps. Elements are found
// by n8n's data-test-id attributes, as n8n's own Playwright tests find them (stable across n8n 2.x releases), and
// panels are opened by URL (`/workflow/<id>/<nodeId>`, `/home/credentials/<id>`): on the canvas a pane catches
// pointer clicks meant for nodes.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log } from './cache.mjs';
import { ensureDebianPackages } from './debian.mjs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Quiet, nothing fetched in the background, no state shared with another run. */
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** The editor sends this localStorage value with every REST call, and n8n ties its login cookie to it. */
const BROWSER_ID_KEY = 'n8n-browserId';

/** Wide enough for the node panel's three columns, small enough for light pictures. */
export const VIEWPORT = { width: 1280, height: 800 };

/** A first editor load parses a few hundred scripts: slow on a busy two-core machine. */
const PAGE_TIMEOUT_MS = 60_000;

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */

/**
 * Launches Chromium (installing Debian's package first when it is missing) with a fresh profile, and signs in to
 * a running n8n as its owner.
 * @param {Pick<import('./n8n-instance.mjs').N8nInstance, 'baseUrl' | 'owner'>} instance
 * @param {{ failureDir?: string, viewport?: { width: number, height: number } }} [options]
 *   failureDir: where pictures of failed steps go (a new temporary folder by default, made on the first failure)
 * @returns {Promise<EditorSession>}
 */
export async function openEditor(instance, options = {}) {
	await ensureDebianPackages(['chromium']);
	const { chromium, selectors } = await import('playwright-core');
	selectors.setTestIdAttribute('data-test-id');
	const profile = mkdtempSync(join(tmpdir(), 'osvi-chromium-'));
	/** @type {import('playwright-core').BrowserContext | undefined} */
	let context;
	try {
		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM_PATH,
			headless: true,
			args: CHROMIUM_FLAGS,
			baseURL: instance.baseUrl,
			viewport: options.viewport ?? VIEWPORT,
			locale: 'en-US',
			timezoneId: 'UTC',
		});
		context.setDefaultTimeout(PAGE_TIMEOUT_MS);
		// Only the instance: the editor also asks the npm registry about installed community packages.
		const origin = new URL(instance.baseUrl).origin;
		await context.route(
			(url) => url.origin !== origin,
			(route) => route.abort('blockedbyclient'),
		);
		const browserId = `osvi-editor-${process.pid}-${Date.now()}`;
		await context.addInitScript({
			content: `window.localStorage.setItem(${JSON.stringify(BROWSER_ID_KEY)}, ${JSON.stringify(browserId)});`,
		});
		const login = await context.request.post('/rest/login', {
			headers: { 'browser-id': browserId },
			data: { emailOrLdapLoginId: instance.owner.email, password: instance.owner.password },
		});
		if (!login.ok()) throw new Error(`POST /rest/login from the browser → ${login.status()}: ${await login.text()}`);
		const page = context.pages()[0] ?? (await context.newPage());
		return new EditorSession(context, page, profile, options.failureDir);
	} catch (error) {
		await context?.close();
		rmSync(profile, { recursive: true, force: true });
		throw error;
	}
}

export class EditorSession {
	/**
	 * @param {import('playwright-core').BrowserContext} context
	 * @param {Page} page
	 * @param {string} profile
	 * @param {string | undefined} failureDir
	 */
	constructor(context, page, profile, failureDir) {
		this.context = context;
		this.page = page;
		/** @private */
		this.profile = profile;
		/** @private */
		this.failureDir = failureDir;
	}

	/**
	 * Runs one step; when it throws, saves a picture of the page as `<name>.png` and names it in the error.
	 * @template T
	 * @param {string} name
	 * @param {() => Promise<T>} body
	 * @returns {Promise<T>}
	 */
	async step(name, body) {
		try {
			return await body();
		} catch (error) {
			this.failureDir ??= mkdtempSync(join(tmpdir(), 'osvi-editor-failures-'));
			mkdirSync(this.failureDir, { recursive: true });
			const file = join(this.failureDir, `${name.replace(/[^\w.-]+/g, '-').slice(0, 80)}.png`);
			const saved = await this.page
				.screenshot({ path: file, fullPage: true })
				.then(() => `screenshot of the failure: ${file}`)
				.catch((/** @type {unknown} */ shotError) => `no screenshot of the failure (${String(shotError)})`);
			log(`editor step "${name}" failed; ${saved}`);
			if (error instanceof Error) error.message = `${error.message}\n(${saved}; page ${this.page.url()})`;
			throw error;
		}
	}

	/**
	 * Opens a workflow on the canvas and resolves once each of its nodes is drawn.
	 * @param {string} workflowId
	 * @param {number} nodeCount
	 */
	async openWorkflow(workflowId, nodeCount) {
		await this.page.goto(`/workflow/${workflowId}`);
		const nodes = this.page.getByTestId('canvas-node');
		await nodes.nth(nodeCount - 1).waitFor();
		return nodes;
	}

	/**
	 * Opens a node's panel (NDV) through its URL and resolves with it once its parameters are drawn.
	 * @param {string} workflowId
	 * @param {string} nodeId
	 * @returns {Promise<Locator>}
	 */
	async openNode(workflowId, nodeId) {
		await this.page.goto(`/workflow/${workflowId}/${nodeId}`);
		const panel = this.page.getByTestId('ndv');
		await panel.getByTestId('node-parameters').waitFor();
		return panel;
	}

	/**
	 * Names of the parameters a node's panel shows, in order (from each label's `for`).
	 * @param {Locator} panel
	 * @returns {Promise<Array<{ name: string, label: string }>>}
	 */
	async shownParameters(panel) {
		const labels = panel.getByTestId('node-parameters').locator('label[for]').filter({ visible: true });
		return await labels.evaluateAll((elements) =>
			elements.map((element) => ({
				name: element.getAttribute('for') ?? '',
				// The label also holds the Fixed/Expression switch; its first text is the parameter's name.
				label: (element.querySelector('.n8n-text') ?? element).textContent?.trim() ?? '',
			})),
		);
	}

	/**
	 * Opens the nodes panel from the canvas's + button and searches it.
	 * @param {string} text
	 * @returns {Promise<Locator>}  the panel
	 */
	async searchNodes(text) {
		await this.page.getByTestId('node-creator-plus-button').click();
		const creator = this.page.getByTestId('node-creator');
		await creator.getByTestId('node-creator-search-bar').fill(text);
		return creator;
	}

	/**
	 * The action list of the node the nodes panel shows: action group headings (e.g. "Call Actions") with the
	 * actions under each, as drawn.
	 * @param {Locator} creator
	 * @returns {Promise<Array<{ group: string, actions: string[] }>>}
	 */
	async actionGroups(creator) {
		await creator.locator('[data-keyboard-nav-type="action"]').first().waitFor();
		const items = creator.getByTestId('item-iterator-item');
		const rows = await items.evaluateAll((elements) =>
			elements.map((element) => ({
				action: element.getAttribute('data-keyboard-nav-type') === 'action',
				text:
					(element.querySelector('[data-test-id="node-creator-item-name"]') ?? element).textContent?.trim() ?? '',
			})),
		);
		/** @type {Array<{ group: string, actions: string[] }>} */
		const groups = [];
		for (const row of rows) {
			if (!row.action) groups.push({ group: row.text, actions: [] });
			else if (groups.length > 0) groups[groups.length - 1].actions.push(row.text);
			else groups.push({ group: '', actions: [row.text] });
		}
		return groups;
	}

	/**
	 * Opens a stored credential's dialog through its URL; resolves once the dialog is drawn and n8n's automatic test
	 * of the stored credential has answered.
	 * @param {string} credentialId
	 * @returns {Promise<Locator>}  the dialog
	 */
	async openCredential(credentialId) {
		const tested = this.credentialTestAnswer();
		await this.page.goto(`/home/credentials/${credentialId}`);
		const dialog = this.page.getByTestId('credential-edit-dialog');
		await dialog.waitFor();
		await tested;
		return dialog;
	}

	/**
	 * The next answer of n8n's credential test (`POST /rest/credentials/test`), as the editor receives it.
	 * @returns {Promise<{ status: string, message: string }>}
	 */
	async credentialTestAnswer() {
		const response = await this.page.waitForResponse(
			(candidate) =>
				candidate.request().method() === 'POST' && new URL(candidate.url()).pathname === '/rest/credentials/test',
		);
		return (await response.json()).data;
	}

	/**
	 * The next answer to a resource locator's list search (`POST /rest/dynamic-node-parameters/resource-locator-results`).
	 * @returns {Promise<{ results: Array<{ name: string, value: string }> }>}
	 */
	async listSearchAnswer() {
		const response = await this.page.waitForResponse(
			(candidate) =>
				new URL(candidate.url()).pathname === '/rest/dynamic-node-parameters/resource-locator-results',
		);
		if (!response.ok()) throw new Error(`list search → ${response.status()}: ${await response.text()}`);
		return (await response.json()).data;
	}

	/**
	 * Saves a picture of part of the page: the area that holds every given element, plus a margin, within the page.
	 * @param {string} file
	 * @param {Locator[]} parts
	 * @param {{ margin?: number, endAt?: Locator }} [options]
	 *   endAt: the picture ends 16 pixels below this element (e.g. the last parameter of a panel that is taller)
	 */
	async picture(file, parts, options = {}) {
		const margin = options.margin ?? 16;
		/** @param {Locator} part */
		const boxOf = async (part) => {
			const box = await part.boundingBox();
			if (!box) throw new Error(`picture ${file}: ${String(part)} is not on the page`);
			return box;
		};
		const boxes = await Promise.all(parts.map(boxOf));
		const viewport = this.page.viewportSize() ?? VIEWPORT;
		const left = Math.max(0, Math.min(...boxes.map((box) => box.x)) - margin);
		const top = Math.max(0, Math.min(...boxes.map((box) => box.y)) - margin);
		const right = Math.min(viewport.width, Math.max(...boxes.map((box) => box.x + box.width)) + margin);
		let bottom = Math.min(viewport.height, Math.max(...boxes.map((box) => box.y + box.height)) + margin);
		if (options.endAt) {
			const end = await boxOf(options.endAt);
			bottom = Math.min(bottom, end.y + end.height + 16);
		}
		await this.page.screenshot({
			path: file,
			clip: { x: left, y: top, width: right - left, height: bottom - top },
			animations: 'disabled',
			caret: 'hide',
		});
	}

	/** Closes the browser and removes its profile. */
	async close() {
		await this.context.close();
		rmSync(this.profile, { recursive: true, force: true });
	}
}
