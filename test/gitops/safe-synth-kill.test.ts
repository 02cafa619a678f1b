/**
 * SafeSynth's central promise, tested by killing it: at every instant, a SIGKILL included, the
 * output folder exists, every generated file in it is complete YAML and is either its old or its
 * new version, the user's files are untouched, files both versions share are never missing, and
 * the record lists every generated file present (or the next run would refuse to overwrite it).
 *
 * A child process (safe-synth-child.ts) synthesizes two versions of a small app in turn until it
 * is killed, either after a random delay or, for every other kill, just before a random one of
 * its file-system calls (so the short windows between renames are hit as often as the long
 * ones). After each kill the folder is checked; after the last, one more run must leave exactly
 * the new output with no temporary file, lock or staging folder behind.
 *
 * SAFE_SYNTH_KILLS sets the number of kills (20 by default, well under 30 s on two cores;
 * `npx projen test:kill` runs 1000). SAFE_SYNTH_SEED replays a run's random choices.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { SafeSynth } from '../../src/gitops/safe-synth';
import { isTemporary } from '../../src/gitops/safe-synth/atomic-write';
import { lockFileOf } from '../../src/gitops/safe-synth/lock';
import { RECORD } from '../../src/gitops/safe-synth/ownership';
import { Child, childEnv, exited, filesOf, runChild, startChild, tempDir } from '../support/safe-synth';
import { killTestApp, Version } from '../support/safe-synth-apps';

const KILLS = Number(process.env.SAFE_SYNTH_KILLS ?? 20);
const SEED = Number(process.env.SAFE_SYNTH_SEED ?? Date.now() % 2 ** 31);
// Longer than a few synths of the small app (about 20 ms each once warm, 50 ms for the first), so
// time-based kills land in any phase of any run.
const MAX_DELAY_MS = 150;
// One run makes about 50 changing file-system calls: a kill step up to 100 covers both directions.
const MAX_STEP = 100;

/** Park and Miller's minimal standard generator: seeded, so a failing run can be replayed. */
function random(seed: number): () => number {
  let state = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/** What SafeSynth generates for one version, synthesized in this process into a folder of its own. */
function generated(root: string, version: Version): Record<string, string> {
  const app = new App({ outdir: path.join(root, 'unused') });
  killTestApp(app, version, { ApiObject, Chart });
  const dir = path.join(root, `reference-${version}`);
  SafeSynth.synth(app, { outdir: dir });
  const files = filesOf(dir);
  delete files[RECORD];
  return files;
}

const USER_FILES: Record<string, string> = {
  'README.md': '# Rendered manifests\n',
  '.gitkeep': '',
  'kustomization.yaml': 'resources:\n  - cni.k8s.yaml\n',
  'notes/todo.md': '- nothing\n',
};

/** Every way the folder breaks the invariant right now (empty when it holds). */
function violations(dist: string, versions: Record<Version, Record<string, string>>): string[] {
  if (!fs.existsSync(dist) || !fs.lstatSync(dist).isDirectory()) return [`${dist} is not a folder`];
  const problems: string[] = [];
  const files = filesOf(dist);
  const generatedNames = new Set([...Object.keys(versions.A), ...Object.keys(versions.B)]);
  for (const [name, content] of Object.entries(USER_FILES)) {
    if (files[name] !== content) problems.push(`the user's ${name} changed or is gone`);
  }
  const present: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    if (name in USER_FILES || name === RECORD || isTemporary(path.basename(name))) continue;
    if (!generatedNames.has(name)) {
      problems.push(`unexpected file ${name}`);
      continue;
    }
    present.push(name);
    if (YAML.parseAllDocuments(content).some(doc => doc.errors.length > 0)) problems.push(`${name} is not complete YAML`);
    if (content !== versions.A[name] && content !== versions.B[name]) problems.push(`${name} is neither its old nor its new version (${content.length} bytes)`);
  }
  for (const name of ['cni.k8s.yaml', 'agents.k8s.yaml']) {
    if (!present.includes(name)) problems.push(`${name}, in both versions, is missing`);
  }
  if (!present.includes('extra-a.k8s.yaml') && !present.includes('extra-b.k8s.yaml')) problems.push('both extra charts are missing: a file was removed before its successor was added');
  const recorded = new Set((files[RECORD] ?? '').split('\n').filter(line => line !== '' && !line.startsWith('#')));
  for (const name of present) {
    if (!recorded.has(name)) problems.push(`${name} is not in ${RECORD}`);
  }
  return problems;
}

/** A kill test's folder: the user's files and version A in dist/, the children's temporary files in tmp/. */
class Bench {
  public readonly root = tempDir('safe-synth-kill-');
  public readonly tmp = path.join(this.root, 'tmp');
  public readonly dist = path.join(this.root, 'dist');
  public readonly versions: Record<Version, Record<string, string>>;
  public readonly env: NodeJS.ProcessEnv;
  private readonly children = new Set<Child>();
  private next?: Promise<Child>;

  public constructor() {
    fs.mkdirSync(this.tmp);
    this.versions = { A: generated(this.root, 'A'), B: generated(this.root, 'B') };
    this.env = childEnv(this.tmp);
    fs.mkdirSync(path.join(this.dist, 'notes'), { recursive: true });
    for (const [name, content] of Object.entries(USER_FILES)) fs.writeFileSync(path.join(this.dist, name), content);
    this.synthA();
  }

  /** Puts version A in place from this process, cleaning up after killed children as a next run would. */
  public synthA(): void {
    const app = new App({ outdir: path.join(this.root, 'unused') });
    killTestApp(app, 'A', { ApiObject, Chart });
    // The children's temporary directory, so this run removes their staging leftovers too.
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = this.tmp;
    try {
      SafeSynth.synth(app, { outdir: this.dist });
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(violations(this.dist, this.versions)).toEqual([]);
  }

  /**
   * Tells a loaded child to synthesize from `first` on and kills it: at `step` (its own SIGKILL
   * just before that changing file-system call) or, with step 0, after `delayMs`. The next child
   * loads meanwhile, so startup is not paid between kills. Then checks the folder.
   */
  public async kill(first: Version, step: number, delayMs: number, context: string): Promise<void> {
    const child = await (this.next ?? this.start());
    this.next = this.start();
    child.process.stdin!.write(`go ${first} ${step}\n`);
    if (step === 0) {
      await new Promise(resolve => setTimeout(resolve, delayMs));
      child.process.kill('SIGKILL');
    }
    await exited(child.process);
    this.children.delete(child);
    expect({ context, signal: child.process.signalCode, stderr: child.stderr() }).toEqual({ context, signal: 'SIGKILL', stderr: '' });
    expect({ context, violations: violations(this.dist, this.versions) }).toEqual({ context, violations: [] });
  }

  /** Stops every child (a failed expectation must not leave one waiting: jest would never exit). */
  public async stop(): Promise<void> {
    if (this.next !== undefined) await this.next;
    for (const child of this.children) child.process.kill('SIGKILL');
    await Promise.all([...this.children].map(child => exited(child.process)));
  }

  /** One more run must finish the job and clean up after every killed one. */
  public finish(): void {
    const last = runChild(this.dist, 'B', this.env);
    expect(last).toMatchObject({ status: 0, stderr: '' });
    expect(filesOf(this.dist)).toEqual({ ...USER_FILES, ...this.versions.B, [RECORD]: expect.stringContaining('\nagents.k8s.yaml\ncni.k8s.yaml\nextra-b.k8s.yaml\n') });
    expect(fs.existsSync(lockFileOf(this.dist))).toBe(false);
    expect(fs.readdirSync(this.root).sort()).toEqual(['dist', 'reference-A', 'reference-B', 'tmp']);
    // Staging folders live in one folder of SafeSynth's own in the temporary directory.
    expect(fs.readdirSync(this.tmp).map(name => [name, fs.readdirSync(path.join(this.tmp, name))]))
      .toEqual([[expect.stringMatching(/^cdk8s-daemonsets-safe-synth-/), []]]);
  }

  private start(): Promise<Child> {
    return startChild(this.dist, 'serve', this.env).then(child => {
      this.children.add(child);
      return child;
    });
  }
}

describe('SafeSynth under SIGKILL', () => {
  test('a kill at every step of a synth leaves a whole output', async () => {
    const started = Date.now();
    const bench = new Bench();
    // How many changing calls one synth from A to B makes (the same every time from a clean A).
    const counted = runChild(path.join(bench.root, 'count'), 'A', childEnv(bench.tmp));
    expect(counted.status).toBe(0);
    const count = runChild(bench.dist, 'B', childEnv(bench.tmp, { COUNT_OPS: '1' }));
    const steps = Number(/ops (\d+)/.exec(count.stdout)?.[1]);
    expect(steps).toBeGreaterThan(20);
    fs.rmSync(path.join(bench.root, 'count'), { recursive: true });
    fs.rmSync(path.join(bench.root, 'count.cli-unused'), { recursive: true, force: true });
    try {
      for (let step = 1; step <= steps; step++) {
        bench.synthA();
        await bench.kill('B', step, 0, `the kill at step ${step} of ${steps}`);
      }
    } finally {
      await bench.stop();
    }
    bench.finish();
    // eslint-disable-next-line no-console
    console.log(`SafeSynth kill test: a kill at each of the ${steps} steps of a synth, ${Date.now() - started} ms`);
  }, 120_000);

  test(`${KILLS} kills at random moments leave a whole output every time (seed from SAFE_SYNTH_SEED)`, async () => {
    const started = Date.now();
    const bench = new Bench();
    const rand = random(SEED);
    const stepKills = Math.floor(KILLS / 2);
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        // Half the kills at a random step, stratified (the n-th of k lands in the n-th k-th of
        // the range), the others after a random delay; each child goes on synthesizing A and B
        // in turn from where the last one was killed.
        const step = kill % 2 === 1 ? 1 + Math.floor((((kill - 1) / 2 + rand()) / stepKills) * MAX_STEP) : 0;
        const delay = rand() * MAX_DELAY_MS;
        const context = `kill ${kill + 1} of ${KILLS} (${step > 0 ? `at step ${step}` : `after ${delay.toFixed(0)} ms`}), SAFE_SYNTH_SEED=${SEED}`;
        await bench.kill(rand() < 0.5 ? 'A' : 'B', step, delay, context);
      }
    } finally {
      await bench.stop();
    }
    bench.finish();
    // eslint-disable-next-line no-console
    console.log(`SafeSynth kill test: ${KILLS} kills (${KILLS - stepKills} after a random delay, ${stepKills} at a random step), seed ${SEED}, ${Date.now() - started} ms`);
  }, Math.max(60_000, KILLS * 3_000));
});
