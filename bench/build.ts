/**
 * Prepares what the benchmark runs, under bench/tmp/ (gitignored): esbuild bundles of the apps,
 * so that TypeScript compilation is never what gets measured, and a scratch copy of examples/
 * for `npm run synth` and `cdk8s synth`, so that running them does not rewrite the committed dist/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';

export const ROOT = path.join(__dirname, '..');

/** The bundled apps, by name. */
export interface Bundles {
  readonly ours: string;
  readonly raw: string;
  readonly plannerTime: string;
  readonly readInventory: string;
}

/**
 * Bundles the apps as examples/synth.js bundles the example: this library's sources inlined,
 * packages (cdk8s, cdk8s-plus-28, constructs, yaml) left to `require` from node_modules.
 */
export function bundleApps(outdir: string): Bundles {
  const bundle = (name: string, entry: string) => {
    const outfile = path.join(outdir, `${name}.js`);
    buildSync({ entryPoints: [path.join(__dirname, 'apps', entry)], outfile, bundle: true, platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
    return outfile;
  };
  return {
    ours: bundle('ours', 'ours.ts'),
    raw: bundle('raw', 'raw.ts'),
    plannerTime: bundle('planner-time', 'planner-time.ts'),
    readInventory: bundle('read-inventory', 'read-inventory.ts'),
  };
}

/**
 * Copies examples/ (main.ts, cdk8s.yaml, synth.js, lua/) to `dir`/examples, with `dir`/src and
 * `dir`/node_modules linking to the repository's and a `dir`/package.json holding only the `synth`
 * script, so the example runs unchanged, by `npm run synth` in `dir` or `cdk8s synth` in
 * `dir`/examples, and writes `dir`/dist. Returns the examples folder.
 */
export function exampleCopy(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  const examples = path.join(dir, 'examples');
  fs.mkdirSync(examples, { recursive: true });
  // Timestamps kept: synth.js bundles again when an input changed or was written just before.
  // Every file and folder the app may read (lua/ for the log collector's scripts); not the
  // hidden build output.
  for (const file of fs.readdirSync(path.join(ROOT, 'examples')).filter(name => !name.startsWith('.'))) {
    fs.cpSync(path.join(ROOT, 'examples', file), path.join(examples, file), { preserveTimestamps: true, recursive: true });
  }
  // Without a name, nothing (jest's module map) takes the copy for this package.
  const rootPackage = path.join(ROOT, 'package.json');
  const { scripts } = JSON.parse(fs.readFileSync(rootPackage, 'utf8')) as { scripts: Record<string, string> };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ private: true, scripts: { synth: scripts.synth } }, null, 2)}\n`);
  const { atime, mtime } = fs.statSync(rootPackage);
  fs.utimesSync(path.join(dir, 'package.json'), atime, mtime);
  fs.symlinkSync(path.join(ROOT, 'src'), path.join(dir, 'src'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return examples;
}
