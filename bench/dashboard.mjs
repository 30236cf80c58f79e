// One command for a release's numbers: every benchmark against its Node.js baseline, measured in
// the same run, written as one Markdown report of medians and ratios (above 1: lapce-ai is
// better). The comparisons are the scripts beside this one; each keeps its own options.
//
//   node bench/dashboard.mjs [--build-dir build] [--out bench-report.md] [--quick]
//
// --quick runs each comparison with fewer repetitions and messages: a check that everything runs,
// not numbers to publish. A comparison that fails is reported as failed in its section, the
// others still run, and the exit status is 1.
//
// Needs the default build (with benchmarks) and `npm ci` in bench/node-baseline
// (packaging/bootstrap-deps.sh --with-node-baseline).

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);

function parseOptions(argv) {
	const opt = { "build-dir": "build", out: "bench-report.md", quick: false };
	for (let i = 0; i < argv.length; ++i) {
		const name = argv[i].replace(/^--/, "");
		if (name === "quick") opt.quick = true;
		else if (name in opt && i + 1 < argv.length) opt[name] = argv[++i];
		else {
			console.error(`dashboard: unknown option ${argv[i]}`);
			process.exit(2);
		}
	}
	return opt;
}

const opt = parseOptions(process.argv.slice(2));
const buildDir = path.resolve(ROOT, opt["build-dir"]);

function run(program, args) {
	return execFileSync(program, args, {
		cwd: ROOT,
		encoding: "utf8",
		maxBuffer: 64 * 1024 * 1024,
		stdio: ["ignore", "pipe", "inherit"],
	});
}

// Google Benchmark's JSON (repetitions, aggregates only) as a Markdown table of medians.
function googleBenchmarkTable(binary, repetitions) {
	const report = JSON.parse(
		run(path.join(buildDir, "bench", binary), [
			`--benchmark_repetitions=${repetitions}`,
			"--benchmark_report_aggregates_only=true",
			"--benchmark_format=json",
		]),
	);
	const rows = report.benchmarks.filter((b) => b.aggregate_name === "median");
	const counters = [...new Set(rows.flatMap((row) => Object.keys(row).filter((key) => !KNOWN_FIELDS.has(key))))];
	const lines = [
		`| benchmark (median of ${repetitions}) | time | ${counters.join(" | ")} |`,
		`|---|---:|${counters.map(() => "---:").join("|")}|`,
	];
	for (const row of rows) {
		const time = `${row.real_time.toFixed(row.real_time < 10 ? 2 : 1)} ${row.time_unit}`;
		const values = counters.map((name) => (name in row ? formatNumber(row[name]) : ""));
		lines.push(`| ${row.run_name} | ${time} | ${values.join(" | ")} |`);
	}
	return lines.join("\n");
}

const KNOWN_FIELDS = new Set([
	"name", "family_index", "per_family_instance_index", "run_name", "run_type", "repetitions",
	"threads", "aggregate_name", "aggregate_unit", "iterations", "real_time", "cpu_time",
	"time_unit", "repetition_index",
]);

function formatNumber(value) {
	if (!Number.isFinite(value)) return String(value);
	if (Math.abs(value) >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
	if (Math.abs(value) >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
	return value.toFixed(value % 1 === 0 ? 0 : 2);
}

const quick = opt.quick;
const node = process.execPath;
const sections = [
	{
		title: "IPC: lapce-ai vs node-ipc (as Roo Code uses it) and net + NDJSON",
		produce: () =>
			run(node, [
				path.join(HERE, "ipc-compare.mjs"), "--build-dir", buildDir,
				"--runs", quick ? "1" : "3", ...(quick ? ["--messages", "500", "--reconnect-trials", "2"] : []),
			]),
	},
	{
		title: "Provider streaming: lapce-ai's handlers vs the reference's Node.js SDKs",
		produce: () =>
			run(node, [
				path.join(HERE, "provider-compare.mjs"), "--build-dir", buildDir,
				"--repeat", quick ? "1" : "5", ...(quick ? ["--chunks", "1000"] : []),
			]),
	},
	{
		title: "Tree-sitter definitions: lapce-ai vs the reference's web-tree-sitter stack (golden corpus)",
		produce: () => run(node, [path.join(HERE, "treesitter-compare.mjs"), "--build-dir", buildDir]),
	},
	{
		title: "System prompt builds (no Node.js baseline: the reference builds them inside the editor's extension host)",
		produce: () => googleBenchmarkTable("bench_prompts", quick ? 2 : 5),
	},
];

const commit = (() => {
	try {
		return run("git", ["rev-parse", "--short", "HEAD"]).trim();
	} catch {
		return "unknown";
	}
})();
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const header = [
	"# lapce-ai benchmarks",
	"",
	`${new Date().toISOString()} · commit ${commit} · ${cpu}, ${os.cpus().length} cores · ` +
		`${os.type()} ${os.release()} · Node.js ${process.version}${quick ? " · --quick (not for publishing)" : ""}`,
	"",
	"Medians; every ratio compares runs of the same invocation, so a noisy machine moves both sides.",
	"",
];

let failed = false;
const body = [];
for (const section of sections) {
	body.push(`## ${section.title}`, "");
	const started = Date.now();
	try {
		body.push(section.produce().trim());
	} catch (error) {
		failed = true;
		body.push(`**failed**: ${String(error.message ?? error).split("\n")[0]}`);
	}
	body.push("", `_(${((Date.now() - started) / 1000).toFixed(0)} s)_`, "");
	console.error(`dashboard: ${section.title.split(":")[0]} done`);
}

const report = [...header, ...body].join("\n");
fs.writeFileSync(path.resolve(ROOT, opt.out), report);
console.log(report);
process.exit(failed ? 1 : 0);
