/**
 * CalicoKubeControllers against manifests/calico.yaml at v3.32.1, field by field: every field
 * whose value differs is listed below with its reason, and every listed difference still occurs.
 */
import { audit, differences, grants, Intended, upstreamObject } from './upstream';
import { SyncWave } from '../../../src';
import { CalicoKubeControllers, CalicoVersion } from '../../../src/agents/cni-agent/calico';
import { PodSecurityLevel, podSecurityViolations } from '../../../src/audit/pod-security';
import { Manifest, newChart, only, synth } from '../../support/manifests';

const CALICO = 'calico-v3.32.1.yaml';
const NAME = 'calico-kube-controllers';

const INTENDED: Intended[] = [
  { kind: '*', path: /^metadata\.labels\./, reason: 'The recommended labels (app.kubernetes.io/name, instance, component, version, managed-by) instead of k8s-app.' },
  { kind: '*', path: /^spec\.(selector\.matchLabels|template\.metadata\.labels)\./, reason: 'Selected by app.kubernetes.io/name and instance, the library\'s stable selector labels, instead of k8s-app.' },
  { kind: '*', path: /^metadata\.annotations\.argocd\.argoproj\.io\/sync-wave$/, reason: 'Argo CD sync wave -9: after calico-node\'s (-10), as it runs on the pod network calico-node creates.' },
  { kind: 'Deployment', path: /^spec\.template\.metadata\.(name|namespace)$/, reason: 'A pod template\'s name and namespace are ignored by the API server (pods are named after the ReplicaSet, in the Deployment\'s namespace): not written.' },
  { kind: 'Deployment', path: /^spec\.template\.spec\.automountServiceAccountToken$/, reason: 'The pod mounts the token it needs (true); its ServiceAccount grants none to other pods.' },
  { kind: 'ServiceAccount', path: /^automountServiceAccountToken$/, reason: 'false on the ServiceAccount; the pod mounts the token itself (see above).' },
  { kind: 'Deployment', path: /^spec\.template\.spec\.containers\[calico-kube-controllers\]\.securityContext\.(allowPrivilegeEscalation|capabilities\.drop)$/, reason: 'No privilege escalation and no capabilities: it only calls the API, and so passes the restricted Pod Security level.' },
];

function build(props: ConstructorParameters<typeof CalicoKubeControllers>[2] = {}): Manifest[] {
  const chart = newChart();
  new CalicoKubeControllers(chart, 'kube-controllers', props);
  return synth(chart);
}

describe('CalicoKubeControllers', () => {
  const objs = build();

  test('emits upstream\'s objects: Deployment, ServiceAccount, ClusterRole, ClusterRoleBinding, PodDisruptionBudget', () => {
    expect(objs.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole/calico-kube-controllers', 'ClusterRoleBinding/calico-kube-controllers', 'Deployment/calico-kube-controllers',
      'PodDisruptionBudget/calico-kube-controllers', 'ServiceAccount/calico-kube-controllers',
    ]);
  });

  describe('against manifests/calico.yaml', () => {
    const found = ['Deployment', 'ServiceAccount', 'PodDisruptionBudget', 'ClusterRoleBinding']
      .flatMap(kind => differences(kind, upstreamObject(CALICO, kind, NAME), only(objs, kind)));
    const result = audit(found, INTENDED);

    test('differs only where a reason is listed', () => expect(result.unexplained).toEqual([]));
    test('each difference has one reason', () => expect(result.ambiguous).toEqual([]));
    test('every listed difference still occurs', () => expect(result.stale).toEqual([]));

    test('grants exactly upstream\'s rules, the migration controller\'s wildcards included', () => {
      expect(grants(only(objs, 'ClusterRole').rules)).toEqual(grants(upstreamObject(CALICO, 'ClusterRole', NAME).rules));
    });
  });

  test('passes the restricted Pod Security level', () => {
    expect(podSecurityViolations(only(objs, 'Deployment').spec.template.spec).filter(v => v.level !== PodSecurityLevel.PRIVILEGED)).toEqual([]);
  });

  test('in the namespace, release, mirror and wave given', () => {
    const out = build({
      namespace: 'calico-system',
      version: CalicoVersion.of('3.33.0'),
      imageRegistry: 'mirror.example.com/quay/',
      imagePullSecrets: ['pull'],
      syncWave: SyncWave.of(-10),
    });
    const deployment = only(out, 'Deployment');
    expect(deployment.metadata.namespace).toBe('calico-system');
    expect(deployment.spec.template.spec.containers[0].image).toBe('mirror.example.com/quay/calico/kube-controllers:v3.33.0');
    expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: 'pull' }]);
    expect(only(out, 'ClusterRoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: NAME, namespace: 'calico-system' }]);
    expect(new Set(out.map(o => o.metadata.annotations?.['argocd.argoproj.io/sync-wave']))).toEqual(new Set(['-10']));
  });

  test('rejects a bad namespace, mirror and pull Secrets at once, naming each', () => {
    expect(() => build({ namespace: 'Calico', imageRegistry: 'https://mirror.example.com', imagePullSecrets: ['a', 'a'] }))
      .toThrow(/test\/kube-controllers: invalid namespace: "Calico".*invalid imageRegistry: "https:\/\/mirror\.example\.com".*without a scheme.*invalid imagePullSecrets\[1\]: "a"\. Each Secret is listed once/s);
  });

  test('rejects props of the wrong type', () => {
    expect(() => build({ version: '3.32.1' as any })).toThrow(/version: "3\.32\.1".*CalicoVersion/s);
  });
});
