#!/usr/bin/env node
// Line and branch coverage of our sources from a build with gcov counters (the ASan preset), and
// the CI gate on it:
//
//   node packaging/coverage-gate.mjs [--build-dir build-asan] [--min-line 95] [--worst 25]
//                                    [--uncovered SUBSTRING]
//
// Runs `gcov --json-format` over every object that has coverage notes (an object whose code never
// ran counts with zero), keeps the files under service/ and shared/ (generated protobuf code and
// third-party sources live elsewhere), merges what several objects say about the same file (a
// header's lines, sources linked into several libraries) and prints totals per folder and the
// least covered files. Sources that no longer exist are left out (their objects are stale). Exits
// 1 when line coverage is below --min-line. Branches are reported,
// without those gcov marks as exception paths. gcovr reads the same data for an HTML report (see
// README.md), but takes many minutes where this takes seconds.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
function option(name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
}
const checkout = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const buildDir = path.resolve(checkout, option("--build-dir", "build-asan"));
const minLine = Number(option("--min-line", "95"));
const worstCount = Number(option("--worst", "25"));
const uncoveredIn = option("--uncovered", null);

// The notes name sources as the build was configured, which may be through another path to this
// checkout (packaging/dev.sh builds the ASan preset through a fixed alias, for ccache).
function configuredSourceDir() {
  const cache = path.join(buildDir, "CMakeCache.txt");
  if (!existsSync(cache)) return checkout;
  const match = /^CMAKE_HOME_DIRECTORY:INTERNAL=(.*)$/m.exec(readFileSync(cache, "utf8"));
  return match ? match[1] : checkout;
}
const root = configuredSourceDir();
const kept = ["service", "shared"].map((folder) => path.join(root, folder) + path.sep);

function notesUnder(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) notesUnder(full, out);
    else if (entry.name.endsWith(".gcno")) out.push(full);
  }
  return out;
}

const notes = notesUnder(buildDir);
if (notes.length === 0) {
  console.error(`coverage: no .gcno files under ${buildDir} (configure with LAPCE_AI_COVERAGE=ON)`);
  process.exit(2);
}

// file -> line number -> { count, branches: [taken counts], throws: [bool] }
const files = new Map();
function record(file, line) {
  let lines = files.get(file);
  if (!lines) files.set(file, (lines = new Map()));
  let entry = lines.get(line.line_number);
  if (!entry) lines.set(line.line_number, (entry = { count: 0, branches: [], throws: [] }));
  entry.count += Math.max(0, line.count);
  (line.branches ?? []).forEach((branch, index) => {
    entry.branches[index] = (entry.branches[index] ?? 0) + Math.max(0, branch.count);
    entry.throws[index] = entry.throws[index] || Boolean(branch.throw);
  });
}

// gcov writes one JSON document per line with --stdout; batches keep command lines short.
const batchSize = 40;
for (let i = 0; i < notes.length; i += batchSize) {
  const batch = notes.slice(i, i + batchSize);
  const output = execFileSync("gcov", ["--json-format", "--stdout", "--branch-probabilities", ...batch], {
    cwd: buildDir,
    maxBuffer: 1 << 30,
    stdio: ["ignore", "pipe", "ignore"],
  }).toString();
  for (const text of output.split("\n")) {
    if (!text.startsWith("{")) continue;
    const report = JSON.parse(text);
    const base = report.current_working_directory ?? buildDir;
    for (const file of report.files) {
      const absolute = path.resolve(base, file.file);
      if (!kept.some((folder) => absolute.startsWith(folder))) continue;
      if (/\.pb\.(h|cc)$/.test(absolute)) continue;
      // The build directory outlives checkouts: an object compiled from a source that has since
      // been removed (or renamed) still has its notes there, but is no longer part of the build.
      if (!existsSync(absolute)) continue;
      for (const line of file.lines) record(path.relative(root, absolute), line);
    }
  }
}

function tally(lines) {
  const sum = { lines: 0, covered: 0, branches: 0, taken: 0 };
  for (const entry of lines.values()) {
    sum.lines += 1;
    if (entry.count > 0) sum.covered += 1;
    entry.branches.forEach((count, index) => {
      if (entry.throws[index]) return;
      sum.branches += 1;
      if (count > 0) sum.taken += 1;
    });
  }
  return sum;
}
function add(into, sum) {
  for (const key of Object.keys(into)) into[key] += sum[key];
}
const percent = (part, whole) => (whole === 0 ? 100 : (100 * part) / whole);

const total = { lines: 0, covered: 0, branches: 0, taken: 0 };
const byFolder = new Map();
const perFile = [];
for (const [file, lines] of files) {
  const sum = tally(lines);
  add(total, sum);
  const folder = path.dirname(file).split(path.sep).slice(0, 2).join("/");
  if (!byFolder.has(folder)) byFolder.set(folder, { lines: 0, covered: 0, branches: 0, taken: 0 });
  add(byFolder.get(folder), sum);
  perFile.push({ file, ...sum });
}

const row = (name, sum) =>
  `${name.padEnd(44)} ${String(sum.covered).padStart(6)}/${String(sum.lines).padEnd(6)} ` +
  `${percent(sum.covered, sum.lines).toFixed(1).padStart(5)} %   branches ` +
  `${percent(sum.taken, sum.branches).toFixed(1).padStart(5)} %`;

console.log(`coverage of service/ and shared/ from ${notes.length} objects in ${buildDir}`);
for (const folder of [...byFolder.keys()].sort()) console.log(row(folder, byFolder.get(folder)));
console.log(`\nleast covered files (lines not run):`);
perFile
  .filter((entry) => entry.covered < entry.lines)
  .sort((a, b) => b.lines - b.covered - (a.lines - a.covered))
  .slice(0, worstCount)
  .forEach((entry) => console.log(row(`${entry.file} (${entry.lines - entry.covered})`, entry)));
if (uncoveredIn) {
  // The line numbers not run, as ranges, of each file whose path contains the substring.
  for (const [file, lines] of [...files].sort()) {
    if (!file.includes(uncoveredIn)) continue;
    const missing = [...lines].filter(([, entry]) => entry.count === 0).map(([number]) => number);
    missing.sort((a, b) => a - b);
    const ranges = [];
    for (const number of missing) {
      const last = ranges[ranges.length - 1];
      if (last && number === last[1] + 1) last[1] = number;
      else ranges.push([number, number]);
    }
    const text = ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(" ");
    console.log(`\n${file} not run: ${text || "none"}`);
  }
}
console.log("");
console.log(row("TOTAL", total));
const linePercent = percent(total.covered, total.lines);
if (linePercent < minLine) {
  console.log(`coverage: lines ${linePercent.toFixed(2)} % is below the required ${minLine} %`);
  process.exit(1);
}
console.log(`coverage: lines ${linePercent.toFixed(2)} % (required ${minLine} %)`);
