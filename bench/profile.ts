/**
 * Where the time goes: runs an app once under `node --cpu-prof` and sorts its CPU samples into
 * module loading, each package's own code and garbage collection, then names this library's
 * functions (the bundle's code from src/) whose calls the most samples fall under.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

export interface Profile {
  /** CPU milliseconds sampled. */
  readonly totalMs: number;
  /** CPU milliseconds per category, largest first. */
  readonly categories: Array<[string, number]>;
  /** This library's functions, as "name (src file)", by CPU milliseconds in them and all they call, largest first. */
  readonly inclusive: Array<[string, number]>;
}


/** Self-time categories, first match wins; `loading` is decided on the whole stack first. */
const CATEGORIES: Array<[string, (url: string) => boolean]> = [
  ['YAML serialization (yaml)', url => url.includes('/yaml/dist/')],
  ['construct tree walks (constructs)', url => url.includes('/node_modules/constructs/')],
  ['cdk8s-plus-28 (its classes and generated k8s mappers)', url => url.includes('/node_modules/cdk8s-plus-28/')],
  ['cdk8s core (resolve, toJson, validate, synth)', url => url.includes('/node_modules/cdk8s/')],
];
const LOADING = 'module loading (reading, compiling, top-level code)';
const BUNDLE = 'the app bundle (for ours, this library)';
const GC = 'garbage collection';
const OTHER = 'node internals, file writes, idle';

export function profileApp(bundle: string, args: readonly string[], dir: string): Profile {
  fs.rmSync(dir, { recursive: true, force: true });
  const result = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, bundle, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`profiling ${bundle} failed:\n${result.stderr.slice(-4000)}`);
  const file = fs.readdirSync(dir).find(f => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`node --cpu-prof wrote no profile in ${dir}`);
  return analyse(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), bundle);
}

/** The source file of each line of an esbuild bundle, from the `// path` comment heading each module. */
function sourceFiles(bundle: string): string[] {
  let current = '';
  return fs.readFileSync(bundle, 'utf8').split('\n').map(line => {
    const header = /^\/\/ (\S+\.[jt]s)$/.exec(line);
    if (header) current = header[1];
    return current;
  });
}

function analyse(profile: CpuProfile, bundle: string): Profile {
  const bundleUrl = `file://${bundle}`;
  const files = sourceFiles(bundle);
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + profile.timeDeltas[i]));

  const categories = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    totalUs += us;
    const stack: CallFrame[] = [];
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) stack.push(byId.get(n)!.callFrame);
    const category = categorize(stack);
    categories.set(category, (categories.get(category) ?? 0) + us);
    // The app's own code (bench/apps/) is scaffolding every sample is under: not an answer to "where".
    const own = new Set(stack
      .filter(f => f.url === bundleUrl && f.functionName !== '' && files[f.lineNumber]?.startsWith('src/'))
      .map(f => `${f.functionName} (${files[f.lineNumber]})`));
    for (const name of own) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
  const ms = (m: Map<string, number>) => [...m].map(([k, us]): [string, number] => [k, us / 1000]).sort((a, b) => b[1] - a[1]);
  return { totalMs: totalUs / 1000, categories: ms(categories), inclusive: ms(inclusive) };
}

function categorize(stack: CallFrame[]): string {
  const self = stack[0];
  if (self.functionName === '(garbage collector)') return GC;
  // The whole run is under the loader frames of the main script, so loading is what runs under a
  // require() call (a module's top level, whichever package) or compiles a file (wrapSafe).
  if (stack.some(f => (f.functionName === 'require' && f.url === 'node:internal/modules/helpers') || f.functionName === 'wrapSafe')) return LOADING;
  if (self.url.startsWith('file://') && !self.url.includes('/node_modules/')) return BUNDLE;
  return CATEGORIES.find(([, test]) => test(self.url))?.[0] ?? OTHER;
}
