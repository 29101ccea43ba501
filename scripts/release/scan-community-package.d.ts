// Types for the part of n8n's community-package scanner that the release checks call (the package ships none).
declare module '@n8n/scan-community-package/scanner/scanner.mjs' {
	/** What the scanner lints in a package's attested source: package.json, nodes/ and credentials/. */
	export const SOURCE_FILE_PATTERNS: string[];

	export interface AnalysisResult {
		passed: boolean;
		message?: string;
		/** ESLint's "stylish" report of the violations, with absolute paths. */
		details?: string;
		error?: unknown;
	}

	/** Lints the files matching the patterns under a folder with the scanner's rules, inline eslint-disable ignored. */
	export function analyzePackage(
		packageDir: string,
		filePatterns?: string[],
	): Promise<AnalysisResult>;
}
