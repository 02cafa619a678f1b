/**
 * No-silent-drops tables for GitOps delivery: the Namespace, the Argo CD Applications, and
 * SafeSynth (whose options decide which files reach the output folder).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as YAML from 'yaml';
import { DropTable } from './drops';
import { AgentApplications, AgentNamespace, ArgoCdApplication, PodSecurityLevel, SafeSynth, SyncWave } from '../../src';
import { agent } from '../base/fixtures';
import { Manifest, newChart, synth, validateManifests } from '../support/manifests';

const APP = 'Application/drop-app';
const NS = 'Namespace/drop-namespace';

let gitops: Manifest[] | undefined;
function gitopsObjects(): Manifest[] {
  if (gitops) return gitops;
  const chart = newChart('drop-apps');
  new AgentNamespace(chart, 'ns', { name: 'drop-namespace', podSecurityLevel: PodSecurityLevel.BASELINE, labels: { 'drop.example.com/team': 'drops' }, syncWave: SyncWave.of(-7) });
  new ArgoCdApplication(chart, 'app', {
    name: 'drop-app',
    source: { repoUrl: 'https://git.example.com/drop.git', path: 'drop/dist', targetRevision: 'drop-branch', include: 'drop.k8s.yaml' },
    destinationNamespace: 'drop-dest',
    destinationServer: 'https://drop-cluster.example.com',
    project: 'drop-project',
    argoCdNamespace: 'drop-argocd',
    prune: false,
    selfHeal: false,
    serverSideApply: false,
    createNamespace: true,
    retryLimit: 9,
    syncWave: SyncWave.of(4),
  });
  const apps = new AgentApplications(chart, 'apps', {
    repoUrl: 'ssh://git@git.example.com/drop-apps.git', path: 'drop/out', targetRevision: 'drop-rev', argoCdNamespace: 'drop-argo', project: 'drop-proj', appOfApps: false,
  });
  apps.addChart(new Chart(chart.node.scope as App, 'drop-agents'), SyncWave.of(3));
  gitops = synth(chart);
  return gitops;
}

let safe: Manifest[] | undefined;
/**
 * What SafeSynth wrote: an output without DaemonSets over a committed one whose DaemonSet is a CNI,
 * into a folder that also holds a source file of the user's.
 */
function safeSynthObjects(): Manifest[] {
  if (safe) return safe;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'drops-'));
  const outdir = path.join(root, 'drop-dist');
  const committed = new App({ outdir: path.join(root, 'cli-out') });
  agent(new Chart(committed, 'agents', { namespace: 'agents' }), { component: 'cni' });
  SafeSynth.synth(committed, { outdir });
  fs.writeFileSync(path.join(outdir, 'keep.ts'), '// the user\'s\n');
  const app = new App({ outdir: path.join(root, 'cli-out') });
  new ApiObject(new Chart(app, 'drop'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'drop-safe' }, data: { outdir: 'drop-dist' } });
  SafeSynth.synth(app, { outdir, allowRemovingAllDaemonSets: true, allowRemovingCni: true, allowForeignFiles: true });
  safe = validateManifests(fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).flatMap(f => YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')).map(d => d.toJS())));
  return safe;
}

export const gitopsTables: DropTable[] = [
  {
    struct: 'AgentNamespaceProps',
    synth: gitopsObjects,
    rows: {
      name: { at: `${NS} metadata.name`, is: 'drop-namespace' },
      podSecurityLevel: { at: `${NS} metadata.labels`, has: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/audit': 'baseline' } },
      labels: { at: `${NS} metadata.labels["drop.example.com/team"]`, is: 'drops' },
      syncWave: { at: `${NS} metadata.annotations["argocd.argoproj.io/sync-wave"]`, is: '-7' },
    },
  },
  {
    struct: 'ArgoCdApplicationProps',
    synth: gitopsObjects,
    rows: {
      name: { at: `${APP} metadata.name`, is: 'drop-app' },
      source: { at: `${APP} spec.source.repoURL`, is: 'https://git.example.com/drop.git' },
      destinationNamespace: { at: `${APP} spec.destination.namespace`, is: 'drop-dest' },
      destinationServer: { at: `${APP} spec.destination.server`, is: 'https://drop-cluster.example.com' },
      project: { at: `${APP} spec.project`, is: 'drop-project' },
      argoCdNamespace: { at: `${APP} metadata.namespace`, is: 'drop-argocd' },
      prune: { at: `${APP} spec.syncPolicy.automated.prune`, is: false },
      selfHeal: { at: `${APP} spec.syncPolicy.automated.selfHeal`, is: false },
      serverSideApply: { at: `${APP} spec.syncPolicy.syncOptions`, is: ['CreateNamespace=true', 'PruneLast=true'] },
      createNamespace: { at: `${APP} spec.syncPolicy.syncOptions`, has: 'CreateNamespace=true' },
      retryLimit: { at: `${APP} spec.syncPolicy.retry.limit`, is: 9 },
      syncWave: { at: `${APP} metadata.annotations["argocd.argoproj.io/sync-wave"]`, is: '4' },
    },
  },
  {
    struct: 'ManifestSource',
    synth: gitopsObjects,
    rows: {
      repoUrl: { at: `${APP} spec.source.repoURL`, is: 'https://git.example.com/drop.git' },
      path: { at: `${APP} spec.source.path`, is: 'drop/dist' },
      targetRevision: { at: `${APP} spec.source.targetRevision`, is: 'drop-branch' },
      include: { at: `${APP} spec.source.directory.include`, is: 'drop.k8s.yaml' },
    },
  },
  {
    struct: 'AgentApplicationsProps',
    synth: gitopsObjects,
    rows: {
      repoUrl: { at: 'Application/drop-agents spec.source.repoURL', is: 'ssh://git@git.example.com/drop-apps.git' },
      path: { at: 'Application/drop-agents spec.source.path', is: 'drop/out' },
      targetRevision: { at: 'Application/drop-agents spec.source.targetRevision', is: 'drop-rev' },
      argoCdNamespace: { at: 'Application/drop-agents metadata.namespace', is: 'drop-argo' },
      project: { at: 'Application/drop-agents spec.project', is: 'drop-proj' },
      appOfApps: { at: 'Application/drop-apps-root', is: undefined },
    },
  },
  {
    struct: 'SafeSynthOptions',
    synth: safeSynthObjects,
    rows: {
      outdir: { at: 'ConfigMap/drop-safe data.outdir', is: 'drop-dist' },
      allowRemovingAllDaemonSets: [{ at: 'ConfigMap/drop-safe metadata.name', is: 'drop-safe' }, { at: 'DaemonSet/agent', is: undefined }],
      allowRemovingCni: [{ at: 'ConfigMap/drop-safe metadata.name', is: 'drop-safe' }, { at: 'DaemonSet/agent', is: undefined }],
      allowForeignFiles: { at: 'ConfigMap/drop-safe metadata.name', is: 'drop-safe' },
    },
  },
];
