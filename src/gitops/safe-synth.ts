import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { assertValid, invalid } from '../base/errors';
import { instanceOf, isBoolean, isString, optional, propsProblems, Schema } from '../validation/guards';

/** Options for a fail-safe synth. */
export interface SafeSynthOptions {
  /** The folder Argo CD reads (e.g. `dist`); replaced only by a complete, checked output. */
  readonly outdir: string;
  /**
   * Write an output without DaemonSets even though the current one has some. With Argo CD's
   * automated prune, an empty output deletes every agent, the CNI included, from every node.
   * @default false
   */
  readonly allowRemovingAllDaemonSets?: boolean;
}

/** The runtime shape of SafeSynthOptions. */
export const SAFE_SYNTH_OPTIONS_SCHEMA: Schema<SafeSynthOptions> = {
  outdir: isString,
  allowRemovingAllDaemonSets: optional(isBoolean),
};

/** Whether a props check's problem is about the whole argument (reported unnamed or as "props"), not one of its fields. */

/** What a fail-safe synth wrote. */
export interface SafeSynthResult {
  /** The files written, relative to the output folder, sorted. */
  readonly files: string[];
  /** How many objects they hold. */
  readonly objects: number;
  /** How many of them are DaemonSets. */
  readonly daemonSets: number;
}

const MANIFEST = /\.ya?ml$/;

/**
 * Synthesizes an app so that a failure can never damage the output GitOps applies.
 *
 * `cdk8s synth` deletes its output folder before running the app, so an app that throws leaves
 * an empty folder behind, and Argo CD with prune then deletes what it no longer sees. Here the
 * app is synthesized into a fresh staging folder, every object is checked, the result is
 * compared with the current output, and only then is the output folder replaced in one rename.
 * Any error leaves the output exactly as it was.
 *
 * Under `cdk8s synth`, point `output` in cdk8s.yaml at a scratch folder (never at the folder
 * Argo CD reads): the staged files are copied there too, so the CLI lists them as usual.
 */
export class SafeSynth {
  /** Synthesizes `app` into `options.outdir`, or throws and leaves it untouched. */
  public static synth(app: App, options: SafeSynthOptions): SafeSynthResult {
    assertValid('SafeSynth.synth', [
      ...instanceOf(App, 'new App()')(app, 'app'),
      ...propsProblems(options, SAFE_SYNTH_OPTIONS_SCHEMA, 'SafeSynthOptions', true, 'options'),
    ]);
    const outdir = path.resolve(options.outdir);
    // The folder is replaced as a whole: "" or "." (or any folder above the current directory)
    // would delete the project it is run from.
    const fromCwd = path.relative(outdir, process.cwd());
    if (options.outdir.trim() === '' || fromCwd === '' || (!fromCwd.startsWith('..') && !path.isAbsolute(fromCwd))) {
      throw invalid('SafeSynth', { property: 'outdir', value: options.outdir, expected: `SafeSynth replaces the whole folder, and ${outdir} is (or holds) the current directory, ${process.cwd()}, which would be deleted: point outdir at a folder of its own, e.g. "dist".` });
    }
    if (process.env.CDK8S_OUTDIR !== undefined && path.resolve(process.env.CDK8S_OUTDIR) === outdir) {
      throw invalid('SafeSynth', {
        property: 'cdk8s.yaml\'s output',
        value: outdir,
        expected: 'It is the folder SafeSynth protects, and `cdk8s synth` has already deleted it. Set output in cdk8s.yaml to a scratch folder (e.g. ".cdk8s.out") and let SafeSynth write this one.',
      });
    }
    const parent = path.dirname(outdir);
    fs.mkdirSync(parent, { recursive: true });
    // Staging beside the output keeps the final rename on one filesystem, so it is atomic.
    const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(outdir)}.staging-`));
    try {
      synthInto(app, staging);
      const staged = readManifests(staging);
      const current = fs.existsSync(outdir) ? readManifests(outdir) : undefined;
      const daemonSets = staged.objects.filter(o => o.kind === 'DaemonSet').length;
      const currentDaemonSets = current?.objects.filter(o => o.kind === 'DaemonSet').length ?? 0;
      if (daemonSets === 0 && currentDaemonSets > 0 && !options.allowRemovingAllDaemonSets) {
        throw invalid('SafeSynth', {
          property: 'the new output has no DaemonSets',
          value: `the current one has ${currentDaemonSets}`,
          expected: `SafeSynth refused to write ${outdir}: with Argo CD prune this would delete every node agent from every node. If that is really intended, pass allowRemovingAllDaemonSets: true.`,
        });
      }
      replaceFolder(staging, outdir);
      copyToCliOutdir(outdir, app.outdir);
      return { files: staged.files, objects: staged.objects.length, daemonSets };
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }

  private constructor() {}
}

function synthInto(app: App, dir: string): void {
  // App.outdir is fixed at construction; the app is pointed at the staging folder for this one
  // synth so cdk8s's own file naming, output types and validation all still apply.
  const original = app.outdir;
  Object.defineProperty(app, 'outdir', { value: dir, configurable: true, writable: true });
  try {
    app.synth();
  } finally {
    Object.defineProperty(app, 'outdir', { value: original, configurable: true, writable: true });
  }
}

interface Manifests { files: string[]; objects: any[] }

/** Every manifest under a folder, parsed and checked for the shape Kubernetes requires. */
function readManifests(dir: string): Manifests {
  const files = listFiles(dir).filter(f => MANIFEST.test(f)).sort();
  const objects: any[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'));
    docs.forEach((doc, i) => {
      if (doc.errors.length > 0) throw new Error(`${path.join(dir, file)}: document ${i + 1} is not valid YAML: ${doc.errors[0].message}`);
      const obj = doc.toJS();
      if (obj === null || obj === undefined) return;
      const where = `${path.join(dir, file)} document ${i + 1}`;
      if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string' || obj.metadata.name === '') {
        throw new Error(`${where}: every object needs apiVersion, kind and metadata.name`);
      }
      const id = `${obj.apiVersion} ${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
      if (seen.has(id)) throw new Error(`${where}: ${obj.kind} ${obj.metadata.name} is defined twice`);
      seen.add(id);
      if (obj.kind === 'DaemonSet') checkDaemonSet(obj, where);
      objects.push(obj);
    });
  }
  return { files, objects };
}

function checkDaemonSet(obj: any, where: string): void {
  const selector: Record<string, string> = obj.spec?.selector?.matchLabels ?? {};
  const labels: Record<string, string> = obj.spec?.template?.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(selector)) {
    if (labels[key] !== value) throw new Error(`${where}: DaemonSet ${obj.metadata.name} selects ${key}=${value}, which its pod template does not carry`);
  }
  if ((obj.spec?.template?.spec?.containers ?? []).length === 0) throw new Error(`${where}: DaemonSet ${obj.metadata.name} has no containers`);
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap(entry => {
    const rel = path.join(prefix, entry.name);
    return entry.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

/** Puts `staging` in place of `outdir` with renames, restoring the old folder if the swap fails. */
function replaceFolder(staging: string, outdir: string): void {
  const old = `${staging}.old`;
  const hadOutput = fs.existsSync(outdir);
  if (hadOutput) fs.renameSync(outdir, old);
  try {
    fs.renameSync(staging, outdir);
  } catch (e) {
    if (hadOutput) fs.renameSync(old, outdir);
    throw e;
  }
  if (hadOutput) fs.rmSync(old, { recursive: true, force: true });
}

/** Under `cdk8s synth` the CLI lists its own output folder; give it the same files. */
function copyToCliOutdir(outdir: string, cliOutdir: string): void {
  const target = path.resolve(cliOutdir);
  if (target === outdir || process.env.CDK8S_OUTDIR === undefined) return;
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(outdir, target, { recursive: true });
}
