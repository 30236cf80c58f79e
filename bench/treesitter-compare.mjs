#!/usr/bin/env node
// Runs the Node.js tree-sitter baseline (bench/node-baseline/treesitter.mjs: the reference's
// libraries doing the reference's per-call work) and lapce-ai's bench_treesitter on the golden
// corpus in one go, and prints a Markdown table with ratios (Node / ours: above 1, lapce-ai is
// better).
//
//   node bench/treesitter-compare.mjs [--build-dir build] [--skip-swift]
//
// Needs `npm ci` in bench/node-baseline first (packaging/bootstrap-deps.sh --with-node-baseline).

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..");
const { values: opt } = parseArgs({
	options: {
		"build-dir": { type: "string", default: "build" },
		"skip-swift": { type: "boolean", default: false },
	},
});
const build = path.resolve(REPO, opt["build-dir"]);
const swiftFlag = opt["skip-swift"] ? ["--skip-swift"] : [];

const node = JSON.parse(
	execFileSync(process.execPath, [path.join(HERE, "node-baseline", "treesitter.mjs"), "--json", ...swiftFlag], {
		encoding: "utf8",
		maxBuffer: 1 << 20,
	}),
);
const jsonOut = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lapce-ai-ts-")), "ours.json");
execFileSync(
	path.join(build, "bench", "bench_treesitter"),
	["--service", path.join(build, "service", "lapce-ai-service"), "--json-out", jsonOut, ...swiftFlag],
	{ stdio: ["ignore", "ignore", "inherit"] },
);
const ours = JSON.parse(fs.readFileSync(jsonOut, "utf8"));

const rows = [
	["file calls, cold (ms)", node.file_ms, ours.cold_file_ms],
	["folder calls, cold (ms)", node.dir_ms, ours.cold_dir_ms],
	["all calls, cold (ms)", node.total_ms, ours.cold_total_ms],
	["all calls, warm (ms)", node.total_ms, ours.warm_total_ms],
	["Swift file calls, cold (ms)", node.swift_file_ms, ours.cold_swift_file_ms],
	["per-file median, warm (ms)", node.file_median_ms, ours.warm_file_median_ms],
	["memory (MiB): peak RSS vs RSS growth", node.peak_rss_mib, ours.rss_growth_warm_mib],
];
console.log(`| measure (${node.file_calls} file + ${node.dir_calls} folder calls) | Node.js reference stack | lapce-ai | ratio |`);
console.log("|---|---|---|---|");
for (const [name, theirs, mine] of rows) {
	const ratio = mine > 0 ? (theirs / mine).toFixed(1) + "x" : "-";
	console.log(`| ${name} | ${theirs.toFixed(1)} | ${mine.toFixed(1)} | ${ratio} |`);
}
console.log(`\nlapce-ai: first result after start ${ours.first_result_ms.toFixed(1)} ms; ` +
	`heap growth ${ours.rss_growth_anonymous_mib.toFixed(1)} MiB (caches ${(ours.file_cache_mib + ours.tree_cache_mib).toFixed(1)} MiB, ` +
	`without caches ${ours.anonymous_without_caches_mib.toFixed(1)} MiB); query compilation ${ours.query_compile_ms.toFixed(0)} ms in all.`);
