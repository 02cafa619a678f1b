/**
 * A small GitOps app run through SafeSynth in a child process, for the tests that kill it or run
 * it beside another run. Bundled with esbuild by test/support/safe-synth.ts (never run by jest).
 *
 *   node child.js <outdir> <mode>
 *
 * Modes: `A` or `B` synthesize that version once. `serve` loads everything, prints "ready" and
 * waits for a line "go <A|B> <n>" on stdin: then it synthesizes the versions in turn (A, B, A, ...
 * from the one given) until killed, sending itself SIGKILL just before the n-th file-system call
 * that changes something when n > 0 (so any step of a synth can be hit). The kill test starts the
 * next child while the current one runs, so loading cdk8s is not paid between kills.
 * Environment: COUNT_OPS=1 prints how many such calls a run made; SLOW_MS=n sleeps that long
 * before each fsync (to hold the lock long enough for another run to meet it).
 */
import * as fs from 'fs';
import { ApiObject, App, Chart } from 'cdk8s';
import { SafeSynth } from '../../src/gitops/safe-synth';
import { io } from '../../src/gitops/safe-synth/io';
import { killTestApp, Version } from '../support/safe-synth-apps';

const [outdir, mode] = process.argv.slice(2);
const MUTATING = ['openSync', 'writeSync', 'writeFileSync', 'fsyncSync', 'fchmodSync', 'closeSync', 'renameSync', 'linkSync', 'unlinkSync', 'mkdirSync', 'rmdirSync', 'rmSync', 'mkdtempSync'] as const;

let ops = 0;
let killAt = 0;
const slowMs = Number(process.env.SLOW_MS ?? 0);
for (const name of MUTATING) {
  const original = io[name] as (...args: any[]) => any;
  (io as any)[name] = (...args: any[]) => {
    ops++;
    if (ops === killAt) process.kill(process.pid, 'SIGKILL');
    if (name === 'fsyncSync' && slowMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, slowMs);
    return original(...args);
  };
}

function synth(version: Version): void {
  const app = new App({ outdir: `${outdir}.cli-unused` });
  killTestApp(app, version, { ApiObject, Chart });
  SafeSynth.synth(app, { outdir });
}

/** One line from stdin, blocking: the child has nothing else to do until told to go. */
function readLine(): string {
  const buffer = Buffer.alloc(64);
  let line = '';
  while (!line.includes('\n')) {
    let n = 0;
    try {
      n = fs.readSync(0, buffer, 0, buffer.length, null);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      continue;
    }
    if (n === 0) process.exit(0); // the test ended without sending go
    line += buffer.toString('utf8', 0, n);
  }
  return line.trim();
}

try {
  if (mode === 'serve') {
    process.stdout.write('ready\n');
    const [, first, at] = readLine().split(' ');
    killAt = Number(at);
    for (let i = first === 'A' ? 0 : 1; ; i++) synth(i % 2 === 0 ? 'A' : 'B');
  } else {
    synth(mode as Version);
    if (process.env.COUNT_OPS) process.stdout.write(`ops ${ops}\n`);
  }
} catch (e) {
  process.stderr.write(`${(e as Error).name}: ${(e as Error).message}\n`);
  process.exit(3);
}
