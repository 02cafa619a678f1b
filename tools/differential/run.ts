/**
 * Differential check of the output validator (objectProblems) against a real kube-apiserver
 * v1.20.2: generate many mutants of the objects the library emits, ask both, report agreement and
 * every disagreement. A development script, not part of CI or `npm test`; see README.md.
 *
 *   npx ts-node --project test/tsconfig.json tools/differential/run.ts [--seed 1] [--count 4000]
 *     [--before <git revision>] [--keep-server] [--report tools/differential/REPORT.md] [--json results.json]
 *
 * --before REV also judges every object with the validator as committed at REV (extracted with
 * `git archive` into a temporary folder here) and reports both: the before/after of a fix.
 */
import { execSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Problem } from '../../src/base/errors';
import { objectProblems } from '../../src/validation/output/object-rules';
import { intendedFor } from './intended';
import { MUTATIONS, Rng } from './mutations';
import { WORKLOAD_MUTATIONS } from './mutations-workloads';
import { ApiServer, ServerVerdict, writeObject } from './server';
import { KINDS, namespacesOf, Obj, seeds, stripNewer } from './seeds';

type Outcome = 'both-accept' | 'both-refuse' | 'intended' | 'too-strict' | 'hole';

interface Mutant {
  readonly id: number;
  readonly kind: string;
  readonly seedName: string;
  readonly families: string[];
  readonly mutation: string;
  readonly obj: Obj;
}

interface Result extends Mutant {
  readonly ours: Problem[];
  readonly server: ServerVerdict;
  readonly outcome: Outcome;
  readonly intendedIds: string[];
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const HERE = __dirname;
const SEED = Number(arg('seed', '1'));
const COUNT = Number(arg('count', '4000'));
const REPORT = path.resolve(arg('report', path.join(HERE, 'REPORT.md')));
const BEFORE = arg('before', '');
const BATCH = 200;

// How often each kind is drawn: the workloads carry most of the rules.
const KIND_WEIGHTS: { [kind: string]: number } = {
  DaemonSet: 44, Deployment: 12, PodDisruptionBudget: 4, Service: 10, ServiceAccount: 4, ClusterRole: 6, ClusterRoleBinding: 6, Role: 2,
  RoleBinding: 2, ConfigMap: 5, Namespace: 5,
};
const ALL_MUTATIONS = [...MUTATIONS, ...WORKLOAD_MUTATIONS];

function weightedKind(r: Rng): string {
  const total = KINDS.reduce((n, k) => n + KIND_WEIGHTS[k], 0);
  let x = r.next() * total;
  for (const k of KINDS) {
    x -= KIND_WEIGHTS[k];
    if (x < 0) return k;
  }
  return KINDS[KINDS.length - 1];
}

type Validator = (obj: unknown) => Problem[];

/** objectProblems as committed at `rev`, from a `git archive` of src/ under this folder. */
function validatorAt(rev: string): { validate: Validator; cleanup(): void } {
  const dir = path.join(HERE, `.validator-${rev.replace(/[^A-Za-z0-9]/g, '_')}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  execSync(`git archive ${rev} src | tar -x -C ${JSON.stringify(dir)}`, { cwd: path.resolve(HERE, '..', '..') });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const validate = require(path.join(dir, 'src', 'validation', 'output', 'object-rules')).objectProblems as Validator;
  return { validate, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v));
}

/** The seeds themselves (controls), then COUNT distinct mutants, one or two mutations each. */
function generate(base: Obj[]): Mutant[] {
  const r = new Rng(SEED);
  const mutants: Mutant[] = [];
  const seen = new Set<string>();
  const add = (m: Omit<Mutant, 'id'>) => {
    const key = JSON.stringify(m.obj);
    if (seen.has(key)) return false;
    seen.add(key);
    mutants.push({ ...m, id: mutants.length + 1 });
    return true;
  };
  for (const s of base) {
    const obj = clone(s);
    const stripped = stripNewer(obj);
    add({ kind: s.kind, seedName: s.metadata.name, families: ['(seed)'], mutation: `unmutated${stripped.length ? `; stripped ${stripped.join(', ')}` : ''}`, obj });
  }
  let attempts = 0;
  while (mutants.length < COUNT + base.length && attempts < COUNT * 50) {
    attempts++;
    const kind = weightedKind(r);
    const s = r.pick(base.filter(o => o.kind === kind));
    const obj = clone(s);
    const applicable = ALL_MUTATIONS.filter(m => !m.kinds || m.kinds.includes(kind));
    const steps = r.chance(0.15) ? 2 : 1;
    const families: string[] = [];
    const done: string[] = [];
    for (let tries = 0; done.length < steps && tries < 20; tries++) {
      const m = r.weighted(applicable);
      const what = m.apply(obj, r);
      if (what !== undefined) {
        families.push(m.name);
        done.push(what);
      }
    }
    if (done.length === 0) continue;
    const stripped = stripNewer(obj);
    add({ kind, seedName: s.metadata.name, families, mutation: done.join('; ') + (stripped.length ? `; stripped ${stripped.join(', ')}` : ''), obj });
  }
  return mutants;
}

// kube-apiserver's --allow-privileged defaults to false and start-apiserver.sh does not set it:
// this server refuses every privileged container, as a real cluster (kubeadm, kind, managed
// clusters: all allow them) would not. Refusals with no other cause count as acceptance.
const POLICY_ONLY = /securityContext\.privileged: Forbidden: disallowed by cluster policy/g;
const CAUSE = /: (Invalid value|Forbidden|Required value|Unsupported value|Duplicate value|Too long|Too many|Not found|Internal error)/g;

function adjustForPolicy(v: ServerVerdict): ServerVerdict {
  if (v.accepted || !/ is invalid: /.test(v.message)) return v;
  const policy = (v.message.match(POLICY_ONLY) ?? []).length;
  const causes = (v.message.match(CAUSE) ?? []).length;
  if (policy > 0 && policy === causes) return { accepted: true, message: v.message, policyOnly: true };
  return v;
}

function classify(kind: string, ours: Problem[], server: ServerVerdict): { outcome: Outcome; intendedIds: string[] } {
  const weAccept = ours.length === 0;
  if (weAccept && server.accepted) return { outcome: 'both-accept', intendedIds: [] };
  if (!weAccept && !server.accepted) return { outcome: 'both-refuse', intendedIds: [] };
  if (weAccept) return { outcome: 'hole', intendedIds: [] };
  const rules = ours.map(p => intendedFor(p, kind));
  if (rules.every(x => x !== undefined)) return { outcome: 'intended', intendedIds: [...new Set(rules.map(x => x!.id))] };
  return { outcome: 'too-strict', intendedIds: [] };
}

function serverVerdicts(mutants: Mutant[], namespaces: string[]): { verdicts: Map<number, ServerVerdict>; version: string } {
  const server = new ApiServer();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cdk8s-differential-'));
  try {
    server.ensureNamespaces(namespaces);
    const version = server.version();
    const verdicts = new Map<number, ServerVerdict>();
    for (let start = 0; start < mutants.length; start += BATCH) {
      const batch = mutants.slice(start, start + BATCH);
      const folder = path.join(dir, `batch-${start / BATCH}`);
      mkdirSync(folder);
      const files = batch.map(m => {
        const f = path.join(folder, `${String(m.id).padStart(6, '0')}.json`);
        writeObject(f, m.obj);
        return f;
      });
      const byFile = server.dryRunFolder(folder, files);
      batch.forEach((m, i) => verdicts.set(m.id, adjustForPolicy(byFile.get(files[i])!)));
      rmSync(folder, { recursive: true, force: true });
      process.stderr.write(`\rserver: ${Math.min(start + BATCH, mutants.length)}/${mutants.length}`);
    }
    process.stderr.write(`\n${server.fallbacks} batch(es) asked again file by file\n`);
    return { verdicts, version };
  } finally {
    if (!process.env.DIFFERENTIAL_DEBUG) rmSync(dir, { recursive: true, force: true });
    if (!flag('keep-server')) server.stop();
  }
}

// ---- report ------------------------------------------------------------------------------------

const oneLine = (s: string, max = 600) => {
  const t = s.replace(/\s*\n\s*/g, ' ⏎ ').replace(/\|/g, '\\|');
  return t.length > max ? `${t.slice(0, max).replace(/\\$/, '')}…` : t;
};
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max).replace(/\\$/, '')}…` : s);
const showValue = (v: unknown) => {
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 50)}…(${s.length} chars)` : s;
};
const problemsText = (ps: Problem[]) => oneLine(ps.map(p => `\`${p.property}\` = ${showValue(p.value)}: ${p.expected}`).join('; '), 700);
// Without the temporary folder and Go pointers, so that the same run writes the same report.
const serverText = (s: ServerVerdict) => oneLine(s.message.replace(/^Error from server \((\w+)\): error when creating "[^"]*": /, '($1) ').replace(/"[^"]*\/([0-9]+\.json)"/g, '"$1"').replace(/\(0x[0-9a-f]+\)/g, '(0x…)'), 700);
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(2)}%`;

interface Summary {
  total: number;
  counts: { [o in Outcome]: number };
}

function summarize(results: Result[]): Summary {
  const counts = { 'both-accept': 0, 'both-refuse': 0, 'intended': 0, 'too-strict': 0, 'hole': 0 } as { [o in Outcome]: number };
  for (const r of results) counts[r.outcome]++;
  return { total: results.length, counts };
}

function summaryRows(s: Summary): string[] {
  const agree = s.counts['both-accept'] + s.counts['both-refuse'];
  return [
    '| | objects |',
    '|---|---:|',
    `| total | ${s.total} |`,
    `| both accept | ${s.counts['both-accept']} |`,
    `| both refuse | ${s.counts['both-refuse']} |`,
    `| **agreement** | **${agree} / ${s.total} = ${pct(agree, s.total)}** |`,
    `| agreement counting intended strictness as agreement | ${agree + s.counts.intended} / ${s.total} = ${pct(agree + s.counts.intended, s.total)} |`,
    `| we refuse, server accepts: intended | ${s.counts.intended} |`,
    `| we refuse, server accepts: too strict | ${s.counts['too-strict']} |`,
    `| we accept, server refuses: hole | ${s.counts.hole} |`,
  ];
}

function familyTable(results: Result[]): string[] {
  const lines = ['| family | objects | agree | intended | too strict | holes |', '|---|---:|---:|---:|---:|---:|'];
  const fam = new Map<string, Result[]>();
  for (const r of results) for (const f of r.families) fam.set(f, [...(fam.get(f) ?? []), r]);
  for (const [f, rs] of [...fam.entries()].sort()) {
    const c = summarize(rs).counts;
    lines.push(`| ${f} | ${rs.length} | ${c['both-accept'] + c['both-refuse']} | ${c.intended} | ${c['too-strict']} | ${c.hole} |`);
  }
  return lines;
}

function report(results: Result[], version: string, before: Result[] | undefined): string {
  const s = summarize(results);
  const lines: string[] = [];
  lines.push('# Differential check: output validator vs kube-apiserver', '');
  lines.push(`Generated by \`npx ts-node --project test/tsconfig.json tools/differential/run.ts --seed ${SEED} --count ${COUNT}${BEFORE ? ` --before ${BEFORE}` : ''}\` against ${version} (server-side dry-run).`);
  lines.push('Each object is judged by `objectProblems(json)` (accepts when it reports no problem) and by the server. See README.md for how the objects are made.', '');
  lines.push('## Summary (validator in the working tree)', '', ...summaryRows(s), '');
  const policy = results.filter(r => r.server.policyOnly).length;
  lines.push(`${policy} objects the server refused only with "privileged: Forbidden: disallowed by cluster policy" count as accepted: start-apiserver.sh leaves kube-apiserver's --allow-privileged at its default (false), which no real cluster running node agents does.`, '');
  if (before) {
    const b = summarize(before);
    lines.push(`## Before: the validator as committed at ${BEFORE}`, '', 'The same objects and the same server verdicts:', '', ...summaryRows(b), '');
    const now = new Map(results.map(r => [r.id, r.outcome]));
    const was = before.filter(r => r.outcome !== 'both-accept' && r.outcome !== 'both-refuse');
    const resolved = was.filter(r => ['both-accept', 'both-refuse'].includes(now.get(r.id)!));
    const byFamily = new Map<string, number>();
    for (const r of resolved) for (const f of r.families) byFamily.set(`${r.outcome} ${f}`, (byFamily.get(`${r.outcome} ${f}`) ?? 0) + 1);
    lines.push(`${resolved.length} of the ${was.length} disagreements of ${BEFORE} now agree; by (class at ${BEFORE}, mutation family):`, '');
    lines.push('| class before | family | now agree |', '|---|---|---:|');
    for (const [k, n] of [...byFamily.entries()].sort()) {
      const [cls, f] = k.split(' ');
      lines.push(`| ${cls} | ${f} | ${n} |`);
    }
    const regressed = results.filter(r => r.outcome !== 'both-accept' && r.outcome !== 'both-refuse' && (before[r.id - 1].outcome === 'both-accept' || before[r.id - 1].outcome === 'both-refuse'));
    lines.push('', `Objects that agreed at ${BEFORE} and no longer do: ${regressed.length}${regressed.length ? ` (${regressed.map(r => r.id).join(', ')})` : ''}.`, '');
    lines.push(`<details><summary>Every disagreement at ${BEFORE} (${was.length})</summary>`, '', '| # | class | object | mutation | our problems / server |', '|---|---|---|---|---|');
    for (const r of was) lines.push(`| ${r.id} | ${r.outcome} | ${r.kind} ${r.seedName} | ${oneLine(r.mutation, 200)} | ${clip(r.outcome === 'hole' ? serverText(r.server) : problemsText(r.ours), 240)} |`);
    lines.push('', '</details>', '');
  }
  lines.push('## By mutation family', '', ...familyTable(results), '');
  const section = (title: string, outcome: Outcome, text: string, row: (r: Result) => string, header: string) => {
    const rs = results.filter(r => r.outcome === outcome);
    lines.push(`## ${title} (${rs.length})`, '', text, '');
    if (rs.length === 0) {
      lines.push('None.', '');
      return;
    }
    lines.push(header, header.replace(/[^|]+/g, '---'));
    for (const r of rs) lines.push(row(r));
    lines.push('');
  };
  const head = (r: Result) => `| ${r.id} | ${r.kind} ${r.seedName} | ${oneLine(r.mutation, 400)} |`;
  section('We accept, server refuses (holes)', 'hole', 'The validator reports no problem; the server refuses the object.',
    r => `${head(r)} ${serverText(r.server)} |`, '| # | object | mutation | server |');
  section('We refuse, server accepts: too strict', 'too-strict', 'The server accepts the object; the validator reports problems not covered by an intended rule (intended.ts).',
    r => `${head(r)} ${problemsText(r.ours)} |`, '| # | object | mutation | our problems |');
  section('We refuse, server accepts: intended', 'intended', 'Stricter on purpose; the rule ids are explained below.',
    r => `${head(r)} ${r.intendedIds.join(', ')} | ${problemsText(r.ours)} |`, '| # | object | mutation | intended | our problems |');
  lines.push('### Intended rules', '');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const rule of require('./intended').INTENDED) lines.push(`- \`${rule.id}\`: ${rule.reason}`);
  lines.push('');
  return lines.join('\n');
}

function main(): void {
  const base = seeds();
  const mutants = generate(base);
  process.stderr.write(`${base.length} seeds, ${mutants.length} objects (seed ${SEED})\n`);
  const old = BEFORE ? validatorAt(BEFORE) : undefined;
  try {
    const { verdicts, version } = serverVerdicts(mutants, namespacesOf(base));
    const judge = (validate: Validator): Result[] => mutants.map(m => {
      const ours = validate(clone(m.obj));
      const server = verdicts.get(m.id)!;
      return { ...m, ours, server, ...classify(m.kind, ours, server) };
    });
    const results = judge(objectProblems);
    const before = old ? judge(old.validate) : undefined;
    writeFileSync(REPORT, report(results, version, before));
    const json = arg('json', '');
    if (json) writeFileSync(json, JSON.stringify({ results, before }, (k, v) => (k === 'obj' ? undefined : v)));
    for (const [label, rs] of [...(before ? [[`before (${BEFORE})`, before] as const] : []), ['now', results] as const]) {
      const s = summarize(rs);
      const agree = s.counts['both-accept'] + s.counts['both-refuse'];
      console.log(`${label}: ${s.total} objects; agreement ${agree}/${s.total} (${pct(agree, s.total)}); intended ${s.counts.intended}, too strict ${s.counts['too-strict']}, holes ${s.counts.hole}`);
    }
    console.log(`report: ${path.relative(process.cwd(), REPORT)}`);
  } finally {
    old?.cleanup();
  }
}

main();
