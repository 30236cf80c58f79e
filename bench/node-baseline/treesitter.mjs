#!/usr/bin/env node
// Node.js baseline for bench_treesitter: the calls of the golden tree-sitter manifest made the
// way Roo Code v3.28.14 makes them, with the same libraries (web-tree-sitter 0.25.6 and the wasm
// grammars of tree-sitter-wasms 0.1.12): every call loads its languages and compiles their
// queries again, reads the file as UTF-8, parses it, runs query.captures and walks the captures
// as processCaptures does. Folder calls list the folder with fs (the reference spawns rg, which
// costs more), so the baseline errs on the fast side. It measures cost, not output: parity is
// proven by tests/parity, not here.
//
//   node bench/node-baseline/treesitter.mjs [--golden DIR] [--skip-swift] [--json]

import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { Parser, Language, Query } from "web-tree-sitter";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const QUERIES = path.join(REPO, "resources", "treesitter", "queries");
const WASMS = path.join(HERE, "node_modules", "tree-sitter-wasms", "out");

const { values: opt } = parseArgs({
	options: {
		golden: { type: "string", default: path.resolve(REPO, "..", "shared", "golden") },
		"skip-swift": { type: "boolean", default: false },
		json: { type: "boolean", default: false },
	},
});

// languageParser.ts's switch: extension -> [wasm, query]; htm, elm, vb have no case.
const CASES = {
	js: ["javascript", "javascript"], jsx: ["javascript", "javascript"], json: ["javascript", "javascript"],
	ts: ["typescript", "typescript"], tsx: ["tsx", "tsx"], py: ["python", "python"], rs: ["rust", "rust"],
	go: ["go", "go"], cpp: ["cpp", "cpp"], hpp: ["cpp", "cpp"], c: ["c", "c"], h: ["c", "c"],
	cs: ["c_sharp", "c_sharp"], rb: ["ruby", "ruby"], java: ["java", "java"], php: ["php", "php"],
	swift: ["swift", "swift"], kt: ["kotlin", "kotlin"], kts: ["kotlin", "kotlin"], css: ["css", "css"],
	html: ["html", "html"], ml: ["ocaml", "ocaml"], mli: ["ocaml", "ocaml"], scala: ["scala", "lua"],
	sol: ["solidity", "solidity"], toml: ["toml", "toml"], vue: ["vue", "vue"], lua: ["lua", "lua"],
	rdl: ["systemrdl", "systemrdl"], tla: ["tlaplus", "tlaplus"], zig: ["zig", "zig"],
	ejs: ["embedded_template", "embedded_template"], erb: ["embedded_template", "embedded_template"],
	el: ["elisp", "elisp"], ex: ["elixir", "elixir"], exs: ["elixir", "elixir"],
};
const LISTED = new Set([...Object.keys(CASES), "htm", "elm", "vb", "md", "markdown"].map((e) => `.${e}`));

const querySources = new Map();
async function querySource(name) {
	if (!querySources.has(name)) {
		let text = await fs.readFile(path.join(QUERIES, `${name}.scm`), "utf8");
		if (name === "tsx") text = (await querySource("typescript")) + text;
		querySources.set(name, text);
	}
	return querySources.get(name);
}

async function loadParsers(files) {
	const parsers = {};
	for (const ext of new Set(files.map((f) => path.extname(f).toLowerCase().slice(1)))) {
		const found = CASES[ext];
		if (!found) throw new Error(`Unsupported language: ${ext}`);
		const language = await Language.load(path.join(WASMS, `tree-sitter-${found[0]}.wasm`));
		const query = new Query(language, await querySource(found[1]));
		const parser = new Parser();
		parser.setLanguage(language);
		parsers[ext] = { parser, query };
	}
	return parsers;
}

// What processCaptures reads of each capture.
function walkCaptures(captures, lines) {
	captures.sort((a, b) => a.node.startPosition.row - b.node.startPosition.row);
	let out = "";
	for (const { node, name } of captures) {
		if (!name.includes("definition") && !name.includes("name")) continue;
		const definition = name.includes("name") ? node.parent : node;
		if (!definition) continue;
		const start = definition.startPosition.row;
		if (definition.endPosition.row - start + 1 < 4) continue;
		if (name.includes("name.definition") && !node.text) continue;
		out += lines[start];
		if (node.parent && node.parent.lastChild) out += node.parent.lastChild.endPosition.row;
	}
	return out;
}

async function parseFile(file, parsers) {
	const text = await fs.readFile(file, "utf8");
	const entry = parsers[path.extname(file).toLowerCase().slice(1)];
	if (!entry) return null;
	const tree = entry.parser.parse(text);
	return walkCaptures(tree ? entry.query.captures(tree.rootNode) : [], text.split("\n"));
}

async function fileCall(file) {
	await fs.access(file);
	const ext = path.extname(file).toLowerCase();
	if (!LISTED.has(ext)) return;
	if (ext === ".md" || ext === ".markdown") {
		const text = await fs.readFile(file, "utf8");
		for (const line of text.split("\n")) /^(#{1,6})\s+(.+)$/.test(line);
		return;
	}
	await parseFile(file, await loadParsers([file]));
}

async function dirCall(dir) {
	await fs.access(dir);
	const entries = await fs.readdir(dir, { withFileTypes: true });
	const files = entries
		.filter((e) => !e.isDirectory() && LISTED.has(path.extname(e.name)))
		.map((e) => path.join(dir, e.name))
		.sort((a, b) => a.localeCompare(b))
		.slice(0, 50);
	const other = files.filter((f) => ![".md", ".markdown"].includes(path.extname(f).toLowerCase()));
	const parsers = await loadParsers(other);
	for (const file of other) await parseFile(file, parsers);
}

await Parser.init();
const root = path.join(opt.golden, "treesitter");
const manifest = JSON.parse(await fs.readFile(path.join(root, "manifest.json"), "utf8"));
const corpus = path.join(root, manifest.corpus_root);
const totals = { file_ms: 0, dir_ms: 0, swift_file_ms: 0, file_calls: 0, dir_calls: 0, errors: 0 };
const perFile = [];
let peakRss = process.memoryUsage().rss;
for (const entry of manifest.entries) {
	const swift = entry.input === "swift" || entry.input.endsWith(".swift");
	if (swift && opt["skip-swift"]) continue;
	const started = performance.now();
	try {
		await (entry.api === "dir" ? dirCall : fileCall)(path.join(corpus, entry.input));
	} catch {
		totals.errors++;  // the reference's thrown errors (unsupported languages, missing paths)
	}
	const elapsed = performance.now() - started;
	if (entry.api === "dir") {
		totals.dir_ms += elapsed;
		totals.dir_calls++;
	} else {
		totals.file_ms += elapsed;
		totals.file_calls++;
		perFile.push(elapsed);
		if (swift) totals.swift_file_ms += elapsed;
	}
	peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
perFile.sort((a, b) => a - b);
totals.total_ms = totals.file_ms + totals.dir_ms;
totals.file_median_ms = perFile.length ? perFile[Math.floor(perFile.length / 2)] : 0;
totals.peak_rss_mib = peakRss / (1024 * 1024);
if (opt.json) {
	console.log(JSON.stringify(totals));
} else {
	for (const [key, value] of Object.entries(totals)) {
		console.log(`${key.padEnd(16)} ${typeof value === "number" ? value.toFixed(1) : value}`);
	}
}
