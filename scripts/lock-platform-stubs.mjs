#!/usr/bin/env node
// The npm registry these machines reach serves only the platform packages of linux-x64-glibc, so
// `npm install` leaves the other platforms' optional packages (rollup's, unrs-resolver's) out of
// package-lock.json, and `npm ci` then refuses the lock as out of sync. This adds each missing
// optional package as a lock entry with its os/cpu/libc, which `npm ci` skips as foreign without
// downloading it. Run it after any `npm install` that changes package-lock.json.
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const packages = lock.packages;

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32', 'sunos', 'aix', 'netbsd'];
const CPU = { 'arm-eabi': 'arm', arm64: 'arm64', x64: 'x64', ia32: 'ia32', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x', arm: 'arm', wasm32: 'wasm32' };

function platformOf(name) {
	const parts = name.split('/').pop().split('-');
	const osIndex = parts.findIndex((part) => OS.includes(part));
	if (osIndex === -1) return undefined;
	const rest = parts.slice(osIndex + 1).join('-');
	const cpuKey = Object.keys(CPU).sort((a, b) => b.length - a.length).find((key) => rest === key || rest.startsWith(`${key}-`));
	if (!cpuKey) return undefined;
	const entry = { os: [parts[osIndex]], cpu: [CPU[cpuKey]] };
	if (/musl/.test(rest)) entry.libc = ['musl'];
	else if (/gnu/.test(rest) && parts[osIndex] === 'linux') entry.libc = ['glibc'];
	return entry;
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
	for (const [dependency, version] of Object.entries(entry.optionalDependencies ?? {})) {
		const nested = `${location ? `${location}/` : ''}node_modules/${dependency}`;
		if (packages[nested] || packages[`node_modules/${dependency}`]) continue;
		const platform = platformOf(dependency);
		if (!platform || !/^\d+\.\d+\.\d+/.test(version)) continue;
		packages[`node_modules/${dependency}`] = { version, dev: entry.dev, optional: true, ...platform };
		added++;
	}
}
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platform-stubs: added ${added} foreign-platform optional entries`);
