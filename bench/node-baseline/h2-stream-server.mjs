// HTTPS stream server offering HTTP/2 by ALPN (and HTTP/1.1 to clients that do not ask for h2),
// as real provider endpoints do. Used by bench_provider_pool --server h2 to measure connection
// reuse when one TLS connection carries many concurrent streams.
//
//   node h2-stream-server.mjs --key key.pem --cert cert.pem
//
// Prints "READY <port>" once it listens on 127.0.0.1, then "CONNECTION" for every TLS connection
// it accepts. Every POST answers a short Chat Completions SSE stream (two content chunks and
// [DONE]). Exits when stdin closes.

import fs from "node:fs";
import http2 from "node:http2";
import { parseArgs } from "node:util";

const { values } = parseArgs({
	options: { key: { type: "string" }, cert: { type: "string" } },
});
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
const body = chunk("a") + chunk("b") + "data: [DONE]\n\n";

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
		res.end(body);
	});
});
server.listen(0, "127.0.0.1", () => {
	process.stdout.write(`READY ${server.address().port}\n`);
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
