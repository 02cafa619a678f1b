/**
 * SafeSynth when something else goes wrong: another run holds the folder, a killed run left its
 * files behind, the disk is full, the folder is read-only, a rename fails halfway. Each must end
 * in a one-line message naming the path and the cause (never a raw ENOSPC or EACCES), with the
 * output as it was (or, after the first rename, every file complete, old or new).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { SafeSynth, ValidationError } from '../../src';
import { io } from '../../src/gitops/safe-synth/io';
import { lockFileOf } from '../../src/gitops/safe-synth/lock';
import { agent, agentContainer } from '../base/fixtures';
import { childEnv, childScript, filesOf, runChild, tempDir } from '../support/safe-synth';

const RECORD = '.safe-synth-files';

function appWithAgent(root: string, image = 'v1.0.0', data = ''): App {
  const app = new App({ outdir: path.join(root, 'unused') });
  agent(new Chart(app, 'agents', { namespace: 'agents' }), { containers: [agentContainer({ image: `registry.example.com/agent:${image}` })] });
  if (data !== '') new ApiObject(new Chart(app, 'config'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'data', namespace: 'agents' }, data: { data } });
  return app;
}

/** A folder with a committed output (version 1.0.0). */
function committed(): { root: string; dist: string; before: Record<string, string> } {
  const root = tempDir();
  const dist = path.join(root, 'dist');
  SafeSynth.synth(appWithAgent(root), { outdir: dist });
  return { root, dist, before: filesOf(dist) };
}

/** A PID that no process has any more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function systemError(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall, errno: -1 });
}

function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected SafeSynth to fail, but it wrote');
}

/** The one-line, worded error SafeSynth gives for a failed file operation. */
function expectIoError(error: Error, message: string | RegExp): void {
  expect(error).not.toBeInstanceOf(ValidationError);
  expect(error.name).toBe('SafeSynthError');
  expect(error.message).not.toContain('\n');
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
}

afterEach(() => jest.restoreAllMocks());

describe('SafeSynth: one run at a time', () => {
  test('rejects a second run while another process runs, naming its PID, and the first one completes', async () => {
    const { root, dist } = committed();
    const tmp = path.join(root, 'tmp');
    fs.mkdirSync(tmp);
    // The child sleeps before every fsync, so it holds the lock for a second or more.
    const first = spawn(process.execPath, [childScript(), dist, 'B'], { env: childEnv(tmp, { SLOW_MS: '250' }), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    first.stderr.on('data', chunk => { stderr += chunk; });
    const done = new Promise(resolve => first.on('exit', resolve));
    const started = Date.now();
    while (!fs.existsSync(lockFileOf(dist)) && Date.now() - started < 10_000) await new Promise(resolve => setTimeout(resolve, 10));
    const error = thrownBy(() => SafeSynth.synth(appWithAgent(root, 'v3.0.0'), { outdir: dist }));
    await done;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(`SafeSynth: invalid outdir: "${dist}". another SafeSynth run, PID ${first.pid}, is writing ${dist} (it holds the lock ${lockFileOf(dist)}). Runs on one output folder take turns: wait for it to finish, then run again; if no such process is running, delete ${lockFileOf(dist)}.`);
    expect({ exit: first.exitCode, stderr }).toEqual({ exit: 0, stderr: '' });
    expect(filesOf(dist)['cni.k8s.yaml']).toContain('flannel:v2.0.0');
    expect(fs.existsSync(lockFileOf(dist))).toBe(false);
  }, 30_000);

  test('rejects a run while a live process holds the lock, leaving lock and output as they were', async () => {
    const { root, dist, before } = committed();
    const holder = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(lockFileOf(dist), `${holder.pid}\n`);
      expect(() => SafeSynth.synth(appWithAgent(root, 'v2.0.0'), { outdir: dist })).toThrow(`another SafeSynth run, PID ${holder.pid}, is writing`);
      expect(fs.readFileSync(lockFileOf(dist), 'utf8')).toBe(`${holder.pid}\n`);
      expect(filesOf(dist)).toEqual(before);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  test.each([
    ['a dead PID', () => deadPid()],
    ['this process\'s own PID (a container restarted with the same PIDs)', () => process.pid],
  ])('takes over a lock left by %s', (_name, pid) => {
    const { root, dist } = committed();
    fs.writeFileSync(lockFileOf(dist), `${pid()}\n`);
    SafeSynth.synth(appWithAgent(root, 'v2.0.0'), { outdir: dist });
    expect(filesOf(dist)['agents.k8s.yaml']).toContain('agent:v2.0.0');
    expect(fs.existsSync(lockFileOf(dist))).toBe(false);
  });

  test('a lock without a PID is a run starting for five seconds, then a leftover', () => {
    const { root, dist } = committed();
    fs.writeFileSync(lockFileOf(dist), '');
    expect(() => SafeSynth.synth(appWithAgent(root, 'v2.0.0'), { outdir: dist })).toThrow('a SafeSynth run that is starting is writing');
    const past = new Date(Date.now() - 10_000);
    fs.utimesSync(lockFileOf(dist), past, past);
    SafeSynth.synth(appWithAgent(root, 'v2.0.0'), { outdir: dist });
    expect(fs.existsSync(lockFileOf(dist))).toBe(false);
  });
});

describe('SafeSynth: what killed runs leave behind', () => {
  test('removes their temporary files, lock files and staging folders, and nothing of the user\'s', () => {
    const { root, dist } = committed();
    const dead = deadPid();
    const tmp = path.join(root, 'tmp');
    const staging = path.join(tmp, `cdk8s-daemonsets-safe-synth-${process.getuid!()}`, `${dead}-abcdef`);
    fs.mkdirSync(staging, { recursive: true });
    fs.writeFileSync(path.join(staging, 'agents.k8s.yaml'), 'half');
    fs.mkdirSync(path.join(dist, 'chart'));
    fs.writeFileSync(path.join(dist, `.agents.k8s.yaml.${dead}-3.safe-synth.tmp`), 'half');
    fs.writeFileSync(path.join(dist, 'chart', `.ConfigMap.x.k8s.yaml.${dead}-1.safe-synth.tmp`), 'half');
    fs.writeFileSync(path.join(dist, '.notes.tmp'), 'mine');
    fs.writeFileSync(`${lockFileOf(dist)}.${dead}`, `${dead}\n`);
    fs.writeFileSync(`${lockFileOf(dist)}.stale-${dead}`, `${dead}\n`);
    const last = runChild(dist, 'A', childEnv(tmp));
    expect(last).toMatchObject({ status: 0, stderr: '' });
    expect(Object.keys(filesOf(dist))).toEqual(['.notes.tmp', RECORD, 'agents.k8s.yaml', 'cni.k8s.yaml', 'extra-a.k8s.yaml']);
    expect(fs.readdirSync(root).sort()).toEqual(['dist', 'tmp']);
    expect(fs.readdirSync(path.dirname(staging))).toEqual([]);
  });
});

describe('SafeSynth: I/O failures', () => {
  test('a full disk while writing: a one-line message, the output as it was, nothing left behind', () => {
    const { root, dist, before } = committed();
    jest.spyOn(io, 'writeSync').mockImplementation(() => { throw systemError('ENOSPC', 'write'); });
    const error = thrownBy(() => SafeSynth.synth(appWithAgent(root, 'v2.0.0'), { outdir: dist }));
    expectIoError(error, new RegExp(`^SafeSynth: could not write ${dist}/\\.agents\\.k8s\\.yaml\\.\\d+-\\d+\\.safe-synth\\.tmp: no space left on device \\(ENOSPC\\)\\. ${dist} is unchanged\\.$`));
    expect(filesOf(dist)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('a full disk on the first run leaves no folder behind', () => {
    const root = tempDir();
    const dist = path.join(root, 'dist');
    jest.spyOn(io, 'fsyncSync').mockImplementation(() => { throw systemError('ENOSPC', 'fsync'); });
    expectIoError(thrownBy(() => SafeSynth.synth(appWithAgent(root), { outdir: dist })), /could not write .*: no space left on device \(ENOSPC\)\. .*dist is unchanged\.$/);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  test('a read-only folder: a one-line message, the output as it was', () => {
    const { root, dist, before } = committed();
    const open = io.openSync;
    jest.spyOn(io, 'openSync').mockImplementation(((file: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode) => {
      if (String(file).startsWith(`${dist}/`)) throw systemError('EACCES', 'open');
      return open(file, flags, mode);
    }) as typeof io.openSync);
    expectIoError(thrownBy(() => SafeSynth.synth(appWithAgent(root, 'v2.0.0'), { outdir: dist })),
      `SafeSynth: could not write in ${dist}: permission denied (EACCES). ${dist} is unchanged.`);
    expect(filesOf(dist)).toEqual(before);
  });

  test('a full temporary directory while staging: a one-line message, the output as it was', () => {
    const { root, dist, before } = committed();
    jest.spyOn(io, 'mkdtempSync').mockImplementation(() => { throw systemError('ENOSPC', 'mkdtemp'); });
    expectIoError(thrownBy(() => SafeSynth.synth(appWithAgent(root, 'v2.0.0'), { outdir: dist })),
      new RegExp(`^SafeSynth: could not use the staging folder .*cdk8s-daemonsets-safe-synth-\\d+: no space left on device \\(ENOSPC\\)\\. ${dist} is unchanged\\.$`));
    expect(filesOf(dist)).toEqual(before);
  });

  test('a rename failing halfway: every file complete, old or new, and the next run finishes', () => {
    const { root, dist, before } = committed();
    const app = () => appWithAgent(root, 'v2.0.0', 'some data');
    const rename = io.renameSync;
    let renames = 0;
    jest.spyOn(io, 'renameSync').mockImplementation((from, to) => {
      // The record goes first, then the files: fail on the second file.
      if (++renames === 3) throw systemError('EIO', 'rename');
      rename(from, to);
    });
    const error = thrownBy(() => SafeSynth.synth(app(), { outdir: dist }));
    expectIoError(error, new RegExp(`^SafeSynth: could not replace ${dist}/config\\.k8s\\.yaml: input/output error \\(EIO\\)\\. Every generated file in ${dist} is complete, either its old or its new version; run SafeSynth again to finish\\.$`));
    const halfway = filesOf(dist);
    expect(halfway['agents.k8s.yaml']).not.toEqual(before['agents.k8s.yaml']);
    expect(halfway['agents.k8s.yaml']).toContain('agent:v2.0.0');
    expect(halfway['config.k8s.yaml']).toBeUndefined();
    expect(halfway[RECORD]).toContain('config.k8s.yaml');
    jest.restoreAllMocks();
    SafeSynth.synth(app(), { outdir: dist });
    expect(Object.keys(filesOf(dist))).toEqual([RECORD, 'agents.k8s.yaml', 'config.k8s.yaml']);
  });
});

// Real failures need a filesystem of their own: a tiny tmpfs (as root), or a folder without write
// permission (as anyone else; root ignores permissions). Where neither works, the simulated tests
// above still run.
const isRoot = process.getuid?.() === 0;
function mountTmpfs(dir: string, size: string): boolean {
  fs.mkdirSync(dir);
  return isRoot && spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
}
const canMount = (() => {
  if (!isRoot || process.platform !== 'linux') return false;
  const probe = path.join(tempDir(), 'probe');
  const mounted = mountTmpfs(probe, '64k');
  if (mounted) spawnSync('umount', [probe]);
  fs.rmSync(path.dirname(probe), { recursive: true, force: true });
  return mounted;
})();

describe('SafeSynth: real I/O failures', () => {
  (canMount ? test : test.skip)('a full disk (a 64 KiB tmpfs): the output as it was', () => {
    const root = tempDir();
    const dist = path.join(root, 'dist');
    expect(mountTmpfs(dist, '64k')).toBe(true);
    try {
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      const before = filesOf(dist);
      const error = thrownBy(() => SafeSynth.synth(appWithAgent(root, 'v2.0.0', 'x'.repeat(200_000)), { outdir: dist }));
      expectIoError(error, new RegExp(`^SafeSynth: could not write ${dist}/\\..*\\.safe-synth\\.tmp: no space left on device \\(ENOSPC\\)\\. ${dist} is unchanged\\.$`));
      expect(filesOf(dist)).toEqual(before);
    } finally {
      spawnSync('umount', [dist]);
    }
  });

  (canMount ? test : test.skip)('a read-only file system: the output as it was', () => {
    const root = tempDir();
    const dist = path.join(root, 'dist');
    expect(mountTmpfs(dist, '1m')).toBe(true);
    try {
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      const before = filesOf(dist);
      expect(spawnSync('mount', ['-o', 'remount,ro', dist]).status).toBe(0);
      expectIoError(thrownBy(() => SafeSynth.synth(appWithAgent(root, 'v2.0.0'), { outdir: dist })),
        `SafeSynth: could not write in ${dist}: read-only file system (EROFS). ${dist} is unchanged.`);
      expect(filesOf(dist)).toEqual(before);
    } finally {
      spawnSync('umount', [dist]);
    }
  });

  (isRoot ? test.skip : test)('a folder without write permission: the output as it was', () => {
    const { root, dist, before } = committed();
    fs.chmodSync(dist, 0o555);
    try {
      expectIoError(thrownBy(() => SafeSynth.synth(appWithAgent(root, 'v2.0.0'), { outdir: dist })),
        `SafeSynth: could not write in ${dist}: permission denied (EACCES). ${dist} is unchanged.`);
      expect(filesOf(dist)).toEqual(before);
      expect(fs.statSync(dist).mode % 0o1000).toBe(0o555);
    } finally {
      fs.chmodSync(dist, 0o755);
    }
  });
});
