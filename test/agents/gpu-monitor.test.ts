import { createHash } from 'crypto';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu, EnvValue } from 'cdk8s-plus-28';
import {
  DcgmCounter, DcgmCounters, DcgmExporterVariant, DcgmExporterVersion, DcgmMetricType, GpuMonitorDaemonSet,
  GpuMonitorDaemonSetProps,
} from '../../src/agents/gpu-monitor';
import { NodeExporterDaemonSet } from '../../src/agents/node-exporter';
import { NodeSelection } from '../../src/base/node-selection';
import { TaintEffect, Toleration } from '../../src/base/tolerations';
import { UpdateLimit, UpdateStrategy } from '../../src/base/update-strategy';
import { SyncWave } from '../../src/gitops/sync-wave';
import { CoveragePlanner } from '../../src/planner';
import { everyObjectIn, psaLabels, SYNC_WAVE, wavesOf } from '../support/gitops';
import { Manifest, newChart, only, synth } from '../support/manifests';

function node(name: string, labels: Record<string, string>): any {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: {}, status: {} };
}

const JUSTIFICATION = 'justification.cdk8s-daemonsets.io/';

function gpuMonitor(props: GpuMonitorDaemonSetProps = {}, chartNamespace?: string): Manifest[] {
  const chart = newChart('test', chartNamespace);
  new GpuMonitorDaemonSet(chart, 'gpu', props);
  return synth(chart);
}

function podSpec(objs: Manifest[]): any {
  return only(objs, 'DaemonSet').spec.template.spec;
}

function exporter(objs: Manifest[]): any {
  const containers = podSpec(objs).containers;
  expect(containers.map((c: any) => c.name)).toEqual(['exporter']);
  return containers[0];
}

function env(objs: Manifest[]): Record<string, any> {
  return Object.fromEntries(exporter(objs).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
}

function csvFields(objs: Manifest[]): string[] {
  const csv: string = only(objs, 'ConfigMap').data['counters.csv'];
  return csv.split('\n').filter(l => l && !l.startsWith('#')).map(l => l.split(',')[0]);
}

function annotations(objs: Manifest[]): Record<string, string> {
  return only(objs, 'DaemonSet').metadata.annotations ?? {};
}

describe('GpuMonitorDaemonSet', () => {
  const defaults = gpuMonitor();

  test('defaults: the full manifests', () => {
    expect(defaults).toMatchSnapshot();
  });

  test('emits a DaemonSet, ServiceAccount, counters ConfigMap, headless Service and its Namespace, and nothing else', () => {
    expect(defaults.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/dcgm-exporter-counters',
      'DaemonSet/dcgm-exporter',
      'Namespace/gpu-monitoring',
      'Service/dcgm-exporter',
      'ServiceAccount/dcgm-exporter',
    ]);
  });

  test('puts every object in gpu-monitoring, whatever the chart namespace', () => {
    for (const objs of [defaults, gpuMonitor({ podLabels: true, serviceMonitor: true }, 'elsewhere')]) {
      for (const o of objs.filter(x => !x.kind.startsWith('ClusterRole') && x.kind !== 'Namespace')) {
        expect(`${o.kind}/${o.metadata.namespace}`).toBe(`${o.kind}/gpu-monitoring`);
      }
      // The Namespace itself is cluster-scoped: the chart namespace does not leak onto it.
      expect(only(objs, 'Namespace', 'gpu-monitoring').metadata.namespace).toBeUndefined();
    }
  });

  test('pins dcgm-exporter 4.5.3-4.8.2-distroless and labels the exporter version outside the selector', () => {
    expect(exporter(defaults).image).toBe('nvcr.io/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-distroless');
    expect(exporter(defaults).imagePullPolicy).toBe('IfNotPresent');
    const ds = only(defaults, 'DaemonSet');
    expect(ds.metadata.labels['app.kubernetes.io/version']).toBe('4.8.2');
    expect(ds.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'dcgm-exporter', 'app.kubernetes.io/instance': 'dcgm-exporter' });
  });

  test('runs only on Linux GPU nodes, any platform\'s GPU label ORed (NodeSelection.gpuNodes())', () => {
    const spec = podSpec(defaults);
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    const terms = spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toEqual(NodeSelection.gpuNodes().toNodeSelectorTerms());
    expect(terms.map((t: any) => t.matchExpressions[0].key)).toEqual([
      'nvidia.com/gpu.present', 'feature.node.kubernetes.io/pci-10de.present',
      'feature.node.kubernetes.io/pci-0300_10de.present', 'feature.node.kubernetes.io/pci-0302_10de.present',
      'cloud.google.com/gke-accelerator', 'k8s.amazonaws.com/accelerator', 'karpenter.k8s.aws/instance-gpu-manufacturer',
      'eks.amazonaws.com/instance-gpu-manufacturer', 'kubernetes.azure.com/accelerator',
    ]);
  });

  test('covers the GPU nodes of GKE-, EKS- (node group, Karpenter, Auto Mode), AKS- and GPU-Operator-shaped inventories, and no CPU node', () => {
    const linux = { 'kubernetes.io/os': 'linux' };
    const gpuNodes = [
      node('gke-gpu', { ...linux, 'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4', 'cloud.google.com/gke-nodepool': 'gpu' }),
      node('eks-ng-gpu', { ...linux, 'k8s.amazonaws.com/accelerator': 'nvidia-tesla-a10g', 'eks.amazonaws.com/nodegroup': 'gpu' }),
      node('eks-karpenter-gpu', { ...linux, 'karpenter.k8s.aws/instance-gpu-manufacturer': 'nvidia', 'karpenter.k8s.aws/instance-gpu-count': '1' }),
      node('eks-auto-gpu', { ...linux, 'eks.amazonaws.com/instance-gpu-manufacturer': 'nvidia', 'eks.amazonaws.com/compute-type': 'auto' }),
      node('aks-gpu', { ...linux, 'kubernetes.azure.com/accelerator': 'nvidia', 'kubernetes.azure.com/agentpool': 'gpunp' }),
      node('operator-gpu', { ...linux, 'nvidia.com/gpu.present': 'true' }),
      node('nfd-gpu', { ...linux, 'feature.node.kubernetes.io/pci-0302_10de.present': 'true' }),
    ];
    const cpuNodes = [
      node('gke-cpu', { ...linux, 'cloud.google.com/gke-nodepool': 'default' }),
      node('gke-tpu', { ...linux, 'cloud.google.com/gke-tpu-accelerator': 'tpu-v5-lite-podslice' }),
      node('karpenter-amd-gpu', { ...linux, 'karpenter.k8s.aws/instance-gpu-manufacturer': 'amd', 'karpenter.k8s.aws/instance-gpu-count': '1' }),
      node('aks-windows-gpu', { 'kubernetes.io/os': 'windows', 'kubernetes.azure.com/accelerator': 'nvidia' }),
    ];
    const ds = only(defaults, 'DaemonSet');
    const placed = CoveragePlanner.plan([ds], [...gpuNodes, ...cpuNodes]).daemonSets[0].nodes;
    expect(placed.filter(p => p.shouldRun).map(p => p.node)).toEqual(gpuNodes.map(n => n.metadata.name));
  });

  test('tolerates the GPU pools\' taints (nvidia.com/gpu, AKS\'s sku=gpu), CriticalAddonsOnly and the control plane, not everything', () => {
    expect(podSpec(defaults).tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('mounts the kubelet pod-resources directory read-only, created where missing so the pod starts, and justifies it', () => {
    const volume = podSpec(defaults).volumes.find((v: any) => v.name === 'pod-resources');
    expect(volume.hostPath).toEqual({ path: '/var/lib/kubelet/pod-resources', type: 'DirectoryOrCreate' });
    expect(exporter(defaults).volumeMounts).toContainEqual({ name: 'pod-resources', mountPath: '/var/lib/kubelet/pod-resources', readOnly: true });
    expect(podSpec(defaults).volumes.filter((v: any) => v.hostPath)).toHaveLength(1);
    expect(annotations(defaults)[`${JUSTIFICATION}hostPath.pod-resources`]).toMatch(/pod-resources socket/);
  });

  test('sets DCGM_EXPORTER_KUBERNETES, the listen address and NODE_NAME from the downward API', () => {
    expect(env(defaults)).toEqual({
      DCGM_EXPORTER_KUBERNETES: 'true',
      DCGM_EXPORTER_LISTEN: ':9400',
      NODE_NAME: { fieldRef: { fieldPath: 'spec.nodeName' } },
    });
  });

  test('exports the chart\'s standard counters, without the profiling ones, from a mounted ConfigMap', () => {
    expect(csvFields(defaults)).toEqual(DcgmCounters.standard().map(c => c.field));
    expect(csvFields(defaults)).toHaveLength(19);
    expect(csvFields(defaults).filter(f => f.startsWith('DCGM_FI_PROF_'))).toEqual([]);
    const csv: string = only(defaults, 'ConfigMap').data['counters.csv'];
    expect(csv).toContain('\nDCGM_FI_DEV_GPU_TEMP, gauge, GPU temperature (in C).\n');
    expect(csv).toContain('\nDCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION, counter, Total energy consumption since boot (in mJ).\n');
    expect(exporter(defaults).args).toEqual(['-f', '/etc/dcgm-exporter/counters/counters.csv']);
    expect(exporter(defaults).volumeMounts).toContainEqual({ name: 'counters', mountPath: '/etc/dcgm-exporter/counters', readOnly: true });
    const volume = podSpec(defaults).volumes.find((v: any) => v.name === 'counters');
    expect(volume.configMap.name).toBe('dcgm-exporter-counters');
  });

  test('rolls the pods when the counters change (checksum/config)', () => {
    const checksum = (objs: Manifest[]) => only(objs, 'DaemonSet').spec.template.metadata.annotations['checksum/config'];
    const data = only(defaults, 'ConfigMap').data;
    expect(checksum(defaults)).toBe(createHash('sha256').update(JSON.stringify(data)).digest('hex'));
    const more = gpuMonitor({ extraCounters: [DcgmCounter.counter('DCGM_FI_DEV_ECC_DBE_VOL_TOTAL', 'Total number of double-bit volatile ECC errors.')] });
    expect(checksum(more)).not.toBe(checksum(defaults));
  });

  test('runs as root (the kubelet\'s pod-resources socket is root-only) with every capability dropped, no escalation, not privileged', () => {
    expect(exporter(defaults).securityContext).toEqual({
      runAsUser: 0,
      runAsNonRoot: false,
      privileged: false,
      readOnlyRootFilesystem: false,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(podSpec(defaults).securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(podSpec(defaults).hostNetwork).toBeUndefined();
    expect(podSpec(defaults).hostPID).toBeUndefined();
    expect(annotations(defaults)[`${JUSTIFICATION}runAsRoot.exporter`]).toMatch(/^Runs as root because the kubelet's pod-resources socket, which maps each GPU to its pod, is root-only: .*0750.*\(podAttribution: false lifts this\)\. /);
  });

  test('runs as dcgm-exporter\'s non-root user 1000 when neither pod attribution nor profiling needs root', () => {
    const objs = gpuMonitor({ podAttribution: false });
    expect(exporter(objs).securityContext).toEqual({
      runAsUser: 1000,
      runAsGroup: 1000,
      runAsNonRoot: true,
      privileged: false,
      readOnlyRootFilesystem: false,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(Object.keys(annotations(objs)).filter(k => k.startsWith(JUSTIFICATION))).toEqual([]);
  });

  test('profiling metrics keep root, for SYS_ADMIN, even without pod attribution', () => {
    const objs = gpuMonitor({ podAttribution: false, profilingMetrics: true });
    expect(exporter(objs).securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false, capabilities: { add: ['SYS_ADMIN'], drop: ['ALL'] } });
    expect(annotations(objs)[`${JUSTIFICATION}runAsRoot.exporter`]).toMatch(/^Runs as root because Linux grants the SYS_ADMIN that profiling metrics need only to uid 0/);
  });

  test('justifies exactly the privileges it takes', () => {
    expect(Object.keys(annotations(defaults)).filter(k => k.startsWith(JUSTIFICATION)).sort()).toEqual([
      `${JUSTIFICATION}hostPath.pod-resources`,
      `${JUSTIFICATION}runAsRoot.exporter`,
    ]);
  });

  test('serves metrics on 9400 with /health probes that wait 45 s and time out after 5 s', () => {
    expect(exporter(defaults).ports).toEqual([{ containerPort: 9400, name: 'metrics' }]);
    const probe = { httpGet: { path: '/health', port: 9400, scheme: 'HTTP' }, initialDelaySeconds: 45, periodSeconds: 10, timeoutSeconds: 5 };
    expect(exporter(defaults).livenessProbe).toEqual({ ...probe, failureThreshold: 6 });
    expect(exporter(defaults).readinessProbe).toEqual({ ...probe, failureThreshold: 3 });
    expect(exporter(defaults).startupProbe).toBeUndefined();
  });

  test('has a headless Service with Prometheus scrape annotations', () => {
    const service = only(defaults, 'Service');
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.ports).toEqual([{ port: 9400, targetPort: 9400, name: 'metrics' }]);
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': 'dcgm-exporter', 'app.kubernetes.io/instance': 'dcgm-exporter' });
    expect(service.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': '0',
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9400',
      'prometheus.io/path': '/metrics',
      'prometheus.io/scheme': 'http',
    });
  });

  test('has no API access and mounts no token by default', () => {
    expect(defaults.filter(o => o.kind.startsWith('ClusterRole'))).toEqual([]);
    expect(podSpec(defaults).automountServiceAccountToken).toBe(false);
    expect(only(defaults, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(podSpec(defaults).serviceAccountName).toBe('dcgm-exporter');
  });

  test('rolls one node at a time, is system-node-critical, and requests 100m/128Mi with a 512Mi memory limit only', () => {
    const ds = only(defaults, 'DaemonSet');
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec.revisionHistoryLimit).toBe(10);
    expect(ds.spec.minReadySeconds).toBe(0);
    expect(podSpec(defaults).priorityClassName).toBe('system-node-critical');
    expect(podSpec(defaults).runtimeClassName).toBeUndefined();
    expect(exporter(defaults).resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } });
  });

  test('profilingMetrics adds the profiling counters and SYS_ADMIN, justified', () => {
    const objs = gpuMonitor({ profilingMetrics: true });
    expect(exporter(objs).securityContext.capabilities).toEqual({ add: ['SYS_ADMIN'], drop: ['ALL'] });
    expect(csvFields(objs)).toEqual([...DcgmCounters.standard(), ...DcgmCounters.profiling()].map(c => c.field));
    expect(csvFields(objs).filter(f => f.startsWith('DCGM_FI_PROF_'))).toHaveLength(5);
    expect(annotations(objs)[`${JUSTIFICATION}capability.SYS_ADMIN`]).toMatch(/DCGM_FI_PROF_/);
  });

  test('podLabels grants read on pods through a ClusterRole, mounts the token and justifies it', () => {
    const objs = gpuMonitor({ podLabels: true });
    expect(only(objs, 'ClusterRole', 'gpu-monitoring-dcgm-exporter').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(only(objs, 'ClusterRoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'dcgm-exporter', namespace: 'gpu-monitoring' }]);
    expect(podSpec(objs).automountServiceAccountToken).toBe(true);
    expect(env(objs).DCGM_EXPORTER_KUBERNETES_ENABLE_POD_LABELS).toBe('true');
    expect(annotations(objs)[`${JUSTIFICATION}apiAccess`]).toMatch(/pods/);
  });

  test('podAttribution: false drops the host mount and the Kubernetes mode', () => {
    const objs = gpuMonitor({ podAttribution: false });
    expect(podSpec(objs).volumes.filter((v: any) => v.hostPath)).toEqual([]);
    expect(env(objs).DCGM_EXPORTER_KUBERNETES).toBeUndefined();
    expect(annotations(objs)[`${JUSTIFICATION}hostPath.pod-resources`]).toBeUndefined();
  });

  test('kubeletPodResourcesPath moves the node path, not the path the exporter reads', () => {
    const objs = gpuMonitor({ kubeletPodResourcesPath: '/var/lib/k0s/kubelet/pod-resources' });
    expect(podSpec(objs).volumes.find((v: any) => v.name === 'pod-resources').hostPath)
      .toEqual({ path: '/var/lib/k0s/kubelet/pod-resources', type: 'DirectoryOrCreate' });
    expect(exporter(objs).volumeMounts).toContainEqual({ name: 'pod-resources', mountPath: '/var/lib/kubelet/pod-resources', readOnly: true });
  });

  test('readOnlyRootFilesystem mounts size-limited emptyDirs at /tmp and /var/log', () => {
    const objs = gpuMonitor({ readOnlyRootFilesystem: true });
    expect(exporter(objs).securityContext.readOnlyRootFilesystem).toBe(true);
    expect(exporter(objs).volumeMounts).toEqual(expect.arrayContaining([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'var-log', mountPath: '/var/log' },
    ]));
    expect(podSpec(objs).volumes).toEqual(expect.arrayContaining([
      { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
      { name: 'var-log', emptyDir: { sizeLimit: '256Mi' } },
    ]));
  });

  test('runtimeClassName selects the NVIDIA runtime', () => {
    expect(podSpec(gpuMonitor({ runtimeClassName: 'nvidia' })).runtimeClassName).toBe('nvidia');
  });

  test('serviceMonitor: true emits a ServiceMonitor scraping every 15 s with a 10 s timeout, honouring the workload labels', () => {
    const objs = gpuMonitor({ serviceMonitor: true });
    const monitor = only(objs, 'ServiceMonitor');
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.metadata.labels).toEqual(only(objs, 'Service').metadata.labels);
    expect(monitor.spec).toEqual({
      jobLabel: 'app.kubernetes.io/name',
      selector: { matchLabels: { 'app.kubernetes.io/name': 'dcgm-exporter', 'app.kubernetes.io/instance': 'dcgm-exporter' } },
      namespaceSelector: { matchNames: ['gpu-monitoring'] },
      endpoints: [{
        port: 'metrics',
        path: '/metrics',
        scheme: 'http',
        interval: '15s',
        scrapeTimeout: '10s',
        honorLabels: true,
        relabelings: [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' }],
      }],
    });
  });

  test('serviceMonitorOptions alone asks for a ServiceMonitor with those settings', () => {
    const objs = gpuMonitor({
      serviceMonitorOptions: {
        interval: Duration.seconds(30), scrapeTimeout: Duration.seconds(20), honorLabels: false, labels: { release: 'kube-prometheus-stack' }, instanceFromNodeName: false,
      },
    });
    const monitor = only(objs, 'ServiceMonitor');
    expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', scheme: 'http', interval: '30s', scrapeTimeout: '20s', honorLabels: false }]);
  });

  test('counters replace the default set, extraCounters add to it', () => {
    const objs = gpuMonitor({
      counters: [DcgmCounter.gauge('DCGM_FI_DEV_GPU_TEMP', 'GPU temperature (in C).')],
      extraCounters: [
        DcgmCounter.label('DCGM_FI_DRIVER_VERSION', 'Driver version'),
        DcgmCounter.of({ field: 'DCGM_EXP_XID_ERRORS_COUNT', type: DcgmMetricType.GAUGE, help: 'Count of XID errors within the interval' }),
      ],
    });
    expect(only(objs, 'ConfigMap').data['counters.csv'].split('\n').filter((l: string) => l && !l.startsWith('#'))).toEqual([
      'DCGM_FI_DEV_GPU_TEMP, gauge, GPU temperature (in C).',
      'DCGM_FI_DRIVER_VERSION, label, Driver version',
      'DCGM_EXP_XID_ERRORS_COUNT, gauge, Count of XID errors within the interval',
    ]);
  });

  test('overrides the main knobs', () => {
    const objs = gpuMonitor({
      namespace: 'observability',
      instance: 'gpu-a100',
      partOf: 'platform-monitoring',
      version: DcgmExporterVersion.of('4.5.2', '4.8.1', DcgmExporterVariant.UBI9),
      imageRegistry: 'registry.example.com/nvcr',
      nodeSelection: NodeSelection.nodePool('cloud.google.com/gke-nodepool', 'a100'),
      tolerations: [Toleration.exists('dedicated', TaintEffect.NO_EXECUTE)],
      updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(25) }),
      minReady: Duration.seconds(20),
      revisionHistoryLimit: 3,
      priorityClassName: 'monitoring-critical',
      resources: { cpu: { request: Cpu.millis(50), limit: Cpu.millis(500) }, memory: { request: Size.mebibytes(256), limit: Size.mebibytes(1024) } },
      extraEnv: { DCGM_EXPORTER_INTERVAL: EnvValue.fromValue('10000') },
      extraArgs: ['--kubernetes-gpu-id-type=device-name'],
    });
    expect(objs.map(o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/observability/gpu-a100-counters',
      'DaemonSet/observability/gpu-a100',
      'Namespace/undefined/observability',
      'Service/observability/gpu-a100',
      'ServiceAccount/observability/gpu-a100',
    ]);
    const ds = only(objs, 'DaemonSet');
    expect(ds.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'dcgm-exporter',
      'app.kubernetes.io/instance': 'gpu-a100',
      'app.kubernetes.io/version': '4.8.1',
      'app.kubernetes.io/component': 'gpu-monitor',
      'app.kubernetes.io/part-of': 'platform-monitoring',
      'app.kubernetes.io/managed-by': 'cdk8s',
    });
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 0 } });
    expect(ds.spec.minReadySeconds).toBe(20);
    expect(ds.spec.revisionHistoryLimit).toBe(3);
    const spec = podSpec(objs);
    expect(spec.nodeSelector).toEqual({ 'cloud.google.com/gke-nodepool': 'a100' });
    expect(spec.affinity).toBeUndefined();
    expect(spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }]);
    expect(spec.priorityClassName).toBe('monitoring-critical');
    const c = exporter(objs);
    expect(c.image).toBe('registry.example.com/nvcr/nvidia/k8s/dcgm-exporter:4.5.2-4.8.1-ubi9');
    expect(c.resources).toEqual({ requests: { cpu: '50m', memory: '256Mi' }, limits: { cpu: '500m', memory: '1024Mi' } });
    expect(c.args).toEqual(['-f', '/etc/dcgm-exporter/counters/counters.csv', '--kubernetes-gpu-id-type=device-name']);
    expect(env(objs).DCGM_EXPORTER_INTERVAL).toBe('10000');
    expect(spec.serviceAccountName).toBe('gpu-a100');
  });

  test('exposes its children for escape hatches', () => {
    const chart = newChart();
    const gpu = new GpuMonitorDaemonSet(chart, 'gpu');
    expect(gpu.container.name).toBe('exporter');
    expect(gpu.daemonSet.instance).toBe('dcgm-exporter');
    expect(gpu.service.name).toBe('dcgm-exporter');
    expect(gpu.configMap.name).toBe('dcgm-exporter-counters');
    expect(gpu.serviceMonitor).toBeUndefined();
    expect(gpu.namespace).toBe('gpu-monitoring');
    expect(gpu.version).toBe(DcgmExporterVersion.V4_8_2);
    gpu.daemonSet.tolerate(Toleration.exists('example.com/team'));
    expect(podSpec(synth(chart)).tolerations).toContainEqual({ key: 'example.com/team', operator: 'Exists' });
  });

  describe('GitOps delivery', () => {
    test('emits the gpu-monitoring Namespace, cluster-scoped, labelled privileged for Pod Security (the pod-resources hostPath)', () => {
      expect(podSpec(defaults).volumes.filter((v: any) => v.hostPath).map((v: any) => v.name)).toEqual(['pod-resources']);
      const ns = only(defaults, 'Namespace', 'gpu-monitoring');
      expect(ns.apiVersion).toBe('v1');
      expect(ns.metadata.namespace).toBeUndefined();
      expect(ns.metadata.labels).toEqual(psaLabels('privileged'));
    });

    test('without the hostPath (podAttribution: false) the Namespace is restricted: the exporter then runs as non-root 1000', () => {
      expect(only(gpuMonitor({ podAttribution: false }), 'Namespace').metadata.labels).toEqual(psaLabels('restricted'));
    });

    test('puts every object, the Namespace included, in sync wave 0 (SyncWave.OBSERVABILITY)', () => {
      expect(wavesOf(defaults)).toEqual({
        'Namespace/gpu-monitoring': '0',
        'DaemonSet/dcgm-exporter': '0',
        'ServiceAccount/dcgm-exporter': '0',
        'Service/dcgm-exporter': '0',
        'ConfigMap/dcgm-exporter-counters': '0',
      });
      // The optional objects too (the alerts come with the ServiceMonitor).
      const all = gpuMonitor({ podLabels: true, serviceMonitor: true });
      expect(all.map(o => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'DaemonSet', 'Namespace', 'PrometheusRule', 'Service', 'ServiceAccount', 'ServiceMonitor']);
      expect(wavesOf(all)).toEqual(everyObjectIn(all, '0'));
    });

    test('syncWave: SyncWave.of(5) moves every object to wave 5', () => {
      const objs = gpuMonitor({ syncWave: SyncWave.of(5), podLabels: true, serviceMonitor: true });
      expect(objs).toHaveLength(9);
      expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '5'));
    });

    test('syncWave: SyncWave.NONE writes no sync-wave annotation, and still emits the Namespace', () => {
      const objs = gpuMonitor({ syncWave: SyncWave.NONE });
      expect(objs).toHaveLength(5);
      for (const o of objs) expect(o.metadata.annotations?.[SYNC_WAVE]).toBeUndefined();
      expect(only(objs, 'Namespace').metadata.annotations).toBeUndefined();
      // Only the wave goes: the scrape annotations stay.
      expect(Object.keys(only(objs, 'Service').metadata.annotations).sort()).toEqual(['prometheus.io/path', 'prometheus.io/port', 'prometheus.io/scheme', 'prometheus.io/scrape']);
    });

    test('SyncWave.disableIn(app) removes the annotation from every object', () => {
      const app = Testing.app();
      SyncWave.disableIn(app);
      const chart = new Chart(app, 'test');
      new GpuMonitorDaemonSet(chart, 'gpu');
      const objs = synth(chart);
      expect(objs).toHaveLength(5);
      for (const o of objs) expect(o.metadata.annotations?.[SYNC_WAVE]).toBeUndefined();
    });

    test('createNamespace: false emits no Namespace, and everything else unchanged', () => {
      const objs = gpuMonitor({ createNamespace: false });
      expect(objs.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'ConfigMap/dcgm-exporter-counters',
        'DaemonSet/dcgm-exporter',
        'Service/dcgm-exporter',
        'ServiceAccount/dcgm-exporter',
      ]);
      expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '0'));
    });

    test('sharing "monitoring" with node-exporter: one Namespace, at the level the more privileged agent needs', () => {
      const chart = newChart();
      new GpuMonitorDaemonSet(chart, 'gpu', { namespace: 'monitoring', podAttribution: false });
      new NodeExporterDaemonSet(chart, 'node-exporter', { namespace: 'monitoring' });
      const objs = synth(chart);
      expect(objs.filter(o => o.kind === 'DaemonSet').map(o => `${o.metadata.namespace}/${o.metadata.name}`).sort())
        .toEqual(['monitoring/dcgm-exporter', 'monitoring/node-exporter']);
      // The GPU monitor alone would be baseline (above); node-exporter's host namespaces make it privileged.
      expect(only(objs, 'Namespace', 'monitoring').metadata).toEqual({ name: 'monitoring', labels: psaLabels('privileged'), annotations: { [SYNC_WAVE]: '0' } });
    });
  });

  test('rejects a profiling counter without profilingMetrics', () => {
    expect(() => gpuMonitor({ extraCounters: [DcgmCounters.profiling()[0]] }))
      .toThrow(/^test\/gpu: invalid extraCounters\[0\]\.field: "DCGM_FI_PROF_GR_ENGINE_ACTIVE"\. .*CAP_SYS_ADMIN.*set profilingMetrics: true/);
  });

  test('rejects profilingMetrics without any profiling counter', () => {
    expect(() => gpuMonitor({ profilingMetrics: true, counters: DcgmCounters.standard() }))
      .toThrow(/^test\/gpu: invalid profilingMetrics: true\. None of the counters is a profiling .*granted for nothing/);
  });

  test('rejects a counter that is not a DCGM field', () => {
    expect(() => gpuMonitor({ extraCounters: [DcgmCounter.gauge('dcgm_fi_dev_gpu_temp', 'GPU temperature.')] }))
      .toThrow(/^test\/gpu: invalid extraCounters\[0\]\.field: "dcgm_fi_dev_gpu_temp"\. Use a DCGM field name in capitals, "DCGM_FI_\.\.\."/);
  });

  test('rejects help text that would break the CSV', () => {
    expect(() => gpuMonitor({ counters: [DcgmCounter.gauge('DCGM_FI_DEV_GPU_TEMP', 'Temperature, in C')] }))
      .toThrow(/^test\/gpu: invalid counters\[0\]\.help: "Temperature, in C"\. Give a one-line help text without commas/);
  });

  test('rejects a counter exported twice', () => {
    expect(() => gpuMonitor({ extraCounters: [DcgmCounter.gauge('DCGM_FI_DEV_GPU_TEMP', 'Again.')] }))
      .toThrow(/^test\/gpu: invalid extraCounters\[0\]\.field: "DCGM_FI_DEV_GPU_TEMP"\. Each field may be exported once/);
  });

  test('rejects an unknown metric type where the counter is made', () => {
    expect(() => DcgmCounter.of({ field: 'DCGM_FI_DEV_GPU_TEMP', type: 'histo' as DcgmMetricType, help: 'x' }))
      .toThrow(/^DcgmCounter\.of: invalid type: "histo"\. Give one of DcgmMetricType: "gauge", "counter", "label"/);
  });

  test('rejects an empty counter set', () => {
    expect(() => gpuMonitor({ counters: [] })).toThrow(/^test\/gpu: invalid counters: \[\]\. dcgm-exporter exports nothing without counters/);
  });

  test('rejects extraEnv and extraArgs that override what the agent sets', () => {
    expect(() => gpuMonitor({ extraEnv: { DCGM_EXPORTER_LISTEN: EnvValue.fromValue(':9500') } }))
      .toThrow(/^test\/gpu: invalid extraEnv\[DCGM_EXPORTER_LISTEN\]: "DCGM_EXPORTER_LISTEN"\. The agent manages DCGM_EXPORTER_LISTEN \(the metrics port is fixed at 9400: the probes and the Service use it\): drop it from extraEnv\.$/);
    expect(() => gpuMonitor({ extraEnv: { DCGM_EXPORTER_KUBERNETES: EnvValue.fromValue('true') }, podAttribution: false }))
      .toThrow(/^test\/gpu: invalid extraEnv\[DCGM_EXPORTER_KUBERNETES\]: "DCGM_EXPORTER_KUBERNETES"\. The agent manages DCGM_EXPORTER_KUBERNETES \(pod attribution needs the pod-resources mount\): use podAttribution instead\.$/);
    expect(() => gpuMonitor({ extraArgs: ['-f=/etc/dcgm-exporter/dcp-metrics-included.csv'] }))
      .toThrow(/^test\/gpu: invalid extraArgs\[0\]: "-f=\/etc\/dcgm-exporter\/dcp-metrics-included\.csv"\. The agent manages -f \(the exported counters are the ConfigMap written from counters\): use counters and extraCounters instead\.$/);
    expect(() => gpuMonitor({ extraArgs: ['--address', ':9500'] }))
      .toThrow(/^test\/gpu: invalid extraArgs\[0\]: "--address"\. The agent manages --address/);
  });

  test('rejects podLabels or a pod-resources path without pod attribution', () => {
    expect(() => gpuMonitor({ podAttribution: false, podLabels: true }))
      .toThrow(/^test\/gpu: invalid podLabels: true\. .*set podAttribution: true/);
    expect(() => gpuMonitor({ podAttribution: false, kubeletPodResourcesPath: '/var/lib/kubelet/pod-resources' }))
      .toThrow(/^test\/gpu: invalid kubeletPodResourcesPath: "\/var\/lib\/kubelet\/pod-resources"\. .*podAttribution: false/);
  });

  test('rejects a relative pod-resources path', () => {
    expect(() => gpuMonitor({ kubeletPodResourcesPath: 'var/lib/kubelet/pod-resources' }))
      .toThrow(/^test\/gpu\/DaemonSet: invalid container exporter hostPath: "var\/lib\/kubelet\/pod-resources"\. Use an absolute path/);
  });

  test('rejects bad ServiceMonitor settings: timeout over interval, fractions, label keys, options with serviceMonitor: false', () => {
    expect(() => gpuMonitor({ serviceMonitorOptions: { interval: Duration.seconds(10), scrapeTimeout: Duration.seconds(15) } }))
      .toThrow(/^test\/gpu: invalid serviceMonitorOptions\.scrapeTimeout: "15s"\. Prometheus refuses a scrape timeout longer than the interval \(10s\)/);
    expect(() => gpuMonitor({ serviceMonitorOptions: { interval: Duration.millis(0) } }))
      .toThrow(/^test\/gpu: invalid serviceMonitorOptions\.interval: "0ms"\. Use a positive whole number of milliseconds/);
    expect(() => gpuMonitor({ serviceMonitorOptions: { labels: { 'bad key!': 'x' } } }))
      .toThrow(/^test\/gpu: invalid serviceMonitorOptions\.labels key: "bad key!"\. Use a qualified name/);
    expect(() => gpuMonitor({ serviceMonitor: false, serviceMonitorOptions: {} }))
      .toThrow(/^test\/gpu: invalid serviceMonitorOptions: \{\}\. serviceMonitor is false/);
  });

  test('rejects an instance that cannot name a Service, and a bad namespace', () => {
    expect(() => gpuMonitor({ instance: '1gpu' })).toThrow(/^test\/gpu: invalid instance: "1gpu"\. .*DNS-1035 label/);
    expect(() => gpuMonitor({ namespace: 'GPU' })).toThrow(/^test\/gpu: invalid namespace: "GPU"\. .*DNS-1123 label/);
  });

  test('rejects a fractional minReady', () => {
    expect(() => gpuMonitor({ minReady: Duration.millis(1500) })).toThrow(/^test\/gpu: invalid minReady: "1500ms"\. Kubernetes counts minReadySeconds in whole seconds of 0 or more/);
  });
});

describe('DcgmExporterVersion', () => {
  test('V4_8_2 is the chart 4.8.2 image', () => {
    expect(DcgmExporterVersion.V4_8_2.image).toBe('nvcr.io/nvidia/k8s/dcgm-exporter:4.5.3-4.8.2-distroless');
    expect(DcgmExporterVersion.V4_8_2.exporterVersion).toBe('4.8.2');
    expect(DcgmExporterVersion.V4_8_2.dcgmVersion).toBe('4.5.3');
    // The version label is the exporter's release; the tag names the whole build.
    expect(DcgmExporterVersion.V4_8_2).toMatchObject({ version: '4.8.2', repository: 'nvcr.io/nvidia/k8s/dcgm-exporter', tag: '4.5.3-4.8.2-distroless' });
  });

  test('of() and fromTag() build the same tag', () => {
    expect(DcgmExporterVersion.of('4.5.3', '4.8.2', DcgmExporterVariant.UBUNTU22_04).tag).toBe('4.5.3-4.8.2-ubuntu22.04');
    const parsed = DcgmExporterVersion.fromTag('4.5.2-4.8.1-ubuntu22.04');
    expect([parsed.dcgmVersion, parsed.exporterVersion, parsed.variant.name]).toEqual(['4.5.2', '4.8.1', 'ubuntu22.04']);
    expect(DcgmExporterVersion.of('4.5.3', '4.8.2', DcgmExporterVariant.of('ubuntu24.04')).tag).toBe('4.5.3-4.8.2-ubuntu24.04');
  });

  test('rejects a version that is not x.y.z', () => {
    expect(() => DcgmExporterVersion.of('4.5.3', 'v4.8.2')).toThrow(/^DcgmExporterVersion\.of\(\): invalid exporterVersion: "v4\.8\.2"\. Use a release number "x\.y\.z" without a "v"/);
    expect(() => DcgmExporterVersion.of('4.5', '4.8.2')).toThrow(/invalid dcgmVersion: "4\.5"/);
  });

  test('rejects a malformed tag or variant', () => {
    expect(() => DcgmExporterVersion.fromTag('4.8.2')).toThrow(/^DcgmExporterVersion\.fromTag\(\): invalid tag: "4\.8\.2"\. Use NVIDIA's "<DCGM version>-<exporter version>-<variant>"/);
    expect(() => DcgmExporterVariant.of('Ubuntu 22.04')).toThrow(/^DcgmExporterVariant\.of\(\): invalid name: "Ubuntu 22\.04"/);
  });
});
