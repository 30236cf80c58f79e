// HTTPS stream server offering HTTP/2 by ALPN (and HTTP/1.1 to clients that do not ask for h2),
// as real provider endpoints do. Used by bench_provider_pool --server h2 to measure connection
// reuse when one TLS connection carries many concurrent streams.
//
//   node h2-stream-server.mjs --key key.pem --cert cert.pem [--event-pause-ms 0]
//
// Prints "READY <port>" once it listens on 127.0.0.1, then "CONNECTION" for every TLS connection
// it accepts. Every POST answers a short Chat Completions SSE stream (two content chunks and
// [DONE]), its events --event-pause-ms apart (0: in one write). Exits when stdin closes.

import fs from "node:fs";
import http2 from "node:http2";
import { parseArgs } from "node:util";

const { values } = parseArgs({
	options: { key: { type: "string" }, cert: { type: "string" }, "event-pause-ms": { type: "string", default: "0" } },
});
const pauseMs = Number(values["event-pause-ms"]);
if (!Number.isInteger(pauseMs) || pauseMs < 0) {
	process.stderr.write("h2-stream-server: --event-pause-ms is a whole number of milliseconds\n");
	process.exit(2);
}
if (!values.key || !values.cert) {
	process.stderr.write("usage: node h2-stream-server.mjs --key key.pem --cert cert.pem\n");
	process.exit(2);
}

const chunk = (content) =>
	`data: ${JSON.stringify({
		id: "chatcmpl-bench",
		object: "chat.completion.chunk",
		created: 1759233600,
		model: "gpt-4o-2024-08-06",
		choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }],
	})}\n\n`;
const events = [chunk("a"), chunk("b"), "data: [DONE]\n\n"];

const server = http2.createSecureServer({
	key: fs.readFileSync(values.key),
	cert: fs.readFileSync(values.cert),
	allowHTTP1: true,
	// Qt opens up to 100 concurrent streams per connection when the server allows it.
	settings: { maxConcurrentStreams: 100 },
});
server.on("secureConnection", () => {
	process.stdout.write("CONNECTION\n");
});
server.on("request", (req, res) => {
	req.resume();
	req.on("end", () => {
		res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
		if (pauseMs === 0) return res.end(events.join(""));
		let next = 0;
		const write = () => {
			if (res.destroyed) return;
			res.write(events[next++]);
			if (next === events.length) return res.end();
			setTimeout(write, pauseMs);
		};
		write();
	});
});
server.listen(0, "127.0.0.1", () => {
	process.stdout.write(`READY ${server.address().port}\n`);
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
