/**
 * Reading one input, a file or standard input (`-`), as a careful tool reads it:
 *
 * - only regular files: /dev/zero never ends, a FIFO blocks until a writer comes, and opening some
 *   devices has side effects, so the type is checked before opening (and again on the open file,
 *   in case the path was replaced meanwhile, opened non-blocking so a FIFO cannot hang us);
 * - at most MAX_INPUT_BYTES, checked against the file's size before reading and enforced while
 *   reading, so a file that grows meanwhile (or an endless pipe) cannot make memory unbounded;
 * - UTF-8 only (text-encoding.ts);
 * - every failure a PlannerInputError naming the path and the cause in words.
 */
import * as fs from 'fs';
import * as tty from 'tty';
import { PlannerInputError } from './errors';
import { decodeUtf8 } from './text-encoding';

/** The largest input read from one file or from standard input: 256 MiB. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** The path that means standard input. */
export const STDIN = '-';

/** How messages and sources name an input path. */
export function inputName(p: string): string {
  return p === STDIN ? '<stdin>' : p;
}

const FS_ERRORS: { readonly [code: string]: string } = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many levels of symbolic links (a symbolic link loop?)',
  ENAMETOOLONG: 'the name is too long',
  ENXIO: 'no such device (a socket, or a device that is not there)',
  EIO: 'input/output error',
  EBADF: 'it is not open',
  EMFILE: 'too many open files',
};

/** An fs error as words, with its code for searching: "permission denied (EACCES)". */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && FS_ERRORS[code]) return `${FS_ERRORS[code]} (${code})`;
  // Node's own text ("EXDEV: cross-device link not permitted, open '/x'") without the path, named already.
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/, \w+ '.*'$/s, '');
}

function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function tooLarge(name: string, size?: number): PlannerInputError {
  const what = size === undefined ? 'more than' : `${mebibytes(size)}, more than`;
  return new PlannerInputError(`${name}: the input is ${what} the ${MAX_INPUT_BYTES / (1024 * 1024)} MiB the CLI reads from one file; split it into several files`);
}

function notRegular(stat: fs.Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a folder';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function checkRegular(p: string, stat: fs.Stats): void {
  const kind = notRegular(stat);
  if (kind === undefined) return;
  const instead = kind === 'a folder' ? 'give a file' : `give a regular file, or ${STDIN} to read standard input (e.g. kubectl get nodes -o json | cdk8s-daemonsets plan --nodes ${STDIN} dist/)`;
  throw new PlannerInputError(`${p}: cannot read: it is ${kind}, not a regular file; ${instead}`);
}

/** One read; waits and retries when a non-blocking descriptor (a terminal's, some pipes') has nothing yet. */
function readSome(fd: number, buffer: Buffer, offset: number): number {
  for (;;) {
    try {
      return fs.readSync(fd, buffer, offset, buffer.length - offset, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EOF') return 0; // a closed pipe on Windows
      if (code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/**
 * Everything `fd` holds, at most MAX_INPUT_BYTES. The buffer starts at the expected size plus one
 * byte (so the read that finds the end needs no new buffer) and doubles only if the input turns
 * out longer, up to one byte past the limit: that byte proves the input too large.
 */
function readCapped(fd: number, name: string, expected: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(expected, MAX_INPUT_BYTES) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > MAX_INPUT_BYTES) throw tooLarge(name);
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, MAX_INPUT_BYTES + 1));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const n = readSome(fd, buffer, length);
    if (n === 0) return buffer.subarray(0, length);
    length += n;
  }
}

function readStdin(): Buffer {
  const name = inputName(STDIN);
  if (tty.isatty(0)) {
    throw new PlannerInputError(`${name}: standard input is a terminal; pipe or redirect the input into it (e.g. kubectl get nodes -o json | cdk8s-daemonsets plan --nodes ${STDIN} dist/)`);
  }
  try {
    return readCapped(0, name, 64 * 1024);
  } catch (err) {
    if (err instanceof PlannerInputError) throw err;
    throw new PlannerInputError(`${name}: cannot read: ${describeFsError(err)}`);
  }
}

function readFile(p: string): Buffer {
  let fd: number | undefined;
  try {
    checkRegular(p, fs.statSync(p));
    // Non-blocking, so that a FIFO put in place after the check cannot block the open. (Windows
    // has no O_NONBLOCK, and no FIFOs at a path.)
    // eslint-disable-next-line no-bitwise
    fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    checkRegular(p, stat);
    if (stat.size > MAX_INPUT_BYTES) throw tooLarge(p, stat.size);
    return readCapped(fd, p, stat.size);
  } catch (err) {
    if (err instanceof PlannerInputError) throw err;
    throw new PlannerInputError(`${p}: cannot read: ${describeFsError(err)}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The text of a file, or of standard input for `-`, checked as described above. */
export function readInput(p: string): string {
  return decodeUtf8(p === STDIN ? readStdin() : readFile(p), inputName(p));
}
