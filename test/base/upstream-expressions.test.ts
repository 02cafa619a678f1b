/**
 * The base alone can express real node agents: node-exporter (prometheus-community chart /
 * kube-prometheus) and flannel (Documentation/kube-flannel.yml), as recorded field by field in
 * shared/reference/upstream-agents.md. No JSON patch anywhere.
 */
import { Duration, Size } from 'cdk8s';
import {
  ApiResource, Capability, ConfigMap, Cpu, EnvValue, HostPathVolumeType, MountPropagation, Probe, Volume,
} from 'cdk8s-plus-28';
import {
  AccessRule, ApiVerb, DownwardApi, NodeAgent, NodeRequirement, NodeSelection, TaintEffect, Toleration, UpdateLimit, UpdateStrategy,
} from '../../src';
import { newChart, only, synth } from '../support/manifests';

function nodeExporter() {
  const chart = newChart('monitoring', 'monitoring');
  const agent = new NodeAgent(chart, 'node-exporter', {
    name: 'node-exporter',
    version: '1.12.1',
    hostNetwork: true,
    hostPid: true,
    nodeSelection: NodeSelection.linux().and(NodeSelection.excludeVirtualNodes()),
    tolerations: [Toleration.everything()],
    updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(10) }),
    securityContext: { user: 65534, group: 65534, fsGroup: 65534, ensureNonRoot: true },
    podMetadata: { annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' } },
  });
  const exporter = agent.addContainer({
    name: 'node-exporter',
    image: 'quay.io/prometheus/node-exporter:v1.12.1',
    args: ['--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root', '--path.udev.data=/host/root/run/udev/data', '--web.listen-address=[$(HOST_IP)]:9100'],
    envVariables: { HOST_IP: EnvValue.fromValue('0.0.0.0') },
    ports: [{ number: 9100, name: 'metrics' }],
    liveness: Probe.fromHttpGet('/', { port: 9100 }),
    readiness: Probe.fromHttpGet('/', { port: 9100 }),
    resources: { cpu: { request: Cpu.millis(102), limit: Cpu.millis(250) }, memory: { request: Size.mebibytes(180), limit: Size.mebibytes(180) } },
    securityContext: {
      ensureNonRoot: true, user: 65534, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: [Capability.ALL] },
    },
  });
  agent.mountHostPath(exporter, { name: 'proc', hostPath: '/proc', mountPath: '/host/proc' });
  agent.mountHostPath(exporter, { name: 'sys', hostPath: '/sys', mountPath: '/host/sys' });
  agent.mountHostPath(exporter, { name: 'root', hostPath: '/', mountPath: '/host/root', propagation: MountPropagation.HOST_TO_CONTAINER });
  agent.exposeViaService({ ports: [{ port: 9100, name: 'metrics' }], scrape: { port: 9100 } });
  return synth(chart);
}

function flannel() {
  const chart = newChart('flannel', 'kube-flannel');
  const config = new ConfigMap(chart, 'config', {
    metadata: { name: 'kube-flannel-cfg' },
    data: {
      'cni-conf.json': '{"name":"cbr0","cniVersion":"0.3.1","plugins":[{"type":"flannel","delegate":{"hairpinMode":true,"isDefaultGateway":true}},{"type":"portmap","capabilities":{"portMappings":true}}]}',
      'net-conf.json': '{"Network":"10.244.0.0/16","EnableNFTables":false,"Backend":{"Type":"vxlan"}}',
    },
  });
  const agent = new NodeAgent(chart, 'flannel', {
    name: 'flannel',
    instance: 'kube-flannel-ds',
    hostNetwork: true,
    nodeSelection: NodeSelection.matching(NodeRequirement.in('kubernetes.io/os', 'linux')),
    tolerations: [Toleration.allWithEffect(TaintEffect.NO_SCHEDULE)],
    access: [
      AccessRule.allow([ApiVerb.GET], ApiResource.PODS),
      AccessRule.read(ApiResource.NODES),
      AccessRule.allow([ApiVerb.PATCH], ApiResource.custom({ apiGroup: '', resourceType: 'nodes/status' })),
    ],
  });
  const resources = { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(50) } };
  const installPlugin = agent.addInitContainer({
    name: 'install-cni-plugin',
    image: 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3',
    command: ['cp'],
    args: ['-f', '/flannel', '/opt/cni/bin/flannel'],
    resources,
    securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
  });
  const installConf = agent.addInitContainer({
    name: 'install-cni',
    image: 'ghcr.io/flannel-io/flannel:v0.28.9',
    command: ['/opt/bin/install-conf'],
    args: ['/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist'],
    resources,
    securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
  });
  const flanneld = agent.addContainer({
    name: 'kube-flannel',
    image: 'ghcr.io/flannel-io/flannel:v0.28.9',
    command: ['/opt/bin/flanneld'],
    args: ['--ip-masq', '--kube-subnet-mgr', '--healthz-port=8081'],
    ports: [{ number: 8081, name: 'healthz' }],
    liveness: Probe.fromHttpGet('/healthz', { port: 8081, initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(30) }),
    readiness: Probe.fromHttpGet('/readyz', { port: 8081, initialDelaySeconds: Duration.seconds(5), periodSeconds: Duration.seconds(10) }),
    envVariables: { POD_NAME: DownwardApi.podName(), POD_NAMESPACE: DownwardApi.podNamespace(), EVENT_QUEUE_DEPTH: EnvValue.fromValue('5000') },
    resources,
    securityContext: {
      ensureNonRoot: false, privileged: false, readOnlyRootFilesystem: false, capabilities: { add: [Capability.NET_ADMIN, Capability.NET_RAW] },
    },
  });
  const cfg = Volume.fromConfigMap(chart, 'cfg-volume', config, { name: 'flannel-cfg' });
  installConf.mount('/etc/kube-flannel/', cfg);
  flanneld.mount('/etc/kube-flannel/', cfg);
  agent.mountHostPath(installPlugin, { name: 'cni-plugin', hostPath: '/opt/cni/bin', readOnly: false });
  agent.mountHostPath(installConf, { name: 'cni', hostPath: '/etc/cni/net.d', readOnly: false });
  agent.mountHostPath(flanneld, { name: 'run', hostPath: '/run/flannel', readOnly: false });
  agent.mountHostPath(flanneld, { name: 'xtables-lock', hostPath: '/run/xtables.lock', type: HostPathVolumeType.FILE_OR_CREATE, readOnly: false });
  return synth(chart);
}

describe('the base expresses upstream agents', () => {
  describe('node-exporter', () => {
    const objs = nodeExporter();
    const ds = only(objs, 'DaemonSet');
    const pod = ds.spec.template.spec;
    const container = pod.containers[0];

    test('host namespaces and DNS', () => {
      expect(pod.hostNetwork).toBe(true);
      expect(pod.hostPID).toBe(true);
      expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
    });
    test('non-root 65534 with a read-only root filesystem and no capabilities', () => {
      expect(pod.securityContext).toEqual({ runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, runAsNonRoot: true, fsGroupChangePolicy: 'Always', seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    });
    test('/proc, /sys and / read-only, / with HostToContainer', () => {
      expect(pod.volumes).toEqual([
        { name: 'proc', hostPath: { path: '/proc' } },
        { name: 'sys', hostPath: { path: '/sys' } },
        { name: 'root', hostPath: { path: '/' } },
      ]);
      expect(container.volumeMounts).toEqual([
        { name: 'proc', mountPath: '/host/proc', readOnly: true },
        { name: 'sys', mountPath: '/host/sys', readOnly: true },
        { name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
      ]);
    });
    test('port 9100 published on the node with the same number', () => {
      expect(container.ports).toEqual([{ containerPort: 9100, hostPort: 9100, name: 'metrics' }]);
    });
    test('linux, not virtual, tolerating everything', () => {
      expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
      expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions.map((e: any) => `${e.key} ${e.operator} ${e.values}`))
        .toEqual(['eks.amazonaws.com/compute-type NotIn fargate', 'type NotIn virtual-kubelet']);
      expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    });
    test('rolling update at 10% and the chart\'s revision history', () => {
      expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } });
      expect(ds.spec.revisionHistoryLimit).toBe(10);
    });
    test('args, probes, resources, annotations, no token', () => {
      expect(container.args).toContain('--path.rootfs=/host/root');
      expect(container.livenessProbe.httpGet).toEqual({ path: '/', port: 9100, scheme: 'HTTP' });
      expect(container.resources).toEqual({ requests: { cpu: '102m', memory: '180Mi' }, limits: { cpu: '250m', memory: '180Mi' } });
      expect(ds.spec.template.metadata.annotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' });
      expect(pod.automountServiceAccountToken).toBe(false);
    });
    test('headless Service with scrape annotations', () => {
      const service = only(objs, 'Service');
      expect(service.spec.clusterIP).toBe('None');
      expect(service.metadata.annotations['prometheus.io/scrape']).toBe('true');
    });
  });

  describe('flannel', () => {
    const objs = flannel();
    const ds = only(objs, 'DaemonSet');
    const pod = ds.spec.template.spec;

    test('the full manifest', () => {
      expect(objs).toMatchSnapshot();
    });
    test('hostNetwork, system-node-critical, linux by affinity, NoSchedule tolerated', () => {
      expect(pod.hostNetwork).toBe(true);
      expect(pod.priorityClassName).toBe('system-node-critical');
      expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
        .toEqual([{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }]);
      expect(pod.tolerations).toEqual([{ operator: 'Exists', effect: 'NoSchedule' }]);
    });
    test('init containers install the CNI plugin and config into writable host paths', () => {
      expect(pod.initContainers.map((c: any) => c.name)).toEqual(['install-cni-plugin', 'install-cni']);
      expect(pod.initContainers[0].volumeMounts).toEqual([{ name: 'cni-plugin', mountPath: '/opt/cni/bin', readOnly: false }]);
      expect(pod.initContainers[1].volumeMounts).toEqual([
        { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' },
        { name: 'cni', mountPath: '/etc/cni/net.d', readOnly: false },
      ]);
    });
    test('NET_ADMIN and NET_RAW, not privileged', () => {
      expect(pod.containers[0].securityContext.capabilities).toEqual({ add: ['NET_ADMIN', 'NET_RAW'] });
      expect(pod.containers[0].securityContext.privileged).toBe(false);
    });
    test('/run/xtables.lock is FileOrCreate', () => {
      expect(pod.volumes.find((v: any) => v.name === 'xtables-lock')).toEqual({ name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } });
    });
    test('RBAC: pods get, nodes get/list/watch, nodes/status patch', () => {
      expect(only(objs, 'ClusterRole').rules).toEqual([
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      ]);
      expect(pod.automountServiceAccountToken).toBe(true);
    });
    test('update strategy written explicitly (the manifest relies on the API default)', () => {
      expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    });
  });
});
