// Node.js side of the provider benchmark: consumes one streamed response with the SDK the
// reference uses, turning each event into the chunk object its handler would yield, and reports
// the CPU time spent on the stream and the process's peak RSS as JSON.
//
//   node provider-stream.mjs --kind openai|anthropic --base-url URL [--repeat R] [--concurrent N]
//
// --concurrent runs N streams at once through the one client in each timed run (CPU and chunks
// are then the run's totals).

import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { parseArgs } from "node:util";

const { values: opt } = parseArgs({
	options: {
		kind: { type: "string" },
		"base-url": { type: "string" },
		repeat: { type: "string", default: "1" },
		concurrent: { type: "string", default: "1" },
	},
});
for (const name of ["repeat", "concurrent"]) {
	if (!(Number.isInteger(Number(opt[name])) && Number(opt[name]) >= 1)) {
		console.error(`provider-stream.mjs: --${name} must be a whole number of at least 1`);
		process.exit(1);
	}
}
const DEFAULT_HEADERS = {
	"HTTP-Referer": "https://github.com/RooVetGit/Roo-Cline",
	"X-Title": "Roo Code",
	"User-Agent": "RooCode/3.28.14",
};
const messages = [{ role: "user", content: "Add a function `add(a, b)` to math.ts" }];

async function openaiOnce(client) {
	const stream = await client.chat.completions.create({
		model: "gpt-4o",
		temperature: 0,
		messages: [{ role: "system", content: "You are Roo." }, ...messages],
		stream: true,
		stream_options: { include_usage: true },
	});
	let chunks = 0;
	let lastUsage;
	for await (const chunk of stream) {
		const delta = chunk.choices[0]?.delta ?? {};
		if (delta.content) {
			const yielded = { type: "text", text: delta.content };
			chunks += yielded.text.length > 0 ? 1 : 0;
		}
		if (chunk.usage) lastUsage = chunk.usage;
	}
	return chunks + (lastUsage ? 1 : 0);
}

async function anthropicOnce(client) {
	const stream = await client.messages.create({
		model: "claude-sonnet-4-5",
		max_tokens: 8192,
		temperature: 0,
		system: [{ text: "You are Roo.", type: "text", cache_control: { type: "ephemeral" } }],
		messages,
		stream: true,
	});
	let chunks = 0;
	for await (const chunk of stream) {
		switch (chunk.type) {
			case "message_start":
			case "message_delta":
				chunks++;
				break;
			case "content_block_start":
			case "content_block_delta":
				chunks++;
				break;
		}
	}
	return chunks;
}

const client =
	opt.kind === "openai"
		? new OpenAI({ baseURL: opt["base-url"], apiKey: "bench", defaultHeaders: DEFAULT_HEADERS })
		: new Anthropic({ baseURL: opt["base-url"], apiKey: "bench" });
const once = opt.kind === "openai" ? openaiOnce : anthropicOnce;

await once(client); // warm-up: module code, connection
const runs = [];
for (let i = 0; i < Number(opt.repeat); i++) {
	const cpu = process.cpuUsage();
	const started = performance.now();
	const counts = await Promise.all(Array.from({ length: Number(opt.concurrent) }, () => once(client)));
	const chunks = counts.reduce((sum, count) => sum + count, 0);
	const used = process.cpuUsage(cpu);
	runs.push({ cpu_ms: (used.user + used.system) / 1000, wall_ms: performance.now() - started, chunks });
}
process.stdout.write(
	JSON.stringify({ concurrent: Number(opt.concurrent), runs, peak_rss_kib: process.resourceUsage().maxRSS }) + "\n",
);
