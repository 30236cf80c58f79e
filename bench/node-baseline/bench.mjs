#!/usr/bin/env node
// Node.js IPC baseline for lapce-ai.
//
//   node bench.mjs --stack node-ipc|net --size BYTES --messages N
//                  [--stream-messages M] [--reconnect-trials T] [--json]
//
// This process is the client. The server (server.mjs) is a separate child
// process listening on a Unix socket in a fresh 0700 temp dir.
//
//   node-ipc : node-ipc@12.0.0 configured like Roo Code v3.28.14's
//              IpcServer/IpcClient (only ipc.config.silent = true; default
//              "\f"-delimited JSON framing, default retry settings).
//   net      : plain node:net on the same socket type, NDJSON framing,
//              a hand-written reconnect loop (--net-retry-ms).
//
// Phases: round trip (echo), stream throughput (server push), server RSS,
// reconnect (SIGKILL + respawn of the server). See README.md.

import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import net from "node:net";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

import {
	buildMessage,
	ndjsonReader,
	percentile,
	probeMessage,
	probeSeq,
	procMem,
	round,
	defaultStreamMessages,
} from "./common.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SERVER = path.join(HERE, "server.mjs");

// ---------------------------------------------------------------- options

const USAGE = `usage: node bench.mjs --stack node-ipc|net --size BYTES --messages N
                    [--stream-messages M] [--reconnect-trials T] [--json]
  --warmup W                 round trips before measuring (default min(200, N))
  --stream-messages M        messages pushed in the stream phase
                             (default clamp(32 MiB / size, 2000, 20000); 0 = skip)
  --reconnect-trials T       SIGKILL+respawn trials (default 5; 0 = skip)
  --reconnect-interval-ms I  client request period during reconnect (default 10)
  --net-retry-ms R           reconnect delay of the plain-net client (default 10)
  --timeout-s S              hard limit for the whole run (default 120)
  --json                     print one JSON object instead of a summary`;

let opt;
try {
	({ values: opt } = parseArgs({
		options: {
			stack: { type: "string" },
			size: { type: "string" },
			messages: { type: "string" },
			warmup: { type: "string" },
			"stream-messages": { type: "string" },
			"reconnect-trials": { type: "string", default: "5" },
			"reconnect-interval-ms": { type: "string", default: "10" },
			"net-retry-ms": { type: "string", default: "10" },
			"timeout-s": { type: "string", default: "120" },
			json: { type: "boolean", default: false },
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

const intArg = (name, v, min = 0) => {
	const n = Number(v);
	if (!Number.isInteger(n) || n < min) {
		console.error(`--${name}: expected an integer >= ${min}, got ${JSON.stringify(v)}`);
		console.error(USAGE);
		process.exit(2);
	}
	return n;
};

if (!["node-ipc", "net"].includes(opt.stack)) {
	console.error("--stack must be node-ipc or net");
	console.error(USAGE);
	process.exit(2);
}
const STACK = opt.stack;
const SIZE = intArg("size", opt.size ?? "1024", 1);
const MESSAGES = intArg("messages", opt.messages ?? "2000", 1);
const WARMUP = intArg("warmup", opt.warmup ?? String(Math.min(200, MESSAGES)));
const STREAM = intArg(
	"stream-messages",
	opt["stream-messages"] ?? String(defaultStreamMessages(SIZE)),
);
const TRIALS = intArg("reconnect-trials", opt["reconnect-trials"]);
const PROBE_MS = intArg("reconnect-interval-ms", opt["reconnect-interval-ms"], 1);
const NET_RETRY_MS = intArg("net-retry-ms", opt["net-retry-ms"], 0);
const TIMEOUT_S = intArg("timeout-s", opt["timeout-s"], 1);

// ---------------------------------------------------------------- process plumbing

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "lapce-nb-"));
fs.chmodSync(tmpDir, 0o700);
const SOCKET = path.join(tmpDir, "ipc.sock");

const children = new Set();

function cleanup() {
	for (const c of children) {
		try {
			c.kill("SIGKILL");
		} catch {}
	}
	children.clear();
	try {
		fs.rmSync(tmpDir, { recursive: true, force: true });
	} catch {}
}

function fail(msg) {
	console.error(`[bench] ${msg}`);
	cleanup();
	process.exit(1);
}

process.on("SIGINT", () => fail("interrupted"));
process.on("SIGTERM", () => fail("terminated"));
process.on("uncaughtException", (e) => fail(`uncaught: ${e?.stack ?? e}`));
process.on("unhandledRejection", (e) => fail(`unhandled rejection: ${e?.stack ?? e}`));
setTimeout(() => fail(`timed out after ${TIMEOUT_S}s`), TIMEOUT_S * 1000).unref();

function spawnServer() {
	const child = spawn(process.execPath, [SERVER, "--stack", STACK, "--socket", SOCKET], {
		stdio: ["pipe", "pipe", "inherit"],
	});
	children.add(child);
	child.exited = new Promise((resolve) => child.once("exit", resolve));
	child.exited.then(() => children.delete(child));
	child.ready = new Promise((resolve, reject) => {
		const rl = readline.createInterface({ input: child.stdout });
		rl.on("line", (line) => {
			if (line.startsWith("READY")) resolve();
		});
		child.once("exit", (code, sig) => reject(new Error(`server exited (code ${code}, signal ${sig})`)));
	});
	child.ready.catch(() => {}); // a killed server's readiness is not awaited
	return child;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withTimeout(promise, ms, what) {
	let t;
	return Promise.race([
		promise,
		new Promise((_, reject) => {
			t = setTimeout(() => reject(new Error(`timeout: ${what} (${ms} ms)`)), ms);
		}),
	]).finally(() => clearTimeout(t));
}

// ---------------------------------------------------------------- clients
//
// Both clients expose the same small surface:
//   start()            connect and resolve on the server's first Ack
//   send(obj)          send an IpcMessage (no queueing while disconnected)
//   control(obj)       send a benchmark control request
//   onMessage(obj)     set by the caller; every IpcMessage except Acks
//   onConnect()        set by the caller; every (re)connect
//   gen                number of successful connects so far
//   close()

class NodeIpcClient {
	constructor(ipc) {
		this.ipc = ipc;
		this.id = `lapce-nb-${crypto.randomBytes(6).toString("hex")}`;
		this.gen = 0;
		this.onMessage = () => {};
		this.onConnect = () => {};
		this._ack = null;
	}

	start() {
		const { ipc, id } = this;
		// Roo Code's IpcClient constructor: ipc.config.silent = true, then
		// connectTo(id, socketPath, cb) and subscribe to connect / disconnect /
		// message. Retry settings are node-ipc defaults (it sets none).
		ipc.config.silent = true;
		const acked = new Promise((resolve) => (this._ack = resolve));
		ipc.connectTo(id, SOCKET, () => {
			ipc.of[id]?.on("connect", () => {
				this.gen++;
				this.onConnect();
			});
			ipc.of[id]?.on("disconnect", () => {});
			ipc.of[id]?.on("error", () => {});
			ipc.of[id]?.on("message", (data) => {
				if (data?.type === "Ack") {
					if (this._ack) {
						this._ack();
						this._ack = null;
					}
					return;
				}
				this.onMessage(data);
			});
		});
		return acked;
	}

	send(obj) {
		this.ipc.of[this.id]?.emit("message", obj);
	}

	control(obj) {
		this.ipc.of[this.id]?.emit("bench", obj);
	}

	close() {
		try {
			this.ipc.disconnect(this.id);
		} catch {}
	}

	config() {
		const c = this.ipc.config;
		return {
			retry_ms: c.retry,
			max_retries: Number.isFinite(c.maxRetries) ? c.maxRetries : String(c.maxRetries),
			stop_retrying: c.stopRetrying,
			delimiter: JSON.stringify(c.delimiter).slice(1, -1),
			encoding: c.encoding,
			sync: c.sync,
			raw_buffer: c.rawBuffer,
		};
	}
}

class NetClient {
	constructor() {
		this.gen = 0;
		this.onMessage = () => {};
		this.onConnect = () => {};
		this.socket = null;
		this.closed = false;
		this._ack = null;
	}

	start() {
		const acked = new Promise((resolve) => (this._ack = resolve));
		this._connect();
		return acked;
	}

	_connect() {
		if (this.closed) return;
		const s = net.connect(SOCKET);
		this.socket = s;
		s.setEncoding("utf8");
		s.on("connect", () => {
			this.gen++;
			this.onConnect();
		});
		s.on("error", () => {});
		s.on("close", () => {
			if (!this.closed) setTimeout(() => this._connect(), NET_RETRY_MS);
		});
		s.on(
			"data",
			ndjsonReader((obj) => {
				if (obj?.type === "Ack") {
					if (this._ack) {
						this._ack();
						this._ack = null;
					}
					return;
				}
				this.onMessage(obj);
			}),
		);
	}

	send(obj) {
		const s = this.socket;
		if (s && !s.destroyed) s.write(JSON.stringify(obj) + "\n");
	}

	control(obj) {
		this.send(obj);
	}

	close() {
		this.closed = true;
		this.socket?.destroy();
	}

	config() {
		return { retry_ms: NET_RETRY_MS, max_retries: "Infinity", framing: "ndjson" };
	}
}

// ---------------------------------------------------------------- phases

async function roundTrips(client, msg) {
	const obj = msg.obj;
	let waiter = null;
	let first = null;
	client.onMessage = (reply) => {
		if (first === null) first = reply;
		const w = waiter;
		waiter = null;
		w?.();
	};
	const samples = new Float64Array(MESSAGES);
	const total = WARMUP + MESSAGES;
	const t0 = performance.now();
	for (let i = 0; i < total; i++) {
		msg.setSeq(obj, i);
		const start = process.hrtime.bigint();
		await new Promise((resolve) => {
			waiter = resolve;
			client.send(obj);
		});
		const dt = Number(process.hrtime.bigint() - start) / 1000;
		if (i >= WARMUP) samples[i - WARMUP] = dt;
		if (i % 256 === 0 && performance.now() - t0 > TIMEOUT_S * 1000) {
			throw new Error("round-trip phase too slow");
		}
	}
	client.onMessage = () => {};
	const echoBytes = first ? JSON.stringify(first).length : null;
	if (echoBytes !== msg.bytes) throw new Error(`echo size ${echoBytes} != sent ${msg.bytes}`);
	const sorted = Array.from(samples).sort((a, b) => a - b);
	const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
	return {
		rtt_p50_us: round(percentile(sorted, 0.5)),
		rtt_p99_us: round(percentile(sorted, 0.99)),
		rtt_p999_us: round(percentile(sorted, 0.999)),
		rtt_mean_us: round(mean),
		rtt_min_us: round(sorted[0]),
		rtt_max_us: round(sorted[sorted.length - 1]),
	};
}

async function streamPhase(client, msg) {
	if (STREAM === 0) return { stream_messages: 0, throughput_msgs_per_s: null };
	let count = 0;
	let bytesOk = true;
	let done;
	const finished = new Promise((r) => (done = r));
	client.onMessage = (m) => {
		count++;
		if (count === STREAM) {
			bytesOk = JSON.stringify(m).length === msg.bytes;
			done(performance.now());
		}
	};
	const t0 = performance.now();
	client.control({ op: "stream", count: STREAM, size: SIZE });
	const t1 = await withTimeout(finished, TIMEOUT_S * 1000, `stream of ${STREAM} messages`);
	client.onMessage = () => {};
	if (!bytesOk) throw new Error("streamed message has unexpected size");
	const secs = (t1 - t0) / 1000;
	return {
		stream_messages: STREAM,
		stream_seconds: round(secs, 4),
		throughput_msgs_per_s: round(STREAM / secs, 0),
		throughput_mib_per_s: round((STREAM * msg.bytes) / secs / (1 << 20), 1),
	};
}

// Kill the server with SIGKILL, respawn it at once, and time how long the
// client needs until a request gets answered over a connection that was made
// after the kill. During the trial the client keeps issuing small probe
// requests every PROBE_MS ms, plus one right after every (re)connect; it
// never re-sends. Requests never answered are counted as lost.
async function reconnectPhase(client, state) {
	if (TRIALS === 0) return { reconnect_trials: 0, reconnect_p50_ms: null, reconnect_p99_ms: null, lost_requests: null };
	const samples = [];
	let lost = 0;
	let sentTotal = 0;
	let seq = 0;

	for (let trial = 0; trial < TRIALS; trial++) {
		// Make sure the current connection works before killing its server.
		await withTimeout(
			new Promise((resolve) => {
				const s = ++seq;
				client.onMessage = (m) => probeSeq(m) === s && resolve();
				client.send(probeMessage(s));
			}),
			10_000,
			"pre-trial probe",
		);

		const sent = new Set();
		let answered = 0;
		let firstOk = null;
		let okResolve;
		const ok = new Promise((r) => (okResolve = r));
		let genAtKill;

		const probe = () => {
			const s = ++seq;
			sent.add(s);
			client.send(probeMessage(s));
		};
		client.onMessage = (m) => {
			const s = probeSeq(m);
			if (!sent.delete(s)) return;
			answered++;
			if (firstOk === null && client.gen > genAtKill) {
				firstOk = performance.now();
				okResolve();
			}
		};
		client.onConnect = probe;

		const old = state.server;
		genAtKill = client.gen;
		const t0 = performance.now();
		old.kill("SIGKILL");
		state.server = spawnServer();
		probe();
		const ticker = setInterval(probe, PROBE_MS);

		try {
			await withTimeout(ok, 30_000, `reconnect trial ${trial + 1}`);
		} finally {
			clearInterval(ticker);
			client.onConnect = () => {};
		}
		samples.push(firstOk - t0);

		// Grace period for replies still in flight on the new connection.
		const graceEnd = performance.now() + 200;
		while (sent.size > 0 && performance.now() < graceEnd) await sleep(5);
		sentTotal += answered + sent.size;
		lost += sent.size;
		client.onMessage = () => {};

		await withTimeout(state.server.ready, 10_000, "respawned server readiness");
		await withTimeout(old.exited, 10_000, "killed server exit");
	}

	const sorted = samples.slice().sort((a, b) => a - b);
	return {
		reconnect_trials: TRIALS,
		reconnect_p50_ms: round(percentile(sorted, 0.5), 2),
		reconnect_p99_ms: round(percentile(sorted, 0.99), 2),
		reconnect_min_ms: round(sorted[0], 2),
		reconnect_max_ms: round(sorted[sorted.length - 1], 2),
		reconnect_samples_ms: samples.map((x) => round(x, 2)),
		reconnect_probe_interval_ms: PROBE_MS,
		reconnect_requests_sent: sentTotal,
		lost_requests: lost,
	};
}

// ---------------------------------------------------------------- main

async function main() {
	const msg = buildMessage(SIZE);
	let nodeIpcVersion = null;
	let client;
	if (STACK === "node-ipc") {
		const { default: ipc } = await import("node-ipc");
		nodeIpcVersion = JSON.parse(
			fs.readFileSync(path.join(HERE, "node_modules", "node-ipc", "package.json"), "utf8"),
		).version;
		client = new NodeIpcClient(ipc);
	} else {
		client = new NetClient();
	}

	const state = { server: spawnServer() };
	await withTimeout(state.server.ready, 15_000, "server start");
	await withTimeout(client.start(), 15_000, "connect + Ack");

	const rtt = await roundTrips(client, msg);
	const stream = await streamPhase(client, msg);
	const mem = procMem(state.server.pid);
	const reconnect = await reconnectPhase(client, state);

	client.close();
	cleanup();

	const wireBytes =
		STACK === "node-ipc"
			? JSON.stringify({ type: "message", data: msg.obj }).length + 1
			: msg.bytes + 1;

	return {
		stack: STACK,
		size_target: SIZE,
		message_bytes: msg.bytes,
		wire_bytes: wireBytes,
		message_shape: msg.shape,
		messages: MESSAGES,
		warmup: WARMUP,
		...rtt,
		...stream,
		server_rss_kb: mem.rss_kb,
		server_hwm_kb: mem.hwm_kb,
		client_rss_kb: Math.round(process.memoryUsage().rss / 1024),
		...reconnect,
		client_config: client.config(),
		node_version: process.version,
		node_ipc_version: nodeIpcVersion,
		platform: `${os.platform()} ${os.release()} ${os.arch()}`,
		cpus: os.cpus().length,
	};
}

main().then(
	(result) => {
		const out = opt.json ? JSON.stringify(result) : humanReadable(result);
		process.stdout.write(out + "\n", () => process.exit(0));
	},
	(e) => fail(e?.stack ?? String(e)),
);

function humanReadable(r) {
	const lines = [
		`stack ${r.stack}  message ${r.message_bytes} B (${r.message_shape}), wire ${r.wire_bytes} B`,
		`round trip (${r.messages} after ${r.warmup} warm-up): p50 ${r.rtt_p50_us} us  p99 ${r.rtt_p99_us} us  p99.9 ${r.rtt_p999_us} us  max ${r.rtt_max_us} us`,
	];
	if (r.stream_messages)
		lines.push(
			`stream ${r.stream_messages} msgs: ${r.throughput_msgs_per_s} msg/s (${r.throughput_mib_per_s} MiB/s)`,
		);
	lines.push(`server RSS ${r.server_rss_kb} kB (peak ${r.server_hwm_kb} kB), client RSS ${r.client_rss_kb} kB`);
	if (r.reconnect_trials)
		lines.push(
			`reconnect over ${r.reconnect_trials} trials: p50 ${r.reconnect_p50_ms} ms  p99 ${r.reconnect_p99_ms} ms  lost ${r.lost_requests}/${r.reconnect_requests_sent} requests`,
		);
	return lines.join("\n");
}
