// Benchmark server, spawned as a separate process by bench.mjs.
//
//   node server.mjs --stack node-ipc|net --socket PATH
//
// Prints "READY <pid>" on stdout once it listens. Exits when its stdin closes
// (i.e. when the parent goes away) or after --max-lifetime-s.
//
// Behaviour, identical for both stacks:
//   - on connect: send an Ack IpcMessage (like Roo Code's IpcServer.onConnect)
//   - on an IpcMessage: echo it back (parsed and re-serialized)
//   - on a control request {op:"stream", count, size}: push `count` streaming
//     TaskEvents of `size` bytes as fast as the socket accepts them, waiting
//     for 'drain' whenever the socket's write buffer is full.

import net from "node:net";
import fs from "node:fs";
import crypto from "node:crypto";
import { once } from "node:events";
import { parseArgs } from "node:util";

import { ackMessage, buildMessage, ndjsonReader } from "./common.mjs";

const { values: opt } = parseArgs({
	options: {
		stack: { type: "string" },
		socket: { type: "string" },
		"max-lifetime-s": { type: "string", default: "600" },
	},
});

if (!opt.socket || !["node-ipc", "net"].includes(opt.stack)) {
	console.error("usage: server.mjs --stack node-ipc|net --socket PATH");
	process.exit(2);
}

// Never outlive the benchmark.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(3), Number(opt["max-lifetime-s"]) * 1000).unref();

const ready = () => process.stdout.write(`READY ${process.pid}\n`);

// Push `count` messages through `emit`, which writes to the net.Socket
// `socket`; backpressure is read from socket.writableNeedDrain because
// node-ipc's server.emit() does not return socket.write()'s result.
async function stream(socket, emit, count, size) {
	const m = buildMessage(size);
	for (let i = 0; i < count; i++) {
		m.setSeq(m.obj, i);
		emit(m.obj);
		if (socket.writableNeedDrain) {
			await once(socket, "drain");
		}
		if (socket.destroyed) return;
	}
}

if (opt.stack === "node-ipc") {
	const { default: ipc } = await import("node-ipc");

	// Same configuration as Roo Code's IpcServer.listen(): only `silent`
	// is changed; framing is node-ipc's default JSON + "\f" delimiter.
	ipc.config.silent = true;

	ipc.serve(opt.socket, () => {
		ipc.server.on("connect", (socket) => {
			ipc.server.emit(socket, "message", ackMessage(crypto.randomBytes(6).toString("hex")));
		});
		ipc.server.on("message", (data, socket) => {
			// Echo (node-ipc already parsed the frame; emit re-serializes it).
			ipc.server.emit(socket, "message", data);
		});
		ipc.server.on("bench", (data, socket) => {
			if (data?.op === "stream") {
				stream(socket, (obj) => ipc.server.emit(socket, "message", obj), data.count, data.size).catch(
					(e) => console.error("[server] stream failed:", e),
				);
			}
		});
		ipc.server.on("error", () => {});
		ready();
	});

	ipc.server.start();
} else {
	try {
		fs.unlinkSync(opt.socket);
	} catch {}

	const server = net.createServer((socket) => {
		socket.setEncoding("utf8");
		socket.on("error", () => {});
		const send = (obj) => socket.write(JSON.stringify(obj) + "\n");
		send(ackMessage(crypto.randomBytes(6).toString("hex")));
		socket.on(
			"data",
			ndjsonReader((obj) => {
				if (obj.op === "stream") {
					stream(socket, send, obj.count, obj.size).catch((e) =>
						console.error("[server] stream failed:", e),
					);
				} else {
					send(obj);
				}
			}),
		);
	});
	server.on("error", (e) => {
		console.error("[server] error:", e);
		process.exit(1);
	});
	server.listen(opt.socket, ready);
}
