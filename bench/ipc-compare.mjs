#!/usr/bin/env node
// Runs the Node.js IPC baselines (bench/node-baseline/bench.mjs: node-ipc as
// used by Roo Code, and plain net + NDJSON) and lapce-ai's own IPC benchmark
// in one go, repeats everything --runs times, and prints a Markdown table of
// medians with ratios.
//
//   node bench/ipc-compare.mjs [--build-dir build] [--runs 3] [--json-out FILE]
//                              [--skip-ours] [--sizes 89,1024,16384]
//                              [--messages 2000] [--reconnect-trials 5]
//                              [--transports shm,socket]
//
// Ratio columns: node value / our value for times and memory, our value /
// node value for throughput, so a ratio > 1 always means lapce-ai is better.
//
// Needs `npm ci` in bench/node-baseline first.

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

import { defaultStreamMessages } from "./node-baseline/common.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..");
const NODE_BENCH = path.join(HERE, "node-baseline", "bench.mjs");
const STACKS = ["node-ipc", "net"];

// ---------------------------------------------------------------- options

const USAGE = `usage: node bench/ipc-compare.mjs [options]
  --build-dir DIR          CMake build dir holding service/lapce-ai{,-service} (default: build)
  --runs N                 repetitions; the table shows medians (default 3)
  --json-out FILE          also write all raw results and medians as JSON
  --skip-ours              only run the Node.js baselines
  --sizes LIST             message sizes in bytes (default 89,1024,16384)
  --messages N             round trips per size (default 2000)
  --stream-messages M      messages per stream phase, Node side (default: bench.mjs default)
  --reconnect-trials T     kill/restart trials per run and stack (default 5)
  --transports LIST        lapce-ai transports to measure (default shm,socket)
  --timeout-s S            limit for any single benchmark command (default 300)`;

let opt;
try {
	({ values: opt } = parseArgs({
		options: {
			"build-dir": { type: "string" },
			runs: { type: "string", default: "3" },
			"json-out": { type: "string" },
			"skip-ours": { type: "boolean", default: false },
			sizes: { type: "string", default: "89,1024,16384" },
			messages: { type: "string", default: "2000" },
			"stream-messages": { type: "string" },
			"reconnect-trials": { type: "string", default: "5" },
			transports: { type: "string", default: "shm,socket" },
			"timeout-s": { type: "string", default: "300" },
			help: { type: "boolean", short: "h", default: false },
		},
	}));
} catch (e) {
	console.error(String(e.message ?? e));
	console.error(USAGE);
	process.exit(2);
}
if (opt.help) {
	console.log(USAGE);
	process.exit(0);
}

function posInt(name, v, min = 1) {
	const n = Number(v);
	if (!Number.isInteger(n) || n < min) {
		console.error(`--${name}: expected an integer >= ${min}, got ${JSON.stringify(v)}`);
		process.exit(2);
	}
	return n;
}

const RUNS = posInt("runs", opt.runs);
const SIZES = opt.sizes.split(",").map((s) => posInt("sizes", s.trim()));
const MESSAGES = posInt("messages", opt.messages);
const TRIALS = posInt("reconnect-trials", opt["reconnect-trials"], 0);
const TIMEOUT_MS = posInt("timeout-s", opt["timeout-s"]) * 1000;
const TRANSPORTS = opt.transports.split(",").map((t) => t.trim()).filter(Boolean);
const SKIP_OURS = opt["skip-ours"];
const BUILD = opt["build-dir"] ? path.resolve(opt["build-dir"]) : path.join(REPO, "build");
const CLI = path.join(BUILD, "service", "lapce-ai");
const SERVICE = path.join(BUILD, "service", "lapce-ai-service");

if (!fs.existsSync(path.join(HERE, "node-baseline", "node_modules", "node-ipc", "package.json"))) {
	console.error("node-ipc is not installed: run `npm ci` in bench/node-baseline first");
	process.exit(2);
}
if (!SKIP_OURS) {
	for (const p of [CLI, SERVICE]) {
		try {
			fs.accessSync(p, fs.constants.X_OK);
		} catch {
			console.error(`not found or not executable: ${p} (build first, pass --build-dir, or use --skip-ours)`);
			process.exit(2);
		}
	}
}

const log = (...a) => console.error("[ipc-compare]", ...a);

// ---------------------------------------------------------------- process helpers

const live = new Set(); // children started by this script

function run(cmd, args, { timeoutMs = TIMEOUT_MS } = {}) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
		live.add(child);
		let stdout = "";
		let stderr = "";
		child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
		child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
		let timedOut = false;
		const t = setTimeout(() => {
			timedOut = true;
			child.kill("SIGKILL");
		}, timeoutMs);
		child.on("error", (e) => {
			stderr += String(e);
		});
		child.on("close", (code, signal) => {
			clearTimeout(t);
			live.delete(child);
			resolve({ code, signal, stdout, stderr, timedOut });
		});
	});
}

function parseJsonOutput(stdout) {
	const text = stdout.trim();
	try {
		return JSON.parse(text);
	} catch {}
	const lines = text.split("\n").reverse();
	for (const l of lines) {
		const s = l.trim();
		if (!s.startsWith("{")) continue;
		try {
			return JSON.parse(s);
		} catch {}
	}
	return null;
}

async function runJson(what, cmd, args) {
	const r = await run(cmd, args);
	const obj = r.code === 0 ? parseJsonOutput(r.stdout) : null;
	if (!obj) {
		const why = r.timedOut ? "timed out" : `exit ${r.code ?? r.signal}`;
		throw new Error(
			`${what} failed (${why}): ${[cmd, ...args].join(" ")}\n${r.stderr.slice(-2000)}${r.stdout.slice(-1000)}`,
		);
	}
	return obj;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function killAndWait(child, ms = 3000) {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const t = setTimeout(() => {
			try {
				child.kill("SIGKILL");
			} catch {}
		}, ms);
		child.once("exit", () => {
			clearTimeout(t);
			resolve();
		});
		try {
			child.kill("SIGTERM");
		} catch {}
	});
}

// Processes whose argv contains our private socket dir: the service restarted
// by `lapce-ai bench reconnect` is not our child, but it was started for this
// socket dir only, so it is found by that exact path.
function pidsUsingDir(dir) {
	const pids = [];
	for (const e of fs.readdirSync("/proc")) {
		if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
		try {
			const argv = fs.readFileSync(`/proc/${e}/cmdline`, "utf8").split("\0");
			if (argv.includes(dir)) pids.push(Number(e));
		} catch {}
	}
	return pids;
}

async function killDirUsers(dir) {
	let pids = pidsUsingDir(dir);
	for (const p of pids) {
		try {
			process.kill(p, "SIGTERM");
		} catch {}
	}
	for (let i = 0; i < 30 && pids.length > 0; i++) {
		await sleep(100);
		pids = pidsUsingDir(dir);
	}
	for (const p of pids) {
		try {
			process.kill(p, "SIGKILL");
		} catch {}
	}
}

const tempDirs = new Set();
function cleanupSync() {
	for (const c of live) {
		try {
			c.kill("SIGKILL");
		} catch {}
	}
	for (const d of tempDirs) {
		for (const p of pidsUsingDir(d)) {
			try {
				process.kill(p, "SIGKILL");
			} catch {}
		}
		try {
			fs.rmSync(d, { recursive: true, force: true });
		} catch {}
	}
}
process.on("SIGINT", () => {
	cleanupSync();
	process.exit(130);
});
process.on("SIGTERM", () => {
	cleanupSync();
	process.exit(143);
});

// ---------------------------------------------------------------- one run

async function runNode() {
	const out = {};
	for (const stack of STACKS) {
		out[stack] = { sizes: {}, reconnect: null };
		for (let i = 0; i < SIZES.length; i++) {
			const size = SIZES[i];
			const args = [
				NODE_BENCH,
				"--stack",
				stack,
				"--size",
				String(size),
				"--messages",
				String(MESSAGES),
				// reconnect does not depend on the message size: measure it once
				"--reconnect-trials",
				String(i === 0 ? TRIALS : 0),
				"--json",
			];
			if (opt["stream-messages"] !== undefined) args.push("--stream-messages", opt["stream-messages"]);
			log(`node ${stack} size ${size}`);
			const r = await runJson(`node baseline ${stack}/${size}`, process.execPath, args);
			out[stack].sizes[size] = r;
			if (i === 0 && TRIALS > 0) out[stack].reconnect = r;
		}
	}
	return out;
}

async function runOurs() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lapce-ai-bench-"));
	fs.chmodSync(dir, 0o700);
	tempDirs.add(dir);
	const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "lapce-ai-bench-log-"));
	tempDirs.add(logDir);
	const logFile = path.join(logDir, "service.log");
	const logFd = fs.openSync(logFile, "w");

	const service = spawn(SERVICE, ["--foreground", "--socket-dir", dir], {
		stdio: ["ignore", logFd, logFd],
	});
	live.add(service);
	service.on("exit", () => live.delete(service));
	fs.closeSync(logFd);
	const serviceLog = () => {
		try {
			return fs.readFileSync(logFile, "utf8").slice(-3000);
		} catch {
			return "";
		}
	};

	const out = { error: null, transports: {}, reconnect: null };
	try {
		// Wait for the service to answer (bounded: 100 tries, ~10 s plus ping time).
		let up = false;
		for (let i = 0; i < 100 && !up; i++) {
			if (service.exitCode !== null || service.signalCode !== null) {
				throw new Error(`service exited early (${service.exitCode ?? service.signalCode})`);
			}
			const r = await run(CLI, ["--socket-dir", dir, "ping"], { timeoutMs: 5000 });
			up = r.code === 0;
			if (!up) await sleep(100);
		}
		if (!up) throw new Error("service did not answer ping");

		for (const transport of TRANSPORTS) {
			out.transports[transport] = { sizes: {} };
			for (const size of SIZES) {
				log(`ours ${transport} size ${size}`);
				out.transports[transport].sizes[size] = await runJson(`lapce-ai bench ipc ${transport}/${size}`, CLI, [
					"--socket-dir",
					dir,
					"bench",
					"ipc",
					"--transport",
					transport,
					"--size",
					String(size),
					"--messages",
					String(MESSAGES),
					// Stream as many messages as the Node side does, so both pay their set-up once.
					"--stream-messages",
					opt["stream-messages"] ?? String(defaultStreamMessages(size)),
					"--json",
				]);
			}
		}
		if (TRIALS > 0) {
			log("ours reconnect");
			out.reconnect = await runJson("lapce-ai bench reconnect", CLI, [
				"--socket-dir",
				dir,
				"bench",
				"reconnect",
				"--trials",
				String(TRIALS),
				"--service-program",
				SERVICE,
				"--json",
			]);
		}
	} catch (e) {
		out.error = String(e.message ?? e);
		log(`lapce-ai side failed: ${out.error}`);
		const tail = serviceLog();
		if (tail) log(`service log (tail):\n${tail}`);
	} finally {
		await killAndWait(service);
		await killDirUsers(dir);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.rmSync(logDir, { recursive: true, force: true });
		tempDirs.delete(dir);
		tempDirs.delete(logDir);
	}
	return out;
}

// ---------------------------------------------------------------- table

function median(values) {
	const v = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
	if (v.length === 0) return null;
	const m = v.length >> 1;
	return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

const maxOf = (arr) => {
	const v = arr.filter((x) => typeof x === "number" && Number.isFinite(x));
	return v.length ? Math.max(...v) : null;
};

// A column reads one value out of one run's results.
function columns() {
	const cols = STACKS.map((stack) => ({
		key: stack,
		title: stack === "net" ? "net + NDJSON" : "node-ipc 12.0.0",
		node: true,
		sizeVal: (run, size, f) => run.node[stack].sizes[size]?.[f],
		rss: (run) => maxOf(SIZES.map((s) => run.node[stack].sizes[s]?.server_rss_kb)),
		reconnect: (run, f) => run.node[stack].reconnect?.[f],
		allocs: () => null,
	}));
	if (!SKIP_OURS) {
		for (const t of TRANSPORTS) {
			cols.push({
				key: `ours-${t}`,
				title: `lapce-ai (${t})`,
				node: false,
				sizeVal: (run, size, f) => (run.ours.error ? null : run.ours.transports[t]?.sizes[size]?.[f]),
				rss: (run) =>
					run.ours.error ? null : maxOf(SIZES.map((s) => run.ours.transports[t]?.sizes[s]?.service_rss_kb)),
				reconnect: (run, f) => run.ours.reconnect?.[f],
				allocs: (run) =>
					run.ours.error ? null : median(SIZES.map((s) => run.ours.transports[t]?.sizes[s]?.allocations_per_message)),
			});
		}
	}
	return cols;
}

// kind: "lower" (times, memory: ratio = node / ours), "higher" (throughput:
// ratio = ours / node), "none" (no ratio).
function rowDefs() {
	const rows = [];
	for (const s of SIZES)
		rows.push({ label: `Round trip p50, ${s} B (µs)`, kind: "lower", get: (c, r) => c.sizeVal(r, s, "rtt_p50_us") });
	for (const s of SIZES)
		rows.push({ label: `Round trip p99, ${s} B (µs)`, kind: "lower", get: (c, r) => c.sizeVal(r, s, "rtt_p99_us") });
	for (const s of SIZES)
		rows.push({
			label: `Stream, ${s} B (msg/s)`,
			kind: "higher",
			get: (c, r) => c.sizeVal(r, s, "throughput_msgs_per_s"),
		});
	rows.push({ label: "Server RSS after run (KiB, max over sizes)", kind: "lower", get: (c, r) => c.rss(r) });
	if (TRIALS > 0) {
		rows.push({ label: "Reconnect p50 (ms)", kind: "lower", get: (c, r) => c.reconnect(r, "reconnect_p50_ms") });
		rows.push({ label: "Reconnect p99 (ms)", kind: "lower", get: (c, r) => c.reconnect(r, "reconnect_p99_ms") });
		rows.push({ label: "Reconnect lost requests", kind: "none", get: (c, r) => c.reconnect(r, "lost_requests") });
	}
	if (!SKIP_OURS) rows.push({ label: "Allocations per message", kind: "none", get: (c, r) => c.allocs(r) });
	return rows;
}

function fmt(v) {
	if (v === null || v === undefined) return "—";
	if (Number.isInteger(v)) return String(v);
	if (Math.abs(v) >= 1000) return String(Math.round(v));
	if (Math.abs(v) >= 100) return v.toFixed(0);
	if (Math.abs(v) >= 10) return v.toFixed(1);
	return v.toFixed(2);
}

function ratio(kind, nodeV, ourV) {
	if (kind === "none" || nodeV == null || ourV == null || nodeV === 0 || ourV === 0) return null;
	return kind === "lower" ? nodeV / ourV : ourV / nodeV;
}

function buildTable(runs) {
	const cols = columns();
	const rows = rowDefs();
	const nodeCols = cols.filter((c) => c.node);
	const ourCols = cols.filter((c) => !c.node);

	const header = ["Metric", ...cols.map((c) => c.title)];
	for (const o of ourCols) for (const n of nodeCols) header.push(`${o.key.slice(5)} vs ${n.key}`);

	const body = [];
	const medians = [];
	for (const row of rows) {
		const med = {};
		for (const c of cols) med[c.key] = median(runs.map((r) => row.get(c, r)));
		const cells = [row.label, ...cols.map((c) => fmt(med[c.key]))];
		const ratios = {};
		for (const o of ourCols)
			for (const n of nodeCols) {
				const x = ratio(row.kind, med[n.key], med[o.key]);
				ratios[`${o.key} vs ${n.key}`] = x;
				cells.push(x === null ? "—" : `${x.toFixed(2)}×`);
			}
		body.push(cells);
		medians.push({ metric: row.label, kind: row.kind, values: med, ratios });
	}

	const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
	const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
	const sep = `|${widths.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`;
	const md = [line(header), sep, ...body.map(line)].join("\n");
	return { md, medians };
}

// ---------------------------------------------------------------- main

async function main() {
	const started = new Date();
	const runs = [];
	let oursFailed = false;
	for (let i = 0; i < RUNS; i++) {
		log(`run ${i + 1}/${RUNS}`);
		const r = { run: i + 1, node: await runNode(), ours: null };
		if (!SKIP_OURS) {
			r.ours = await runOurs();
			if (r.ours.error) oursFailed = true;
		}
		runs.push(r);
	}

	const { md, medians } = buildTable(runs);
	const anyNode = runs[0].node["node-ipc"].sizes[SIZES[0]];
	const lines = [
		`## IPC benchmark: lapce-ai vs Node.js baselines`,
		"",
		`Medians of ${RUNS} run(s); ${MESSAGES} sequential round trips per size; ` +
			`Node ${process.version}, node-ipc ${anyNode.node_ipc_version}, ${os.cpus().length} CPU(s), ` +
			`${started.toISOString()}.`,
		SKIP_OURS
			? "lapce-ai side skipped (--skip-ours)."
			: `Ratios: node / ours for times and memory, ours / node for throughput (> 1 means lapce-ai is better).`,
		"",
		md,
		"",
		`Message shapes: ${SIZES.map((s) => `${s} B = ${runs[0].node["node-ipc"].sizes[s].message_shape}`).join("; ")}.`,
		...(runs.some((r) => r.ours?.error)
			? [
					`**lapce-ai side failed in ${runs.filter((r) => r.ours?.error).length} of ${RUNS} run(s)**: ` +
						runs.find((r) => r.ours?.error).ours.error.split("\n")[0],
				]
			: []),
		TRIALS > 0
			? `Reconnect: ${TRIALS} SIGKILL + restart trials per run; Node clients send a probe every ` +
				`${anyNode.reconnect_probe_interval_ms ?? 10} ms while reconnecting; node-ipc retries every ` +
				`${anyNode.client_config?.retry_ms} ms (its default, as in Roo Code).`
			: "Reconnect: skipped.",
	];
	console.log(lines.join("\n"));

	if (opt["json-out"]) {
		const doc = {
			meta: {
				started: started.toISOString(),
				node_version: process.version,
				cpus: os.cpus().length,
				runs: RUNS,
				sizes: SIZES,
				messages: MESSAGES,
				reconnect_trials: TRIALS,
				transports: SKIP_OURS ? [] : TRANSPORTS,
				build_dir: SKIP_OURS ? null : BUILD,
				skip_ours: SKIP_OURS,
			},
			medians,
			runs,
			markdown: md,
		};
		fs.writeFileSync(opt["json-out"], JSON.stringify(doc, null, 2) + "\n");
		log(`wrote ${opt["json-out"]}`);
	}
	return oursFailed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(`[ipc-compare] ${e?.stack ?? e}`);
		cleanupSync();
		process.exit(1);
	},
);
