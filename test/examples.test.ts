/**
 * The committed dist/ (the synthesized examples, checked for drift by CI) is what Argo CD applies:
 * every object must pass the schema and the API server's rules.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { Manifest, validateManifests } from './support/manifests';

const DIST = path.join(__dirname, '..', 'dist');

function load(file: string): Manifest[] {
  return YAML.parseAllDocuments(fs.readFileSync(path.join(DIST, file), 'utf8')).map(d => d.toJS());
}

describe('examples (dist/)', () => {
  // SafeSynth's record of what it wrote lives beside the manifests (Argo CD applies only YAML).
  const files = fs.readdirSync(DIST).filter(f => f.endsWith('.k8s.yaml')).sort();

  test('one file per chart, and SafeSynth\'s record of them', () => {
    expect(files).toEqual(['argocd-apps.k8s.yaml', 'cni.k8s.yaml', 'gpu-monitor.k8s.yaml', 'logging.k8s.yaml', 'node-exporter.k8s.yaml', 'security.k8s.yaml', 'storage.k8s.yaml']);
    expect(fs.readdirSync(DIST).filter(f => !files.includes(f))).toEqual(['.safe-synth-files']);
  });

  test.each(files)('%s passes the schema and the API server rules', file => {
    expect(validateManifests(load(file)).length).toBeGreaterThan(0);
  });

  test.each([
    ['cni.k8s.yaml', 'flannel', 'kube-flannel', '-10'],
    ['node-exporter.k8s.yaml', 'node-exporter', 'monitoring', '0'],
    ['logging.k8s.yaml', 'fluent-bit', 'logging', '0'],
    ['gpu-monitor.k8s.yaml', 'dcgm-exporter', 'gpu-monitoring', '0'],
    ['security.k8s.yaml', 'falco', 'falco', '-3'],
    ['storage.k8s.yaml', 'aws-ebs-csi-driver', 'storage', '-5'],
  ])('%s holds the %s DaemonSet in its own namespace, in its layer\'s sync wave', (file, name, namespace, wave) => {
    const objs = load(file);
    const daemonSets = objs.filter(o => o.kind === 'DaemonSet');
    expect(daemonSets.map(d => [d.metadata.name, d.metadata.namespace])).toEqual([[name, namespace]]);
    expect(objs.filter(o => o.kind === 'Namespace').map(n => n.metadata.name)).toEqual([namespace]);
    for (const o of objs) expect(o.metadata.annotations?.['argocd.argoproj.io/sync-wave']).toBe(wave);
  });

  test.each([
    ['cni.k8s.yaml', 'registry.example.com/ghcr/'],
    ['node-exporter.k8s.yaml', 'registry.example.com/quay/'],
    ['logging.k8s.yaml', 'registry.example.com/fluentbit/'],
    ['gpu-monitor.k8s.yaml', 'registry.example.com/nvcr/'],
    ['security.k8s.yaml', 'registry.example.com/dockerhub/'],
    ['storage.k8s.yaml', 'registry.example.com/ecr-public/'],
  ])('%s pulls every image through the mirror %s with the mirror\'s pull Secret', (file, mirror) => {
    const pod = load(file).find(o => o.kind === 'DaemonSet')!.spec.template.spec;
    const images = [...(pod.initContainers ?? []), ...pod.containers].map((c: any) => c.image);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image.startsWith(mirror)).toBe(true);
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry-mirror-pull' }]);
  });

  test.each([
    ['cni.k8s.yaml', 'CniAgentNotReady'],
    ['storage.k8s.yaml', 'CsiNodePluginRestarting'],
    ['node-exporter.k8s.yaml', 'NodeExporterDown'],
    ['logging.k8s.yaml', 'FluentBitOutputDroppedRecords'],
    ['gpu-monitor.k8s.yaml', 'GpuXidError'],
    ['security.k8s.yaml', 'FalcoDroppedEvents'],
  ])('%s holds the agent\'s health alerts (%s among them) for the platform team, each with its runbook', (file, own) => {
    const objs = load(file);
    const ds = objs.find(o => o.kind === 'DaemonSet')!;
    const rule = objs.find(o => o.kind === 'PrometheusRule')!;
    expect(rule.metadata.namespace).toBe(ds.metadata.namespace);
    const rules = rule.spec.groups[0].rules;
    expect(rules.map((r: any) => r.alert)).toEqual(['KubeDaemonSetRolloutStuck', 'KubeDaemonSetNotScheduled', 'KubeDaemonSetMisScheduled', ...rules.slice(3).map((r: any) => r.alert)]);
    expect(rules.map((r: any) => r.alert)).toContain(own);
    for (const r of rules) {
      expect(r.labels.team).toBe('platform');
      expect(r.annotations.runbook_url).toBe(`https://runbooks.example.com/node-agents/${r.alert.toLowerCase()}`);
    }
  });

  test('the Argo CD Applications apply each chart file, CNI first', () => {
    const apps = load('argocd-apps.k8s.yaml');
    expect(apps.map(a => [a.metadata.name, a.spec.source.directory.include, a.metadata.annotations?.['argocd.argoproj.io/sync-wave']])).toEqual([
      ['argocd-apps-root', 'argocd-apps.k8s.yaml', undefined],
      ['cni', 'cni.k8s.yaml', '-10'],
      ['storage', 'storage.k8s.yaml', '-5'],
      ['security', 'security.k8s.yaml', '-3'],
      ['node-exporter', 'node-exporter.k8s.yaml', '0'],
      ['logging', 'logging.k8s.yaml', '0'],
      ['gpu-monitor', 'gpu-monitor.k8s.yaml', '0'],
    ]);
  });
});
