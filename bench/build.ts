/**
 * Prepares what the benchmark runs, under bench/tmp/ (gitignored): esbuild bundles of the apps,
 * so that TypeScript compilation is never what gets measured, and a scratch copy of examples/
 * for `cdk8s synth`, so that running it does not rewrite the committed dist/.
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
}

/**
 * Bundles the apps as examples/cdk8s.yaml bundles the example: this library's sources inlined,
 * packages (cdk8s, cdk8s-plus-28, constructs, yaml) left to `require` from node_modules.
 */
export function bundleApps(outdir: string): Bundles {
  const bundle = (name: string, entry: string) => {
    const outfile = path.join(outdir, `${name}.js`);
    buildSync({ entryPoints: [path.join(__dirname, 'apps', entry)], outfile, bundle: true, platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
    return outfile;
  };
  return { ours: bundle('ours', 'ours.ts'), raw: bundle('raw', 'raw.ts'), plannerTime: bundle('planner-time', 'planner-time.ts') };
}

/**
 * Copies examples/main.ts and its cdk8s.yaml to `dir`/examples, with `dir`/src and
 * `dir`/node_modules linking to the repository's, so the example runs unchanged and writes
 * `dir`/dist. Returns the folder to run `cdk8s synth` in.
 */
export function exampleCopy(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  const examples = path.join(dir, 'examples');
  fs.mkdirSync(examples, { recursive: true });
  for (const file of ['main.ts', 'cdk8s.yaml']) fs.copyFileSync(path.join(ROOT, 'examples', file), path.join(examples, file));
  fs.symlinkSync(path.join(ROOT, 'src'), path.join(dir, 'src'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return examples;
}
