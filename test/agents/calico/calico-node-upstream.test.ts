/**
 * CniImplementation.calico() against manifests/calico.yaml and calico-vxlan.yaml at v3.32.1,
 * field by field: calico-node's DaemonSet (pod spec, containers, volumes), its ServiceAccount and
 * RBAC. Every field whose value differs must be listed below with the reason, each difference has
 * one reason, and every listed difference still occurs. Then what the install must prove beyond
 * the shape: every object valid, every privilege justified, NotReady nodes covered.
 */
import * as path from 'path';
import { audit, differences, Difference, grants, Intended, upstreamObject, upstreamObjects } from './upstream';
import { CniAgentDaemonSet, CniImplementation, PrivilegeAudit } from '../../../src';
import { CalicoCrds, CalicoEncapsulation, CalicoOptions } from '../../../src/agents/cni-agent/calico';
import { CoveragePlanner, PlacementReason } from '../../../src/planner';
import { loadNodes } from '../../../src/planner/load';
import { Manifest, newChart, only, synth } from '../../support/manifests';

const P = 'spec\\.template\\.spec';
const CALICO_NODE = 'containers\\[calico-node\\]';
const INIT = 'initContainers\\[(upgrade-ipam|install-cni|ebpf-bootstrap)\\]';
const ANY = '(containers\\[calico-node\\]|initContainers\\[(upgrade-ipam|install-cni|ebpf-bootstrap)\\])';

/** Every intended difference from upstream's calico-node, and why. */
const INTENDED: Intended[] = [
  // Identity and delivery.
  { kind: '*', path: /^metadata\.labels\./, reason: 'The recommended labels (app.kubernetes.io/name, instance, component, version, managed-by) instead of k8s-app.' },
  { kind: 'DaemonSet', path: /^spec\.(selector\.matchLabels|template\.metadata\.labels)\./, reason: 'Selected by app.kubernetes.io/name and instance, the library\'s stable selector labels, instead of k8s-app.' },
  { kind: '*', path: /^metadata\.annotations\.argocd\.argoproj\.io\/sync-wave$/, reason: 'Argo CD sync wave -10 (SyncWave.NETWORK); the CRDs come a wave before, kube-controllers a wave after.' },
  { kind: 'DaemonSet', path: /^metadata\.annotations\.justification\.cdk8s-daemonsets\.io\//, reason: 'Every privilege justified for the privilege report.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.affinity\\.nodeAffinity\\.requiredDuringSchedulingIgnoredDuringExecution\\.nodeSelectorTerms\\[0\\]\\.matchExpressions\\[[01]\\]\\.`), reason: 'Never on virtual nodes (EKS Fargate, virtual-kubelet), which run no DaemonSet pods: the agent tolerates every taint, so only its selection keeps its pod from waiting there forever.' },
  { kind: 'DaemonSet', path: /^spec\.(minReadySeconds|revisionHistoryLimit|updateStrategy\.rollingUpdate\.maxSurge)$/, reason: 'The API\'s defaults (0, 10, 0), written out.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.(restartPolicy|setHostnameAsFQDN|dnsPolicy)$`), reason: 'The API\'s defaults, written out (ClusterFirst as upstream leaves it: on the host network, the node\'s resolver, which works before the cluster DNS does).' },
  // Scheduling.
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.tolerations\\[[0-2]\\]\\.`), reason: 'Every taint tolerated (one `operator: Exists`), as for every CNI of the library: upstream\'s three tolerations (NoSchedule, NoExecute, CriticalAddonsOnly) miss PreferNoSchedule and keyed NoExecute taints with a value.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.terminationGracePeriodSeconds$`), reason: '5 s instead of 0: the API server removes a pod with a zero grace period at once, so the replacement could start while the old calico-node still holds the node\'s iptables lock and BGP port, and the pre-stop hook would get no time.' },
  // Service account.
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.automountServiceAccountToken$`), reason: 'The token is mounted by the pod that calls the API (true), not granted by the ServiceAccount to any pod using it.' },
  { kind: 'ServiceAccount', path: /^automountServiceAccountToken$/, reason: 'false on the ServiceAccount; the pod mounts the token itself (see above).' },
  // Environment.
  {
    kind: 'DaemonSet',
    path: new RegExp(`^${P}\\.(${CALICO_NODE}\\.env\\[(CALICO_NETWORKING_BACKEND|FELIX_IPINIPMTU|FELIX_VXLANMTU|FELIX_WIREGUARDMTU)\\]|initContainers\\[upgrade-ipam\\]\\.env\\[CALICO_NETWORKING_BACKEND\\])\\.(value|valueFrom\\.)`),
    reason: 'The backend and MTU written into the pod spec from the typed options instead of read from calico-config: the same values, and a change rolls the pods (a ConfigMap key changed alone reaches no running pod). There is no calico-config ConfigMap.',
  },
  {
    kind: 'DaemonSet',
    path: new RegExp(`^${P}\\.initContainers\\[install-cni\\]\\.env\\[(CNI_NETWORK_CONFIG\\]\\.(value|valueFrom\\.)|CNI_MTU\\]\\.valueFrom\\.)`),
    reason: 'install-cni gets the configuration list itself (CniImplementation.cniConfig) with the MTU written in, instead of calico-config\'s template and veth_mtu: the same file on the node; CNI_MTU is then unused.',
  },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.${ANY}\\.envFrom\\[0\\]\\.configMapRef\\.`), reason: 'No optional kubernetes-services-endpoint ConfigMap: it gives the API server\'s address for Calico\'s eBPF data plane without kube-proxy, which this library does not configure.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.${CALICO_NODE}\\.env\\[(NODE_NAME|POD_NAME|POD_NAMESPACE)\\]\\.`), reason: 'The CNI agent gives every CNI its node, pod and namespace names from the downward API.' },
  // Containers.
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.${ANY}\\.securityContext\\.(runAsUser|runAsNonRoot|allowPrivilegeEscalation|readOnlyRootFilesystem)$`), reason: 'What privileged implies, stated on each container: root (0), privilege escalation (Kubernetes refuses false with privileged) and a writable root filesystem, as upstream leaves them.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.${INIT}\\.resources\\.requests\\.(cpu|memory)$`), reason: 'Every container of the library requests CPU and memory (10m, 64Mi for the init steps); no limit, as upstream, so no step is killed half-way through installing the CNI.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.${CALICO_NODE}\\.resources\\.requests\\.memory$`), reason: 'A 128Mi memory request beside upstream\'s 250m CPU (every container of the library requests both); no limit, as upstream: calico-node\'s memory grows with the cluster and killing it stops the node\'s networking.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.${CALICO_NODE}\\.readinessProbe\\.failureThreshold$`), reason: '3, the API\'s default, written out.' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.${ANY}\\.volumeMounts\\[[a-z-]+\\]\\.readOnly$`), reason: 'readOnly: false written out where upstream leaves it out (the library\'s host mounts are read-only unless stated).' },
  { kind: 'DaemonSet', path: new RegExp(`^${P}\\.volumes\\[sys-fs\\]\\.hostPath\\.path$`), reason: 'The same directory without upstream\'s trailing "/".' },
];

function install(options: CalicoOptions = {}): Manifest[] {
  const chart = newChart();
  new CniAgentDaemonSet(chart, 'calico', { implementation: CniImplementation.calico(options) });
  return synth(chart);
}

const defaults = install();
const vxlan = install({ encapsulation: CalicoEncapsulation.VXLAN_CROSS_SUBNET, bgp: false });

function found(file: 'calico-v3.32.1.yaml' | 'calico-vxlan-v3.32.1.yaml', objs: Manifest[]): Difference[] {
  return [
    ...differences('DaemonSet', upstreamObject(file, 'DaemonSet', 'calico-node'), only(objs, 'DaemonSet')),
    ...differences('ServiceAccount', upstreamObject(file, 'ServiceAccount', 'calico-node'), only(objs, 'ServiceAccount', 'calico-node')),
    ...differences('ServiceAccount', upstreamObject(file, 'ServiceAccount', 'calico-cni-plugin'), only(objs, 'ServiceAccount', 'calico-cni-plugin')),
  ];
}

describe.each([
  ['manifests/calico.yaml (IP-in-IP, BGP)', 'calico-v3.32.1.yaml', defaults],
  ['manifests/calico-vxlan.yaml (VXLAN across subnets, no BGP)', 'calico-vxlan-v3.32.1.yaml', vxlan],
] as const)('CniImplementation.calico() against %s', (_name, file, objs) => {
  const result = audit(found(file, objs), INTENDED);

  test('differs from upstream only where a reason is listed', () => expect(result.unexplained).toEqual([]));
  test('each difference has one reason', () => expect(result.ambiguous).toEqual([]));

  test('keeps upstream\'s images, commands, probes, mounts, propagation and priority', () => {
    const pod = only(objs, 'DaemonSet').spec.template.spec;
    const theirs = upstreamObject(file, 'DaemonSet', 'calico-node').spec.template.spec;
    const pick = (p: any) => ({
      init: p.initContainers.map((c: any) => [c.name, c.image, c.command, c.securityContext.privileged]),
      main: p.containers.map((c: any) => [c.name, c.image, c.livenessProbe, c.lifecycle, c.resources.requests.cpu]),
      propagation: [...p.initContainers, ...p.containers]
        .flatMap((c: any) => c.volumeMounts.map((m: any) => [c.name, m.name, m.mountPath, m.mountPropagation])).sort(),
      hostNetwork: p.hostNetwork,
      priority: p.priorityClassName,
      dns: p.dnsPolicy ?? 'ClusterFirst',
    });
    expect(pick(pod)).toEqual(pick(theirs));
  });

  test('grants calico-node and the CNI plugin exactly upstream\'s rules, to their ServiceAccounts', () => {
    const role = (name: string) => objs.find(o => o.kind === 'ClusterRole' && o.metadata.name.endsWith(name))!;
    expect(grants(role('calico-node').rules)).toEqual(grants(upstreamObject(file, 'ClusterRole', 'calico-node').rules));
    expect(grants(role('calico-cni-plugin').rules)).toEqual(grants(upstreamObject(file, 'ClusterRole', 'calico-cni-plugin').rules));
    const subjects = objs.filter(o => o.kind === 'ClusterRoleBinding').map(o => [o.roleRef.name, o.subjects]);
    expect(subjects).toEqual(expect.arrayContaining([
      ['kube-system-calico-node', [{ kind: 'ServiceAccount', name: 'calico-node', namespace: 'kube-system' }]],
      ['calico-cni-plugin', [{ kind: 'ServiceAccount', name: 'calico-cni-plugin', namespace: 'kube-system' }]],
    ]));
  });
});

test('every listed difference still occurs with one of the two manifests', () => {
  const both = [...found('calico-v3.32.1.yaml', defaults), ...found('calico-vxlan-v3.32.1.yaml', vxlan)];
  expect(audit(both, INTENDED).stale).toEqual([]);
});

describe('the Calico install', () => {
  test('has every object of upstream\'s install, each schema-validated, in Argo CD waves CRDs, calico-node, kube-controllers', () => {
    const wave = (o: Manifest) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave'];
    const byWave = (w: string) => defaults.filter(o => wave(o) === w).map(o => `${o.kind}/${o.metadata.name}`).sort();
    expect(byWave('-11')).toHaveLength(25);
    expect(byWave('-11').filter(k => !k.startsWith('CustomResourceDefinition/'))).toEqual(['ClusterRole/calico-tier-getter', 'ClusterRoleBinding/calico-tier-getter']);
    expect(byWave('-10')).toEqual([
      'ClusterRole/calico-cni-plugin', 'ClusterRole/kube-system-calico-node', 'ClusterRoleBinding/calico-cni-plugin', 'ClusterRoleBinding/kube-system-calico-node',
      'DaemonSet/calico-node', 'ServiceAccount/calico-cni-plugin', 'ServiceAccount/calico-node',
    ]);
    expect(byWave('-9')).toEqual([
      'ClusterRole/calico-kube-controllers', 'ClusterRoleBinding/calico-kube-controllers', 'Deployment/calico-kube-controllers',
      'PodDisruptionBudget/calico-kube-controllers', 'ServiceAccount/calico-kube-controllers',
    ]);
    // Upstream's 15 objects but calico-config (every value is in the pod spec), and its 23 CRDs.
    const kinds = (objs: any[]) => objs.filter(o => o.kind !== 'CustomResourceDefinition' && o.kind !== 'ConfigMap')
      .map(o => `${o.kind}/${o.metadata.name.replace(/^kube-system-/, '')}`).sort();
    expect(kinds(defaults)).toEqual(kinds(upstreamObjects('calico-v3.32.1.yaml')));
  });

  test('the privilege report justifies every privilege, each with upstream\'s reference', () => {
    const report = PrivilegeAudit.audit(defaults);
    expect(PrivilegeAudit.unjustifiedCount(report)).toBe(0);
    // Calico's own reasons; the CNI agent gives the host network's, the agent container's root
    // and /lib/modules' (mounted for every privileged CNI) for every CNI alike.
    const agentOwn = ['hostNetwork', 'runAsRoot.calico-node', 'hostPath.lib-modules'];
    const reasons = Object.entries(only(defaults, 'DaemonSet').metadata.annotations as Record<string, string>)
      .filter(([key]) => key.startsWith('justification.cdk8s-daemonsets.io/') && !agentOwn.includes(key.split('/')[1]));
    expect(reasons.filter(([key]) => /\/privileged\./.test(key))).toHaveLength(4);
    expect(reasons.length).toBeGreaterThan(15);
    expect(reasons.filter(([, reason]) => !reason.includes('manifests/calico.yaml at v3.32.1'))).toEqual([]);
    expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(vxlan))).toBe(0);
  });

  test('the coverage planner puts calico-node on the kubeadm cluster\'s NotReady node, its control plane and cordoned node', () => {
    const nodes = loadNodes(path.join(__dirname, '..', '..', 'fixtures', 'inventories', 'kubeadm.json'));
    const plan = CoveragePlanner.plan([only(defaults, 'DaemonSet')], nodes);
    const placements = plan.daemonSets[0].nodes;
    const notReady = nodes.filter((n: any) => n.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'False')).map((n: any) => n.metadata.name);
    expect(notReady).toEqual(['worker-5']);
    const linux = nodes.filter((n: any) => n.metadata.labels['kubernetes.io/os'] === 'linux').map((n: any) => n.metadata.name);
    expect(placements.filter(p => p.shouldRun && p.reason === PlacementReason.ELIGIBLE).map(p => p.node).sort()).toEqual(linux.sort());
    expect(plan.daemonSets[0].warnings.filter(w => linux.includes(w.node))).toEqual([]);
  });

  test('kube-controllers, the CRDs and the waves follow the options', () => {
    const without = install({ kubeControllers: false, crds: CalicoCrds.none() });
    expect(without.filter(o => o.kind === 'Deployment' || o.kind === 'CustomResourceDefinition')).toEqual([]);
  });
});
