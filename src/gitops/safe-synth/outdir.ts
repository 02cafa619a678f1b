import * as path from 'path';
import { codeOf, io, SafeSynthError } from './io';
import { invalid } from '../../base/errors';
import { ValidationError } from '../../validation/validation-error';

/** The output folder, as given and as it really is on disk. */
export interface Outdir {
  /** `outdir` exactly as given, for messages. */
  readonly given: string;
  /**
   * The folder's real path, every symbolic link resolved: all checks and all writes use it, so a
   * symlinked `dist` is written through (the link stays a link) and a link pointing above the
   * project is judged by where it points.
   */
  readonly real: string;
  /** Whether the folder exists yet (its parent always does). */
  readonly exists: boolean;
}

const NOTHING_WRITTEN = 'Nothing was written.';

/** A refusal of `outdir`, in the library's error. */
function refuse(given: string, expected: string): ValidationError {
  return invalid('SafeSynth', { property: 'outdir', value: given, expected });
}

/** A path's real form; `undefined` when it does not exist. */
function realOrUndefined(p: string): string | undefined {
  try {
    return io.realpathSync(p);
  } catch (e) {
    if (codeOf(e) === 'ENOENT' || codeOf(e) === 'ENOTDIR') return undefined;
    throw new SafeSynthError('resolve', p, e, NOTHING_WRITTEN);
  }
}

/** The real path `p` has or would have once created: its existing ancestor resolved, the rest appended. */
function realOrPlanned(p: string): string {
  const real = realOrUndefined(p);
  if (real !== undefined) return real;
  const parent = path.dirname(p);
  return parent === p ? p : path.join(realOrPlanned(parent), path.basename(p));
}

function isWithin(child: string, ancestor: string): boolean {
  const rel = path.relative(ancestor, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The nearest folder at or above `cwd` holding package.json or cdk8s.yaml: the project being synthesized. */
function projectRoot(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (['package.json', 'cdk8s.yaml'].some(f => realOrUndefined(path.join(dir, f)) !== undefined)) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Resolves `outdir` and refuses the folders SafeSynth must never write: the current directory or
 * any folder above it (the project root among them), anything inside .git or node_modules, a
 * file, a dangling link, a folder whose parent is missing, and the folder `cdk8s synth` itself
 * writes. Nothing is created or changed here.
 */
export function resolveOutdir(given: string): Outdir {
  const cwd = io.realpathSync(process.cwd());
  const absolute = path.resolve(given);
  let real: string;
  let exists = true;
  const entry = lstatOrUndefined(absolute, given);
  if (entry === undefined) {
    exists = false;
    const parent = realOrUndefined(path.dirname(absolute));
    if (parent === undefined) {
      throw refuse(given, `Its parent folder ${path.dirname(absolute)} does not exist. SafeSynth creates the output folder but not the folders above it, since a missing parent is most often a typo or the wrong working directory (it runs in ${cwd}): create the parent first.`);
    }
    if (!io.statSync(parent).isDirectory()) throw refuse(given, `${path.dirname(absolute)} is a file, not a folder: point outdir at a folder, e.g. "dist".`);
    real = path.join(parent, path.basename(absolute));
  } else {
    const target = realOrUndefined(absolute);
    if (target === undefined) {
      const link = entry.isSymbolicLink() ? ` (a symbolic link to ${io.readlinkSync(absolute)})` : '';
      throw refuse(given, `${absolute}${link} leads to nothing: SafeSynth writes through a link but does not create its target. Create the folder the link points to, or point outdir at a real folder.`);
    }
    if (!io.statSync(target).isDirectory()) {
      throw refuse(given, `${absolute}${target !== absolute ? ` (through symbolic links: ${target})` : ''} is a file, not a folder. SafeSynth never replaces a file it did not write: move it, or point outdir at a folder, e.g. "dist".`);
    }
    real = target;
  }
  const through = real !== absolute ? ` (through symbolic links: ${real})` : '';

  if (isWithin(cwd, real)) {
    const root = projectRoot(cwd);
    const project = root !== undefined && isWithin(root, real) ? ` and the project root, ${root}` : '';
    throw refuse(given, `${absolute}${through} is (or holds) the current directory, ${cwd}${project}. Argo CD applies every manifest in its folder, and this one holds the whole project: point outdir at a folder of its own, e.g. "dist".`);
  }
  const special = real.split(path.sep).find(segment => segment === '.git' || segment === 'node_modules');
  if (special !== undefined) {
    throw refuse(given, `${absolute}${through} is inside a ${special} folder, which belongs to git or npm: point outdir at a folder of its own, e.g. "dist".`);
  }
  const cliOutdir = process.env.CDK8S_OUTDIR;
  if (cliOutdir !== undefined && cliOutdir !== '' && realOrPlanned(path.resolve(cliOutdir)) === real) {
    throw invalid('SafeSynth', {
      property: 'cdk8s.yaml\'s output',
      value: real,
      expected: 'It is the folder SafeSynth protects, and `cdk8s synth` has already deleted it. Set output in cdk8s.yaml to a scratch folder (e.g. ".cdk8s.out") and let SafeSynth write this one.',
    });
  }
  return { given, real, exists };
}

function lstatOrUndefined(p: string, given: string) {
  try {
    return io.lstatSync(p);
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return undefined;
    if (codeOf(e) === 'ENOTDIR') throw refuse(given, `A part of ${p} is a file, not a folder: point outdir at a folder, e.g. "dist".`);
    throw new SafeSynthError('read', p, e, NOTHING_WRITTEN);
  }
}
