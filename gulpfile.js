const { src, dest, task } = require('gulp');

// tsc copies only code; n8n loads node and credential icons from beside the compiled files.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	),
);
