// Writes resources/providers/models/<provider>.json: the exported constants of Roo Code's
// packages/types/src/providers/<provider>.ts (model tables, default ids, named constants), as
// the TypeScript evaluates them. See README.md.

import { execFileSync } from "node:child_process"
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

import * as esbuild from "esbuild"

const here = dirname(fileURLToPath(import.meta.url))
const options = {
	repo: "/work/.mirror/RooCodeInc+Roo-Code/repo",
	tag: "v3.28.14",
	out: resolve(here, "../../resources/providers/models"),
}
for (let i = 2; i < process.argv.length; i += 2) {
	const key = process.argv[i].replace(/^--/, "")
	if (!(key in options) || process.argv[i + 1] === undefined) {
		console.error("usage: node generate.mjs [--repo GIT_DIR] [--tag TAG] [--out DIR]")
		process.exit(2)
	}
	options[key] = key === "tag" ? process.argv[i + 1] : resolve(process.argv[i + 1])
}

// Not translated: claude-code (CLI subprocess) and vscode-llm (VS Code LM API).
const skipped = new Set(["index", "claude-code", "vscode-llm"])

// JSON has no Infinity (Gemini's top price tiers have `contextWindow: Infinity`). It is written
// as 1e999, which every JSON parser reads back as the largest double overflowed: Infinity.
const INFINITY_TOKEN = "__model_tables_infinity__"

function toPlain(value) {
	if (value instanceof Set) return [...value].map(toPlain)
	if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]))
	if (typeof value === "number" && !Number.isFinite(value)) {
		if (value === Infinity) return INFINITY_TOKEN
		throw new Error(`cannot write ${value} as JSON`)
	}
	if (typeof value === "function") throw new Error("functions are not data")
	if (Array.isArray(value)) return value.map(toPlain)
	if (value !== null && typeof value === "object") {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]))
	}
	return value
}

// Export names in the order the file declares them (a module namespace lists them sorted).
function exportOrder(source) {
	return [...source.matchAll(/^export\s+(?:const|let|var|function)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1])
}

const work = mkdtempSync(join(tmpdir(), "model-tables-"))
try {
	const archive = execFileSync("git", ["--git-dir", options.repo, "archive", options.tag, "packages/types/src"])
	execFileSync("tar", ["-x", "-C", work], { input: archive })
	const providersDir = join(work, "packages/types/src/providers")
	mkdirSync(options.out, { recursive: true })

	const names = readdirSync(providersDir)
		.filter((f) => f.endsWith(".ts"))
		.map((f) => f.slice(0, -3))
		.filter((name) => !skipped.has(name))
		.sort()
	const seen = new Map()
	for (const name of names) {
		const file = join(providersDir, `${name}.ts`)
		const bundled = join(work, `${name}.mjs`)
		await esbuild.build({ entryPoints: [file], bundle: true, format: "esm", platform: "node", outfile: bundled })
		const module = await import(pathToFileURL(bundled).href)

		const order = exportOrder(readFileSync(file, "utf8"))
		const exported = Object.keys(module).sort()
		if (JSON.stringify([...order].sort()) !== JSON.stringify(exported)) {
			throw new Error(`${name}: export list ${exported} differs from the declarations ${order}`)
		}
		const table = {}
		for (const key of order) {
			if (seen.has(key)) throw new Error(`${key} exported by both ${seen.get(key)} and ${name}`)
			seen.set(key, name)
			table[key] = toPlain(module[key])
		}
		const text = JSON.stringify(table, null, "\t").replaceAll(`"${INFINITY_TOKEN}"`, "1e999")
		writeFileSync(join(options.out, `${name}.json`), text + "\n")
		console.log(`${name}.json: ${order.length} exports`)
	}
} finally {
	rmSync(work, { recursive: true, force: true })
}
