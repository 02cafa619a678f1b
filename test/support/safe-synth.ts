/**
 * Helpers for the SafeSynth tests: temporary folders, a folder's files, and the child process
 * (test/gitops/safe-synth-child.ts) that the kill and concurrency tests run.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A fresh temporary folder, by its real path (so messages can be matched against it). */
export function tempDir(prefix = 'safe-synth-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** Every file under `dir` (relative, `/`-separated, sorted) and its text; a symbolic link as "-> target", not followed. */
export function filesOf(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  const out: Record<string, string> = {};
  const visit = (prefix: string) => {
    const entries = fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(path.join(dir, rel))}`;
      else if (entry.isDirectory()) visit(rel);
      else out[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
    }
  };
  visit('');
  return out;
}

/** Runs `fn` in `dir` as the current directory. */
export function inDir<T>(dir: string, fn: () => T): T {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return fn();
  } finally {
    process.chdir(cwd);
  }
}

const ROOT = path.join(__dirname, '..', '..');
let bundled: string | undefined;

/**
 * The child app bundled into one file with its packages (once per test file): plain node starts
 * it in a fraction of ts-node's time, and one file loads faster than cdk8s's many.
 */
export function childScript(): string {
  if (bundled !== undefined) return bundled;
  const out = path.join(tempDir('safe-synth-child-'), 'child.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild');
  esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'test', 'gitops', 'safe-synth-child.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile: out,
    logLevel: 'warning',
  });
  bundled = out;
  return out;
}

/** The environment a child runs in: its temporary files (SafeSynth's staging) in `tmp`. */
export function childEnv(tmp: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, ...extra };
  delete env.CDK8S_OUTDIR;
  return env;
}

/** How a child run ended. */
export interface ChildRun { status: number | null; signal: string | null; stdout: string; stderr: string }

/** Runs the child to completion. */
export function runChild(outdir: string, mode: string, env: NodeJS.ProcessEnv): ChildRun {
  const r = spawnSync(process.execPath, [childScript(), outdir, mode], { env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** A running child and what it wrote to stderr so far. */
export interface Child {
  readonly process: ChildProcess;
  readonly stderr: () => string;
}

/** Starts the child; resolves once it printed `line` (or exited). Its stdin is a pipe (see the child's `serve` mode). */
export function startChild(outdir: string, mode: string, env: NodeJS.ProcessEnv, line = 'ready'): Promise<Child> {
  const child = spawn(process.execPath, [childScript(), outdir, mode], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', chunk => { errors += chunk; });
  const result: Child = { process: child, stderr: () => errors };
  return new Promise(resolve => {
    let seen = '';
    child.stdout!.on('data', chunk => {
      seen += chunk;
      if (seen.includes(line)) resolve(result);
    });
    child.on('exit', () => resolve(result));
  });
}

/** Resolves once the child has exited (and been reaped, so its PID no longer exists). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise(resolve => child.on('exit', () => resolve()));
}
