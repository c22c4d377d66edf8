// The build's asset step: n8n loads node and credential icons and codex files from dist/ next to
// the compiled .js. This copies them there and fails the build when a node or credential points
// at an icon that does not exist or a node has no codex file with categories.
const { src, dest, series } = require('gulp');
const fs = require('node:fs');
const path = require('node:path');

const ICON_GLOBS = ['icons/**/*.svg', 'icons/**/*.png', 'nodes/**/*.svg', 'nodes/**/*.png', 'credentials/**/*.svg', 'credentials/**/*.png'];
const CODEX_GLOBS = ['nodes/**/*.node.json'];

function filesUnder(folder, suffix) {
	if (!fs.existsSync(folder)) return [];
	return fs.readdirSync(folder, { recursive: true })
		.map((name) => path.join(folder, String(name)))
		.filter((file) => file.endsWith(suffix));
}

function checkAssets(done) {
	const problems = [];
	for (const source of [...filesUnder('nodes', '.node.ts'), ...filesUnder('credentials', '.credentials.ts')]) {
		const text = fs.readFileSync(source, 'utf8');
		for (const [, icon] of text.matchAll(/['"]file:([^'"]+)['"]/g)) {
			const iconPath = path.resolve(path.dirname(source), icon);
			if (!fs.existsSync(iconPath)) problems.push(`${source}: icon ${icon} not found`);
		}
		if (source.endsWith('.node.ts')) {
			const codex = source.replace(/\.ts$/, '.json');
			if (!fs.existsSync(codex)) {
				problems.push(`${source}: codex file ${codex} is missing`);
				continue;
			}
			const { categories, node } = JSON.parse(fs.readFileSync(codex, 'utf8'));
			if (!Array.isArray(categories) || categories.length === 0) problems.push(`${codex}: no categories`);
			if (!String(node).startsWith('n8n-nodes-xoxoday-plum.')) problems.push(`${codex}: "node" must be the package-qualified type`);
		}
	}
	if (problems.length) return done(new Error(`Asset check failed:\n- ${problems.join('\n- ')}`));
	done();
}

function copyIcons() {
	return src(ICON_GLOBS, { base: '.', encoding: false, allowEmpty: true }).pipe(dest('dist'));
}

function copyCodex() {
	return src(CODEX_GLOBS, { base: '.', allowEmpty: true }).pipe(dest('dist'));
}

exports['build:assets'] = series(checkAssets, copyIcons, copyCodex);
exports.default = exports['build:assets'];
