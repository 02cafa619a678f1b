import * as path from 'path';
import { codeOf, fsyncFolder, io, quietly, SafeSynthError } from './io';

/** A file's path relative to the output folder (`/`-separated) and its bytes. */
export interface FileContent {
  readonly name: string;
  readonly content: Buffer;
}

/** What one run changes in the output folder. */
export interface Change {
  /** The output folder's real path. */
  readonly dir: string;
  /** Whether it exists already (if not, it is created, and removed again on failure). */
  readonly exists: boolean;
  /** The record listing old and new generated files, put in place before any generated file. */
  readonly recordBefore?: FileContent;
  /** New and changed generated files. */
  readonly writes: readonly FileContent[];
  /** Generated files of the previous output that the new one no longer has. */
  readonly removals: readonly string[];
  /** The record listing only the new files, put in place after the removals. */
  readonly recordAfter?: FileContent;
}

const TEMPORARY = /^\..+\.\d+-\d+\.safe-synth\.tmp$/;

/**
 * Whether a name is one of SafeSynth's temporary files. Hidden and ending in .tmp, so neither Argo
 * CD (.yaml, .yml and .json only) nor kustomize ever reads one left behind by a killed run.
 */
export function isTemporary(name: string): boolean {
  return TEMPORARY.test(name);
}

let counter = 0;
function temporaryFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${++counter}.safe-synth.tmp`);
}

/**
 * Removes temporary files left in the folder (and its chart subfolders) by runs that were
 * killed. Called with the lock held, so no live run owns any of them.
 */
export function removeLeftovers(dir: string): void {
  const visit = (folder: string, depth: number): void => {
    for (const entry of io.readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory() && depth > 0) visit(path.join(folder, entry.name), depth - 1);
      else if (entry.isFile() && isTemporary(entry.name)) quietly(() => io.unlinkSync(path.join(folder, entry.name)));
    }
  };
  visit(dir, 1);
}

interface Staged { readonly temp: string; readonly target: string }

/**
 * Applies a change so that at every instant, a SIGKILL included, the folder exists and every
 * generated file in it is complete, either its old or its new version:
 *
 * 1. Every new file is written to a temporary file beside its target and fsynced. Nothing the
 *    folder shows has changed yet, so a failure here (a full disk, a read-only folder) leaves it
 *    exactly as it was. Both records are written here too, so step 2 needs no space.
 * 2. The record naming old and new files goes in first, so a generated file is never in the
 *    folder without being recorded as SafeSynth's (or the next run would refuse to overwrite it).
 * 3. Each file is renamed over its target. rename(2) replaces a name atomically: a reader (git,
 *    Argo CD) sees the old file or the new one, never a partial one.
 * 4. Only then are stale generated files removed, so a run stopped halfway never leaves fewer
 *    objects than either output has; then the record naming only the new files goes in.
 *
 * The folder itself is never removed or recreated, so its mode, owner and any symbolic link to
 * it stay as they are; a replaced file keeps its mode.
 */
export function applyChange(change: Change): void {
  const { dir } = change;
  const unchanged = `${dir} is unchanged.`;
  const created: string[] = [];
  const staged = new Map<FileContent, Staged>();
  try {
    if (!change.exists) mkdir(dir, created, unchanged);
    for (const file of [change.recordBefore, ...change.writes, change.recordAfter]) {
      if (file !== undefined) staged.set(file, stage(dir, file, created, unchanged));
    }
  } catch (e) {
    for (const { temp } of staged.values()) quietly(() => io.unlinkSync(temp));
    for (const folder of created.reverse()) quietly(() => io.rmdirSync(folder));
    throw e;
  }

  const partial = `Every generated file in ${dir} is complete, either its old or its new version; run SafeSynth again to finish.`;
  try {
    if (change.recordBefore !== undefined) {
      put(staged.get(change.recordBefore)!, partial);
      fsyncFolder(dir, partial);
    }
    const folders = new Set([dir]);
    for (const file of change.writes) {
      const step = staged.get(file)!;
      put(step, partial);
      folders.add(path.dirname(step.target));
    }
    for (const folder of folders) fsyncFolder(folder, partial);
    for (const name of change.removals) remove(path.join(dir, name), partial);
    for (const folder of new Set(change.removals.map(name => path.dirname(path.join(dir, name))))) {
      if (folder !== dir) removeIfEmpty(folder);
    }
    if (change.recordAfter !== undefined) put(staged.get(change.recordAfter)!, partial);
    fsyncFolder(dir, partial);
  } finally {
    // After a failure, temporaries not yet renamed; the next run would remove them anyway.
    for (const { temp } of staged.values()) quietly(() => io.unlinkSync(temp));
  }
}

function mkdir(folder: string, created: string[], unchanged: string): void {
  try {
    io.mkdirSync(folder);
    created.push(folder);
  } catch (e) {
    if (codeOf(e) !== 'EEXIST') throw new SafeSynthError('create the folder', folder, e, unchanged);
  }
}

/** Writes a file's new version beside it, with the mode of the file it will replace. */
function stage(dir: string, file: FileContent, created: string[], unchanged: string): Staged {
  const target = path.join(dir, ...file.name.split('/'));
  for (let folder = path.dirname(target), missing: string[] = []; ; folder = path.dirname(folder)) {
    if (folder === dir || exists(folder)) {
      for (const m of missing.reverse()) mkdir(m, created, unchanged);
      break;
    }
    missing.push(folder);
  }
  const mode = modeOf(target, unchanged);
  const temp = temporaryFor(target);
  let fd: number;
  try {
    fd = io.openSync(temp, 'wx', mode ?? 0o666);
  } catch (e) {
    throw new SafeSynthError('write in', path.dirname(target), e, unchanged);
  }
  try {
    // The umask applies to a new file's mode: set the replaced file's mode exactly.
    if (mode !== undefined) io.fchmodSync(fd, mode);
    for (let offset = 0; offset < file.content.length;) {
      offset += io.writeSync(fd, file.content, offset, file.content.length - offset);
    }
    // The data must be on disk before the rename makes it the file's content, or a power loss
    // could leave the new name pointing at an empty file.
    io.fsyncSync(fd);
  } catch (e) {
    quietly(() => io.closeSync(fd));
    quietly(() => io.unlinkSync(temp));
    throw new SafeSynthError('write', temp, e, unchanged);
  }
  io.closeSync(fd);
  return { temp, target };
}

function exists(p: string): boolean {
  try {
    io.statSync(p);
    return true;
  } catch {
    return false;
  }
}

function modeOf(file: string, unchanged: string): number | undefined {
  try {
    // The permission bits (with setuid, setgid, sticky): what lies below the file-type bits.
    return io.statSync(file).mode % 0o10000;
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return undefined;
    throw new SafeSynthError('read', file, e, unchanged);
  }
}

function put(step: Staged, partial: string): void {
  try {
    io.renameSync(step.temp, step.target);
  } catch (e) {
    throw new SafeSynthError('replace', step.target, e, partial);
  }
}

function remove(file: string, partial: string): void {
  try {
    io.unlinkSync(file);
  } catch (e) {
    if (codeOf(e) !== 'ENOENT') throw new SafeSynthError('remove the stale file', file, e, partial);
  }
}

/** Removes a chart subfolder that only held stale files; a folder holding anything else stays. */
function removeIfEmpty(folder: string): void {
  try {
    io.rmdirSync(folder);
  } catch {
    // Not empty (it holds other files), or already gone: either way it stays as it is.
  }
}
