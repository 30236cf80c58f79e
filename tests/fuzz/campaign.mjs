#!/usr/bin/env node
// A long fuzzing campaign: every fuzz target of a build (or the ones named) in turn, each for the
// given seconds with the options and corpora CTest gives it, then a Markdown table of what each
// reached. One target at a time: the machine is shared.
//
//   node tests/fuzz/campaign.mjs [--build-dir build-fuzz] [--seconds 600] [fuzz_target ...]
//
// Each target's log goes to <build-dir>/tests/fuzz/campaign/<target>.log; new inputs go to the
// scratch corpus in the build tree, crashes to its artifacts directory (see README.md).

import { execFileSync, spawnSync } from "node:child_process";
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

const rows = [];
for (const test of tests) {
  const [program, ...options] = test.command;
  const timed = options.map((arg) =>
    arg.startsWith("-max_total_time=") ? `-max_total_time=${seconds}` : arg,
  );
  console.error(`campaign: ${test.name} for ${seconds} s`);
  const run = spawnSync(program, timed, {
    cwd: path.dirname(program),
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: (seconds + 120) * 1000,
  });
  const log = `${run.stdout ?? ""}${run.stderr ?? ""}`;
  writeFileSync(path.join(logDir, `${test.name}.log`), log);
  rows.push({
    name: test.name,
    verdict: run.status === 0 ? "clean" : `exit ${run.status ?? run.signal}`,
    executions: last(log, /stat::number_of_executed_units:\s*(\d+)/g),
    perSecond: last(log, /stat::average_exec_per_sec:\s*(\d+)/g),
    cov: last(log, /\bcov: (\d+)/g),
    ft: last(log, /\bft: (\d+)/g),
    corpus: last(log, /\bcorp: (\d+\/\S+)/g),
  });
}

console.log(`| target | result | executions | exec/s | cov | ft | corpus |`);
console.log(`|---|---|---:|---:|---:|---:|---:|`);
for (const row of rows) {
  console.log(
    `| ${row.name} | ${row.verdict} | ${row.executions} | ${row.perSecond} | ${row.cov} | ` +
      `${row.ft} | ${row.corpus} |`,
  );
}
process.exit(rows.every((row) => row.verdict === "clean") ? 0 : 1);
