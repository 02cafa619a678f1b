/**
 * (f) The planner at fleet size, against the targets of issue 11: a managed-cloud inventory
 * (bench/cloud-fleet.ts) of 10,000 nodes against 100 DaemonSets of which 50 are hostNetwork agents
 * sharing ports (bench/cloud-daemonsets.ts), in process and through the compiled CLI; a 200 MB
 * inventory read as the CLI reads it, to count the copies of its text held at the peak; and
 * 500,000 nodes, planned or refused for capacity (exit 2). Inputs are written in chunks, so the
 * benchmark itself never holds a large inventory as one string.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import type { PlannerTimes } from './apps/planner-time';
import { cloudDaemonSets } from './cloud-daemonsets';
import { cloudNodes } from './cloud-fleet';
import { measure, Measurement, Repeat, RunOptions, Stats, stats } from './measure';
import { CLI, plannerWarmups } from './planner-scaling';
import { syntheticDaemonSets, syntheticNodes } from './synthetic';

/** The sizes one run measures; the smoke run shrinks them all. */
export interface FleetSizes {
  /** Nodes of the cloud inventory planned against the 100 cloud DaemonSets. */
  readonly cloudNodes: number;
  /** Size of the inventory read, in MB (10^6 bytes). */
  readonly inventoryMb: number;
  /** Nodes of the largest inventory, planned against 100 DaemonSets. */
  readonly largeNodes: number;
  /** DaemonSets planned against the largest inventory to show the capacity refusal. */
  readonly refusedDaemonSets: number;
}

export interface CloudRow {
  readonly nodes: number;
  readonly daemonSets: number;
  readonly hostNetwork: number;
  readonly inputMb: number;
  /** In process, warm: the timed runs after warm-up. */
  readonly plannerMs: Stats;
  readonly gcMs: Stats;
  /** In process, the first call (a cold JIT, as in a one-shot CLI process). */
  readonly firstMs: number;
  /** CPU time of the same (user and system, every thread). */
  readonly plannerCpuMs: Stats;
  readonly firstCpuMs: number;
  /** `plan` with the report. */
  readonly cli: Measurement;
  readonly reportLines: number;
  readonly reportKb: number;
  /** `plan --json`. */
  readonly cliJson: Measurement;
  readonly jsonMb: number;
}

export interface ReadRow {
  readonly nodes: number;
  readonly fileMb: number;
  /** read-inventory.js: modules loaded, nothing read. */
  readonly baseline: Measurement;
  /** Read as `loadNodes` reads it, each node parsed and dropped. */
  readonly read: Measurement;
  /** Read, parsed and checked (`loadNodes`). */
  readonly load: Measurement;
  /** The whole CLI, planning the 100 cloud DaemonSets on it. */
  readonly cli: Measurement;
}

/** One CLI run on the largest inventory, whatever its exit code. */
export interface LargeRun {
  readonly nodes: number;
  readonly daemonSets: number;
  readonly inputMb: number;
  readonly exitCode: number;
  readonly wallMs: number;
  readonly maxRssMb: number;
  /** The report's line count, or the error's first line. */
  readonly outcome: string;
}

export interface PlannerFleetResults {
  readonly sizes: FleetSizes;
  readonly cloud: CloudRow;
  readonly read: ReadRow;
  readonly large: readonly LargeRun[];
}

const MB = 1e6;
const mib = (file: string) => fs.statSync(file).size / 2 ** 20;

/** Writes `{"kind":"List","items":[...]}` in chunks of nodes, until `more` says stop; returns the count. */
function writeNodeList(file: string, chunk: (first: number) => any[], more: (nodes: number, bytes: number) => boolean): number {
  const fd = fs.openSync(file, 'w');
  let nodes = 0;
  let bytes = 0;
  const write = (text: string) => {
    fs.writeSync(fd, text);
    bytes += Buffer.byteLength(text);
  };
  try {
    write('{"apiVersion":"v1","kind":"List","items":[\n');
    while (more(nodes, bytes)) {
      const items = chunk(nodes);
      write(`${nodes === 0 ? '' : ',\n'}${items.map(n => JSON.stringify(n)).join(',\n')}`);
      nodes += items.length;
    }
    write('\n]}\n');
  } finally {
    fs.closeSync(fd);
  }
  return nodes;
}

/** Nodes as small as a realistic selector needs: name, selector labels, taints, allocatable. */
function leanNodes(count: number, first: number): any[] {
  return syntheticNodes(count, 1 + first).map((n, i) => {
    const name = `node-${String(first + i).padStart(7, '0')}`;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries<string>(n.metadata.labels)) if (!k.startsWith('beta.') && !k.startsWith('topology.kubernetes.io/region')) labels[k] = v;
    labels['kubernetes.io/hostname'] = name;
    return { kind: 'Node', metadata: { name, labels }, spec: n.spec, status: n.status };
  });
}

function writeDaemonSets(dir: string, daemonSets: readonly any[]): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'daemonsets.yaml'), daemonSets.map(d => stringify(d)).join('---\n'));
  return dir;
}

function plannerTimes(bundle: string, nodes: number, repeat: Repeat): PlannerTimes {
  const result = spawnSync(process.execPath, [bundle, String(nodes), '100', String(plannerWarmups(repeat)), String(repeat.runs), 'cloud'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`planner time on the cloud fleet at ${nodes} nodes failed:\n${result.stderr.slice(-4000)}`);
  return JSON.parse(result.stdout);
}

function cloudRow(sizes: FleetSizes, plannerTimeBundle: string, repeat: Repeat, dir: string, run: RunOptions): CloudRow {
  const daemonSets = cloudDaemonSets();
  const dsDir = writeDaemonSets(path.join(dir, 'cloud-daemonsets'), daemonSets);
  const nodesFile = path.join(dir, `cloud-${sizes.cloudNodes}.json`);
  writeNodeList(nodesFile, first => cloudNodes(Math.min(1000, sizes.cloudNodes - first), first), n => n < sizes.cloudNodes);
  const times = plannerTimes(plannerTimeBundle, sizes.cloudNodes, repeat);
  const report = path.join(dir, 'cloud-report.txt');
  const json = path.join(dir, 'cloud-plan.json');
  const cli = measure([process.execPath, CLI, 'plan', '--nodes', nodesFile, dsDir], repeat, { ...run, stdoutFile: report });
  const cliJson = measure([process.execPath, CLI, 'plan', '--json', '--nodes', nodesFile, dsDir], repeat, { ...run, stdoutFile: json });
  return {
    nodes: sizes.cloudNodes,
    daemonSets: daemonSets.length,
    hostNetwork: daemonSets.filter(d => d.spec.template.spec.hostNetwork === true).length,
    inputMb: mib(nodesFile),
    plannerMs: stats(times.runsMs),
    gcMs: stats(times.gcMs),
    firstMs: times.firstMs,
    plannerCpuMs: stats(times.runsCpuMs),
    firstCpuMs: times.firstCpuMs,
    cli,
    reportLines: fs.readFileSync(report, 'utf8').split('\n').length - 1,
    reportKb: fs.statSync(report).size / 1024,
    cliJson,
    jsonMb: mib(json),
  };
}

function readRow(sizes: FleetSizes, readBundle: string, repeat: Repeat, dir: string, run: RunOptions): ReadRow {
  const file = path.join(dir, `inventory-${sizes.inventoryMb}mb.json`);
  const nodes = writeNodeList(file, first => cloudNodes(500, first, 21), (_n, bytes) => bytes < sizes.inventoryMb * MB);
  const probe = (mode: string) => measure([process.execPath, readBundle, mode, file], repeat, run);
  return {
    nodes,
    fileMb: fs.statSync(file).size / MB,
    baseline: probe('none'),
    read: probe('read'),
    load: probe('load'),
    cli: measure([process.execPath, CLI, 'plan', '--nodes', file, path.join(dir, 'cloud-daemonsets')], repeat, { ...run, stdoutFile: path.join(dir, 'read-report.txt') }),
  };
}

/**
 * One run of the CLI through `sh`, so that an exit code of 2 is an outcome, not a failure of the
 * measurement (GNU time still reports the largest process, the CLI).
 */
function largeRun(nodesFile: string, nodes: number, daemonSets: number, dsDir: string, dir: string, run: RunOptions): LargeRun {
  const report = path.join(dir, `large-${daemonSets}.txt`);
  const script = `"${process.execPath}" "${CLI}" plan --nodes "${nodesFile}" "${dsDir}" > "${report}" 2>&1; echo $?`;
  const m = measure(['sh', '-c', script], { warmups: 0, runs: 1 }, run);
  const exitCode = Number(m.samples[0].stdout.trim());
  const text = fs.readFileSync(report, 'utf8');
  const outcome = exitCode === 0 ? `${text.split('\n').length - 1} report lines` : text.split('\n')[0];
  return { nodes, daemonSets, inputMb: mib(nodesFile), exitCode, wallMs: m.wallMs.median, maxRssMb: m.maxRssMb.median, outcome };
}

function largeRuns(sizes: FleetSizes, dir: string, run: RunOptions): LargeRun[] {
  const nodesFile = path.join(dir, `lean-${sizes.largeNodes}.json`);
  writeNodeList(nodesFile, first => leanNodes(Math.min(10_000, sizes.largeNodes - first), first), n => n < sizes.largeNodes);
  return [100, sizes.refusedDaemonSets].map(count => largeRun(nodesFile, sizes.largeNodes, count, writeDaemonSets(path.join(dir, `synthetic-${count}`), syntheticDaemonSets(count)), dir, run));
}

/**
 * Runs (f). `bundles` are the planner-time and read-inventory apps; `readRepeat` is for the large
 * inventory's reads, which take seconds each; `dir` is scratch space.
 */
export function plannerFleet(
  sizes: FleetSizes, bundles: { plannerTime: string; readInventory: string }, repeat: Repeat, readRepeat: Repeat, dir: string,
): PlannerFleetResults {
  fs.mkdirSync(dir, { recursive: true });
  const run: RunOptions = { scratch: dir };
  const cloud = cloudRow(sizes, bundles.plannerTime, repeat, dir, run);
  const read = readRow(sizes, bundles.readInventory, readRepeat, dir, run);
  const large = largeRuns(sizes, dir, run);
  return { sizes, cloud, read, large };
}
