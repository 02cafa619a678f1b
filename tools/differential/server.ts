/**
 * The reference: a real kube-apiserver v1.20.2 on loopback, started with
 * ../shared/tools/apiserver/start-apiserver.sh, asked with `kubectl create --dry-run=server`.
 *
 * Why create and not apply: apply adds the last-applied-configuration annotation (the whole object
 * again), which would double the annotation size the huge-annotation mutations probe, and it GETs
 * the object first, which fails on names the URL cannot carry before the server validates them.
 */
import { spawnSync } from 'child_process';
import { existsSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

export const TOOLS_DIR = process.env.APISERVER_TOOLS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'tools', 'apiserver');
const CACHE_DIR = process.env.CACHE_DIR ?? path.join(os.homedir(), '.cache', 'kapi');
export const KUBECTL = path.join(CACHE_DIR, 'bin', 'kubectl');

export interface ServerVerdict {
  readonly accepted: boolean;
  /** The server's (or kubectl's) message for a refusal. */
  readonly message: string;
  /** Refused only for privileged containers, which this server's configuration disallows. */
  readonly policyOnly?: boolean;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export class ApiServer {
  /** Whether this process started the server (and so stops it). */
  private started = false;
  /** Batches whose output could not be attributed, asked again file by file. */
  fallbacks = 0;
  readonly kubeconfig: string;

  constructor() {
    const script = path.join(TOOLS_DIR, 'start-apiserver.sh');
    if (!existsSync(script)) throw new Error(`no ${script}: set APISERVER_TOOLS to the folder of start-apiserver.sh`);
    if (!existsSync(KUBECTL)) throw new Error(`no ${KUBECTL}: build the API server first (${TOOLS_DIR}/build-apiserver.sh)`);
    const status = run('bash', [script, 'status']).stdout;
    this.started = !/apiserver running/.test(status);
    const r = run('bash', [script, 'start']);
    if (r.status !== 0) throw new Error(`start-apiserver.sh failed:\n${r.stderr}`);
    this.kubeconfig = r.stdout.trim().split('\n').pop()!;
  }

  version(): string {
    const r = this.kubectl(['version', '-o', 'json']);
    try {
      return JSON.parse(r.stdout).serverVersion.gitVersion;
    } catch {
      return 'unknown';
    }
  }

  kubectl(args: string[]) {
    return run(KUBECTL, ['--kubeconfig', this.kubeconfig, ...args]);
  }

  /** Creates the namespaces for real (not dry-run): namespaced objects need theirs to exist. */
  ensureNamespaces(names: readonly string[]): void {
    for (const name of names) {
      const r = this.kubectl(['create', 'namespace', name]);
      if (r.status !== 0 && !/AlreadyExists/.test(r.stderr)) throw new Error(`cannot create namespace ${name}: ${r.stderr}`);
    }
  }

  /**
   * Server-side dry-run of every file of one folder (one object per file) in one kubectl call.
   * Refusals name their file; the files no error names are the accepted ones, which must number as
   * many as kubectl's `-o name` lines. If the output cannot be attributed that way, each file is
   * asked again on its own.
   */
  dryRunFolder(dir: string, files: readonly string[]): Map<string, ServerVerdict> {
    const verdicts = new Map<string, ServerVerdict>();
    const r = this.kubectl(['create', '--dry-run=server', '--validate=false', '-o', 'name', '-f', dir]);
    if (process.env.DIFFERENTIAL_DEBUG) writeFileSync(`${dir}.stderr`, r.stderr);
    const accepted = r.stdout.split('\n').filter(l => l.trim() !== '').length;
    const byBase = new Map(files.map(f => [path.basename(f), f]));
    let unattributed = false;
    let last: string | undefined;
    for (const line of r.stderr.split('\n')) {
      if (line.trim() === '' || /^Warning:/.test(line)) continue;
      // kubectl gathers the files it cannot decode into one line: "[unable to decode "a": ..., unable to decode "b": ...]".
      const mentions = [...line.matchAll(/"(?:[^"]*\/)?([0-9]+\.json)"/g)].filter(m => byBase.has(m[1]));
      if (mentions.length > 0) {
        mentions.forEach((m, i) => {
          const file = byBase.get(m[1])!;
          const from = i === 0 ? 0 : line.lastIndexOf('unable to decode', m.index) >= 0 ? line.lastIndexOf('unable to decode', m.index) : m.index!;
          const to = i + 1 < mentions.length ? line.lastIndexOf('unable to decode', mentions[i + 1].index) : line.length;
          const text = line.slice(from, to > from ? to : line.length).replace(/^\[|,\s*$|\]$/g, '');
          const prior = verdicts.get(file);
          verdicts.set(file, { accepted: false, message: prior ? `${prior.message}\n${text}` : text });
          last = file;
        });
        continue;
      }
      // A message may span lines (several causes as "* field: reason", or a quoted excerpt of the
      // request): a line that does not start a new error continues the last one.
      const startsError = /^(Error from server|error|unable to|the server)/i.test(line);
      if (last === undefined || startsError) {
        if (process.env.DIFFERENTIAL_DEBUG) process.stderr.write(`unattributed: ${line.slice(0, 300)}\n`);
        unattributed = true;
        continue;
      }
      const prior = verdicts.get(last)!;
      verdicts.set(last, { accepted: false, message: `${prior.message}\n${line}` });
    }
    if (unattributed || accepted + verdicts.size !== files.length) {
      if (process.env.DIFFERENTIAL_DEBUG) process.stderr.write(`batch ${dir}: ${accepted} accepted + ${verdicts.size} refused of ${files.length}\n`);
      this.fallbacks++;
      const each = this.dryRunEach(files);
      if (process.env.DIFFERENTIAL_DEBUG) {
        for (const f of files) if (!each.get(f)!.accepted && !verdicts.has(f)) process.stderr.write(`unseen refusal ${f}: ${each.get(f)!.message.slice(0, 300)}\n`);
      }
      return each;
    }
    for (const f of files) if (!verdicts.has(f)) verdicts.set(f, { accepted: true, message: '' });
    return verdicts;
  }

  private dryRunEach(files: readonly string[]): Map<string, ServerVerdict> {
    const verdicts = new Map<string, ServerVerdict>();
    for (const f of files) {
      const r = this.kubectl(['create', '--dry-run=server', '--validate=false', '-o', 'name', '-f', f]);
      verdicts.set(f, r.status === 0 ? { accepted: true, message: '' } : { accepted: false, message: r.stderr.trim() });
    }
    return verdicts;
  }

  /** Stops the server if this process started it. */
  stop(force = false): void {
    if (!this.started && !force) return;
    run('bash', [path.join(TOOLS_DIR, 'start-apiserver.sh'), 'stop']);
  }
}

/** Writes an object as the only object of a JSON file. */
export function writeObject(file: string, obj: unknown): void {
  writeFileSync(file, JSON.stringify(obj));
}
