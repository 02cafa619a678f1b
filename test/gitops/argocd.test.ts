import { Chart, Testing } from 'cdk8s';
import { AgentApplications, ArgoCdApplication, SyncWave } from '../../src';
import { only, synth } from '../support/manifests';

const REPO = 'https://git.example.com/platform/gitops.git';

describe('ArgoCdApplication', () => {
  test('automated sync with prune and self-heal, server-side apply, prune last and retries', () => {
    const chart = new Chart(Testing.app(), 'apps');
    new ArgoCdApplication(chart, 'cni', { name: 'cni', source: { repoUrl: REPO, path: 'dist', include: 'cni.k8s.yaml' } });
    const app = only(synth(chart), 'Application');
    expect(app.metadata).toEqual({ name: 'cni', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] });
    expect(app.spec.source).toEqual({ repoURL: REPO, path: 'dist', targetRevision: 'HEAD', directory: { include: 'cni.k8s.yaml' } });
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc' });
    expect(app.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['ServerSideApply=true', 'PruneLast=true'],
      retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '180s' } },
    });
  });

  test('options: project, namespace, CreateNamespace, no prune, retry limit, wave', () => {
    const chart = new Chart(Testing.app(), 'apps');
    new ArgoCdApplication(chart, 'x', {
      name: 'x',
      source: { repoUrl: 'git@git.example.com:platform/gitops.git', path: 'clusters/prod', targetRevision: 'v1.2.0' },
      project: 'platform',
      argoCdNamespace: 'gitops',
      destinationNamespace: 'logging',
      createNamespace: true,
      prune: false,
      selfHeal: false,
      serverSideApply: false,
      retryLimit: 2,
      syncWave: SyncWave.of(-10),
    });
    const app = only(synth(chart), 'Application');
    expect(app.metadata.namespace).toBe('gitops');
    expect(app.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-10' });
    expect(app.spec.project).toBe('platform');
    expect(app.spec.destination.namespace).toBe('logging');
    expect(app.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: false });
    expect(app.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'PruneLast=true']);
    expect(app.spec.syncPolicy.retry.limit).toBe(2);
  });

  describe('rejects', () => {
    const make = (props: any) => () => new ArgoCdApplication(new Chart(Testing.app(), 'apps'), 'a', { name: 'a', source: { repoUrl: REPO, path: 'dist' }, ...props });
    test('rejects a repo URL that is not a git URL', () => {
      expect(make({ source: { repoUrl: 'github.com/acme', path: 'dist' } })).toThrow(/apps\/a: invalid source\.repoUrl: "github\.com\/acme"\. Use a git URL/);
    });
    test('rejects an absolute path', () => {
      expect(make({ source: { repoUrl: REPO, path: '/dist' } })).toThrow(/invalid source\.path: "\/dist"\. Use a path relative to the repository root/);
    });
    test('rejects an invalid name', () => {
      expect(make({ name: 'Node Exporter' })).toThrow(/invalid name: "Node Exporter"/);
    });
    test('rejects a negative retry limit', () => {
      expect(make({ retryLimit: -1 })).toThrow(/invalid retryLimit: -1/);
    });
  });
});

describe('AgentApplications', () => {
  test('one Application per chart file, waves by layer, and an app-of-apps root', () => {
    const app = Testing.app();
    const cni = new Chart(app, 'cni');
    const exporter = new Chart(app, 'node-exporter');
    const apps = new Chart(app, 'argocd-apps');
    const applications = new AgentApplications(apps, 'agents', { repoUrl: REPO, path: 'dist' });
    applications.addChart(cni, SyncWave.NETWORK);
    applications.addChart(exporter);
    const objs = synth(apps);
    expect(objs.map(o => [o.metadata.name, o.spec.source.directory.include, o.metadata.annotations?.['argocd.argoproj.io/sync-wave']])).toEqual([
      ['argocd-apps-root', 'argocd-apps.k8s.yaml', undefined],
      ['cni', 'cni.k8s.yaml', '-10'],
      ['node-exporter', 'node-exporter.k8s.yaml', '0'],
    ]);
  });

  test('no root when appOfApps is false', () => {
    const app = Testing.app();
    const applications = new AgentApplications(new Chart(app, 'apps'), 'agents', { repoUrl: REPO, path: 'dist', appOfApps: false });
    applications.addChart(new Chart(app, 'logging'));
    expect(applications.root).toBeUndefined();
    expect(synth(Chart.of(applications)).map(o => o.metadata.name)).toEqual(['logging']);
  });
});
