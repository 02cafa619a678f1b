import * as path from 'path';
import { Change, FileContent, isTemporary } from './atomic-write';
import { codeOf, io, SafeSynthError } from './io';
import { Outdir } from './outdir';
import { Problem } from '../../base/errors';

/**
 * The record of the files SafeSynth generated in an output folder, kept in the folder. SafeSynth
 * replaces and removes only the files it lists; every other file there (a README, .gitkeep,
 * kustomization.yaml, notes/) belongs to the user and is never touched. It has no extension, so
 * Argo CD's directory source, which reads .yml, .yaml and .json files (and *.jsonnet as Jsonnet;
 * argo-cd docs/user-guide/directory.md, release-2.9 to 3.3), and kustomize, which reads only what
 * kustomization.yaml lists, never apply it. It is committed with the manifests.
 */
export const RECORD = '.safe-synth-files';

const RECORD_HEADER = [
  '# Written by SafeSynth (cdk8s-daemonsets): the files it generated in this folder, one per line.',
  '# It replaces and removes only these; every other file here is left alone. Commit this file.',
];

// Before the first run there is no record. The files cdk8s writes by default (FILE_PER_CHART,
// outputFileExtension ".k8s.yaml": <chart>.k8s.yaml directly in the folder) are taken to be
// generated, so the first run removes stale charts of an earlier `cdk8s synth` or SafeSynth.
// Nothing in a subfolder is, since a notes/ folder of the user's may hold YAML of its own; a file
// at a name the new output generates is replaced (see collisionProblems).
const CDK8S_OUTPUT = /^[^/]+\.k8s\.yaml$/;

/** Which files of the output folder are SafeSynth's. */
export interface Ownership {
  /** Whether the folder holds a record (if not, `files` were adopted by name). */
  readonly recorded: boolean;
  /** The generated files, relative to the folder with `/` separators, sorted; some may be gone. */
  readonly files: readonly string[];
}

/** The record's text for these files. */
export function renderRecord(files: readonly string[]): string {
  return [...RECORD_HEADER, ...[...files].sort(), ''].join('\n');
}

/** Reads the record, or adopts cdk8s-named files when there is none. */
export function readOwnership(outdir: Outdir): Ownership {
  if (!outdir.exists) return { recorded: false, files: [] };
  const recordPath = path.join(outdir.real, RECORD);
  let text: string;
  try {
    text = io.readFileSync(recordPath, 'utf8');
  } catch (e) {
    if (codeOf(e) !== 'ENOENT') throw new SafeSynthError('read', recordPath, e, `${outdir.real} is unchanged.`);
    return { recorded: false, files: listFiles(outdir.real, 1).filter(f => CDK8S_OUTPUT.test(f)).sort() };
  }
  const files = text.split('\n').map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#'));
  return { recorded: true, files: [...new Set(files)].sort() };
}

/**
 * Problems with the record itself: an entry that leaves the folder (`../x`, `/etc/x`, a path
 * through a symbolic link) would make SafeSynth delete a file elsewhere once it is stale.
 */
export function recordProblems(outdir: Outdir, ownership: Ownership): Problem[] {
  const bad = ownership.files.filter(f => !isSafeEntry(outdir.real, f));
  if (bad.length === 0) return [];
  return [{
    property: `${path.join(outdir.real, RECORD)}`,
    value: bad.join(', '),
    expected: 'Each line must name a file inside the output folder, relative to it, with no ".." and no symbolic link on the way: SafeSynth would delete a stale entry. Fix the record, or delete it (SafeSynth then takes the folder\'s *.k8s.yaml files as its own).',
  }];
}

function isSafeEntry(dir: string, entry: string): boolean {
  if (entry === RECORD || entry.includes('\\') || entry.includes('\0') || path.posix.isAbsolute(entry)) return false;
  const segments = entry.split('/');
  if (segments.some(s => s === '' || s === '.' || s === '..')) return false;
  // Every folder on the way must be a real folder inside `dir`, not a link out of it.
  for (let i = 1; i < segments.length; i++) {
    const folder = path.join(dir, ...segments.slice(0, i));
    try {
      if (!io.lstatSync(folder).isDirectory()) return false;
    } catch (e) {
      if (codeOf(e) === 'ENOENT') return true; // nothing there to delete
      return false;
    }
  }
  return true;
}

/** Files under `dir` (relative, `/`-separated), at most `depth` levels deep, symbolic links not followed. */
export function listFiles(dir: string, depth: number, prefix = ''): string[] {
  const entries = io.readdirSync(path.join(dir, prefix), { withFileTypes: true });
  return entries.flatMap(entry => {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) return depth > 1 ? listFiles(dir, depth - 1, rel) : [];
    return [rel];
  });
}

// Names that mark a project's sources or tooling: nothing cdk8s generates looks like them.
const SOURCE_NAMES = new Set(['.git', 'node_modules', 'package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'tsconfig.json', 'cdk8s.yaml', '.projenrc.ts', 'go.mod', 'pyproject.toml', 'Cargo.toml', 'pom.xml']);
const SOURCE_EXTENSIONS = /\.(?:[cm]?[jt]sx?|py|go|java|kt|rs|rb|cs)$/;
// A scan of a folder this big stops and refuses: an output folder never holds that many files of the user's own.
const SCAN_LIMIT = 10_000;

/**
 * Whether the folder holds files it did not generate that look like a project's sources, the
 * mark of an outdir pointed at the wrong folder (`src`, a project root, a home directory).
 * SafeSynth would not delete them, but Argo CD would read the folder, and the mistake is worth
 * stopping at. `allowForeignFiles` lets it through.
 */
export function sourcesProblems(outdir: Outdir, ownership: Ownership): Problem[] {
  if (!outdir.exists) return [];
  const owned = new Set(ownership.files);
  const found: string[] = [];
  let seen = 0;
  const visit = (prefix: string): void => {
    for (const entry of io.readdirSync(path.join(outdir.real, prefix), { withFileTypes: true })) {
      if (found.length >= 3 || seen > SCAN_LIMIT) return;
      seen++;
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (owned.has(rel) || rel === RECORD || isTemporary(entry.name)) continue;
      if (SOURCE_NAMES.has(entry.name) || (!entry.isDirectory() && SOURCE_EXTENSIONS.test(entry.name))) found.push(rel);
      else if (entry.isDirectory()) visit(rel);
    }
  };
  visit('');
  if (found.length === 0 && seen <= SCAN_LIMIT) return [];
  const what = found.length > 0
    ? `holds files SafeSynth did not generate that look like a project's sources (${found.join(', ')})`
    : `holds more than ${SCAN_LIMIT} files SafeSynth did not generate`;
  return [{
    property: 'outdir',
    value: outdir.given,
    expected: `${outdir.real} ${what}: it looks like the wrong folder. SafeSynth never deletes or overwrites them, but Argo CD applies the folder it reads. Point outdir at a folder of its own, e.g. "dist"; if this folder really is meant to hold them (e.g. the root of a separate GitOps repository), pass allowForeignFiles: true.`,
  }];
}

/**
 * Generated files whose names are taken by a file the record does not list: SafeSynth never
 * overwrites those. Without a record (the first run), a file at a generated name is taken to be
 * an earlier version of it, written by `cdk8s synth` or an earlier SafeSynth, and replaced.
 */
export function collisionProblems(outdir: Outdir, ownership: Ownership, generated: readonly string[]): Problem[] {
  if (!outdir.exists || !ownership.recorded) return [];
  const owned = new Set(ownership.files);
  const taken = generated.filter(f => !owned.has(f) && lstatExists(path.join(outdir.real, f)));
  if (taken.length === 0) return [];
  const [verb, them] = taken.length > 1 ? ['exist', 'them'] : ['exists', 'it'];
  return [{
    property: 'outdir',
    value: outdir.given,
    expected: `${taken.map(f => path.join(outdir.real, f)).join(', ')} ${verb} and SafeSynth did not write ${them} (not listed in ${RECORD}): it never overwrites a file it did not generate. Move or delete ${them} (the synth writes the generated version), or rename the chart.`,
  }];
}

function lstatExists(file: string): boolean {
  try {
    io.lstatSync(file);
    return true;
  } catch (e) {
    if (codeOf(e) === 'ENOENT' || codeOf(e) === 'ENOTDIR') return false;
    throw new SafeSynthError('read', file, e, `${path.dirname(file)} is unchanged.`);
  }
}

/**
 * What this run changes: the new and changed files, the stale ones (generated before, no longer),
 * and the record. When files are added, the record first lists old and new files together, so a
 * run killed halfway never leaves a generated file unrecorded; once the stale files are gone, it
 * lists only the new ones.
 */
export function planChange(
  outdir: Outdir, ownership: Ownership, current: readonly FileContent[], generated: readonly FileContent[],
): { change: Change; removed: string[] } {
  const names = generated.map(f => f.name);
  const currentContent = new Map(current.map(f => [f.name, f.content]));
  const removed = ownership.files.filter(f => currentContent.has(f) && !names.includes(f));
  const added = names.filter(f => !ownership.files.includes(f));
  const before = !ownership.recorded || added.length > 0 ? [...new Set([...ownership.files, ...names])].sort() : undefined;
  const after = [...names].sort();
  const recorded = before ?? ownership.files;
  const change: Change = {
    dir: outdir.real,
    exists: outdir.exists,
    recordBefore: before !== undefined ? recordFile(before) : undefined,
    // An unchanged file is left alone: no write, no new mtime, one window fewer.
    writes: generated.filter(f => !currentContent.get(f.name)?.equals(f.content)),
    removals: removed,
    recordAfter: recorded.join('\n') !== after.join('\n') ? recordFile(after) : undefined,
  };
  return { change, removed };
}

function recordFile(files: readonly string[]): FileContent {
  return { name: RECORD, content: Buffer.from(renderRecord(files)) };
}
