import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { SafeSynth } from '../../src';
import { agent } from '../base/fixtures';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'safe-synth-'));
}

function snapshotOf(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  return Object.fromEntries(fs.readdirSync(dir).sort().map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

function appWithAgent(outdir: string): App {
  const app = new App({ outdir: path.join(outdir, 'unused') });
  agent(new Chart(app, 'agents', { namespace: 'agents' }));
  return app;
}

describe('SafeSynth', () => {
  test('writes one file per chart and reports what it wrote', () => {
    const root = tempDir();
    const result = SafeSynth.synth(appWithAgent(root), { outdir: path.join(root, 'dist') });
    expect(result).toEqual({ files: ['agents.k8s.yaml'], objects: 2, daemonSets: 1 });
    expect(fs.readdirSync(path.join(root, 'dist'))).toEqual(['agents.k8s.yaml']);
    expect(fs.existsSync(path.join(root, 'unused'))).toBe(false);
  });

  test('two synths are byte-identical', () => {
    const root = tempDir();
    SafeSynth.synth(appWithAgent(root), { outdir: path.join(root, 'a') });
    SafeSynth.synth(appWithAgent(root), { outdir: path.join(root, 'b') });
    expect(snapshotOf(path.join(root, 'a'))).toEqual(snapshotOf(path.join(root, 'b')));
  });

  test('replaces stale files: the output is exactly the new synth', () => {
    const root = tempDir();
    const dist = path.join(root, 'dist');
    fs.mkdirSync(dist);
    fs.writeFileSync(path.join(dist, 'old-chart.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old\n');
    SafeSynth.synth(appWithAgent(root), { outdir: dist });
    expect(fs.readdirSync(dist)).toEqual(['agents.k8s.yaml']);
    expect(fs.readdirSync(root).sort()).toEqual(['dist']);
  });

  test('an app that throws while synthesizing leaves the output untouched', () => {
    const root = tempDir();
    const dist = path.join(root, 'dist');
    SafeSynth.synth(appWithAgent(root), { outdir: dist });
    const before = snapshotOf(dist);
    const app = appWithAgent(root);
    const chart = new Chart(app, 'broken');
    new ApiObject(chart, 'bad', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })
      .node.addValidation({ validate: () => ['deliberately invalid'] });
    expect(() => SafeSynth.synth(app, { outdir: dist })).toThrow(/deliberately invalid/);
    expect(snapshotOf(dist)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('refuses an output without DaemonSets when the current one has some', () => {
    const root = tempDir();
    const dist = path.join(root, 'dist');
    SafeSynth.synth(appWithAgent(root), { outdir: dist });
    const before = snapshotOf(dist);
    const empty = new App();
    new Chart(empty, 'agents');
    expect(() => SafeSynth.synth(empty, { outdir: dist }))
      .toThrow(/^SafeSynth: invalid the new output has no DaemonSets: "the current one has 1"\. SafeSynth refused to write .*dist: with Argo CD prune this would delete every node agent/);
    expect(snapshotOf(dist)).toEqual(before);
  });

  test('writes an output without DaemonSets when explicitly allowed', () => {
    const root = tempDir();
    const dist = path.join(root, 'dist');
    SafeSynth.synth(appWithAgent(root), { outdir: dist });
    const empty = new App();
    new ApiObject(new Chart(empty, 'config'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(SafeSynth.synth(empty, { outdir: dist, allowRemovingAllDaemonSets: true }).daemonSets).toBe(0);
    expect(fs.readdirSync(dist)).toEqual(['config.k8s.yaml']);
  });

  test('refuses an object without a name, leaving the output untouched', () => {
    const root = tempDir();
    const dist = path.join(root, 'dist');
    SafeSynth.synth(appWithAgent(root), { outdir: dist });
    const before = snapshotOf(dist);
    const app = appWithAgent(root);
    new ApiObject(new Chart(app, 'nameless'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '' } });
    expect(() => SafeSynth.synth(app, { outdir: dist })).toThrow(/^nameless\/cm: invalid ConfigMap metadata\.name: ""\. Every object needs a name\./);
    expect(snapshotOf(dist)).toEqual(before);
  });

  test('refuses the same object twice', () => {
    const root = tempDir();
    const app = new App();
    const chart = new Chart(app, 'twice');
    new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same' } });
    new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same' } });
    expect(() => SafeSynth.synth(app, { outdir: path.join(root, 'dist') })).toThrow(/ConfigMap same is defined twice/);
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });

  describe('under cdk8s synth (CDK8S_OUTDIR set)', () => {
    afterEach(() => { delete process.env.CDK8S_OUTDIR; });

    test('copies the output to the CLI\'s scratch folder so the CLI lists it', () => {
      const root = tempDir();
      const scratch = path.join(root, '.cdk8s.out');
      process.env.CDK8S_OUTDIR = scratch;
      const app = new App();
      agent(new Chart(app, 'agents', { namespace: 'agents' }));
      SafeSynth.synth(app, { outdir: path.join(root, 'dist') });
      expect(snapshotOf(scratch)).toEqual(snapshotOf(path.join(root, 'dist')));
    });

    test('rejects a cdk8s.yaml output that is the protected folder', () => {
      const root = tempDir();
      process.env.CDK8S_OUTDIR = path.join(root, 'dist');
      expect(() => SafeSynth.synth(new App(), { outdir: path.join(root, 'dist') }))
        .toThrow(/^SafeSynth: invalid cdk8s\.yaml's output: ".*dist"\. It is the folder SafeSynth protects, and `cdk8s synth` has already deleted it/);
    });
  });
});
