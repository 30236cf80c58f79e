// Shared helpers for the Node.js IPC baseline (bench.mjs and server.mjs).
//
// Message shapes follow Roo Code v3.28.14 packages/types/src/ipc.ts +
// events.ts (IpcMessage of type "TaskEvent" sent by the extension's
// API.emit -> IpcServer.broadcast). They are written out by hand here; no
// reference code is imported.

import { readFileSync } from "node:fs";

// A fixed, UUID-shaped task id (Roo Code task ids are crypto.randomUUID()).
export const TASK_ID = "5f0c2a8e-3b7d-4c1e-9a64-2d8f1b7e0c93";

// Fixed 13-digit millisecond timestamp so the serialized size never changes.
const TS_BASE = 1_700_000_000_000;

// ASCII filler: no characters that JSON.stringify escapes, 1 byte per char.
const FILLER =
	"The quick brown fox jumps over the lazy dog while the assistant streams a partial reply. ";

function filler(n) {
	if (n <= 0) return "";
	return FILLER.repeat(Math.ceil(n / FILLER.length)).slice(0, n);
}

// Streaming text update: what Roo Code broadcasts for every partial chunk of
// an assistant reply (RooCodeEventName.Message, action "updated",
// ClineMessage {type:"say", say:"text", partial:true}).
function streamingText(text, taskId = TASK_ID, ts = TS_BASE) {
	return {
		type: "TaskEvent",
		origin: "server",
		data: {
			eventName: "message",
			payload: [
				{
					taskId,
					action: "updated",
					message: { ts, type: "say", say: "text", text, partial: true },
				},
			],
		},
	};
}

// Smallest valid TaskEvent: a lifecycle event ("taskStarted", payload
// [taskId]). Used only when the target size is below the size of an
// empty streaming-text event.
function lifecycle(taskId) {
	return {
		type: "TaskEvent",
		origin: "server",
		data: { eventName: "taskStarted", payload: [taskId] },
	};
}

export const STREAMING_MIN_BYTES = JSON.stringify(streamingText("")).length;
export const LIFECYCLE_MIN_BYTES = JSON.stringify(lifecycle("")).length;

/**
 * Build an IpcMessage whose JSON.stringify() length is exactly `target`
 * bytes when possible.
 *
 * - target >= STREAMING_MIN_BYTES: streaming-text TaskEvent, text padded.
 * - LIFECYCLE_MIN_BYTES <= target < STREAMING_MIN_BYTES: "taskStarted"
 *   TaskEvent whose taskId string is sized to hit the target.
 * - smaller: the empty lifecycle event (cannot get smaller and stay valid).
 *
 * Returns { obj, bytes, shape, setSeq(obj, seq) }.
 */
export function buildMessage(target) {
	if (target >= STREAMING_MIN_BYTES) {
		const obj = streamingText(filler(target - STREAMING_MIN_BYTES));
		return {
			obj,
			bytes: JSON.stringify(obj).length,
			shape: "TaskEvent/message(updated, say:text, partial)",
			// keep the size constant: ts stays 13 digits
			setSeq: (o, seq) => {
				o.data.payload[0].message.ts = TS_BASE + (seq % 1_000_000_000);
			},
		};
	}
	const idLen = Math.max(0, target - LIFECYCLE_MIN_BYTES);
	const base = TASK_ID.replace(/-/g, "");
	const id = (base.repeat(Math.ceil((idLen + 1) / base.length)) || "").slice(0, idLen);
	const obj = lifecycle(id);
	return {
		obj,
		bytes: JSON.stringify(obj).length,
		shape: "TaskEvent/taskStarted",
		setSeq: () => {},
	};
}

// Small probe used by the reconnect test: a lifecycle TaskEvent whose taskId
// carries a sequence number, so replies can be matched to requests.
export function probeMessage(seq) {
	return lifecycle(`probe-${seq}`);
}

export function probeSeq(obj) {
	const id = obj?.data?.payload?.[0];
	if (typeof id !== "string" || !id.startsWith("probe-")) return -1;
	return Number(id.slice(6));
}

// Ack sent by the server on every new connection, as IpcServer.onConnect does.
export function ackMessage(clientId) {
	return {
		type: "Ack",
		origin: "server",
		data: { clientId, pid: process.pid, ppid: process.ppid },
	};
}

/**
 * NDJSON reader for a socket with setEncoding("utf8"): calls onObject(obj)
 * for every complete line. Returns the 'data' handler.
 */
export function ndjsonReader(onObject) {
	let buf = "";
	return (chunk) => {
		buf = buf.length === 0 ? chunk : buf + chunk;
		let start = 0;
		let idx;
		while ((idx = buf.indexOf("\n", start)) !== -1) {
			const line = buf.slice(start, idx);
			start = idx + 1;
			if (line.length > 0) onObject(JSON.parse(line));
		}
		buf = start === buf.length ? "" : buf.slice(start);
	};
}

// Nearest-rank percentile on an ascending-sorted array.
// Default stream length for a message size: about 32 MiB, between 2000 and 20000 messages.
export function defaultStreamMessages(size) {
	return Math.min(20000, Math.max(2000, Math.floor((32 << 20) / size)));
}

export function percentile(sorted, p) {
	if (sorted.length === 0) return null;
	const rank = Math.ceil(p * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function round(x, digits = 1) {
	if (x === null || x === undefined || !Number.isFinite(x)) return null;
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}

// VmRSS / VmHWM (kB) of a process from /proc/PID/status; null if unavailable.
export function procMem(pid) {
	try {
		const s = readFileSync(`/proc/${pid}/status`, "utf8");
		const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(s);
		const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(s);
		return { rss_kb: rss ? Number(rss[1]) : null, hwm_kb: hwm ? Number(hwm[1]) : null };
	} catch {
		return { rss_kb: null, hwm_kb: null };
	}
}
