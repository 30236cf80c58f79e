// HTTPS server on 127.0.0.1 offering HTTP/2 by ALPN (node:http2, nghttp2 underneath: an HTTP/2
// implementation independent of the engine's), for the engine's HTTP/2 tests.
//
//   node h2_test_server.mjs --key key.pem --cert cert.pem [--padding]
//
// Prints "READY <port>", then "CONNECTION" for every TLS connection and "CLOSED <path> <code>"
// when a stream ends by RST_STREAM (either side's) with that error code. Exits when stdin closes.
// --padding pads every frame nghttp2 may pad (DATA, HEADERS) to the largest size.
//
// Paths:
//   POST /echo           200, JSON {"bytes": n, "sha256": hex, "contentLength": header} of the body
//   GET  /bytes?n=N      200, N bytes of "0123456789abcdef" repeated, written as the window allows
//   GET  /sse            200, three SSE events, 5 ms apart
//   GET  /big-header     200 with an x-big header of 40,000 bytes (CONTINUATION frames) and "ok"
//   GET  /reset          200 head and one line, then RST_STREAM(INTERNAL_ERROR)
//   GET  /refuse-once    the first time RST_STREAM(REFUSED_STREAM) before any head, then 200 "ok"
//   GET  /goaway         200 "ok", then GOAWAY on that connection once the stream is done
//   GET  /hang           200 head and nothing more, until the client lets go
//   GET  /interim        103 Early Hints, then 200 "ok" with a trailer

import crypto from "node:crypto";
import fs from "node:fs";
import http2 from "node:http2";
import { parseArgs } from "node:util";

const { values } = parseArgs({
	options: { key: { type: "string" }, cert: { type: "string" }, padding: { type: "boolean", default: false } },
});
if (!values.key || !values.cert) {
	process.stderr.write("usage: node h2_test_server.mjs --key key.pem --cert cert.pem [--padding]\n");
	process.exit(2);
}

const server = http2.createSecureServer({
	key: fs.readFileSync(values.key),
	cert: fs.readFileSync(values.cert),
	paddingStrategy: values.padding ? http2.constants.PADDING_STRATEGY_MAX : http2.constants.PADDING_STRATEGY_NONE,
	settings: { maxConcurrentStreams: 100 },
});
server.on("secureConnection", () => process.stdout.write("CONNECTION\n"));
// Resets and GOAWAYs are what the tests ask for: they must not stop the server.
server.on("session", (session) => session.on("error", () => {}));

let refused = false;

function writeBytes(stream, total) {
	const pattern = Buffer.from("0123456789abcdef".repeat(1024));
	let left = total;
	const pump = () => {
		while (left > 0) {
			const piece = pattern.subarray(0, Math.min(left, pattern.length));
			left -= piece.length;
			if (left === 0) return stream.end(piece);
			if (!stream.write(piece)) return stream.once("drain", pump);
		}
	};
	pump();
}

server.on("stream", (stream, headers) => {
	stream.on("error", () => {});
	const session = stream.session;
	const url = new URL(headers[":path"], "https://127.0.0.1");
	stream.on("close", () => {
		if (stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR)
			process.stdout.write(`CLOSED ${url.pathname} ${stream.rstCode}\n`);
	});
	const respond = (head, body) => {
		stream.respond(head);
		if (body !== undefined) stream.end(body);
	};
	const chunks = [];
	stream.on("data", (chunk) => chunks.push(chunk));
	stream.on("end", () => {
		switch (url.pathname) {
			case "/echo": {
				const body = Buffer.concat(chunks);
				respond(
					{ ":status": 200, "content-type": "application/json" },
					JSON.stringify({
						bytes: body.length,
						sha256: crypto.createHash("sha256").update(body).digest("hex"),
						contentLength: headers["content-length"] ?? null,
					}),
				);
				return;
			}
			case "/bytes":
				respond({ ":status": 200, "content-type": "application/octet-stream" });
				writeBytes(stream, Number(url.searchParams.get("n")));
				return;
			case "/sse": {
				respond({ ":status": 200, "content-type": "text/event-stream" });
				const events = ["data: 1\n\n", "data: 2\n\n", "data: [DONE]\n\n"];
				let next = 0;
				const write = () => {
					if (stream.destroyed) return;
					stream.write(events[next++]);
					if (next === events.length) return stream.end();
					setTimeout(write, 5);
				};
				write();
				return;
			}
			case "/big-header":
				respond({ ":status": 200, "x-big": "b".repeat(40000) }, "ok");
				return;
			case "/reset":
				// Waiting for trailers keeps END_STREAM back, so the reset comes mid-body.
				stream.respond({ ":status": 200 }, { waitForTrailers: true });
				stream.on("wantTrailers", () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
				stream.end("partial\n");
				return;
			case "/refuse-once":
				if (!refused) {
					refused = true;
					stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
					return;
				}
				respond({ ":status": 200 }, "ok");
				return;
			case "/goaway":
				respond({ ":status": 200 }, "ok");
				stream.on("close", () => session.goaway(http2.constants.NGHTTP2_NO_ERROR));
				return;
			case "/hang":
				respond({ ":status": 200 });
				return;
			case "/interim":
				stream.additionalHeaders({ ":status": 103, link: "</style.css>; rel=preload" });
				stream.respond({ ":status": 200 }, { waitForTrailers: true });
				stream.on("wantTrailers", () => stream.sendTrailers({ "x-trailer": "t" }));
				stream.end("ok");
				return;
			default:
				respond({ ":status": 404 }, "not found");
		}
	});
});

server.listen(0, "127.0.0.1", () => process.stdout.write(`READY ${server.address().port}\n`));
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
