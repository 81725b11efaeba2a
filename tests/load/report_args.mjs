// What the bench report writers (bench_report.mjs, fanout_report.mjs, storms_report.mjs, breakouts_report.mjs)
// share: their `--name value` arguments, a run's JSON report by name, and the head of a results file (when, from
// which commit and command, against which baseline, on which machine).
import { readFileSync, existsSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { execSync } from 'node:child_process';

const args = process.argv.slice(2);

export const arg = (name, fallback = '') => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

// The huddle-load report `${dir}/${name}.json`, or null when that run wrote none.
export const readRun = (dir, name) =>
  existsSync(`${dir}/${name}.json`) ? JSON.parse(readFileSync(`${dir}/${name}.json`, 'utf8')) : null;

export const machine = () => ({
  nproc: Number(execSync('nproc').toString().trim()),
  cpu_model: cpus()[0]?.model ?? 'unknown',
  kernel: release(),
  memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  load_average_before: arg('load-before'),
  load_average_after: arg('load-after'),
});

// The fields every results file starts with.
export const resultsHead = () => ({
  date: new Date().toISOString(),
  commit: arg('commit'),
  command: arg('command'),
  baseline: arg('baseline') || null,
  machine: machine(),
});
