/**
 * What every measured app does around its own construct code: reads its arguments, times its
 * phases and prints them as one JSON line for the runner.
 *
 *   node app.js COUNT OUTDIR [--one-chart]
 *
 * The apps run as esbuild bundles with their packages external, so every `require` of cdk8s,
 * cdk8s-plus-28 and constructs happens before this code runs: `loadMs` is process start plus
 * module loading.
 */
import { performance } from 'perf_hooks';
import { App } from 'cdk8s';
import { FleetChart, fleetCharts } from './fleet';

/** Milliseconds since the process started at which each phase ended. */
export interface Phases {
  /** Node started and every module loaded. */
  readonly loadMs: number;
  /** The construct tree built. */
  readonly treeMs: number;
  /** The manifests written. */
  readonly synthMs: number;
}

export function runApp(build: (app: App, charts: FleetChart[]) => void): void {
  const loadMs = performance.now();
  const [count, outdir] = [Number(process.argv[2]), process.argv[3]];
  if (!Number.isInteger(count) || count < 1 || !outdir) throw new Error(`usage: node ${process.argv[1]} COUNT OUTDIR [--one-chart]`);
  const app = new App({ outdir });
  build(app, fleetCharts(count, process.argv.includes('--one-chart') ? 'one-chart' : 'chart-per-agent'));
  const treeMs = performance.now();
  app.synth();
  const phases: Phases = { loadMs, treeMs, synthMs: performance.now() };
  process.stdout.write(`${JSON.stringify(phases)}\n`);
}
