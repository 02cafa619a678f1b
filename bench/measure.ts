/**
 * Runs a command as a whole process, several times, and summarizes wall time and peak memory.
 *
 * Wall time is taken around the spawn; peak memory is the child's maximum resident set size as
 * GNU time reports it from wait4(2): the largest single process of the command's tree (for
 * `cdk8s synth`, the CLI or the app it runs, whichever is larger), not their sum. CPU time (user
 * and system, of the command and every process it waited for) is less sensitive than wall time to
 * whatever else the machine runs at the time.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';

const GNU_TIME = '/usr/bin/time';

export interface RunOptions {
  readonly cwd?: string;
  /** Send the command's stdout to this file instead of keeping it (for large outputs). */
  readonly stdoutFile?: string;
  /** Scratch folder for GNU time's report. */
  readonly scratch: string;
}

export interface Sample {
  readonly wallMs: number;
  readonly maxRssKb: number;
  readonly cpuMs: number;
  readonly stdout: string;
}

/** Runs `command` once and throws, with its stderr, if it fails. */
export function runOnce(command: readonly string[], options: RunOptions): Sample {
  const report = path.join(options.scratch, 'time.txt');
  const out = options.stdoutFile === undefined ? 'pipe' : fs.openSync(options.stdoutFile, 'w');
  const start = performance.now();
  const result = spawnSync(GNU_TIME, ['-f', '%M %U %S', '-o', report, ...command], {
    cwd: options.cwd,
    stdio: ['ignore', out, 'pipe'],
    maxBuffer: 2 ** 26,
    encoding: 'utf8',
  });
  const wallMs = performance.now() - start;
  if (typeof out === 'number') fs.closeSync(out);
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' && !fs.existsSync(GNU_TIME)) {
    throw new Error(`${GNU_TIME} is missing: the benchmark reads peak memory from GNU time (Debian/Ubuntu: apt-get install time)`);
  }
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`\`${command.join(' ')}\` exited with ${result.status}:\n${result.stderr.slice(-4000)}`);
  }
  // GNU time adds a "Command exited..." line only on failure; the last line holds the figures.
  const [maxRssKb, userS, systemS] = fs.readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wallMs, maxRssKb, cpuMs: (userS + systemS) * 1000, stdout: result.stdout ?? '' };
}

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function stats(xs: readonly number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  const median = s.length % 2 ? s[Math.floor(mid)] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

export interface Repeat {
  /** Runs thrown away first: they fill the page cache and settle the disk. */
  readonly warmups: number;
  readonly runs: number;
}

export interface Measurement {
  readonly wallMs: Stats;
  readonly maxRssMb: Stats;
  readonly cpuMs: Stats;
  readonly samples: readonly Sample[];
}

export interface Job {
  readonly command: readonly string[];
  readonly options: RunOptions;
}

/**
 * Measures several commands in turns rather than one after the other, so that whatever else the
 * machine does at the time weighs on each of them alike: their ratio is the figure that matters.
 * Every other turn runs them in reverse order (a, b, then b, a): a command that runs after another
 * pays for what that one left behind (its files still being written out), and none should always
 * be the one to pay.
 */
export function measureInTurns(jobs: readonly Job[], repeat: Repeat): Measurement[] {
  for (let i = 0; i < repeat.warmups; i++) jobs.forEach(j => runOnce(j.command, j.options));
  const samples = jobs.map((): Sample[] => []);
  const forward = jobs.map((_, k) => k);
  const backward = [...forward].reverse();
  for (let i = 0; i < repeat.runs; i++) {
    for (const k of i % 2 === 0 ? forward : backward) samples[k].push(runOnce(jobs[k].command, jobs[k].options));
  }
  return samples.map(s => ({
    wallMs: stats(s.map(x => x.wallMs)),
    maxRssMb: stats(s.map(x => x.maxRssKb / 1024)),
    cpuMs: stats(s.map(x => x.cpuMs)),
    samples: s,
  }));
}

/**
 * Wall (or CPU) time of `a` minus that of `b` in each turn (both measured in the same
 * `measureInTurns`), so that what the machine did during a turn weighs on both sides of each difference.
 */
export function differenceInTurns(a: Measurement, b: Measurement, time: 'wallMs' | 'cpuMs' = 'wallMs'): Stats {
  return stats(a.samples.map((s, i) => s[time] - b.samples[i][time]));
}

/**
 * Wall time of `a` over that of `b` in each turn (both measured in the same `measureInTurns`): a
 * slow spell of the machine lengthens both runs of a turn alike, so the ratio barely moves with it
 * while the two medians, or the two fastest runs, can each fall in a different spell.
 */
export function ratioInTurns(a: Measurement, b: Measurement): Stats {
  return stats(a.samples.map((s, i) => s.wallMs / b.samples[i].wallMs));
}

export function measure(command: readonly string[], repeat: Repeat, options: RunOptions): Measurement {
  return measureInTurns([{ command, options }], repeat)[0];
}
