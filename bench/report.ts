/** Renders the results as bench/RESULTS.md: the machine, every figure, the ratios, the reading. */
import * as os from 'os';
import { describeComparison } from './compare';
import { Stats } from './measure';
import { fleetSection, fleetTargets } from './planner-fleet-report';
import { growthExponents, PLANNER_DAEMONSETS, plannerWarmups } from './planner-scaling';
import { plannerLinear, reading, SCRIPT_EXCESS_MAX_MS, targetRatio, TARGET_AGENTS, TARGET_RATIO } from './reading';
import { FleetPair, ProcessResult, Results } from './results';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const range = (s: Stats, digits = 0) => `${fmt(s.min, digits)} – ${fmt(s.max, digits)}`;
const ratio = (a: number, b: number) => `${fmt(a / b, 2)}×`;

function machine(r: Results): string {
  const cpus = os.cpus();
  return `- CPU: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}
- Memory: ${fmt(os.totalmem() / 2 ** 30, 1)} GiB
- Node.js: ${process.version} (${os.platform()} ${os.arch()})
- Load average (1 min) ${fmt(r.loadAverage.start, 2)} at the start, ${fmt(r.loadAverage.end, 2)} at the end: anything else running skews the figures.
- The whole benchmark took ${fmt(r.durationS)} s.`;
}

/** One process row: wall and memory with their spread, then ratios against the given baselines. */
function row(p: ProcessResult, baselines: ProcessResult[]): string {
  const ratios = baselines.map(b => ratio(p.m.wallMs.median, b.m.wallMs.median));
  return `| ${p.label} | **${fmt(p.m.wallMs.median)}** | ${range(p.m.wallMs)} | **${fmt(p.m.maxRssMb.median)}** | ${range(p.m.maxRssMb)} | ${ratios.join(' | ')} |`;
}

function phaseRows(pairs: FleetPair[]): string {
  const cells = (p: ProcessResult) => {
    const ph = p.phases!;
    return `${fmt(ph.load.median)} | ${fmt(ph.tree.median)} | ${fmt(ph.synth.median)} | ${fmt(ph.exit.median)}`;
  };
  return pairs.flatMap(f => [
    `| ${fmt(f.agents)}, ${f.layout} | ours | ${cells(f.ours)} |`,
    `| | raw cdk8s-plus-28 | ${cells(f.raw)} |`,
  ]).join('\n');
}

function fleetRows(pairs: FleetPair[]): string {
  return pairs.map(f => {
    const [o, r] = [f.ours.m, f.raw.m];
    const work = (p: ProcessResult) => p.phases!.tree.median + p.phases!.synth.median;
    return `| ${fmt(f.agents)} | ${f.layout} | **${fmt(o.wallMs.median)}** (${range(o.wallMs)}) | **${fmt(r.wallMs.median)}** (${range(r.wallMs)}) `
      + `| **${ratio(o.wallMs.median, r.wallMs.median)}** | ${ratio(work(f.ours), work(f.raw))} `
      + `| ${fmt(o.maxRssMb.median)} (${range(o.maxRssMb)}) | ${fmt(r.maxRssMb.median)} (${range(r.maxRssMb)}) | ${ratio(o.maxRssMb.median, r.maxRssMb.median)} |`;
  }).join('\n');
}

function plannerTable(r: Results): string {
  const perPair = (ms: number, pairs: number) => fmt((ms * 1e6) / pairs);
  const rows = r.planner.map(p => `| ${fmt(p.nodes)} | ${fmt(p.pairs)} | **${fmt(p.plannerMs.median, 1)}** | ${range(p.plannerMs, 1)} | ${fmt(p.gcMs.median, 1)} `
    + `| ${fmt(p.firstMs, 1)} | ${perPair(p.plannerMs.median, p.pairs)} / ${perPair(p.plannerMs.min, p.pairs)} | **${fmt(p.cli.wallMs.median)}** | ${range(p.cli.wallMs)} `
    + `| ${fmt(p.cli.maxRssMb.median)} (${range(p.cli.maxRssMb)}) | ${fmt(p.inputMb, 1)} | ${fmt(p.reportMb, 1)} |`);
  const exps = (f: (p: Results['planner'][number]) => number) => growthExponents(r.planner, f).map(e => fmt(e, 2)).join(', ');
  return `| nodes | node × DaemonSet pairs | planner ms (median) | min – max | of which GC ms | first call ms | ns per pair (median / fastest) | CLI wall ms (median) | min – max | CLI peak RSS MiB | nodes.json MiB | report MiB |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

Growth between consecutive sizes, as the exponent k in time ∝ nodes^k (1 linear, 2 quadratic): planner time ${exps(p => p.plannerMs.median)}
(median), ${exps(p => p.plannerMs.min)} (fastest run), ${exps(p => p.plannerMs.median - p.gcMs.median)} (median without GC); whole CLI process
${exps(p => p.cli.wallMs.median)}.${r.libStale ? '\n\n**Warning:** lib/ was older than src/ when this ran; the CLI figures describe the last compiled code.' : ''}`;
}

/**
 * The validation's own share of ours, from the same profile: the output validator's rules over
 * every emitted object, the runtime guards at every construction, and the synth check as a whole
 * (which also serializes each object once, work that moved there from cdk8s's own synth loop).
 */
function validationTable(r: Results): string {
  const { ours } = r.profiles;
  const of = (name: string, file: string) => ours.inclusive.find(([fn]) => fn === `${name} (${file})`)?.[1] ?? 0;
  const rows: Array<[string, number]> = [
    ['output rules: `objectProblems` over every emitted object', of('objectProblems', 'src/validation/output/object-rules.ts')],
    ['runtime guards: `propsProblems` (props schemas, every construction and method)', of('propsProblems', 'src/validation/guards.ts')],
    ['synth check, whole: `appProblems` (preparations, one serialization of each object, rules, identities)', of('appProblems', 'src/validation/synth-check.ts')],
  ];
  return `| part | ms | share of ours |
|---|---:|---:|
${rows.map(([what, ms]) => `| ${what} | ${fmt(ms)} | ${fmt((100 * ms) / ours.totalMs)}% |`).join('\n')}

The rules and guards are the validation's added work; the synth check's serialization replaces the
one cdk8s would do in its own loop (each object is serialized once per \`app.synth()\`).`;
}

function objectLiteralsNote(r: Results): string {
  const { spreadNs, assignNs } = r.objectLiterals;
  return `One object of a spread and 13 named properties, as NodeAgent's props are built (bench/object-literals.ts, warm, node ${process.version}):
**${fmt(spreadNs)} ns** as a literal (\`{ ...base, a, b, ... }\`), **${fmt(assignNs)} ns** with \`Object.assign\` (${ratio(spreadNs / assignNs, 1)}).
The objects every agent builds are made with \`merged()\` (src/base/merged.ts) for this.`;
}

function profileTable(r: Results): string {
  const { ours, raw } = r.profiles;
  const names = [...new Set([...ours.categories, ...raw.categories].map(([k]) => k))];
  const get = (p: typeof ours, k: string) => p.categories.find(([c]) => c === k)?.[1] ?? 0;
  const rows = names.map(k => `| ${k} | ${fmt(get(ours, k))} | ${fmt(get(raw, k))} |`).join('\n');
  const top = ours.inclusive.slice(0, 10).map(([fn, ms]) => `| ${fn} | ${fmt(ms)} | ${fmt((100 * ms) / ours.totalMs)}% |`).join('\n');
  return `CPU time by where it is spent (self time; ms):

| category | ours | raw cdk8s-plus-28 |
|---|---:|---:|
${rows}
| **total sampled** | **${fmt(ours.totalMs)}** | **${fmt(raw.totalMs)}** |

Our functions under which the most CPU time falls (inclusive: the function and all it calls):

| function | ms | share of ours |
|---|---:|---:|
${top}`;
}


/** How many turns the pair the ratio target is judged on ran (more than the other fleets). */
function targetTurns(r: Results): number | string {
  return r.fleets.find(f => f.agents === TARGET_AGENTS && f.layout === 'one-chart')?.ours.m.samples.length ?? 'no';
}

export function renderResults(r: Results): string {
  const { floors, example, four } = r;
  const base = [four.raw, floors.node, floors.plus];
  const target = targetRatio(r);
  return `# Benchmark: synthesis and planner, against raw cdk8s-plus and the floors

Generated by \`npm run bench\` (\`bench/run.ts\`) on ${r.date}. A benchmark, not a test: nothing fails on a slow machine.
Each figure is a whole process (\`spawnSync\` wall time; peak RSS from GNU time: the largest single process of the
command), the median of ${r.repeat.runs} runs after ${r.repeat.warmups} warm-up, with min – max (the example's commands as run:
${r.exampleRepeat.runs} runs after ${r.exampleRepeat.warmups} warm-ups, in turns; the ${fmt(TARGET_AGENTS)}-agent one-chart pair the target is judged
on: ${targetTurns(r)} turns). The apps run as esbuild bundles (as examples/synth.js
runs the example), so TypeScript compilation is never measured.

## Machine

${machine(r)}

## (c) Floors

| process | wall ms | min – max | peak RSS MiB | min – max | × (b) | × node start | × cdk8s-plus load |
|---|---:|---:|---:|---:|---:|---:|---:|
${[floors.node, floors.plus, floors.lib].map(p => row(p, base)).join('\n')}

## (a) and (b): the four-agent example

(a) is examples/main.ts: the four agents, a chart each, plus the Argo CD Applications. (b) writes the same objects with raw
cdk8s-plus-28 (DaemonSet, ServiceAccount, Service, ConfigMap, Namespace; its L1 \`k8s.KubeClusterRole\`/\`Binding\`; plain
ApiObjects for ServiceMonitor and Application; JSON patches for the DaemonSet fields cdk8s-plus-28 lacks), in bench/apps/raw/.

| process | wall ms | min – max | peak RSS MiB | min – max | × (b) | × node start | × cdk8s-plus load |
|---|---:|---:|---:|---:|---:|---:|---:|
${[
  { ...example.npm, label: `(a) ${example.npm.label}` },
  { ...example.npmRebuild, label: `(a) ${example.npmRebuild.label}` },
  example.script,
  { ...example.cli, label: `(a) ${example.cli.label}` },
  example.bundled,
  example.npmAlone,
  { ...four.ours, label: '(a) ours, bare node: the four agents, `app.synth()`' },
  { ...four.raw, label: '(b) raw cdk8s-plus-28, bare node: the same objects, `app.synth()`' },
].map(p => row(p, base)).join('\n')}

The first six rows ran in turns in a scratch copy of the example (examples/ and package.json's \`synth\` script); the first five write dist/
through SafeSynth, which finds it unchanged. \`npm run synth\` costs **${fmt(example.npmExcessMs.median)} ms** more than the bundled app
alone (median of the differences turn by turn; ${fmt(example.npmExcessMs.min)} to ${fmt(example.npmExcessMs.max)} ms): examples/synth.js
**${fmt(example.scriptExcessMs.median)} ms** (${fmt(example.scriptExcessMs.min)} to ${fmt(example.scriptExcessMs.max)} ms), the rest npm's, whose start-up alone (\`npm --version\`) takes ${fmt(example.npmAlone.m.wallMs.median)} ms.

The cost our abstraction adds for the example, **a/b = ${ratio(four.ours.m.wallMs.median, four.raw.m.wallMs.median)}** wall time and
${ratio(four.ours.m.maxRssMb.median, four.raw.m.maxRssMb.median)} peak memory. Same objects? ${describeComparison(four.check)}.
Does (a) bare write exactly what examples/main.ts writes? ${r.exampleMatches ? 'yes' : '**no**: bench/apps/ours.ts no longer matches the example'}.

## (d) More agents: ours against raw cdk8s-plus-28, same objects

Agents cycle through the four kinds, each with its own instance name and namespace. "one-chart" puts them all in one chart;
"chart-per-agent" gives each its own chart and file, as the example does. "construct work" compares the construct-tree and
synth phases only (the process minus node start, module loading and exit).

| agents | layout | ours wall ms | raw wall ms | ours/raw | construct work ours/raw | ours peak RSS MiB | raw peak RSS MiB | RSS ours/raw |
|---:|---|---:|---:|---:|---:|---:|---:|---:|
${fleetRows(r.fleets)}

${r.fleets.map(f => `- ${fmt(f.agents)} agents, ${f.layout}: ${describeComparison(f.check)}.`).join('\n')}

### Phases (median ms): load = node start and every \`require\`; tree = building the constructs; synth = \`app.synth()\`; exit = after synth

| agents, layout | app | load | tree | synth | exit |
|---|---|---:|---:|---:|---:|
${phaseRows([four, ...r.fleets])}

## (e) Coverage planner: nodes × ${PLANNER_DAEMONSETS} DaemonSets

Planner time is \`CoveragePlanner.plan\` on objects in memory (median of ${r.repeat.runs} runs after ${plannerWarmups(r.repeat)} warm-ups, in one process per
size); the CLI is the whole process, \`node lib/cli/main.js plan --nodes nodes.json daemonsets/ > report\` on bench/synthetic.ts's fleet.

${plannerTable(r)}

${fleetSection(r.plannerFleet, r.repeat.runs)}

## Where the time goes

${reading(r)}

### Profile: ${fmt(r.profiles.pair.agents)} agents, ${r.profiles.pair.layout} (node --cpu-prof, one run each)

${profileTable(r)}

### What the validation costs

${validationTable(r)}

### Object literals

${objectLiteralsNote(r)}

## Targets

- What the README's main command runs around the bundled app, examples/synth.js, costs at most ${fmt(SCRIPT_EXCESS_MAX_MS)} ms more than the app:
  **${example.scriptExcessMs.median <= SCRIPT_EXCESS_MAX_MS ? 'met' : 'missed'}** (${example.scriptExcessMs.median.toFixed(1)} ms, median of the differences turn by turn;
  \`npm run synth\` as a whole ${fmt(example.npmExcessMs.median)} ms more, npm's start-up included, which is npm's, not this project's).
- Our constructs add at most ${fmt((TARGET_RATIO - 1) * 100)}% over raw cdk8s-plus for the same objects at ${fmt(TARGET_AGENTS)} agents:
  ${target === undefined ? 'not measured in this run.' : `**${target.median <= TARGET_RATIO ? 'met' : 'missed'}** (${ratio(target.median, 1)} wall time, one chart: the median of ${r.fleets.find(f => f.agents === TARGET_AGENTS && f.layout === 'one-chart')!.ours.m.samples.length} turns' ratios, each turn running ours and raw, in alternating order; ${ratio(target.min, 1)} – ${ratio(target.max, 1)}).`}
- The planner grows linearly: **${plannerLinear(r) ? 'met' : 'missed'}** (exponents above).
${fleetTargets(r.plannerFleet, r.planner)}`;
}
