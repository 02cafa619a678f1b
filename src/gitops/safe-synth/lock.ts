import * as path from 'path';
import { codeOf, io, quietly, SafeSynthError } from './io';
import { Outdir } from './outdir';
import { invalid } from '../../base/errors';

/** A lock on one output folder, held for one run. */
export interface Lock {
  /** The lock file. */
  readonly file: string;
  /** Gives the lock up (only if it is still this run's). */
  release(): void;
}

// A lock file that has not got its PID yet is being created right now, unless it is older than this.
const CREATION_GRACE_MS = 5_000;

// Lock files this process holds: a lock naming our own PID that is not among them is a leftover
// from an earlier process that had the same PID (containers restart their PIDs at 1).
const held = new Set<string>();

/** The lock file of an output folder: beside it, so it exists before the folder does and never lands in the folder Argo CD reads. */
export function lockFileOf(real: string): string {
  return path.join(path.dirname(real), `.${path.basename(real)}.safe-synth.lock`);
}

/**
 * Takes the output folder's lock, or refuses with the PID of the run that holds it.
 *
 * The lock is a file beside the folder holding the owner's PID, created only if absent. A lock whose
 * PID is no longer running (a run killed with SIGKILL never releases it) is taken over: it is
 * first renamed aside, and removed only if what was renamed is the very file judged stale (same
 * inode), so two runs taking over the same stale lock cannot both win, nor remove a fresh lock.
 * The lock is keyed by the real path, so runs reaching the folder through different symbolic
 * links exclude each other too.
 */
export function acquireLock(outdir: Outdir): Lock {
  const file = lockFileOf(outdir.real);
  const unchanged = `${outdir.real} is unchanged.`;
  for (let attempts = 0; attempts < 10; attempts++) {
    if (tryCreate(file, unchanged)) {
      held.add(file);
      quietly(() => removeLockLeftovers(file));
      return { file, release: () => release(file) };
    }
    const holder = readHolder(file, unchanged);
    if (holder === undefined) continue; // released meanwhile: try again
    if (holder.pid === undefined ? holder.ageMs < CREATION_GRACE_MS : isRunning(holder.pid, file)) {
      const who = holder.pid === undefined ? 'a SafeSynth run that is starting' : `another SafeSynth run, PID ${holder.pid},`;
      throw invalid('SafeSynth', {
        property: 'outdir',
        value: outdir.given,
        expected: `${who} is writing ${outdir.real} (it holds the lock ${file}). Runs on one output folder take turns: wait for it to finish, then run again; if no such process is running, delete ${file}.`,
      });
    }
    takeOver(file, holder.ino, unchanged);
  }
  throw new SafeSynthError('take the lock', file, Object.assign(new Error('other runs kept taking it'), { code: 'EBUSY' }), unchanged);
}

/**
 * Creates the lock file with its content in one step: the PID is written to a file of its own,
 * then hard-linked to the lock's name, which fails if the name exists. A lock file is thus never
 * seen empty, even when a run is killed while taking it. Where hard links are not supported, it
 * falls back to O_EXCL, where a kill between create and write leaves an empty lock (taken over
 * after CREATION_GRACE_MS).
 */
function tryCreate(file: string, unchanged: string): boolean {
  const own = `${file}.${process.pid}`;
  try {
    io.writeFileSync(own, `${process.pid}\n`, { mode: 0o644 });
  } catch (e) {
    throw new SafeSynthError('create the lock file', own, e, unchanged);
  }
  try {
    io.linkSync(own, file);
    return true;
  } catch (e) {
    if (codeOf(e) === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(codeOf(e) ?? '')) throw new SafeSynthError('create the lock file', file, e, unchanged);
  } finally {
    quietly(() => io.unlinkSync(own));
  }
  let fd: number;
  try {
    fd = io.openSync(file, 'wx', 0o644);
  } catch (e) {
    if (codeOf(e) === 'EEXIST') return false;
    throw new SafeSynthError('create the lock file', file, e, unchanged);
  }
  try {
    io.writeSync(fd, `${process.pid}\n`);
  } finally {
    io.closeSync(fd);
  }
  return true;
}

/** Removes what killed runs left beside the lock (their PID files and stale locks moved aside). */
function removeLockLeftovers(file: string): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  for (const name of io.readdirSync(dir)) {
    const pid = name.startsWith(prefix) ? Number(/^(?:stale-)?(\d+)$/.exec(name.slice(prefix.length))?.[1] ?? 0) : 0;
    if (pid > 0 && pid !== process.pid && !processExists(pid)) quietly(() => io.unlinkSync(path.join(dir, name)));
  }
}

interface Holder { readonly pid?: number; readonly ino: number; readonly ageMs: number }

function readHolder(file: string, unchanged: string): Holder | undefined {
  try {
    const stat = io.statSync(file);
    const text = io.readFileSync(file, 'utf8');
    const pid = /^\d+\n/.test(text) ? Number.parseInt(text, 10) : undefined;
    return { pid: pid !== undefined && pid > 0 ? pid : undefined, ino: stat.ino, ageMs: Date.now() - stat.mtimeMs };
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return undefined;
    throw new SafeSynthError('read the lock file', file, e, unchanged);
  }
}

/** Whether the lock's owner still runs. */
function isRunning(pid: number, file: string): boolean {
  return pid === process.pid ? held.has(file) : processExists(pid);
}

/** Whether a process exists. Signal 0 tests for one without disturbing it; EPERM means it exists but is another user's. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return codeOf(e) === 'EPERM';
  }
}

function takeOver(file: string, staleIno: number, unchanged: string): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    io.renameSync(file, aside);
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return; // another run took it over first
    throw new SafeSynthError('take over the stale lock', file, e, unchanged);
  }
  if (io.statSync(aside).ino !== staleIno) {
    // Between reading the stale lock and renaming it, another run took it over and created a fresh
    // one, which is what was moved: put it back (link fails if yet another run created one since).
    quietly(() => io.linkSync(aside, file));
  }
  quietly(() => io.unlinkSync(aside));
}

function release(file: string): void {
  held.delete(file);
  try {
    if (io.readFileSync(file, 'utf8') === `${process.pid}\n`) io.unlinkSync(file);
  } catch {
    // Already gone, or unreadable: the next run judges it by its PID.
  }
}
