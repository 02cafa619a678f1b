/**
 * SafeSynth's output: what it writes, what it owns (only what it generated), and which outputs it
 * refuses to write. Dangerous folders are in safe-synth-outdir.test.ts, I/O failures and the lock
 * in safe-synth-failures.test.ts, kills in safe-synth-kill.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { CniAgentDaemonSet, SafeSynth, ValidationError } from '../../src';
import { agent } from '../base/fixtures';
import { filesOf, tempDir } from '../support/safe-synth';
import { rawDaemonSet } from '../support/safe-synth-apps';

const RECORD = '.safe-synth-files';

function appWithAgent(root: string, props: { yamlOutputType?: YamlOutputType } = {}): App {
  const app = new App({ outdir: path.join(root, 'unused'), ...props });
  agent(new Chart(app, 'agents', { namespace: 'agents' }));
  return app;
}

/** An app with the library's CNI agent (flannel) and an agent. */
function appWithCni(root: string): App {
  const app = appWithAgent(root);
  new CniAgentDaemonSet(new Chart(app, 'cni'), 'flannel');
  return app;
}

function appWith(root: string, build: (app: App) => void): App {
  const app = new App({ outdir: path.join(root, 'unused') });
  build(app);
  return app;
}

function recordOf(dir: string): string[] {
  return fs.readFileSync(path.join(dir, RECORD), 'utf8').split('\n').filter(line => line !== '' && !line.startsWith('#'));
}

function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected SafeSynth to refuse, but it wrote');
}

describe('SafeSynth', () => {
  describe('output', () => {
    test('writes one file per chart and a record of them, and reports what it wrote', () => {
      const root = tempDir();
      const result = SafeSynth.synth(appWithAgent(root), { outdir: path.join(root, 'dist') });
      expect(result).toEqual({ files: ['agents.k8s.yaml'], removed: [], objects: 2, daemonSets: 1 });
      expect(fs.readdirSync(path.join(root, 'dist')).sort()).toEqual([RECORD, 'agents.k8s.yaml']);
      expect(fs.readFileSync(path.join(root, 'dist', RECORD), 'utf8')).toBe([
        '# Written by SafeSynth (cdk8s-daemonsets): the files it generated in this folder, one per line.',
        '# It replaces and removes only these; every other file here is left alone. Commit this file.',
        'agents.k8s.yaml',
        '',
      ].join('\n'));
      // Nothing beside the folder: no lock, no staging folder, and cdk8s's own outdir untouched.
      expect(fs.readdirSync(root)).toEqual(['dist']);
    });

    test('two synths are byte-identical', () => {
      const root = tempDir();
      SafeSynth.synth(appWithAgent(root), { outdir: path.join(root, 'a') });
      SafeSynth.synth(appWithAgent(root), { outdir: path.join(root, 'b') });
      expect(filesOf(path.join(root, 'a'))).toEqual(filesOf(path.join(root, 'b')));
    });

    test('leaves an unchanged file alone: same inode, same mtime', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      const file = path.join(dist, 'agents.k8s.yaml');
      fs.utimesSync(file, new Date(1_000_000), new Date(1_000_000));
      const before = fs.statSync(file);
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      const after = fs.statSync(file);
      expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    });

    test('removes the generated files the new output no longer has, and reports them', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      const both = appWithAgent(root);
      new ApiObject(new Chart(both, 'config'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
      SafeSynth.synth(both, { outdir: dist });
      expect(recordOf(dist)).toEqual(['agents.k8s.yaml', 'config.k8s.yaml']);
      const result = SafeSynth.synth(appWithAgent(root), { outdir: dist });
      expect(result.removed).toEqual(['config.k8s.yaml']);
      expect(fs.readdirSync(dist).sort()).toEqual([RECORD, 'agents.k8s.yaml']);
      expect(recordOf(dist)).toEqual(['agents.k8s.yaml']);
    });

    test('keeps the folder\'s mode: the folder is never recreated', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      fs.mkdirSync(dist);
      fs.chmodSync(dist, 0o750);
      const ino = fs.statSync(dist).ino;
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      const changed = appWithAgent(root);
      new ApiObject(new Chart(changed, 'config'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
      SafeSynth.synth(changed, { outdir: dist });
      expect([fs.statSync(dist).mode % 0o10000, fs.statSync(dist).ino]).toEqual([0o750, ino]);
    });

    test('a replaced file keeps its mode', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      const first = appWithAgent(root);
      SafeSynth.synth(first, { outdir: dist });
      const file = path.join(dist, 'agents.k8s.yaml');
      fs.chmodSync(file, 0o600);
      const changed = new App({ outdir: path.join(root, 'unused') });
      agent(new Chart(changed, 'agents', { namespace: 'agents' }), { name: 'renamed' });
      SafeSynth.synth(changed, { outdir: dist });
      expect(fs.readFileSync(file, 'utf8')).toContain('name: renamed');
      expect(fs.statSync(file).mode % 0o1000).toBe(0o600);
    });

    test('writes a folder per chart (FOLDER_PER_CHART_FILE_PER_RESOURCE), and removes a chart folder once it holds nothing', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      const perResource = { yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE };
      const both = appWithAgent(root, perResource);
      new ApiObject(new Chart(both, 'config'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
      new ApiObject(new Chart(both, 'kept'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'y' } });
      SafeSynth.synth(both, { outdir: dist });
      expect(Object.keys(filesOf(dist))).toEqual([RECORD, 'agents/DaemonSet.agent.k8s.yaml', 'agents/ServiceAccount.agent.k8s.yaml', 'config/ConfigMap.x.k8s.yaml', 'kept/ConfigMap.y.k8s.yaml']);
      fs.writeFileSync(path.join(dist, 'kept', 'NOTES.md'), 'mine');
      SafeSynth.synth(appWithAgent(root, perResource), { outdir: dist });
      expect(Object.keys(filesOf(dist))).toEqual([RECORD, 'agents/DaemonSet.agent.k8s.yaml', 'agents/ServiceAccount.agent.k8s.yaml', 'kept/NOTES.md']);
    });
  });

  describe('it owns only what it generated', () => {
    const USER_FILES = {
      'README.md': '# Rendered manifests: do not edit\n',
      '.gitkeep': '',
      'kustomization.yaml': 'resources:\n  - agents.k8s.yaml\n',
      'notes/decisions.md': 'we use flannel\n',
      'notes/extra.k8s.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hand-written\n',
    };

    function withUserFiles(dist: string): void {
      for (const [name, content] of Object.entries(USER_FILES)) {
        fs.mkdirSync(path.dirname(path.join(dist, name)), { recursive: true });
        fs.writeFileSync(path.join(dist, name), content);
      }
    }

    test('keeps a README, .gitkeep, kustomization.yaml and a notes/ folder through writes and removals', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      withUserFiles(dist);
      const both = appWithAgent(root);
      new ApiObject(new Chart(both, 'config'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
      SafeSynth.synth(both, { outdir: dist });
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      const files = filesOf(dist);
      expect(files).toMatchObject(USER_FILES);
      expect(Object.keys(files).sort()).toEqual([...Object.keys(USER_FILES), RECORD, 'agents.k8s.yaml'].sort());
    });

    test('a kustomization.yaml or other YAML of the user\'s is neither parsed nor counted', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      fs.mkdirSync(dist);
      fs.writeFileSync(path.join(dist, 'kustomization.yaml'), 'resources: [agents.k8s.yaml]\n');
      fs.writeFileSync(path.join(dist, 'broken.yaml'), 'key: [unclosed\n');
      expect(SafeSynth.synth(appWithAgent(root), { outdir: dist })).toEqual({ files: ['agents.k8s.yaml'], removed: [], objects: 2, daemonSets: 1 });
    });

    test('before its first run, takes the *.k8s.yaml files cdk8s writes by default as its own, and no others', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      fs.mkdirSync(dist);
      fs.writeFileSync(path.join(dist, 'old-chart.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old\n');
      fs.writeFileSync(path.join(dist, 'agents.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: older\n');
      fs.writeFileSync(path.join(dist, 'other.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n');
      fs.mkdirSync(path.join(dist, 'notes'));
      fs.writeFileSync(path.join(dist, 'notes', 'extra.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n');
      const result = SafeSynth.synth(appWithAgent(root), { outdir: dist });
      expect(result.removed).toEqual(['old-chart.k8s.yaml']);
      expect(Object.keys(filesOf(dist))).toEqual([RECORD, 'agents.k8s.yaml', 'notes/extra.k8s.yaml', 'other.yaml']);
      expect(recordOf(dist)).toEqual(['agents.k8s.yaml']);
    });

    test('before its first run, replaces a file at a generated name (an earlier synth wrote it), even in a chart folder', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      fs.mkdirSync(path.join(dist, 'agents'), { recursive: true });
      fs.writeFileSync(path.join(dist, 'agents', 'DaemonSet.agent.k8s.yaml'), 'older\n');
      fs.writeFileSync(path.join(dist, 'agents', 'Service.gone.k8s.yaml'), 'stale, but not provably generated\n');
      SafeSynth.synth(appWithAgent(root, { yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE }), { outdir: dist });
      expect(fs.readFileSync(path.join(dist, 'agents', 'DaemonSet.agent.k8s.yaml'), 'utf8')).toContain('kind: DaemonSet');
      expect(fs.readFileSync(path.join(dist, 'agents', 'Service.gone.k8s.yaml'), 'utf8')).toBe('stale, but not provably generated\n');
    });

    test('once it keeps a record, leaves a *.k8s.yaml file of the user\'s alone', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      fs.writeFileSync(path.join(dist, 'hand-written.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n');
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      expect(fs.readdirSync(dist).sort()).toEqual([RECORD, 'agents.k8s.yaml', 'hand-written.k8s.yaml']);
    });

    test('rejects a generated file whose name a file of the user\'s has, leaving it as it was', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      fs.writeFileSync(path.join(dist, 'config.k8s.yaml'), 'mine\n');
      const app = appWithAgent(root);
      new ApiObject(new Chart(app, 'config'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
      const before = filesOf(dist);
      const error = thrownBy(() => SafeSynth.synth(app, { outdir: dist }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toBe(`SafeSynth: invalid outdir: "${dist}". ${dist}/config.k8s.yaml exists and SafeSynth did not write it (not listed in ${RECORD}): it never overwrites a file it did not generate. Move or delete it (the synth writes the generated version), or rename the chart.`);
      expect(filesOf(dist)).toEqual(before);
    });

    test('rejects a record entry outside the folder, deleting nothing', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      fs.writeFileSync(path.join(root, 'victim.k8s.yaml'), 'precious\n');
      fs.appendFileSync(path.join(dist, RECORD), '../victim.k8s.yaml\n');
      const error = thrownBy(() => SafeSynth.synth(appWithAgent(root), { outdir: dist }));
      expect(error.message).toMatch(/^SafeSynth: invalid .*\.safe-synth-files: "\.\.\/victim\.k8s\.yaml"\. Each line must name a file inside the output folder/);
      expect(fs.readFileSync(path.join(root, 'victim.k8s.yaml'), 'utf8')).toBe('precious\n');
    });

    test('rejects a record entry through a symbolic link out of the folder', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      fs.mkdirSync(path.join(root, 'elsewhere'));
      fs.writeFileSync(path.join(root, 'elsewhere', 'x.k8s.yaml'), 'precious\n');
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      fs.symlinkSync(path.join(root, 'elsewhere'), path.join(dist, 'link'));
      fs.appendFileSync(path.join(dist, RECORD), 'link/x.k8s.yaml\n');
      expect(() => SafeSynth.synth(appWithAgent(root), { outdir: dist })).toThrow(/invalid .*\.safe-synth-files: "link\/x\.k8s\.yaml"/);
      expect(fs.readFileSync(path.join(root, 'elsewhere', 'x.k8s.yaml'), 'utf8')).toBe('precious\n');
    });
  });

  describe('refusals', () => {
    test('an app that throws while synthesizing leaves the output untouched', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      const before = filesOf(dist);
      const app = appWithAgent(root);
      const chart = new Chart(app, 'broken');
      new ApiObject(chart, 'bad', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })
        .node.addValidation({ validate: () => ['deliberately invalid'] });
      expect(() => SafeSynth.synth(app, { outdir: dist })).toThrow(/deliberately invalid/);
      expect(filesOf(dist)).toEqual(before);
      expect(fs.readdirSync(root)).toEqual(['dist']);
    });

    test('rejects an output without DaemonSets when the current one has some', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      const before = filesOf(dist);
      const empty = new App();
      new Chart(empty, 'agents');
      expect(() => SafeSynth.synth(empty, { outdir: dist }))
        .toThrow(/^SafeSynth: invalid the new output has no DaemonSets: "the current one has 1"\. SafeSynth refused to write .*dist: with Argo CD prune this would delete every node agent/);
      expect(filesOf(dist)).toEqual(before);
    });

    test('writes an output without DaemonSets when explicitly allowed', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      const empty = appWith(root, app => new ApiObject(new Chart(app, 'config'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }));
      expect(SafeSynth.synth(empty, { outdir: dist, allowRemovingAllDaemonSets: true })).toMatchObject({ daemonSets: 0, removed: ['agents.k8s.yaml'] });
      expect(fs.readdirSync(dist).sort()).toEqual([RECORD, 'config.k8s.yaml']);
    });

    test('rejects an output that drops the CNI DaemonSet, leaving the output untouched', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      SafeSynth.synth(appWithCni(root), { outdir: dist });
      const before = filesOf(dist);
      const error = thrownBy(() => SafeSynth.synth(appWithAgent(root), { outdir: dist }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toBe(`SafeSynth: invalid the new output drops the CNI DaemonSet: "kube-flannel/flannel". SafeSynth refused to write ${dist}: the current output has it, and with Argo CD prune every node would lose its pod network (no new pod gets an IP, nodes go NotReady). If that is really intended, pass allowRemovingCni: true (allowRemovingAllDaemonSets does not imply it).`);
      expect(filesOf(dist)).toEqual(before);
    });

    test('writes an output without the CNI when explicitly allowed', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      SafeSynth.synth(appWithCni(root), { outdir: dist });
      expect(SafeSynth.synth(appWithAgent(root), { outdir: dist, allowRemovingCni: true }).removed).toEqual(['cni.k8s.yaml']);
    });

    test('an empty output that drops the CNI needs both permissions, and names both problems', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      SafeSynth.synth(appWithCni(root), { outdir: dist });
      const empty = () => appWith(root, app => new Chart(app, 'nothing'));
      const error = thrownBy(() => SafeSynth.synth(empty(), { outdir: dist, allowRemovingAllDaemonSets: true })) as ValidationError;
      expect(error.problems.map(p => p.property)).toEqual(['the new output drops the CNI DaemonSet']);
      expect((thrownBy(() => SafeSynth.synth(empty(), { outdir: dist })) as ValidationError).problems.map(p => p.property))
        .toEqual(['the new output has no DaemonSets', 'the new output drops the CNI DaemonSet']);
      expect(SafeSynth.synth(empty(), { outdir: dist, allowRemovingAllDaemonSets: true, allowRemovingCni: true }).daemonSets).toBe(0);
    });

    test('knows a CNI of any origin by the node folders it writes (/etc/cni, /opt/cni)', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      const calico = rawDaemonSet('calico-node', 'kube-system', 'quay.io/calico/node:v3.28.0') as any;
      calico.spec.template.spec.volumes = [{ name: 'cni-net-dir', hostPath: { path: '/etc/cni/net.d' } }];
      calico.spec.template.spec.initContainers = [{ name: 'install-cni', image: 'quay.io/calico/cni:v3.28.0', volumeMounts: [{ name: 'cni-net-dir', mountPath: '/host/etc/cni/net.d' }] }];
      const withCalico = (otherCni: boolean) => appWith(root, app => {
        agent(new Chart(app, 'agents', { namespace: 'agents' }));
        if (otherCni) new CniAgentDaemonSet(new Chart(app, 'cni'), 'flannel');
        else new ApiObject(new Chart(app, 'calico'), 'ds', calico);
      });
      SafeSynth.synth(withCalico(false), { outdir: dist });
      // Replacing it with another CNI is refused too: that is a migration, not a sync.
      expect(() => SafeSynth.synth(withCalico(true), { outdir: dist }))
        .toThrow(/drops the CNI DaemonSet: "kube-system\/calico-node"\. .*The new output has another CNI DaemonSet \(kube-flannel\/flannel\): switching a cluster's CNI is a migration of its own/);
    });

    test('a DaemonSet that only reads /etc/cni is not a CNI', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      const reader = rawDaemonSet('cni-metrics', 'monitoring', 'registry.example.com/cni-metrics:v1') as any;
      reader.spec.template.spec.volumes = [{ name: 'conf', hostPath: { path: '/etc/cni/net.d' } }];
      reader.spec.template.spec.containers[0].volumeMounts = [{ name: 'conf', mountPath: '/conf', readOnly: true }];
      const app = appWithAgent(root);
      new ApiObject(new Chart(app, 'metrics'), 'ds', reader);
      SafeSynth.synth(app, { outdir: dist });
      expect(SafeSynth.synth(appWithAgent(root), { outdir: dist }).removed).toEqual(['metrics.k8s.yaml']);
    });

    test('rejects a current output that is not valid YAML (a merge conflict), naming the file', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      fs.writeFileSync(path.join(dist, 'agents.k8s.yaml'), '<<<<<<< HEAD\nkind: [\n=======\n>>>>>>> branch\n');
      const before = filesOf(dist);
      expect(() => SafeSynth.synth(appWithAgent(root), { outdir: dist }))
        .toThrow(new RegExp(`^SafeSynth: invalid the current output ${dist}/agents.k8s.yaml document 1: .*resolve what broke it \\(a merge conflict\\?\\) or delete it`));
      expect(filesOf(dist)).toEqual(before);
    });

    test('refuses an object without a name, leaving the output untouched', () => {
      const root = tempDir();
      const dist = path.join(root, 'dist');
      SafeSynth.synth(appWithAgent(root), { outdir: dist });
      const before = filesOf(dist);
      const app = appWithAgent(root);
      new ApiObject(new Chart(app, 'nameless'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '' } });
      expect(() => SafeSynth.synth(app, { outdir: dist })).toThrow(/^nameless\/cm: invalid ConfigMap metadata\.name: ""\. Every object needs a name\./);
      expect(filesOf(dist)).toEqual(before);
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
  });

  describe('under cdk8s synth (CDK8S_OUTDIR set)', () => {
    afterEach(() => { delete process.env.CDK8S_OUTDIR; });

    test('writes the generated files to the CLI\'s scratch folder too, so the CLI lists them', () => {
      const root = tempDir();
      const scratch = path.join(root, '.cdk8s.out');
      process.env.CDK8S_OUTDIR = scratch;
      const app = new App();
      agent(new Chart(app, 'agents', { namespace: 'agents' }));
      SafeSynth.synth(app, { outdir: path.join(root, 'dist') });
      const { [RECORD]: record, ...generated } = filesOf(path.join(root, 'dist'));
      expect(record).toBeDefined();
      expect(filesOf(scratch)).toEqual(generated);
    });

    test('rejects a cdk8s.yaml output that is the protected folder', () => {
      const root = tempDir();
      process.env.CDK8S_OUTDIR = path.join(root, 'dist');
      expect(() => SafeSynth.synth(new App(), { outdir: path.join(root, 'dist') }))
        .toThrow(/^SafeSynth: invalid cdk8s\.yaml's output: ".*dist"\. It is the folder SafeSynth protects, and `cdk8s synth` has already deleted it/);
    });
  });
});
