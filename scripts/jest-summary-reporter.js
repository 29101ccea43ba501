// @ts-check
// Ends jest's output with a plain "unit: N passed, N failed" line, which CI reads to count the tests that ran.
class SummaryReporter {
	/**
	 * @param {unknown} _contexts
	 * @param {import('@jest/test-result').AggregatedResult} results
	 */
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const tail = skipped ? `, ${skipped} skipped` : '';
		process.stderr.write(`\nunit: ${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`);
	}
}

module.exports = SummaryReporter;
