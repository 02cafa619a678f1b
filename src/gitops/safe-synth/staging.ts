import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { FileContent } from './atomic-write';
import { codeOf, io, quietly, SafeSynthError } from './io';
import { processExists } from './lock';
import { listFiles } from './ownership';

/**
 * Where staging folders go: a folder of their own in the system's temporary directory, one per
 * user (another user's would not be writable), so finding those of killed runs reads a few
 * entries, not the whole of a busy /tmp.
 */
function stagingRoot(): string {
  return path.join(os.tmpdir(), `cdk8s-daemonsets-safe-synth-${process.getuid?.() ?? 'user'}`);
}

/**
 * Synthesizes the app into a fresh staging folder in the system's temporary directory and returns
 * what cdk8s wrote there, so cdk8s's own file naming, output types and validation all apply and
 * nothing of the output folder is touched while the app runs. The staging folder is removed
 * before this returns; those of killed runs are removed by the next run.
 */
export function synthesizeFiles(app: App, outcome: string): FileContent[] {
  const root = stagingRoot();
  const staging = attemptRead(root, outcome, () => {
    io.mkdirSync(root, { recursive: true, mode: 0o700 });
    // Anyone can create a name in /tmp: a folder there that is not our own (or is a link) could
    // let its owner change the staged files before they are read back. Then stage privately.
    const stat = io.lstatSync(root);
    if (!stat.isDirectory() || (process.getuid !== undefined && stat.uid !== process.getuid())) {
      return io.mkdtempSync(path.join(os.tmpdir(), `cdk8s-daemonsets-safe-synth-${process.pid}-`));
    }
    removeDeadStaging(root);
    return io.mkdtempSync(path.join(root, `${process.pid}-`));
  });
  try {
    synthInto(app, staging, outcome);
    return attemptRead(staging, outcome, () => listFiles(staging, Infinity).sort()
      .map(name => ({ name, content: io.readFileSync(path.join(staging, ...name.split('/'))) })));
  } finally {
    quietly(() => io.rmSync(staging, { recursive: true, force: true }));
  }
}

function synthInto(app: App, dir: string, outcome: string): void {
  // App.outdir is fixed at construction; the app is pointed at the staging folder for this one
  // synth, and back after.
  const original = app.outdir;
  Object.defineProperty(app, 'outdir', { value: dir, configurable: true, writable: true });
  try {
    app.synth();
  } catch (e) {
    // cdk8s writes with fs directly: its system errors (a full temporary directory) are ours to
    // word; the app's own errors pass through as they are.
    if (codeOf(e) !== undefined) throw new SafeSynthError('synthesize into', dir, e, outcome);
    throw e;
  } finally {
    Object.defineProperty(app, 'outdir', { value: original, configurable: true, writable: true });
  }
}

/** Runs a step on the staging folder, wording its system errors (a full or read-only temporary directory). */
function attemptRead<T>(dir: string, outcome: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (codeOf(e) !== undefined) throw new SafeSynthError('use the staging folder', dir, e, outcome);
    throw e;
  }
}

/** Removes the staging folders of runs that no longer exist (a SIGKILL skips every finally). */
function removeDeadStaging(root: string): void {
  for (const name of io.readdirSync(root)) {
    const match = /^(\d+)-/.exec(name);
    if (match === null) continue;
    const pid = Number(match[1]);
    // Our own PID's folders may be another worker thread's, a live PID's are that run's.
    if (pid === process.pid || processExists(pid)) continue;
    quietly(() => io.rmSync(path.join(root, name), { recursive: true, force: true }));
  }
}
