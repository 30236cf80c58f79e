// Provider stream server for the provider benchmark, spawned as a separate process by
// bench/provider-compare.mjs so that its work is not counted against either client.
//
//   node stream-server.mjs
//
// Prints "READY <port>" once it listens on 127.0.0.1. Base URLs carry the event count:
//   POST /n/<N>/v1/chat/completions  → a Chat Completions SSE stream of N content chunks,
//                                      a usage chunk and [DONE]
//   POST /n/<N>/v1/messages          → an Anthropic Messages SSE stream with N text deltas
// Events are written as the socket accepts them (no pauses). Exits when stdin closes.
// With STREAM_TLS_CERT and STREAM_TLS_KEY (PEM files) set, it serves HTTPS instead: hosted
// providers are reached over TLS, local ones (Ollama, LM Studio) over plain HTTP.

import fs from "node:fs";
import http from "node:http";
import https from "node:https";

const chatChunk = JSON.stringify({
	id: "chatcmpl-bench",
	object: "chat.completion.chunk",
	created: 1759233600,
	model: "gpt-4o-2024-08-06",
	system_fingerprint: "fp_bench",
	choices: [{ index: 0, delta: { content: "token " }, logprobs: null, finish_reason: null }],
});
const chatUsage = JSON.stringify({
	id: "chatcmpl-bench",
	object: "chat.completion.chunk",
	created: 1759233600,
	model: "gpt-4o-2024-08-06",
	choices: [],
	usage: { prompt_tokens: 1850, completion_tokens: 10000, total_tokens: 11850 },
});

function anthropicEvents(count) {
	const event = (type, data) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
	const start = event("message_start", {
		type: "message_start",
		message: {
			id: "msg_bench",
			type: "message",
			role: "assistant",
			model: "claude-sonnet-4-5-20250929",
			content: [],
			stop_reason: null,
			stop_sequence: null,
			usage: { input_tokens: 23, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
		},
	});
	const blockStart = event("content_block_start", {
		type: "content_block_start",
		index: 0,
		content_block: { type: "text", text: "" },
	});
	const delta = event("content_block_delta", {
		type: "content_block_delta",
		index: 0,
		delta: { type: "text_delta", text: "token " },
	});
	const end =
		event("content_block_stop", { type: "content_block_stop", index: 0 }) +
		event("message_delta", {
			type: "message_delta",
			delta: { stop_reason: "end_turn", stop_sequence: null },
			usage: { output_tokens: count },
		}) +
		event("message_stop", { type: "message_stop" });
	return { head: start + blockStart, delta, end };
}

async function writeStream(res, head, repeated, count, tail) {
	res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
	res.write(head);
	for (let i = 0; i < count; i++) {
		if (!res.write(repeated)) await new Promise((resolve) => res.once("drain", resolve));
	}
	res.end(tail);
}

const handler = (req, res) => {
	const match = /^\/n\/(\d+)\/v1\/(chat\/completions|messages)$/.exec(req.url ?? "");
	req.resume();
	req.on("end", () => {
		if (!match) {
			res.writeHead(404, { "content-type": "application/json" });
			res.end(JSON.stringify({ error: { message: `no route for ${req.url}` } }));
			return;
		}
		const count = Number(match[1]);
		if (match[2] === "chat/completions") {
			writeStream(res, "", `data: ${chatChunk}\n\n`, count, `data: ${chatUsage}\n\ndata: [DONE]\n\n`);
		} else {
			const { head, delta, end } = anthropicEvents(count);
			writeStream(res, head, delta, count, end);
		}
	});
};
const tls = process.env.STREAM_TLS_CERT && process.env.STREAM_TLS_KEY;
const server = tls
	? https.createServer(
			{ cert: fs.readFileSync(process.env.STREAM_TLS_CERT), key: fs.readFileSync(process.env.STREAM_TLS_KEY) },
			handler,
		)
	: http.createServer(handler);
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
	process.stdout.write(`READY ${server.address().port}\n`);
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
