const { rmSync } = require('node:fs');
const { src, dest, task } = require('gulp');

// tsc copies only code; n8n loads node and credential icons from beside the compiled files.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	),
);

// A build starts from an empty dist/, so files of moved or deleted sources are never packed.
task('clean', (done) => {
	rmSync('dist', { recursive: true, force: true });
	done();
});
