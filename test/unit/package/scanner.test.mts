/**
 * n8n's verification scan (`@n8n/scan-community-package`), run offline on what it scans: the source
 * tree (package.json, nodes/ and credentials/) and the packed tarball (its compiled .js and
 * package.json). Only its provenance and download steps need the registry; the lint rules that decide
 * the verdict are the same, so a rule the scan would fail on fails here first.
 *
 * Each leg also scans a copy with one forbidden import added, so the test cannot pass by scanning
 * nothing (the scanner reports "no files" as a pass).
 */
import { spawnSync } from 'node:child_process';
import { appendFile, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { packPackage, removePackedTarball, REPO_ROOT } from '../../support/n8n.mts';

interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
}

/** The file patterns the scan uses for the tarball leg (scanner.mjs, analyzePackageByName). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

/**
 * Runs the scanner's analyzePackage(dir, patterns) in a plain Node process, as its CLI runs: under
 * vitest NODE_ENV is "test", which makes eslint-plugin-n8n-nodes-base treat every file as Test.node.ts.
 */
function analyzePackage(dir: string, patterns: 'source' | string[]): ScanResult {
	const script = `
		import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';
		const [dir, patterns] = JSON.parse(process.argv[1]);
		const result = await analyzePackage(dir, patterns === 'source' ? SOURCE_FILE_PATTERNS : patterns);
		process.stdout.write(JSON.stringify({ passed: result.passed, message: result.message, details: result.details }));
	`;
	const env = { ...process.env };
	delete env.NODE_ENV;
	delete env.VITEST;
	const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify([dir, patterns])], {
		cwd: REPO_ROOT,
		env,
		encoding: 'utf8',
	});
	if (child.status !== 0) throw new Error(`the scanner failed to run (exit ${child.status}):\n${child.stderr}`);
	return JSON.parse(child.stdout) as ScanResult;
}

function report(result: ScanResult): string {
	return [result.message, result.details].filter(Boolean).join('\n');
}

let work: string;
let tarball: string;
let unpacked: string;

beforeAll(async () => {
	work = await mkdtemp(path.join(tmpdir(), 'plum-scan-'));
	tarball = await packPackage();
	// npm tarballs hold one folder, package/.
	unpacked = path.join(work, 'package');
	await cp(tarball, path.join(work, 'package.tgz'));
	const tar = spawnSync('tar', ['-xzf', 'package.tgz', '-C', work], { cwd: work });
	if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr.toString()}`);
}, 120_000);

afterAll(async () => {
	if (tarball) await removePackedTarball(tarball);
	if (work) await rm(work, { recursive: true, force: true });
});

/** A copy of `from` (only `entries`) with a forbidden import appended to its first file under `into`. */
async function withViolation(from: string, entries: string[], into: string, ext: string): Promise<string> {
	const copy = await mkdtemp(path.join(work, 'violation-'));
	for (const entry of entries) await cp(path.join(from, entry), path.join(copy, entry), { recursive: true });
	const files = (await readdir(path.join(copy, into), { recursive: true })).filter((file) => file.endsWith(ext)).sort();
	const line = ext === '.ts' ? "\nimport { readFileSync } from 'node:fs';\nexport const leak = readFileSync;\n" : "\nconst leak = require('node:fs');\nexports.leak = leak;\n";
	await appendFile(path.join(copy, into, files[0]), line);
	return copy;
}

describe('n8n verification scan (offline)', () => {
	it('passes on the source tree', async () => {
		const result = analyzePackage(REPO_ROOT, 'source');
		expect(result.message, report(result)).toBeUndefined();
		expect(result.passed, report(result)).toBe(true);
	}, 60_000);

	it('passes on the packed tarball', async () => {
		const result = analyzePackage(unpacked, TARBALL_FILE_PATTERNS);
		expect(result.message, report(result)).toBeUndefined();
		expect(result.passed, report(result)).toBe(true);
	}, 60_000);

	it('fails on a source tree with a forbidden import', async () => {
		const copy = await withViolation(REPO_ROOT, ['package.json', 'nodes', 'credentials'], 'nodes', '.ts');
		const result = analyzePackage(copy, 'source');
		expect(result.passed).toBe(false);
		expect(result.details).toMatch(/node:fs|restricted|not allowed/i);
	}, 60_000);

	it('fails on a tarball with a forbidden require', async () => {
		const copy = await withViolation(unpacked, ['package.json', 'dist'], 'dist/nodes', '.js');
		const result = analyzePackage(copy, TARBALL_FILE_PATTERNS);
		expect(result.passed).toBe(false);
		expect(result.details).toMatch(/node:fs|restricted|not allowed/i);
	}, 60_000);
});
