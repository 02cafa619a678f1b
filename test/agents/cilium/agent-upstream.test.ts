/**
 * cilium-agent (CniImplementation.cilium()) against the Cilium 1.20.0 chart's render, field by
 * field: both DaemonSets flattened to one value per field path, every path whose value differs
 * listed below with the reason, every listed difference still occurring. Then the agent's RBAC,
 * the privilege report and the options that change the pod.
 */
import { auditDifferences, differences, flatten, Intended, upstream } from './upstream';
import { CniAgentDaemonSet, CniImplementation } from '../../../src/agents/cni-agent';
import { CiliumOptions } from '../../../src/agents/cni-agent/cilium/options';
import { PodSecurityLevel, podSecurityViolations } from '../../../src/audit/pod-security';
import { PrivilegeAudit } from '../../../src/audit/privilege-report';
import { Manifest, newChart, only, synth } from '../../support/manifests';

const P = 'spec\\.template\\.spec';
const C = `${P}\\.containers\\[cilium-agent\\]`;
const I = `${P}\\.initContainers\\[[a-z-]+\\]`;
const ANY = `${P}\\.(containers|initContainers)\\[[a-z-]+\\]`;

/** Every intended difference from the chart's cilium DaemonSet, and why. */
const INTENDED: Intended[] = [
  // Identity and delivery.
  { kind: '*', path: /^(metadata|spec\.template\.metadata)\.labels\.(app\.kubernetes\.io\/(name|part-of)|helm\.sh\/chart)$/, reason: 'The library\'s recommended labels: name "cilium" (the instance), no part-of unless asked, no helm chart label.' },
  { kind: '*', path: /^(metadata|spec\.template\.metadata)\.labels\.app\.kubernetes\.io\/(instance|version|component|managed-by)$/, reason: 'The recommended labels on every object.' },
  { kind: '*', path: /^metadata\.labels\.k8s-app$/, reason: 'k8s-app: cilium is on the pods, where the cilium CLI, Hubble Relay and hubble-peer select them; the DaemonSet carries the recommended labels.' },
  { kind: '*', path: /^spec\.selector\.matchLabels\./, reason: 'The library selects its pods by name and instance, the same for every agent.' },
  { kind: '*', path: /^metadata\.annotations\.argocd\.argoproj\.io\/sync-wave$/, reason: 'Argo CD sync wave -10 (SyncWave.NETWORK); the operator, ConfigMap and RBAC share it, so the agent never waits for an operator in a later wave.' },
  { kind: '*', path: /^metadata\.annotations\.justification\.cdk8s-daemonsets\.io\//, reason: 'Every privilege justified for the privilege report.' },
  {
    kind: '*',
    path: /^spec\.template\.metadata\.annotations\.container\.apparmor\.security\.beta\.kubernetes\.io\//,
    reason: 'AppArmor unconfined by the annotations the chart renders for Kubernetes before 1.30, for the same four containers: cdk8s-plus-28\'s API has no appArmorProfile field (see below).',
  },
  { kind: '*', path: new RegExp(`^${P}\\.securityContext\\.appArmorProfile\\.type$`), reason: 'The field form of the same AppArmor setting, which cdk8s-plus-28\'s API drops; the annotations above say it.' },
  // The rollout.
  { kind: '*', path: /^spec\.updateStrategy\.rollingUpdate\.maxUnavailable$/, reason: 'One node at a time, every CNI agent\'s default: a node whose agent restarts cannot set up pod networking (updateStrategy changes it).' },
  { kind: '*', path: /^spec\.(minReadySeconds|revisionHistoryLimit|updateStrategy\.rollingUpdate\.maxSurge)$/, reason: 'The API\'s defaults (0, 10, 0), written out.' },
  { kind: '*', path: new RegExp(`^${P}\\.terminationGracePeriodSeconds$`), reason: '5 s, the CNI agent\'s default, against the chart\'s 1: room for the preStop hook; the datapath stays in the kernel meanwhile (terminationGracePeriod changes it).' },
  { kind: '*', path: new RegExp(`^${P}\\.affinity\\.nodeAffinity\\.requiredDuringSchedulingIgnoredDuringExecution\\.nodeSelectorTerms\\[0\\]\\.matchExpressions\\[[01]\\]\\.`), reason: 'Never on virtual nodes (EKS Fargate, virtual-kubelet), which run no DaemonSet pods: the agent tolerates every taint, so only its selection keeps its pod from waiting there forever.' },
  { kind: '*', path: new RegExp(`^${P}\\.affinity\\.podAntiAffinity\\.`), reason: 'A DaemonSet places one pod per node already; the chart\'s anti-affinity term only keeps a second cilium DaemonSet off a node, which one agent per cluster rules out.' },
  // API defaults written out or left out.
  { kind: '*', path: new RegExp(`^${P}\\.(dnsPolicy|setHostnameAsFQDN)$`), reason: 'The API\'s defaults (ClusterFirst, which on the host network resolves through the node), written out.' },
  { kind: '*', path: new RegExp(`^${P}\\.hostUsers$`), reason: 'true, the API\'s default, left out (cdk8s-plus-28\'s API predates the field).' },
  { kind: '*', path: new RegExp(`^${ANY}\\.env\\[[A-Z0-9_]+\\]\\.valueFrom\\.fieldRef\\.apiVersion$`), reason: 'v1, the API\'s default, left out by cdk8s-plus.' },
  { kind: '*', path: new RegExp(`^${C}\\.ports\\[[a-z-]+\\]\\.protocol$`), reason: 'TCP, the API\'s default, left out by cdk8s-plus.' },
  { kind: '*', path: new RegExp(`^${ANY}\\.volumeMounts\\[(?!clustermesh-secrets|envoy-sockets)[a-z-]+\\]\\.(readOnly|mountPropagation)$`), reason: 'readOnly: false and mountPropagation: None written out, the API\'s defaults: the library states every host mount\'s access.' },
  { kind: '*', path: new RegExp(`^${ANY}\\.securityContext\\.(privileged|runAsUser|runAsNonRoot|readOnlyRootFilesystem)$`), reason: 'Root, not privileged, writable root filesystem: what the chart\'s containers run as, stated on each (every container states its privilege).' },
  { kind: '*', path: new RegExp(`^${ANY}\\.securityContext\\.allowPrivilegeEscalation$`), reason: 'false, the chart\'s own securityContext.allowPrivilegeEscalation value, on the containers that take capabilities (none needs setuid to gain more); true on the privileged mount-bpf-fs, where the API requires it.' },
  { kind: '*', path: new RegExp(`^${C}\\.(startupProbe|livenessProbe|readinessProbe)\\.httpGet\\.port$`), reason: 'The health port by number (9879), the same port the chart names "health".' },
  // Resources.
  { kind: '*', path: new RegExp(`^${C}\\.resources\\.requests\\.(cpu|memory)$`), reason: 'Requests of 100m and 512Mi so the scheduler counts the agent; no limits, as the chart, so GOMEMLIMIT still falls back to node allocatable (resources changes them).' },
  { kind: '*', path: new RegExp(`^${I}\\.resources\\.(requests|limits)\\.(cpu|memory)$`), reason: 'Every init container gets the one set of resources the chart gives one (install-cni-binaries: 100m/10Mi, limits 1 CPU and 1Gi, written "1" and "1024Mi").' },
  // What the agent adds or leaves out.
  { kind: '*', path: new RegExp(`^${C}\\.env\\[(NODE_NAME|POD_NAME|POD_NAMESPACE)\\]\\.valueFrom\\.fieldRef\\.fieldPath$`), reason: 'The CNI agent sets these on every CNI from the downward API; Cilium ignores them.' },
  { kind: '*', path: new RegExp(`^${C}\\.env\\[CILIUM_CLUSTERMESH_CONFIG\\]\\.value$`), reason: 'No ClusterMesh: this install configures none, so the agent does not watch for remote clusters.' },
  { kind: '*', path: new RegExp(`^(${C}\\.volumeMounts|${P}\\.volumes)\\[clustermesh-secrets\\]`), reason: 'No ClusterMesh (see above), so no ClusterMesh Secrets to mount.' },
  { kind: '*', path: new RegExp(`^(${C}\\.volumeMounts|${P}\\.volumes)\\[envoy-sockets\\]`), reason: 'Envoy runs embedded in the agent (config-map.ts says why), as the chart renders envoy.enabled=false: no socket directory shared with a cilium-envoy pod.' },
  { kind: '*', path: new RegExp(`^${P}\\.volumes\\[hubble-tls\\]\\.`), reason: 'The same optional Secret, keys, paths and mode 0400 (256) as a secret volume instead of a projected one with a single source: cdk8s-plus-28 has no projected volumes.' },
  { kind: '*', path: new RegExp(`^${C}\\.lifecycle\\.postStart\\.exec\\.command$`), reason: 'The chart\'s script with its comment lines left out.' },
];

function install(options: CiliumOptions = {}, props: { imageRegistry?: string } = {}): Manifest[] {
  const chart = newChart();
  new CniAgentDaemonSet(chart, 'cilium', { implementation: CniImplementation.cilium(options), ...props });
  return synth(chart);
}

const podOf = (objs: Manifest[]) => only(objs, 'DaemonSet').spec.template.spec;
const agentOf = (objs: Manifest[]) => podOf(objs).containers[0];

describe('cilium-agent against the Cilium 1.20.0 chart (templates/cilium-agent/daemonset.yaml)', () => {
  const objs = install();
  const found = differences('DaemonSet', upstream('DaemonSet', 'cilium'), only(objs, 'DaemonSet'));

  test('differs from the render only where a reason is listed; each difference has one reason; none is stale', () => {
    expect(auditDifferences(found, INTENDED)).toEqual({ unexplained: [], ambiguous: [], stale: [] });
  });

  test('keeps the chart\'s images, commands, init order, capabilities, SELinux, seccomp, probes, ports, mounts and node selection', () => {
    const a = flatten(upstream('DaemonSet', 'cilium'));
    const b = flatten(only(objs, 'DaemonSet'));
    const kept = /(image|command|args|capabilities|seLinuxOptions|seccompProfile|httpHeaders|host$|periodSeconds|failureThreshold|hostPort|mountPath|hostPath\.path|hostPath\.type|nodeSelector|tolerations|priorityClassName|hostNetwork|lifecycle)/;
    // Those of the render's paths that no listed difference removes.
    const same = [...a.keys()].filter(path => kept.test(path) && !INTENDED.some(i => i.path.test(path)));
    expect(same.length).toBeGreaterThan(100);
    expect(same.filter(path => !found.some(d => d.path === path))).toEqual(same);
    expect(podOf(objs).initContainers.map((c: any) => c.name)).toEqual(upstream('DaemonSet', 'cilium').spec.template.spec.initContainers.map((c: any) => c.name));
    expect(b.get('spec.template.spec.containers[cilium-agent].securityContext.capabilities.add')).toEqual(a.get('spec.template.spec.containers[cilium-agent].securityContext.capabilities.add'));
  });

  test('grants the agent exactly the chart\'s ClusterRole rules', () => {
    const normal = (rules: any[]) => rules.flatMap(r => r.resources.map((res: string) => `${r.apiGroups[0]}/${res}: ${[...r.verbs].sort().join(',')}`)).sort();
    expect(normal(only(objs, 'ClusterRole', 'kube-system-cilium').rules)).toEqual(normal(upstream('ClusterRole', 'cilium').rules));
    expect(only(objs, 'ClusterRoleBinding', 'kube-system-cilium').subjects).toEqual([{ kind: 'ServiceAccount', name: 'cilium', namespace: 'kube-system' }]);
  });

  test('justifies every privilege, each capability, SELinux, seccomp, AppArmor and privileged reason citing the chart; Pod Security findings as the render\'s but where listed', () => {
    const report = PrivilegeAudit.audit(objs);
    expect(PrivilegeAudit.unjustifiedCount(report)).toBe(0);
    expect(report.daemonSets[0].level).toBe(PodSecurityLevel.PRIVILEGED);
    const fields = (pod: any) => podSecurityViolations(pod).map(v => `${v.control}: ${v.field.replace(/\[\d+\]/g, '[]')}`);
    const ours = new Set(fields(podOf(objs)));
    const theirs = new Set(fields({ ...upstream('DaemonSet', 'cilium').spec.template.spec }));
    expect([...theirs].filter(f => !ours.has(f))).toEqual([
      'HostPath Volumes: spec.volumes[].hostPath (envoy-sockets: /var/run/cilium/envoy/sockets)', // Envoy embedded
      'AppArmor: spec.securityContext.appArmorProfile.type', // said by annotations instead
      'Privilege Escalation: spec.initContainers[].securityContext.allowPrivilegeEscalation', // false where capabilities are added
      'Privilege Escalation: spec.containers[].securityContext.allowPrivilegeEscalation',
      'Running as Non-root: spec.initContainers[].securityContext.runAsNonRoot', // reported on runAsUser: 0 instead
      'Running as Non-root: spec.containers[].securityContext.runAsNonRoot',
    ]);
    // The same findings, located on runAsUser: 0, which every container states.
    expect([...ours].filter(f => !theirs.has(f))).toEqual([
      'Running as Non-root: spec.initContainers[].securityContext.runAsUser',
      'Running as Non-root: spec.containers[].securityContext.runAsUser',
    ]);
    const annotations = only(objs, 'DaemonSet').metadata.annotations as Record<string, string>;
    const reasons = Object.entries(annotations).filter(([k]) => /(capability|seLinux|seccomp|appArmor|privileged)/.test(k));
    expect(reasons.filter(([, v]) => !/chart|values\.yaml|templates\//.test(v)).map(([k]) => k)).toEqual([]);
  });

  test('no configuration installer and no second ConfigMap: the agent writes its conflist and reads cilium-config', () => {
    expect(objs.filter(o => o.kind === 'ConfigMap').map(o => o.metadata.name)).toEqual(['cilium-config']);
    expect(only(objs, 'ConfigMap').data['write-cni-conf-when-ready']).toBe('/host/etc/cni/net.d/05-cilium.conflist');
  });
});

describe('options that change the pod', () => {
  test('without Hubble: no peer port, no certificate mount', () => {
    const agent = agentOf(install({ hubble: false }));
    expect(agent.ports.map((p: any) => p.name)).toEqual(['health']);
    expect(agent.volumeMounts.map((m: any) => m.name)).not.toContain('hubble-tls');
  });

  test('the API server address reaches the agent, config and clean-cilium-state, as the chart passes it', () => {
    const pod = podOf(install({ kubeProxyReplacement: true, k8sServiceHost: '10.0.0.10', k8sServicePort: 6443 }));
    const host = (c: any) => c.env?.find((e: any) => e.name === 'KUBERNETES_SERVICE_HOST')?.value;
    expect([...pod.initContainers, ...pod.containers].filter(host).map((c: any) => c.name)).toEqual(['config', 'clean-cilium-state', 'cilium-agent']);
  });

  test('imageRegistry mirrors the agent, its init containers and the operator', () => {
    const objs = install({}, { imageRegistry: 'mirror.example.com/quay' });
    const pod = podOf(objs);
    const images = [...pod.initContainers, ...pod.containers, ...only(objs, 'Deployment').spec.template.spec.containers].map((c: any) => c.image.split('/')[0]);
    expect(new Set(images)).toEqual(new Set(['mirror.example.com']));
  });

  test('a bad option is refused with the agent\'s path and the property as written', () => {
    const chart = newChart();
    expect(() => new CniAgentDaemonSet(chart, 'cilium', { implementation: CniImplementation.cilium({ kubeProxyReplacement: true }) }))
      .toThrow(/test\/cilium.*implementation\.kubeProxyReplacement.*k8sServiceHost/s);
  });
});
