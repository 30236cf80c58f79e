#!/usr/bin/env node
// Provider streaming: the reference's stack (Node.js with the openai 5.12.2 / @anthropic-ai/sdk
// 0.37.0 SDKs, bench/node-baseline/provider-stream.mjs) against lapce-ai's handlers
// (build/bench/bench_provider_stream), both consuming the same streams from one local server
// (bench/node-baseline/stream-server.mjs, a separate process). Prints a Markdown table of medians
// and ratios (Node / ours: above 1, lapce-ai is better).
//
//   node bench/provider-compare.mjs [--build-dir build] [--chunks 10000] [--repeat 5]
//        [--kinds openai,anthropic] [--transports http,https] [--concurrent 6]
//
// "memory per active stream" is (peak RSS with --concurrent streams at once − peak RSS with one
// stream) ÷ (concurrent − 1), each from its own process running one timed run. 6 is HTTP/1.1's
// connection limit per host of one Qt network manager, so that one manager carries every stream.
//
// `https` streams over TLS 1.3 from a certificate made with openssl for the run, which both
// clients trust (NODE_EXTRA_CA_CERTS for Node, --ca-file for ours): hosted providers are reached
// over TLS, local servers (Ollama, LM Studio) over plain HTTP.
//
// Needs `npm ci` in bench/node-baseline first (packaging/bootstrap-deps.sh --with-node-baseline).

import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..");
const { values: opt } = parseArgs({
	options: {
		"build-dir": { type: "string", default: "build" },
		chunks: { type: "string", default: "10000" },
		repeat: { type: "string", default: "5" },
		kinds: { type: "string", default: "openai,anthropic" },
		transports: { type: "string", default: "http,https" },
		concurrent: { type: "string", default: "6" },
	},
});

const certDir = fs.mkdtempSync(path.join(os.tmpdir(), "provider-compare-"));
const cert = path.join(certDir, "cert.pem");
const key = path.join(certDir, "key.pem");
const opensslArgs = "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1";
execFileSync(
	"openssl",
	[...opensslArgs.split(" "), "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
	{
		stdio: "ignore",
	},
);

// One stream server per transport, each a separate process.
async function startServer(transport) {
	const env = transport === "https" ? { ...process.env, STREAM_TLS_CERT: cert, STREAM_TLS_KEY: key } : process.env;
	const child = spawn(process.execPath, [path.join(HERE, "node-baseline", "stream-server.mjs")], {
		stdio: ["pipe", "pipe", "inherit"],
		env,
	});
	const port = await new Promise((resolve, reject) => {
		readline.createInterface({ input: child.stdout }).on("line", (line) => {
			const match = /^READY (\d+)$/.exec(line);
			if (match) resolve(Number(match[1]));
		});
		child.on("exit", (code) => reject(new Error(`stream server exited (${code})`)));
	});
	return { child, port };
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const run = (command, args, env = process.env) =>
	JSON.parse(execFileSync(command, args, { encoding: "utf8", maxBuffer: 1 << 20, env }));

const rows = [];
const servers = [];
try {
	for (const transport of opt.transports.split(",")) {
		const server = await startServer(transport);
		servers.push(server.child);
		const tls = transport === "https";
		for (const kind of opt.kinds.split(",")) {
			const base = `${transport}://127.0.0.1:${server.port}/n/${opt.chunks}` + (kind === "openai" ? "/v1" : "");
			const common = ["--kind", kind, "--base-url", base];
			// Both stacks with the same arguments, each in a fresh process.
			const runBoth = (args) => ({
				node: run(
					process.execPath,
					[path.join(HERE, "node-baseline", "provider-stream.mjs"), ...args],
					tls ? { ...process.env, NODE_EXTRA_CA_CERTS: cert } : process.env,
				),
				ours: run(
					path.resolve(REPO, opt["build-dir"], "bench", "bench_provider_stream"),
					tls ? [...args, "--ca-file", cert] : args,
				),
			});
			const { node, ours } = runBoth([...common, "--repeat", opt.repeat]);
			const label =
				(kind === "openai" ? `Chat Completions, ${opt.chunks} chunks` : `Anthropic, ${opt.chunks} events`) +
				`, ${transport}`;
			const nodeCpu = median(node.runs.map((r) => r.cpu_ms));
			const oursCpu = median(ours.runs.map((r) => r.cpu_ms));
			rows.push([`${label}: CPU per stream (ms)`, nodeCpu, oursCpu]);
			rows.push([
				`${label}: wall per stream (ms)`,
				median(node.runs.map((r) => r.wall_ms)),
				median(ours.runs.map((r) => r.wall_ms)),
			]);
			rows.push([`${label}: peak RSS (MiB)`, node.peak_rss_kib / 1024, ours.peak_rss_kib / 1024]);
			const concurrent = Number(opt.concurrent);
			if (concurrent > 1) {
				// One timed run each, so that both peaks come from processes that did the same amount
				// of work apart from the number of streams at once.
				const once = (streams) => runBoth([...common, "--repeat", "1", "--concurrent", String(streams)]);
				const one = once(1);
				const many = once(concurrent);
				const perStream = (manyKib, oneKib) => (manyKib - oneKib) / 1024 / (concurrent - 1);
				rows.push([
					`${label}: memory per active stream (MiB, ${concurrent} at once, one run)`,
					perStream(many.node.peak_rss_kib, one.node.peak_rss_kib),
					perStream(many.ours.peak_rss_kib, one.ours.peak_rss_kib),
				]);
			}
			const allocations = ours.runs.map((r) => r.allocations_per_chunk).filter((v) => v !== null);
			if (allocations.length) rows.push([`${label}: heap allocations per chunk`, null, median(allocations)]);
		}
	}
} finally {
	for (const child of servers) child.stdin.end();
	fs.rmSync(certDir, { recursive: true, force: true });
}

const format = (value) => (value === null ? "–" : value >= 100 ? value.toFixed(0) : value.toFixed(2));
console.log(`| measure (median of ${opt.repeat}) | Node.js SDK | lapce-ai | Node ÷ lapce-ai |`);
console.log("|---|---:|---:|---:|");
for (const [label, node, ours] of rows) {
	console.log(
		`| ${label} | ${format(node)} | ${format(ours)} | ${node === null || node <= 0 || ours <= 0 ? "–" : (node / ours).toFixed(1) + "x"} |`,
	);
}
