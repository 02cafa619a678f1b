import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { assertValid } from '../base/errors';
import { instanceOf, isBoolean, isString, optional, propsProblems, Schema } from '../validation/guards';
import { applyChange, FileContent, removeLeftovers } from './safe-synth/atomic-write';
import { attempt, codeOf, io, SafeSynthError } from './safe-synth/io';
import { acquireLock } from './safe-synth/lock';
import { parseObjects, removalProblems } from './safe-synth/manifests';
import { resolveOutdir } from './safe-synth/outdir';
import { collisionProblems, planChange, readOwnership, recordProblems, sourcesProblems } from './safe-synth/ownership';
import { synthesizeFiles } from './safe-synth/staging';

/** Options for a fail-safe synth. */
export interface SafeSynthOptions {
  /**
   * The folder Argo CD reads (e.g. `dist`), relative to the current directory. Judged and written
   * by its real path: a symbolic link is written through and stays a link. Created if missing,
   * but its parent must exist. Refused: the current directory or any folder above it (the
   * project root among them), anything inside .git or node_modules, a file, a dangling link, and
   * a folder holding files that look like sources (see `allowForeignFiles`).
   */
  readonly outdir: string;
  /**
   * Write an output without DaemonSets even though the current one has some. With Argo CD's
   * automated prune, an empty output deletes every agent, the CNI included, from every node.
   * @default false
   */
  readonly allowRemovingAllDaemonSets?: boolean;
  /**
   * Write an output that no longer has a CNI DaemonSet the current output has (one labelled
   * `app.kubernetes.io/component: cni`, as `CniAgentDaemonSet` is, or writing the node's
   * `/etc/cni` or `/opt/cni`). With Argo CD's prune, every node would lose its pod network.
   * `allowRemovingAllDaemonSets` does not imply it.
   * @default false
   */
  readonly allowRemovingCni?: boolean;
  /**
   * Write into a folder that holds files SafeSynth did not generate which look like a project's
   * sources (`*.ts`, `*.js`, `package.json`, `.git`, ...), e.g. the root of a separate GitOps
   * repository. Those files are still never deleted or overwritten.
   * @default false - such a folder is refused as the wrong one
   */
  readonly allowForeignFiles?: boolean;
}

/** The runtime shape of SafeSynthOptions. */
export const SAFE_SYNTH_OPTIONS_SCHEMA: Schema<SafeSynthOptions> = {
  outdir: isString,
  allowRemovingAllDaemonSets: optional(isBoolean),
  allowRemovingCni: optional(isBoolean),
  allowForeignFiles: optional(isBoolean),
};

/** What a fail-safe synth wrote. */
export interface SafeSynthResult {
  /** The generated files, relative to the output folder, sorted. */
  readonly files: string[];
  /** Generated files of the previous output that the new one no longer has, now removed (sorted). */
  readonly removed: string[];
  /** How many objects the generated files hold. */
  readonly objects: number;
  /** How many of them are DaemonSets. */
  readonly daemonSets: number;
}

/**
 * Synthesizes an app so that neither a failure nor a kill can damage the folder GitOps applies.
 *
 * `cdk8s synth` deletes its output folder before running the app, so an app that throws leaves
 * an empty folder, and Argo CD with prune then deletes what it no longer sees, the CNI included.
 * SafeSynth keeps these promises instead:
 *
 * - **It owns only what it wrote.** The files it generated are listed in `.safe-synth-files` in
 *   the folder (commit it); only those are ever replaced or removed. A README, `.gitkeep`,
 *   `kustomization.yaml` or a subfolder of yours stays as it is, and a file of yours at a
 *   generated name is refused, never overwritten. Before the first run there is no list: the
 *   `*.k8s.yaml` files directly in the folder (what cdk8s writes by default) are taken as
 *   generated, and a file at a name the new output generates is replaced.
 * - **The folder is always whole.** It is never removed or recreated (its mode, and a symbolic
 *   link to it, stay); each file is replaced atomically (written beside it, fsynced, renamed
 *   over it), new files go in before stale ones are removed. Killed at any instant, the folder
 *   exists and every generated file is complete, its old version or its new one (some files
 *   may be new and others old until the next run, which finishes the job).
 * - **Nothing changes unless everything is ready.** The app is synthesized into a staging folder,
 *   every object checked, the result compared with the current output, and every new file
 *   written and synced beside its target before the first rename. A failing app, a full disk or
 *   a read-only folder leaves the output exactly as it was, with a one-line error naming the
 *   path and the cause.
 * - **It refuses dangerous folders** by their real path (see `outdir`, `allowForeignFiles`), an
 *   output without DaemonSets when the current one has some (`allowRemovingAllDaemonSets`), and
 *   one that drops the current CNI DaemonSet (`allowRemovingCni`).
 * - **One run at a time per folder.** A lock file beside the folder
 *   (`.<folder>.safe-synth.lock`) names the running PID; a second run is refused with that PID.
 *   A lock left by a killed run is taken over, and its temporary files and staging folder are
 *   removed.
 *
 * Under `cdk8s synth`, point `output` in cdk8s.yaml at a scratch folder (never at the folder
 * Argo CD reads): the generated files are written there too, so the CLI lists them as usual.
 *
 * @example
 * SafeSynth.synth(app, { outdir: 'dist' });
 */
export class SafeSynth {
  /** Synthesizes `app` into `options.outdir`, or throws and leaves it as it was. */
  public static synth(app: App, options: SafeSynthOptions): SafeSynthResult {
    assertValid('SafeSynth.synth', [
      ...instanceOf(App, 'new App()')(app, 'app'),
      ...propsProblems(options, SAFE_SYNTH_OPTIONS_SCHEMA, 'SafeSynthOptions', true, 'options'),
    ]);
    const outdir = resolveOutdir(options.outdir);
    const lock = acquireLock(outdir);
    try {
      const unchanged = `${outdir.real} is unchanged.`;
      if (outdir.exists) removeLeftovers(outdir.real);
      const ownership = readOwnership(outdir);
      assertValid('SafeSynth', [
        ...recordProblems(outdir, ownership),
        ...(options.allowForeignFiles ? [] : sourcesProblems(outdir, ownership)),
      ]);

      const generated = synthesizeFiles(app, unchanged);
      const next = parseObjects(generated, outdir.real, 'the new output');
      assertValid('SafeSynth', next.problems);
      const currentFiles = readCurrent(outdir.real, ownership.files, unchanged);
      const current = parseObjects(currentFiles, outdir.real, 'the current output');
      assertValid('SafeSynth', [
        ...current.problems,
        ...collisionProblems(outdir, ownership, generated.map(f => f.name)),
        ...removalProblems(current.objects, next.objects, outdir.real, options),
      ]);

      const { change, removed } = planChange(outdir, ownership, currentFiles, generated);
      applyChange(change);
      attempt('write the generated files into cdk8s.yaml\'s output', path.resolve(app.outdir), `${outdir.real} was written.`,
        () => writeCliOutdir(generated, app.outdir, outdir.real));
      return {
        files: generated.map(f => f.name),
        removed,
        objects: next.objects.length,
        daemonSets: next.objects.filter(o => o.kind === 'DaemonSet').length,
      };
    } finally {
      lock.release();
    }
  }

  private constructor() {}
}

/** The generated files of the current output that are still there (a record may name files deleted by hand). */
function readCurrent(dir: string, owned: readonly string[], unchanged: string): FileContent[] {
  return owned.flatMap(name => {
    const file = path.join(dir, ...name.split('/'));
    try {
      return [{ name, content: io.readFileSync(file) }];
    } catch (e) {
      if (['ENOENT', 'ENOTDIR', 'EISDIR'].includes(codeOf(e) ?? '')) return [];
      throw new SafeSynthError('read', file, e, unchanged);
    }
  });
}

/**
 * Under `cdk8s synth` (CDK8S_OUTDIR set), the CLI lists its own output folder, a scratch folder
 * it has just emptied: give it the same files. Nothing there is deleted.
 */
function writeCliOutdir(files: readonly FileContent[], cliOutdir: string, outdir: string): void {
  if (process.env.CDK8S_OUTDIR === undefined) return;
  const target = path.resolve(cliOutdir);
  if (target === outdir) return;
  for (const file of files) {
    const dest = path.join(target, ...file.name.split('/'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, file.content);
  }
}
