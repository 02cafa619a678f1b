import * as fs from 'fs';

/**
 * Every file-system call SafeSynth makes on the output folder, its parent and its staging
 * folder, in one object. Tests replace a member to inject what is hard to cause for real (a full
 * disk needs a tiny mount and root, a read-only folder means nothing to root), and the kill test
 * counts these calls to stop a synth at each step. Internal: not exported from the package.
 */
export const io = {
  openSync: fs.openSync,
  writeSync: fs.writeSync,
  fsyncSync: fs.fsyncSync,
  fchmodSync: fs.fchmodSync,
  closeSync: fs.closeSync,
  renameSync: fs.renameSync,
  linkSync: fs.linkSync,
  unlinkSync: fs.unlinkSync,
  mkdirSync: fs.mkdirSync,
  rmdirSync: fs.rmdirSync,
  rmSync: fs.rmSync,
  mkdtempSync: fs.mkdtempSync,
  readFileSync: fs.readFileSync,
  writeFileSync: fs.writeFileSync,
  readdirSync: fs.readdirSync,
  lstatSync: fs.lstatSync,
  statSync: fs.statSync,
  readlinkSync: fs.readlinkSync,
  realpathSync: fs.realpathSync,
};

/** The error code of a failed system call (ENOSPC, EACCES, ...), if `error` is one. */
export function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

// What users need to read, instead of libuv's "ENOSPC: no space left on device, write".
const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'it already exists',
  ENOTEMPTY: 'the folder is not empty',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * A failed file operation, in one line naming the path, the cause and what state the output is
 * in. Not exported from the package (jsii cannot export an Error subclass); recognise it by
 * `name === 'SafeSynthError'` and read `code` and `path`.
 */
export class SafeSynthError extends Error {
  /** The system error code, e.g. ENOSPC. */
  public readonly code: string;
  /** The path the operation failed on. */
  public readonly path: string;

  public constructor(action: string, file: string, cause: unknown, outcome: string) {
    const code = codeOf(cause) ?? 'EUNKNOWN';
    const reason = CAUSES[code] ?? String((cause as Error)?.message ?? cause).replace(/^E[A-Z0-9]+: /, '').split('\n')[0];
    super(`SafeSynth: could not ${action} ${file}: ${reason} (${code}). ${outcome}`, { cause });
    this.name = 'SafeSynthError';
    this.code = code;
    this.path = file;
  }
}

/**
 * Runs one file operation, turning a system error into a SafeSynthError. Anything else (a
 * ValidationError from the app, a bug) passes through untouched.
 */
export function attempt<T>(action: string, file: string, outcome: string, operation: () => T): T {
  try {
    return operation();
  } catch (e) {
    if (codeOf(e) === undefined || e instanceof SafeSynthError) throw e;
    throw new SafeSynthError(action, file, e, outcome);
  }
}

/** Runs a cleanup step whose failure must not hide the error being reported. */
export function quietly(operation: () => void): void {
  try {
    operation();
  } catch {
    // Best effort: the next run removes what is left (see leftovers in atomic-write.ts).
  }
}

/**
 * Makes a folder's entries (renames, new and removed files) durable. Without it a power loss
 * after the rename could keep the new name with the old contents, or undo a removal that
 * followed an addition, breaking the add-before-remove order. Platforms that cannot open a
 * folder for fsync (Windows) skip it.
 */
export function fsyncFolder(dir: string, outcome: string): void {
  let fd: number;
  try {
    fd = io.openSync(dir, 'r');
  } catch (e) {
    if (['EISDIR', 'EPERM', 'EACCES'].includes(codeOf(e) ?? '')) return;
    throw new SafeSynthError('open', dir, e, outcome);
  }
  try {
    io.fsyncSync(fd);
  } catch (e) {
    if (!['EINVAL', 'EBADF', 'EPERM', 'EISDIR'].includes(codeOf(e) ?? '')) throw new SafeSynthError('sync', dir, e, outcome);
  } finally {
    io.closeSync(fd);
  }
}
