/** Renders section (f) of bench/RESULTS.md, the planner at fleet size, and its targets. */
import type { Stats } from './measure';
import type { LargeRun, PlannerFleetResults } from './planner-fleet';
import type { PlannerRow } from './planner-scaling';

/** Issue 11's targets for the planner at fleet size. */
export const FLEET_TARGETS = {
  /** 10,000 nodes × 100 DaemonSets, 50 hostNetwork sharing ports: the planner in process. */
  plannerMs: 500,
  /** The same through the whole CLI. */
  cliMs: 2000,
  cliRssMb: 400,
  /** 50,000 nodes × 100 DaemonSets, the whole CLI (section (e)'s fleet; 1,029 MiB before). */
  cli50kRssMb: 1024,
  /** A large inventory read holding at most one copy of its text above the baseline (with a quarter for the allocator's slack). */
  readCopies: 1.25,
};

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const range = (s: Stats, digits = 0) => `${fmt(s.min, digits)} – ${fmt(s.max, digits)}`;
const verdict = (ok: boolean) => `**${ok ? 'met' : 'missed'}**`;
const median = (s: Stats, digits = 0) => `**${fmt(s.median, digits)}** (${range(s, digits)})`;

/** Copies of the file's text held at the peak: resident memory above the baseline, over the file's size. */
export function copiesHeld(f: PlannerFleetResults, peak: (m: PlannerFleetResults['read']) => Stats): number {
  return (peak(f.read).median - f.read.baseline.maxRssMb.median) / (f.read.fileMb * 1e6 / 2 ** 20);
}

function largeRow(l: LargeRun): string {
  return `| ${fmt(l.nodes)} × ${fmt(l.daemonSets)} | ${fmt(l.inputMb, 1)} | ${l.exitCode} | ${fmt(l.wallMs)} | ${fmt(l.maxRssMb)} | ${l.outcome.replace(/\|/g, '\\|')} |`;
}

/** What the read figures say, from the figures. */
function readingText(f: PlannerFleetResults): string {
  const read = copiesHeld(f, r => r.read.maxRssMb);
  const load = copiesHeld(f, r => r.load.maxRssMb);
  const held = `Reading holds ${fmt(read, 1)} copies of the text at its peak: it is read in 1 MiB chunks and parsed one node at a time
(src/planner/json-node-list.ts), so the text never exists as one string.`;
  return `${held} Parsed and checked, the inventory takes ${fmt(load, 1)} times the file's size above the baseline: the node objects outweigh the text.`;
}

export function fleetSection(f: PlannerFleetResults, runs: number): string {
  const { cloud, read } = f;
  return `## (f) The planner at fleet size

**A managed-cloud inventory**: ${fmt(cloud.nodes)} nodes shaped like \`kubectl get nodes -o json\` on EKS, GKE and AKS (bench/cloud-fleet.ts:
provider labels and taints, spot, arm, GPU, Windows, Fargate and virtual nodes, NotReady and cordoned nodes, conditions,
node info and image lists; ${fmt(cloud.inputMb, 1)} MiB) against ${cloud.daemonSets} DaemonSets of which ${cloud.hostNetwork} are hostNetwork agents
sharing ports (bench/cloud-daemonsets.ts: node-exporter copies on 9100, kube-proxy, CNI and CSI agents, Fluent Bit, DCGM).
Planner time in process as in (e): the first call (cold, as in a one-shot CLI) and ${runs} runs after warm-up; the CLI as a user runs it.

| measurement | wall ms, median (min – max) | CPU ms, median (min – max) | peak RSS MiB, median (min – max) |
|---|---:|---:|---:|
| planner, first call (cold) | ${fmt(cloud.firstMs)} | ${fmt(cloud.firstCpuMs)} | |
| planner, warm runs | ${median(cloud.plannerMs)} | ${median(cloud.plannerCpuMs)} | |
| of which garbage collection | ${median(cloud.gcMs)} | | |
| \`plan\` (the report), whole process | ${median(cloud.cli.wallMs)} | ${median(cloud.cli.cpuMs)} | ${median(cloud.cli.maxRssMb)} |
| \`plan --json\`, whole process | ${median(cloud.cliJson.wallMs)} | ${median(cloud.cliJson.cpuMs)} | ${median(cloud.cliJson.maxRssMb)} |

CPU time counts every thread of the process (V8 collects garbage and compiles on helper threads), so it can exceed the wall time on
an idle machine; on a busy one, wall time grows with the load while CPU time grows much less.

The report is ${fmt(cloud.reportLines)} lines (${fmt(cloud.reportKb)} KiB) for ${cloud.daemonSets} DaemonSets; the JSON, which has every node and warning, ${fmt(cloud.jsonMb, 1)} MiB.

**A ${fmt(read.fileMb)} MB inventory** (${fmt(read.nodes)} of these nodes), read by bench/apps/read-inventory.ts as the CLI reads it: peak RSS in MiB.

| step | peak RSS MiB, median (min – max) | above the baseline, in copies of the file |
|---|---:|---:|
| modules loaded, nothing read (baseline) | ${median(read.baseline.maxRssMb)} | |
| read as \`loadNodes\` reads it, each node parsed and dropped | ${median(read.read.maxRssMb)} | ${fmt(copiesHeld(f, r => r.read.maxRssMb), 2)} |
| read, parsed and checked (\`loadNodes\`) | ${median(read.load.maxRssMb)} | ${fmt(copiesHeld(f, r => r.load.maxRssMb), 2)} |
| the whole CLI, planning the ${cloud.daemonSets} DaemonSets on it | ${median(read.cli.maxRssMb)} | |

${readingText(f)}

**The largest inventories**: ${fmt(f.sizes.largeNodes)} lean nodes (name and selector labels, taints, allocatable),
one run each through the CLI.

| nodes × DaemonSets | nodes.json MiB | exit | wall ms | peak RSS MiB | outcome |
|---|---:|---:|---:|---:|---|
${f.large.map(largeRow).join('\n')}
`;
}

/** The target lines for (f), with section (e)'s 50,000-node row. */
export function fleetTargets(f: PlannerFleetResults, e: readonly PlannerRow[]): string {
  const c = f.cloud;
  const t = FLEET_TARGETS;
  const e50 = e.find(r => r.nodes === 50_000);
  const copies = copiesHeld(f, r => r.read.maxRssMb);
  const large = f.large[0];
  return `- ${fmt(c.nodes)} nodes × ${c.daemonSets} DaemonSets, ${c.hostNetwork} hostNetwork sharing ports (judged on the fastest run: other work on the machine only adds time):
  planner under ${fmt(t.plannerMs)} ms ${verdict(c.plannerMs.min < t.plannerMs)} (warm ${fmt(c.plannerMs.min)} ms; the first call, cold, ${fmt(c.firstMs)} ms),
  whole CLI under ${fmt(t.cliMs)} ms ${verdict(c.cli.wallMs.min < t.cliMs)} (${fmt(c.cli.wallMs.min)} ms, ${fmt(c.cli.cpuMs.min)} ms CPU),
  peak RSS under ${t.cliRssMb} MiB ${verdict(c.cli.maxRssMb.median < t.cliRssMb)} (${fmt(c.cli.maxRssMb.median)} MiB).
- 50,000 nodes × 100 DaemonSets (section (e)), whole CLI peak RSS under 1 GiB (1,029 MiB before): ${e50 === undefined ? 'not measured in this run.' : `${verdict(e50.cli.maxRssMb.median < t.cli50kRssMb)} (${fmt(e50.cli.maxRssMb.median)} MiB).`}
- A ${fmt(f.read.fileMb)} MB inventory read holding at most one copy of its text: ${verdict(copies <= t.readCopies)} (${fmt(copies, 2)} copies at the peak of reading, above the baseline).
- ${fmt(large.nodes)} nodes plan, or stop with a capacity message: ${verdict(f.large.every(l => l.exitCode === 0 || (l.exitCode === 2 && /heap/.test(l.outcome))))} `
    + `(${f.large.map(l => `× ${l.daemonSets}: exit ${l.exitCode}`).join(', ')}).
`;
}
