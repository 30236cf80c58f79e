#!/usr/bin/env node
// A long fuzzing campaign: every fuzz target of a build (or the ones named) in turn, each for the
// given seconds with the options and corpora CTest gives it, then a Markdown table of what each
// reached. One target at a time unless --jobs says more: the machine is shared.
//
//   node tests/fuzz/campaign.mjs [--build-dir build-fuzz] [--seconds 600] [--jobs 1] [fuzz_target ...]
//
// Each target's log goes to <build-dir>/tests/fuzz/campaign/<target>.log; new inputs go to the
// scratch corpus in the build tree, crashes to its artifacts directory (see README.md).

import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
function option(name, fallback) {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
}
const checkout = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const buildDir = path.resolve(checkout, option("--build-dir", "build-fuzz"));
const seconds = Number(option("--seconds", "600"));
const jobs = Math.max(1, Number(option("--jobs", "1")));
const wanted = new Set(args);

const listing = JSON.parse(
  execFileSync("ctest", ["--test-dir", buildDir, "-L", "fuzz", "--show-only=json-v1"]).toString(),
);
const tests = listing.tests.filter((test) => wanted.size === 0 || wanted.has(test.name));
if (tests.length === 0) {
  console.error(`campaign: no fuzz target${wanted.size ? " named so" : ""} in ${buildDir}`);
  process.exit(2);
}

const logDir = path.join(buildDir, "tests", "fuzz", "campaign");
mkdirSync(logDir, { recursive: true });

// The last value libFuzzer printed for a key: "cov: 123", "stat::number_of_executed_units: 456".
function last(log, pattern) {
  const matches = [...log.matchAll(pattern)];
  return matches.length ? matches[matches.length - 1][1] : "-";
}

// Runs one target to its end (libFuzzer stops itself at -max_total_time; the kill is a backstop).
function runTarget(test) {
  const [program, ...options] = test.command;
  const timed = options.map((arg) =>
    arg.startsWith("-max_total_time=") ? `-max_total_time=${seconds}` : arg,
  );
  console.error(`campaign: ${test.name} for ${seconds} s`);
  return new Promise((resolve) => {
    const child = spawn(program, timed, { cwd: path.dirname(program) });
    const output = [];
    child.stdout.on("data", (data) => output.push(data));
    child.stderr.on("data", (data) => output.push(data));
    const backstop = setTimeout(() => child.kill("SIGKILL"), (seconds + 120) * 1000);
    child.on("close", (status, signal) => {
      clearTimeout(backstop);
      const log = Buffer.concat(output).toString("utf8");
      writeFileSync(path.join(logDir, `${test.name}.log`), log);
      resolve({
        name: test.name,
        verdict: status === 0 ? "clean" : `exit ${status ?? signal}`,
        executions: last(log, /stat::number_of_executed_units:\s*(\d+)/g),
        perSecond: last(log, /stat::average_exec_per_sec:\s*(\d+)/g),
        cov: last(log, /\bcov: (\d+)/g),
        ft: last(log, /\bft: (\d+)/g),
        corpus: last(log, /\bcorp: (\d+\/\S+)/g),
      });
    });
  });
}

const rows = new Array(tests.length);
let next = 0;
async function worker() {
  while (next < tests.length) {
    const index = next++;
    rows[index] = await runTarget(tests[index]);
  }
}
await Promise.all(Array.from({ length: Math.min(jobs, tests.length) }, worker));

console.log(`| target | result | executions | exec/s | cov | ft | corpus |`);
console.log(`|---|---|---:|---:|---:|---:|---:|`);
for (const row of rows) {
  console.log(
    `| ${row.name} | ${row.verdict} | ${row.executions} | ${row.perSecond} | ${row.cov} | ` +
      `${row.ft} | ${row.corpus} |`,
  );
}
process.exit(rows.every((row) => row.verdict === "clean") ? 0 : 1);
