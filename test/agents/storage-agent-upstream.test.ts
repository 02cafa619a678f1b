/**
 * The storage agent's default (the AWS EBS CSI driver's node plugin) against aws-ebs-csi-driver's
 * own manifests, field by field: both are flattened to one value per field path (list items by
 * name where they have one), every path whose value differs must be listed below with the reason,
 * and every listed difference must still occur. A new field, a changed value or a dropped one
 * fails the test until it is explained here.
 */
import { isDeepStrictEqual } from 'util';
import {
  UPSTREAM_CSI_DRIVER, UPSTREAM_NODE, UPSTREAM_NODE_RULES, UPSTREAM_SERVICE_ACCOUNT,
} from './aws-ebs-csi-driver-upstream';
import { StorageAgentDaemonSet } from '../../src/agents/storage-agent';
import { PodSecurityLevel, podSecurityViolations } from '../../src/audit/pod-security';
import { PrivilegeAudit } from '../../src/audit/privilege-report';
import { flatten } from '../support/field-paths';
import { Manifest, newChart, only, synth } from '../support/manifests';

type Intended = { readonly kind: string; readonly path: RegExp; readonly reason: string };

const P = 'spec\\.template\\.spec';
const SIDECARS = '(node-driver-registrar|liveness-probe)';
const ANY = '[a-z-]+';

/** Every intended difference from upstream, and why. */
const INTENDED: Intended[] = [
  // Identity and delivery.
  { kind: '*', path: /^metadata\.name$/, reason: 'Objects are named after the instance ("aws-ebs-csi-driver"), as for every agent; upstream: ebs-csi-node, ebs-csi-node-sa.' },
  { kind: '*', path: /^metadata\.namespace$/, reason: 'A namespace of its own ("storage"), labelled privileged for Pod Security admission, instead of kube-system with the control plane\'s pods.' },
  { kind: '*', path: /(^|\.)(labels|matchLabels)\.app\.kubernetes\.io\/(instance|version|component|managed-by)$/, reason: 'The recommended labels on every object; the selector uses name and instance.' },
  { kind: 'DaemonSet', path: /^spec\.(selector\.matchLabels|template\.metadata\.labels)\.app$/, reason: 'Upstream\'s extra `app: ebs-csi-node` label is not needed: name and instance select the pods.' },
  { kind: '*', path: /^metadata\.annotations\.argocd\.argoproj\.io\/sync-wave$/, reason: 'Argo CD sync wave -5 (SyncWave.STORAGE): after the network, before the workloads whose volumes it mounts.' },
  { kind: 'DaemonSet', path: /^metadata\.annotations\.justification\.cdk8s-daemonsets\.io\//, reason: 'Every privilege justified for the privilege report.' },
  // API defaults written out (the YAML says what runs).
  { kind: 'DaemonSet', path: /^spec\.(minReadySeconds|updateStrategy\.rollingUpdate\.maxSurge)$/, reason: 'The API\'s defaults (0, 0), written out.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.(dnsPolicy|restartPolicy|setHostnameAsFQDN)$`), reason: 'The API\'s defaults, which cdk8s-plus writes out.' },
  {
    kind: 'DaemonSet',
    path: new RegExp(`^${P}\\.affinity\\.nodeAffinity\\.requiredDuringSchedulingIgnoredDuringExecution\\.nodeSelectorTerms\\[0\\]\\.matchExpressions\\[1\\]\\.`),
    reason: 'Virtual-kubelet nodes (type=virtual-kubelet) are excluded too, as by every agent of the library: they have no host to mount volumes on.',
  },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.hostNetwork$`), reason: 'false is the API\'s default: not written.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.containers\\[${ANY}\\]\\.(livenessProbe|readinessProbe)\\.httpGet\\.scheme$`), reason: 'HTTP, the API\'s default, written out by cdk8s-plus.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.containers\\[node-driver-registrar\\]\\.livenessProbe\\.failureThreshold$`), reason: '3, the API\'s default, written out by cdk8s-plus.' },
  {
    kind: 'DaemonSet',
    path: new RegExp(`^${P}\\.containers\\[(ebs-plugin\\]\\.volumeMounts\\[(kubelet-dir|plugin-dir|device-dir)|node-driver-registrar\\]\\.volumeMounts\\[registration-dir)\\]\\.readOnly$`),
    reason: 'readOnly: false written out where the container writes (the library\'s host mounts are read-only unless stated).',
  },
  // Service account and API access.
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.serviceAccountName$`), reason: 'The agent\'s own ServiceAccount, named after the instance.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.automountServiceAccountToken$`), reason: 'The token is mounted by the pod that calls the API (true), not granted by the ServiceAccount to any pod using it.' },
  { kind: 'ServiceAccount', path: /^automountServiceAccountToken$/, reason: 'false on the ServiceAccount; the pod mounts the token itself (see above).' },
  // Security contexts.
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.securityContext\\.(fsGroup|runAsGroup|runAsNonRoot|runAsUser)$`), reason: 'Root (user and group 0) is stated on each container instead of the pod; fsGroup 0 is dropped: it applies only to volumes whose ownership the kubelet manages (the probe-dir emptyDir, dropped below) and adds group 0, which root has.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.securityContext\\.seccompProfile\\.type$`), reason: 'RuntimeDefault seccomp for the pod: the sidecars run confined (the privileged driver ignores it).' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.containers\\[${ANY}\\]\\.securityContext\\.(runAsUser|runAsGroup|runAsNonRoot)$`), reason: 'The pod security context\'s root user, on each container (every container states its privilege).' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.containers\\[ebs-plugin\\]\\.securityContext\\.allowPrivilegeEscalation$`), reason: 'true written out: a privileged container escalates anyway, and Kubernetes refuses false with privileged.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.containers\\[${SIDECARS}\\]\\.securityContext\\.(privileged|capabilities\\.drop)$`), reason: 'The sidecars drop every capability (root needs none to use sockets it owns) and say privileged: false.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.containers\\[${SIDECARS}\\]\\.volumeMounts\\[plugin-dir\\]\\.readOnly$`), reason: 'The sidecars mount the socket directory read-only: connecting to a Unix socket writes nothing to the filesystem.' },
  // Fields this library does not emit.
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.containers\\[${ANY}\\]\\.terminationMessagePolicy$`), reason: 'FallbackToLogsOnError is not set: cdk8s-plus-28\'s Container has no such field and the library adds none by JSON patch; `kubectl logs --previous` shows the same lines.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.containers\\[${ANY}\\]\\.(livenessProbe|readinessProbe)\\.httpGet\\.port$`), reason: 'The port by number (9808, 9809) instead of by name: cdk8s-plus-28\'s Probe takes a number; the same port.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.(containers\\[node-driver-registrar\\]\\.volumeMounts|volumes)\\[probe-dir\\]`), reason: 'The probe-dir emptyDir is gone: node-driver-registrar stopped writing its registration file there in 2.9.0 (kubernetes-csi/node-driver-registrar commit 25eb1c94; at 2.17.0 --mode=kubelet-registration-probe is a no-op, cmd/csi-node-driver-registrar/main.go).' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.volumes\\[(plugin-dir|registration-dir)\\]\\.hostPath\\.path$`), reason: 'The same directories without upstream\'s trailing "/".' },
  // The CSIDriver object.
  { kind: 'CSIDriver', path: /^spec\.(volumeLifecycleModes|requiresRepublish|storageCapacity)$/, reason: 'The API\'s defaults ([Persistent], false, false), written out.' },
  { kind: 'CSIDriver', path: /^spec\.nodeAllocatableUpdatePeriodSeconds$/, reason: 'Not set by default: the chart renders it only for Kubernetes 1.33 and later, where MutableCSINodeAllocatableCount is alpha and off until 1.35; CsiDriver.awsEbs({ nodeAllocatableUpdatePeriod }) sets it.' },
];

interface Difference { readonly kind: string; readonly path: string; readonly upstream: unknown; readonly ours: unknown }

function differences(kind: string, upstream: unknown, ours: unknown): Difference[] {
  const a = flatten(upstream);
  const b = flatten(ours);
  return [...new Set([...a.keys(), ...b.keys()])].sort()
    .filter(path => !isDeepStrictEqual(a.get(path), b.get(path)))
    .map(path => ({ kind, path, upstream: a.get(path), ours: b.get(path) }));
}

const explains = (i: Intended, d: Difference) => (i.kind === '*' || i.kind === d.kind) && i.path.test(d.path);

function defaults(): Manifest[] {
  const chart = newChart();
  new StorageAgentDaemonSet(chart, 'ebs');
  return synth(chart);
}

describe('StorageAgentDaemonSet against aws-ebs-csi-driver 1.64.0 (deploy/kubernetes/base)', () => {
  const objs = defaults();
  const found = [
    ...differences('DaemonSet', UPSTREAM_NODE, only(objs, 'DaemonSet')),
    ...differences('CSIDriver', UPSTREAM_CSI_DRIVER, only(objs, 'CSIDriver')),
    ...differences('ServiceAccount', UPSTREAM_SERVICE_ACCOUNT, only(objs, 'ServiceAccount')),
  ];

  test('differs from the upstream manifests only where a reason is listed', () => {
    const unexplained = found.filter(d => !INTENDED.some(i => explains(i, d)));
    expect(unexplained).toEqual([]);
  });

  test('each difference has one reason', () => {
    const ambiguous = found.filter(d => INTENDED.filter(i => explains(i, d)).length > 1).map(d => `${d.kind} ${d.path}`);
    expect(ambiguous).toEqual([]);
  });

  test('every listed difference still occurs', () => {
    const stale = INTENDED.filter(i => !found.some(d => explains(i, d))).map(i => `${i.kind} ${i.path}`);
    expect(stale).toEqual([]);
  });

  test('keeps upstream\'s images, args, env, probes timing, resources, mounts, tolerations, priority and node selection', () => {
    const same = [
      'spec.template.spec.containers[ebs-plugin].image', 'spec.template.spec.containers[ebs-plugin].args', 'spec.template.spec.containers[ebs-plugin].env[CSI_NODE_NAME].valueFrom.fieldRef.fieldPath',
      'spec.template.spec.containers[ebs-plugin].volumeMounts[kubelet-dir].mountPropagation', 'spec.template.spec.containers[ebs-plugin].securityContext.privileged',
      'spec.template.spec.containers[ebs-plugin].lifecycle.preStop.exec.command', 'spec.template.spec.containers[ebs-plugin].livenessProbe.failureThreshold',
      'spec.template.spec.containers[node-driver-registrar].image', 'spec.template.spec.containers[node-driver-registrar].env[DRIVER_REG_SOCK_PATH].value',
      'spec.template.spec.containers[liveness-probe].image', 'spec.template.spec.containers[liveness-probe].resources.limits.memory',
      'spec.template.spec.tolerations[0].operator', 'spec.template.spec.priorityClassName', 'spec.template.spec.nodeSelector.kubernetes.io/os',
      'spec.template.spec.terminationGracePeriodSeconds', 'spec.updateStrategy.rollingUpdate.maxUnavailable', 'spec.template.spec.volumes[device-dir].hostPath.path',
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values',
    ];
    const a = flatten(UPSTREAM_NODE);
    const b = flatten(only(objs, 'DaemonSet'));
    for (const path of same) {
      expect(a.has(path)).toBe(true);
      expect([path, b.get(path)]).toEqual([path, a.get(path)]);
    }
  });

  test('grants the node plugin exactly upstream\'s rules', () => {
    const sorted = (rules: any[]) => rules.map(r => JSON.stringify({ ...r, verbs: [...r.verbs].sort() })).sort();
    expect(sorted(only(objs, 'ClusterRole').rules)).toEqual(sorted(UPSTREAM_NODE_RULES));
  });

  test('has fewer Pod Security findings than upstream: 9 against 14, all justified', () => {
    const summary = (pod: any) => podSecurityViolations(pod).map(v => `${v.level} ${v.control}: ${v.field}`);
    const upstream = summary(UPSTREAM_NODE.spec.template.spec);
    const ours = summary(only(objs, 'DaemonSet').spec.template.spec);
    expect(upstream).toEqual([
      'baseline Privileged Containers: spec.containers[0].securityContext.privileged',
      'baseline HostPath Volumes: spec.volumes[0].hostPath (kubelet-dir: /var/lib/kubelet)',
      'baseline HostPath Volumes: spec.volumes[1].hostPath (plugin-dir: /var/lib/kubelet/plugins/ebs.csi.aws.com/)',
      'baseline HostPath Volumes: spec.volumes[2].hostPath (registration-dir: /var/lib/kubelet/plugins_registry/)',
      'baseline HostPath Volumes: spec.volumes[3].hostPath (device-dir: /dev)',
      'restricted Running as Non-root: spec.containers[0].securityContext.runAsUser',
      'restricted Running as Non-root: spec.containers[1].securityContext.runAsUser',
      'restricted Running as Non-root: spec.containers[2].securityContext.runAsUser',
      'restricted Seccomp: spec.containers[0].securityContext.seccompProfile.type',
      'restricted Seccomp: spec.containers[1].securityContext.seccompProfile.type',
      'restricted Seccomp: spec.containers[2].securityContext.seccompProfile.type',
      'restricted Capabilities: spec.containers[0].securityContext.capabilities.drop',
      'restricted Capabilities: spec.containers[1].securityContext.capabilities.drop',
      'restricted Capabilities: spec.containers[2].securityContext.capabilities.drop',
    ]);
    expect(ours).toEqual([
      'baseline Privileged Containers: spec.containers[0].securityContext.privileged',
      'baseline HostPath Volumes: spec.volumes[0].hostPath (kubelet-dir: /var/lib/kubelet)',
      'baseline HostPath Volumes: spec.volumes[1].hostPath (plugin-dir: /var/lib/kubelet/plugins/ebs.csi.aws.com)',
      'baseline HostPath Volumes: spec.volumes[2].hostPath (device-dir: /dev)',
      'baseline HostPath Volumes: spec.volumes[3].hostPath (registration-dir: /var/lib/kubelet/plugins_registry)',
      'restricted Running as Non-root: spec.containers[0].securityContext.runAsUser',
      'restricted Running as Non-root: spec.containers[1].securityContext.runAsUser',
      'restricted Running as Non-root: spec.containers[2].securityContext.runAsUser',
      'restricted Capabilities: spec.containers[0].securityContext.capabilities.drop',
    ]);
    const report = PrivilegeAudit.audit(objs);
    expect(report.daemonSets[0].level).toBe(PodSecurityLevel.PRIVILEGED);
    expect(PrivilegeAudit.unjustifiedCount(report)).toBe(0);
  });
});
