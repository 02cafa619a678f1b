/** What one benchmark run found: the runner fills it in, the report renders it. */
import type { Layout } from './apps/fleet';
import type { Phases } from './apps/harness';
import type { Comparison } from './compare';
import { Measurement, Repeat, Stats, stats } from './measure';
import type { ObjectLiteralCosts } from './object-literals';
import type { PlannerFleetResults } from './planner-fleet';
import type { PlannerRow } from './planner-scaling';
import type { Profile } from './profile';

/** One measured command. */
export interface ProcessResult {
  readonly label: string;
  /** The command as run, relative to the repository root. */
  readonly command: string;
  readonly m: Measurement;
  /** For the benchmark's own apps: how long each phase took. */
  readonly phases?: PhaseStats;
}

/** Durations of an app's phases over its runs; `exit` is what the wall clock saw after synth. */
export interface PhaseStats {
  readonly load: Stats;
  readonly tree: Stats;
  readonly synth: Stats;
  readonly exit: Stats;
}

/** The same agents, ours and raw cdk8s-plus-28. */
export interface FleetPair {
  readonly agents: number;
  readonly layout: Layout;
  readonly ours: ProcessResult;
  readonly raw: ProcessResult;
  readonly check: Comparison;
}

/** (a) as it is run, every command in turns, in a scratch copy of the repository's example. */
export interface ExampleResults {
  /** `npm run synth`, the README's main command: examples/synth.js with its bundle up to date. */
  readonly npm: ProcessResult;
  /** The same when the bundle is out of date (after an edit, on a fresh clone): it bundles first. */
  readonly npmRebuild: ProcessResult;
  /** examples/synth.js without npm. */
  readonly script: ProcessResult;
  /** `cdk8s synth` in examples/: the CLI, then the same script. */
  readonly cli: ProcessResult;
  /** The bundle alone, which both run. */
  readonly bundled: ProcessResult;
  /** `npm --version`: npm's own start-up, which `npm run synth` pays before running the script. */
  readonly npmAlone: ProcessResult;
  /** `npm run synth` minus the bundled app, turn by turn. */
  readonly npmExcessMs: Stats;
  /** examples/synth.js minus the bundled app, turn by turn: what this project adds around the app. */
  readonly scriptExcessMs: Stats;
}

export interface Results {
  readonly date: string;
  readonly repeat: Repeat;
  /** The example's commands take more runs: the README's figure is a difference of two of them. */
  readonly exampleRepeat: Repeat;
  readonly floors: { readonly node: ProcessResult; readonly plus: ProcessResult; readonly lib: ProcessResult };
  readonly example: ExampleResults;
  /** (a) and (b): the example's four agents, ours against raw. */
  readonly four: FleetPair;
  /** Whether ours at four agents wrote exactly what examples/main.ts writes. */
  readonly exampleMatches: boolean;
  /** (d): larger fleets. */
  readonly fleets: FleetPair[];
  readonly planner: PlannerRow[];
  /** (f): the planner at fleet size. */
  readonly plannerFleet: PlannerFleetResults;
  readonly profiles: { readonly pair: FleetPair; readonly ours: Profile; readonly raw: Profile };
  /** Why src/base/merged.ts builds the objects every agent builds. */
  readonly objectLiterals: ObjectLiteralCosts;
  /** Whether lib/ (run by the planner CLI) is older than src/. */
  readonly libStale: boolean;
  /** The 1-minute load average before and after: other work on the machine skews every figure. */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly durationS: number;
}

/** Phase durations from the JSON line each run of an app printed. */
export function phaseStats(m: Measurement): PhaseStats {
  const runs = m.samples.map(s => ({ wallMs: s.wallMs, phases: JSON.parse(s.stdout.trim().split('\n').pop()!) as Phases }));
  return {
    load: stats(runs.map(r => r.phases.loadMs)),
    tree: stats(runs.map(r => r.phases.treeMs - r.phases.loadMs)),
    synth: stats(runs.map(r => r.phases.synthMs - r.phases.treeMs)),
    exit: stats(runs.map(r => r.wallMs - r.phases.synthMs)),
  };
}
