/**
 * The package as n8n sees it: the size npm publishes, and the time n8n's own loader
 * (n8n-core's PackageDirectoryLoader, which n8n uses for community packages) takes to load it,
 * measured in fresh Node processes with n8n-workflow and n8n-core already loaded, as in n8n.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { REPO_ROOT } from '../test/support/n8n.mts';
import type { Row } from './lib.mts';

const exec = promisify(execFile);
const LOADS = 7;

const loadScript = `
const { performance } = require('node:perf_hooks');
require('n8n-workflow');
const { PackageDirectoryLoader } = require('n8n-core');
(async () => {
	const started = performance.now();
	const loader = new PackageDirectoryLoader(process.argv[1]);
	await loader.loadAll();
	const ms = performance.now() - started;
	console.log(JSON.stringify({ ms, nodes: Object.keys(loader.known.nodes).length, credentials: Object.keys(loader.known.credentials).length }));
})();
`;

export async function packageFigures(): Promise<Row[]> {
	await exec('npm', ['run', 'build'], { cwd: REPO_ROOT });
	const { stdout } = await exec('npm', ['pack', '--dry-run', '--json'], { cwd: REPO_ROOT });
	const [packed] = JSON.parse(stdout) as Array<{ size: number; unpackedSize: number; entryCount: number }>;
	const loads: Array<{ ms: number; nodes: number; credentials: number }> = [];
	for (let index = 0; index < LOADS; index++) {
		const result = await exec(process.execPath, ['-e', loadScript, REPO_ROOT], { cwd: REPO_ROOT });
		loads.push(JSON.parse(result.stdout.trim().split('\n').pop() as string));
	}
	const sorted = loads.map((load) => load.ms).sort((a, b) => a - b);
	return [
		{ section: 'package', label: 'npm pack', figures: { 'packed kB': packed.size / 1024, 'unpacked kB': packed.unpackedSize / 1024, files: packed.entryCount } },
		{ section: 'package', label: `n8n's PackageDirectoryLoader, median of ${LOADS} fresh processes`, figures: { 'load ms': sorted[Math.floor(LOADS / 2)], nodes: loads[0].nodes, credentials: loads[0].credentials } },
	];
}
