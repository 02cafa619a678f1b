/**
 * Reading one input, a file or standard input (`-`), as a careful tool reads it:
 *
 * - only regular files: /dev/zero never ends, a FIFO blocks until a writer comes, and opening some
 *   devices has side effects, so the type is checked before opening (and again on the open file,
 *   in case the path was replaced meanwhile, opened non-blocking so a FIFO cannot hang us);
 * - at most a stated size (SizeLimit), checked against the file's size before reading and
 *   enforced while reading, so a file that grows meanwhile (or an endless pipe) cannot make memory
 *   unbounded;
 * - in chunks, so that a reader that parses as it goes (json-node-list.ts) never holds the whole
 *   input;
 * - UTF-8 only (text-encoding.ts);
 * - every failure a PlannerInputError naming the path and the cause in words.
 */
import * as fs from 'fs';
import * as tty from 'tty';
import { PlannerInputError } from './errors';
import { Utf8Decoder } from './text-encoding';

/** The largest input read from one file or from standard input as one text: 256 MiB. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/**
 * The largest JSON node list (`kubectl get nodes -o json`): 1 GiB. It is parsed node by node as
 * it is read, never held as one text, and a real inventory of 50,000 nodes is about 335 MB.
 */
export const MAX_NODE_LIST_BYTES = 1024 * 1024 * 1024;

/** A size limit and what a message says of it. */
export interface SizeLimit {
  readonly bytes: number;
  /** What follows "more than the N MiB the CLI reads": where the limit applies, and what to do. */
  readonly scope: string;
}

/** The limit of any one input read as one text. */
export const TEXT_LIMIT: SizeLimit = { bytes: MAX_INPUT_BYTES, scope: 'from one file; split it into several files' };

/** The limit of a JSON node list, parsed as it is read. */
export const NODE_LIST_LIMIT: SizeLimit = {
  bytes: MAX_NODE_LIST_BYTES,
  scope: 'from a JSON node list; plan a part of the fleet at a time (e.g. kubectl get nodes -l SELECTOR -o json)',
};

/** How much is read at a time. */
const CHUNK_BYTES = 1024 * 1024;

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

function tooLarge(name: string, limit: SizeLimit, size?: number): PlannerInputError {
  const what = size === undefined ? 'more than' : `${mebibytes(size)}, more than`;
  return new PlannerInputError(`${name}: the input is ${what} the ${limit.bytes / (1024 * 1024)} MiB the CLI reads ${limit.scope}`);
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

/** Runs a file-system call, turning its failure into a message naming the input. */
function onInput<T>(name: string, call: () => T): T {
  try {
    return call();
  } catch (err) {
    if (err instanceof PlannerInputError) throw err;
    throw new PlannerInputError(`${name}: cannot read: ${describeFsError(err)}`);
  }
}

/**
 * Passes everything `fd` holds to `each`, in full chunks (only the last may be shorter), in one
 * buffer reused for every chunk. `limit` is asked after each chunk, as a reader may learn from the
 * first what the input is; `size` is the file's, when known.
 */
function readChunks(fd: number, name: string, size: number | undefined, limit: () => SizeLimit, each: (bytes: Buffer) => void): void {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let total = 0;
  for (;;) {
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = onInput(name, () => readSome(fd, buffer, length));
    total += length;
    const cap = limit();
    if (size !== undefined && size > cap.bytes) throw tooLarge(name, cap, size);
    if (total > cap.bytes) throw tooLarge(name, cap);
    if (length > 0) each(buffer.subarray(0, length));
    if (length < buffer.length) return;
  }
}

function readStdin(limit: () => SizeLimit, each: (bytes: Buffer) => void): void {
  const name = inputName(STDIN);
  if (tty.isatty(0)) {
    throw new PlannerInputError(`${name}: standard input is a terminal; pipe or redirect the input into it (e.g. kubectl get nodes -o json | cdk8s-daemonsets plan --nodes ${STDIN} dist/)`);
  }
  readChunks(0, name, undefined, limit, each);
}

function readFile(p: string, limit: () => SizeLimit, each: (bytes: Buffer) => void): void {
  let fd: number | undefined;
  try {
    const stat = onInput(p, () => {
      checkRegular(p, fs.statSync(p));
      // Non-blocking, so that a FIFO put in place after the check cannot block the open. (Windows
      // has no O_NONBLOCK, and no FIFOs at a path.)
      // eslint-disable-next-line no-bitwise
      fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
      const opened = fs.fstatSync(fd);
      checkRegular(p, opened);
      return opened;
    });
    const cap = limit();
    if (stat.size > cap.bytes) throw tooLarge(p, cap, stat.size);
    readChunks(fd!, p, stat.size, limit, each);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Reads a file, or standard input for `-`, checked as described above, passing its text to `each`
 * in chunks as it is decoded. `limit` is asked before reading and after each chunk.
 */
export function readInputChunks(p: string, limit: () => SizeLimit, each: (text: string) => void): void {
  const decoder = new Utf8Decoder(inputName(p));
  const decode = (bytes: Buffer) => each(decoder.decode(bytes));
  if (p === STDIN) readStdin(limit, decode);
  else readFile(p, limit, decode);
  each(decoder.end());
}

/** The text of a file, or of standard input for `-`, checked as described above (at most MAX_INPUT_BYTES). */
export function readInput(p: string): string {
  const parts: string[] = [];
  readInputChunks(p, () => TEXT_LIMIT, text => parts.push(text));
  return parts.join('');
}
