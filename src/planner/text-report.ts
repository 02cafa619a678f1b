/**
 * The human report. Its size must not follow the fleet: at 50,000 nodes a line per skipped node
 * made a 231 MiB report nobody reads. Per DaemonSet it gives a summary (coverage, skipped nodes by
 * reason with counts, nodes where the pod may stay Pending by warning kind), then the first few
 * nodes of each reason and the warnings grouped by message, so 10,000 identical warnings read as
 * one line with a count. The verbose report lists every skipped node and every warning instead.
 */
import { footprintText } from './footprint-text';
import { coveragePercent, formatPercent } from './format';
import { PlacementReason, type CoveragePlan, type DaemonSetPlan, type NodePlacement, type PlanWarning } from './result';

/** How to render the report. */
export interface TextReportOptions {
  readonly color: boolean;
  /** Every skipped node and every warning on a line of its own. */
  readonly verbose: boolean;
}

interface Palette {
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
}

const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const COLOR: Palette = { bold: ansi(1), red: ansi(31), green: ansi(32), yellow: ansi(33), dim: ansi(2) };
const PLAIN: Palette = { bold: s => s, red: s => s, green: s => s, yellow: s => s, dim: s => s };

/** Skipped nodes listed per reason before "and N more". */
export const SHOWN_NODES = 5;
/** Node names in a grouped warning line before "and N more". */
const NAMED_IN_WARNING = 3;
/** Warning groups (kind and message) listed per DaemonSet before the rest are counted. */
export const SHOWN_WARNING_GROUPS = 10;
/** Longer node names are not padded to: one odd name should not push every column off screen. */
const MAX_NAME_WIDTH = 40;

/** Skip reasons in the controller's order of checks. */
const SKIP_REASONS = Object.values(PlacementReason).filter(r => r !== PlacementReason.ELIGIBLE);

function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : `${word}s`}`;
}

function rolloutLine(ds: DaemonSetPlan): string {
  const r = ds.rollout;
  if (r.strategy === 'OnDelete') return 'rollout: OnDelete: pods are replaced only when someone deletes them';
  const limit = r.maxSurge > 0 ? `maxSurge ${r.maxSurge} (new pods first)` : `maxUnavailable ${r.maxUnavailable}`;
  const floor = r.minReadySeconds > 0
    ? `, at least ${r.minDurationSeconds}s (${r.waves} × minReadySeconds ${r.minReadySeconds}) plus image pull and start time`
    : '';
  return `rollout: RollingUpdate over ${plural(r.desiredNumberScheduled, 'node')}, ${limit}: ${plural(r.waves, 'wave')}${floor}`;
}

/** The longest length, at most `max` (a loop: spreading a fleet's names into Math.max overflows the stack). */
function widest<T>(items: readonly T[], text: (item: T) => string, max = Infinity): number {
  let width = 0;
  for (const item of items) width = Math.max(width, text(item).length);
  return Math.min(width, max);
}

/** Positions of the skip reasons in SKIP_REASONS. */
const REASON_INDEX = new Map<string, number>(SKIP_REASONS.map((r, i) => [r, i]));

/** The skipped nodes: how many per reason, and the first `limit` of each (every one when verbose). */
function skipLines(ds: DaemonSetPlan, limit: number, c: Palette): string[] {
  const count = SKIP_REASONS.map(() => 0);
  const shown: NodePlacement[][] = SKIP_REASONS.map(() => []);
  let skipped = 0;
  for (const n of ds.nodes) {
    if (n.shouldRun) continue;
    const r = REASON_INDEX.get(n.reason);
    if (r === undefined) continue; // not a skip reason: a plan made by hand
    skipped++;
    count[r]++;
    if (shown[r].length < limit) shown[r].push(n);
  }
  if (skipped === 0) return [];
  const present = SKIP_REASONS.flatMap((reason, r) => (count[r] > 0 ? [{ reason, count: count[r], shown: shown[r] }] : []));
  const lines = [`skips ${plural(skipped, 'node')}: ${present.map(p => `${p.reason} ${p.count}`).join(', ')}`];
  const nameWidth = widest(present.flatMap(p => p.shown), n => n.node, MAX_NAME_WIDTH);
  const reasonWidth = widest(present, p => p.reason);
  for (const p of present) {
    for (const n of p.shown) lines.push(`skip ${n.node.padEnd(nameWidth)}  ${c.red(p.reason.padEnd(reasonWidth))}  ${n.message}`);
    if (p.count > p.shown.length) lines.push(`     ${c.dim(`and ${p.count - p.shown.length} more ${p.reason}`)}`);
  }
  return lines;
}

/**
 * Node name → position in the inventory, built once per report: warnings name their node, and a
 * mark per position counts a DaemonSet's nodes once each with one lookup per warning.
 */
type NodeIndex = ReadonlyMap<string, number>;

function nodeIndex(plan: CoveragePlan): NodeIndex {
  return new Map((plan.daemonSets[0]?.nodes ?? []).map((n, i) => [n.node, i]));
}

/** How many covered nodes have a warning, in all and per kind (a node with several counts once). */
function pendingLine(ds: DaemonSetPlan, index: NodeIndex): string | undefined {
  if (ds.warnings.length === 0) return undefined;
  const kinds: string[] = [];
  const counts: number[] = [];
  const marks: Uint8Array[] = [];
  const any = new Uint8Array(index.size);
  let all = 0;
  // A warning about a node the plan does not list (a plan made by hand) is counted by name.
  const unlisted: Array<Set<string>> = [];
  const unlistedAny = new Set<string>();
  for (const w of ds.warnings) {
    let k = kinds.indexOf(w.kind);
    if (k < 0) {
      k = kinds.push(w.kind) - 1;
      counts.push(0);
      marks.push(new Uint8Array(index.size));
      unlisted.push(new Set());
    }
    const i = index.get(w.node);
    if (i === undefined) {
      if (!unlisted[k].has(w.node)) counts[k]++;
      if (!unlistedAny.has(w.node)) all++;
      unlisted[k].add(w.node);
      unlistedAny.add(w.node);
      continue;
    }
    if (marks[k][i] === 0) {
      marks[k][i] = 1;
      counts[k]++;
    }
    if (any[i] === 0) {
      any[i] = 1;
      all++;
    }
  }
  return `may stay Pending on ${all} of ${ds.coveredNodes} covered nodes: ${kinds.map((kind, k) => `${kind} ${counts[k]}`).join(', ')}`;
}

interface WarningGroup {
  readonly first: PlanWarning;
  count: number;
  readonly names: string[];
}

/** Warnings with the same kind and summary as one line with a count and a few node names. */
function groupedWarningLines(warnings: readonly PlanWarning[], covered: number): string[] {
  // By kind, then by summary: warnings share their summary strings, whose hashes V8 caches.
  const groups = new Map<string, Map<string, WarningGroup>>();
  const inOrder: WarningGroup[] = [];
  let group: WarningGroup | undefined;
  for (const w of warnings) {
    // Warnings come in runs of one message (a clash, node by node): look up only when it changes.
    if (group === undefined || group.first.summary !== w.summary || group.first.kind !== w.kind) {
      let ofKind = groups.get(w.kind);
      if (ofKind === undefined) groups.set(w.kind, ofKind = new Map());
      group = ofKind.get(w.summary);
      if (group === undefined) {
        ofKind.set(w.summary, group = { first: w, count: 0, names: [] });
        inOrder.push(group);
      }
    }
    group.count++;
    if (group.names.length < NAMED_IN_WARNING) group.names.push(w.node);
  }
  const lines = inOrder.slice(0, SHOWN_WARNING_GROUPS).map(({ first, count, names }) => {
    const more = count > NAMED_IN_WARNING ? `, and ${count - NAMED_IN_WARNING} more` : '';
    const detail = count === 1 ? first.message : first.summary;
    return `${first.kind} on ${count} of ${covered} covered nodes (${names.join(', ')}${more}): ${detail}`;
  });
  const hidden = inOrder.slice(SHOWN_WARNING_GROUPS);
  if (hidden.length > 0) {
    const count = hidden.reduce((sum, g) => sum + g.count, 0);
    lines.push(`and ${plural(hidden.length, 'more line')} of ${plural(count, 'warning')} (the verbose report lists every one)`);
  }
  return lines;
}

/** Every warning, one line per node, aligned. */
function everyWarningLine(warnings: readonly PlanWarning[]): string[] {
  const nameWidth = widest(warnings, w => w.node, MAX_NAME_WIDTH);
  const kindWidth = widest(warnings, w => w.kind);
  return warnings.map(w => `${w.node.padEnd(nameWidth)}  ${w.kind.padEnd(kindWidth)}  ${w.message}`);
}

/** One DaemonSet's part of the report, its lines each ending with a newline. */
function daemonSetText(ds: DaemonSetPlan, options: TextReportOptions, index: NodeIndex): string {
  const c = options.color ? COLOR : PLAIN;
  const paint = ds.coveredNodes === ds.totalNodes ? c.green : ds.coveredNodes === 0 ? c.red : c.yellow;
  const outside = ds.totalNodes - ds.intendedNodes;
  const out = [
    `${c.bold(`${ds.namespace}/${ds.name}`)}${ds.source ? `  ${c.dim(ds.source)}` : ''}`,
    `  covers ${paint(`${ds.coveredNodes}/${ds.totalNodes}`)} nodes (${formatPercent(ds.totalNodes === 0 ? 100 : (ds.coveredNodes * 100) / ds.totalNodes)})`,
    `  runs on ${ds.runningNodes} of ${plural(ds.intendedNodes, 'intended node')} (${formatPercent(coveragePercent(ds))})`
      + `${outside > 0 ? `; ${plural(outside, 'node')} outside its selection` : ''}`,
  ];
  for (const notice of ds.notices) out.push(`  ${c.yellow('notice')} ${notice}`);
  for (const line of skipLines(ds, options.verbose ? Infinity : SHOWN_NODES, c)) out.push(`  ${line}`);
  out.push(`  ${rolloutLine(ds)}`);
  const pending = pendingLine(ds, index);
  if (pending !== undefined) out.push(`  ${pending}`);
  const warnings = options.verbose ? everyWarningLine(ds.warnings) : groupedWarningLines(ds.warnings, ds.coveredNodes);
  for (const line of warnings) out.push(`  ${c.yellow('warning')} ${line}`);
  out.push('');
  return out.join('\n');
}

/**
 * The report, one DaemonSet per chunk (an empty line between two), so that the verbose report
 * of a large fleet is never one string.
 */
export function* textChunks(plan: CoveragePlan, options: TextReportOptions): Generator<string> {
  const index = nodeIndex(plan);
  for (let i = 0; i < plan.daemonSets.length; i++) yield `${i === 0 ? '' : '\n'}${daemonSetText(plan.daemonSets[i], options, index)}`;
  const table = footprintText(plan.footprint);
  if (table !== '') yield `\n${table}`;
}

/** The whole report as one string. */
export function formatPlanText(plan: CoveragePlan, options: TextReportOptions): string {
  return [...textChunks(plan, options)].join('');
}
