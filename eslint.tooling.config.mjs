// @ts-check
// Lint for the tooling (scripts/, e2e/): `npm run lint:tooling`. The package's own eslint.config.mjs stays
// n8n's unmodified default, which `n8n-node lint` and n8n's verification require.
// The rules read the types that tsconfig.tooling.json gives these files: tooling starts processes and servers,
// so a promise nobody awaits (a server that is never stopped, a failure nobody sees) is an error here.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TOOLING = ['scripts/**/*.mjs', 'scripts/**/*.js', 'e2e/**/*.mjs', 'eslint.tooling.config.mjs'];

export default tseslint.config(
	{
		files: TOOLING,
		extends: [js.configs.recommended],
		languageOptions: {
			ecmaVersion: 2023,
			sourceType: 'module',
			globals: globals.node,
			parser: tseslint.parser,
			parserOptions: {
				project: './tsconfig.tooling.json',
				tsconfigRootDir: import.meta.dirname,
			},
		},
		plugins: { '@typescript-eslint': tseslint.plugin },
		linterOptions: { reportUnusedDisableDirectives: 'error' },
		rules: {
			'@typescript-eslint/no-floating-promises': [
				'error',
				// node:test runs what these register; the promises they return are the runner's to await.
				{
					allowForKnownSafeCalls: [
						{ from: 'package', package: 'node:test', name: ['describe', 'suite', 'test', 'it', 'before', 'after', 'beforeEach', 'afterEach'] },
					],
				},
			],
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/await-thenable': 'error',
			'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none' }],
			eqeqeq: ['error', 'always'],
			'no-var': 'error',
			'prefer-const': 'error',
			'object-shorthand': 'error',
			'no-implicit-coercion': 'error',
			'no-param-reassign': 'error',
			'no-throw-literal': 'error',
			'prefer-template': 'error',
			'no-console': 'off',
		},
	},
	{
		files: ['scripts/**/*.js'],
		languageOptions: { sourceType: 'commonjs' },
	},
);
