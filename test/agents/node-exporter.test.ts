import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu, EnvValue, MountPropagation } from 'cdk8s-plus-28';
import { NodeRequirement, NodeSelection, SyncWave, TaintEffect, Toleration, UpdateLimit, UpdateStrategy } from '../../src';
import { GpuMonitorDaemonSet } from '../../src/agents/gpu-monitor';
import {
  NodeExporterCollector, NodeExporterDaemonSet, NodeExporterDaemonSetProps, NodeExporterVersion,
} from '../../src/agents/node-exporter';
import { everyObjectIn, psaLabels, SYNC_WAVE, wavesOf } from '../support/gitops';
import { Manifest, newChart, only, synth } from '../support/manifests';

/** Synthesizes (and schema-validates) one node-exporter in a fresh chart. */
function exporter(props: NodeExporterDaemonSetProps = {}): { construct: NodeExporterDaemonSet; objs: Manifest[] } {
  const chart = newChart();
  const construct = new NodeExporterDaemonSet(chart, 'node-exporter', props);
  return { construct, objs: synth(chart) };
}

function podOf(objs: Manifest[]): any {
  return only(objs, 'DaemonSet').spec.template.spec;
}

function containerOf(objs: Manifest[]): any {
  return podOf(objs).containers[0];
}

function build(props: NodeExporterDaemonSetProps): () => NodeExporterDaemonSet {
  return () => new NodeExporterDaemonSet(newChart(), 'node-exporter', props);
}

const KP_MOUNT_POINTS = '^/(dev|proc|sys|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/kubelet/pods/.+)($|/)';
const KP_DEVICES = '^(veth.*|[a-f0-9]{15})$';

describe('NodeExporterDaemonSet', () => {
  describe('defaults', () => {
    test('the full manifests', () => {
      expect(exporter().objs).toMatchSnapshot();
    });

    test('a ServiceAccount, the DaemonSet and a Service, all in "monitoring" with the recommended labels, and the "monitoring" Namespace; no RBAC, no ServiceMonitor', () => {
      const chart = newChart('test', 'chart-namespace');
      new NodeExporterDaemonSet(chart, 'node-exporter');
      const objs = synth(chart);
      expect(objs.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'DaemonSet/node-exporter', 'Namespace/monitoring', 'Service/node-exporter', 'ServiceAccount/node-exporter',
      ]);
      // Cluster-scoped and shared with other agents: no chart namespace, no agent labels.
      expect(only(objs, 'Namespace').metadata).toEqual({ name: 'monitoring', labels: psaLabels('privileged'), annotations: { [SYNC_WAVE]: '0' } });
      for (const obj of objs.filter(o => o.kind !== 'Namespace')) {
        expect(obj.metadata.namespace).toBe('monitoring');
        expect(obj.metadata.labels).toEqual({
          'app.kubernetes.io/name': 'node-exporter',
          'app.kubernetes.io/instance': 'node-exporter',
          'app.kubernetes.io/version': '1.12.1',
          'app.kubernetes.io/component': 'exporter',
          'app.kubernetes.io/managed-by': 'cdk8s',
        });
      }
    });

    test('the image is node-exporter v1.12.1 from quay.io', () => {
      expect(containerOf(exporter().objs).image).toBe('quay.io/prometheus/node-exporter:v1.12.1');
    });

    test('hostNetwork and hostPID, with the DNS policy hostNetwork needs', () => {
      const pod = podOf(exporter().objs);
      expect(pod.hostNetwork).toBe(true);
      expect(pod.hostPID).toBe(true);
      expect(pod.hostIPC).toBeUndefined();
      expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
    });

    test('/proc, /sys and / are mounted read-only under /host, / with HostToContainer', () => {
      const { objs } = exporter();
      expect(podOf(objs).volumes).toEqual([
        { name: 'proc', hostPath: { path: '/proc' } },
        { name: 'sys', hostPath: { path: '/sys' } },
        { name: 'root', hostPath: { path: '/' } },
      ]);
      expect(containerOf(objs).volumeMounts).toEqual([
        { name: 'proc', mountPath: '/host/proc', readOnly: true },
        { name: 'sys', mountPath: '/host/sys', readOnly: true },
        { name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
      ]);
    });

    test('the arguments: host paths, the node-IP listen address, kube-prometheus\'s collector settings', () => {
      expect(containerOf(exporter().objs).args).toEqual([
        '--path.procfs=/host/proc',
        '--path.sysfs=/host/sys',
        '--path.rootfs=/host/root',
        '--path.udev.data=/host/root/run/udev/data',
        '--web.listen-address=[$(HOST_IP)]:9100',
        '--no-collector.wifi',
        '--no-collector.hwmon',
        '--no-collector.btrfs',
        `--collector.filesystem.mount-points-exclude=${KP_MOUNT_POINTS}`,
        `--collector.netclass.ignored-devices=${KP_DEVICES}`,
        `--collector.netdev.device-exclude=${KP_DEVICES}`,
      ]);
    });

    test('the listen address reads the node IP from the downward API', () => {
      expect(containerOf(exporter().objs).env).toEqual([{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }]);
    });

    test('runs as 65534, non-root, read-only root filesystem, no privilege escalation, every capability dropped and none added', () => {
      const { objs } = exporter();
      expect(podOf(objs).securityContext).toEqual({ runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(containerOf(objs).securityContext).toEqual({
        runAsUser: 65534,
        runAsGroup: 65534,
        runAsNonRoot: true,
        privileged: false,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
    });

    test('no API access: no token in the pod or on the ServiceAccount, no ClusterRole', () => {
      const { objs } = exporter();
      expect(podOf(objs).automountServiceAccountToken).toBe(false);
      expect(podOf(objs).serviceAccountName).toBe('node-exporter');
      expect(only(objs, 'ServiceAccount').automountServiceAccountToken).toBe(false);
      expect(objs.filter(o => o.kind.startsWith('ClusterRole'))).toEqual([]);
    });

    test('port 9100, named metrics, published on the node under the same number', () => {
      expect(containerOf(exporter().objs).ports).toEqual([{ containerPort: 9100, hostPort: 9100, name: 'metrics' }]);
    });

    test('liveness and readiness: GET / on the metrics port every 10s, 1s timeout, 3 failures (the chart\'s)', () => {
      const container = containerOf(exporter().objs);
      const expected = { httpGet: { path: '/', port: 9100, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 };
      expect(container.livenessProbe).toEqual(expected);
      expect(container.readinessProbe).toEqual(expected);
    });

    test('Linux nodes only, excluding Fargate and virtual-kubelet nodes', () => {
      const pod = podOf(exporter().objs);
      expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
      expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
        matchExpressions: [
          { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
          { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
        ],
      }]);
    });

    test('tolerates every taint, NoExecute included', () => {
      expect(podOf(exporter().objs).tolerations).toEqual([{ operator: 'Exists' }]);
    });

    test('priority system-node-critical', () => {
      expect(podOf(exporter().objs).priorityClassName).toBe('system-node-critical');
    });

    test('rolls 10% of the nodes at a time', () => {
      expect(only(exporter().objs, 'DaemonSet').spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } });
    });

    test('requests kube-prometheus\'s measured 102m/180Mi, limits memory to 180Mi and leaves CPU unthrottled', () => {
      expect(containerOf(exporter().objs).resources).toEqual({ requests: { cpu: '102m', memory: '180Mi' }, limits: { memory: '180Mi' } });
    });

    test('the pod is safe for the cluster autoscaler to evict', () => {
      expect(only(exporter().objs, 'DaemonSet').spec.template.metadata.annotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' });
    });

    test('a headless Service on port "metrics" with Prometheus scrape annotations, selecting name and instance', () => {
      const service = only(exporter().objs, 'Service');
      expect(service.spec.clusterIP).toBe('None');
      expect(service.spec.ports).toEqual([{ name: 'metrics', port: 9100, targetPort: 9100 }]);
      expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': 'node-exporter', 'app.kubernetes.io/instance': 'node-exporter' });
      expect(service.metadata.annotations).toEqual({
        [SYNC_WAVE]: '0', 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100', 'prometheus.io/path': '/metrics', 'prometheus.io/scheme': 'http',
      });
    });

    test('every privilege it takes is justified: host namespaces, each host path, the host port (besides them, only the sync wave)', () => {
      const { [SYNC_WAVE]: wave, ...justifications } = only(exporter().objs, 'DaemonSet').metadata.annotations;
      expect(wave).toBe('0');
      const keys = ['hostNetwork', 'hostPID', 'hostPath.proc', 'hostPath.sys', 'hostPath.root', 'hostPort.9100'];
      expect(Object.keys(justifications).sort()).toEqual(keys.map(k => `justification.cdk8s-daemonsets.io/${k}`).sort());
      for (const reason of Object.values(justifications)) expect(String(reason).length).toBeGreaterThan(40);
    });

    test('the children are public', () => {
      const { construct } = exporter();
      expect(construct.daemonSet.hostPid).toBe(true);
      expect(construct.container.name).toBe('node-exporter');
      expect(construct.service.name).toBe('node-exporter');
      expect(construct.serviceMonitor).toBeUndefined();
      expect(construct.namespace).toBe('monitoring');
      expect(construct.port).toBe(9100);
      expect(construct.version).toBe(NodeExporterVersion.V1_12_1);
    });
  });

  describe('collectors', () => {
    test('enableCollectors switches collectors on, after the default switches', () => {
      const args: string[] = containerOf(exporter({ enableCollectors: [NodeExporterCollector.SYSTEMD, NodeExporterCollector.of('processes')] }).objs).args;
      expect(args.filter(a => /^--(no-)?collector\.[a-z_]+$/.test(a))).toEqual([
        '--collector.systemd', '--collector.processes', '--no-collector.wifi', '--no-collector.hwmon', '--no-collector.btrfs',
      ]);
    });

    test('enabling a collector of the default disabled list takes it out of that list', () => {
      const args: string[] = containerOf(exporter({ enableCollectors: [NodeExporterCollector.HWMON] }).objs).args;
      expect(args).toContain('--collector.hwmon');
      expect(args).not.toContain('--no-collector.hwmon');
      expect(args).toContain('--no-collector.wifi');
    });

    test('disableCollectors replaces the default list; duplicates are written once', () => {
      const disableCollectors = [NodeExporterCollector.IPVS, NodeExporterCollector.IPVS, NodeExporterCollector.ZFS];
      const args: string[] = containerOf(exporter({ disableCollectors }).objs).args;
      expect(args.filter(a => a.startsWith('--no-collector.'))).toEqual(['--no-collector.ipvs', '--no-collector.zfs']);
    });

    test('a collector this library does not list passes as custom()', () => {
      expect(containerOf(exporter({ enableCollectors: [NodeExporterCollector.custom('nextgen_stats')] }).objs).args).toContain('--collector.nextgen_stats');
    });

    test('a textfile directory is mounted read-only (created where missing) and given to the collector, with a justification', () => {
      const { objs } = exporter({ textfileDirectory: '/var/lib/node-exporter/textfile' });
      expect(podOf(objs).volumes).toContainEqual({ name: 'textfile', hostPath: { path: '/var/lib/node-exporter/textfile', type: 'DirectoryOrCreate' } });
      expect(containerOf(objs).volumeMounts).toContainEqual({ name: 'textfile', mountPath: '/host/textfile', readOnly: true });
      expect(containerOf(objs).args).toContain('--collector.textfile.directory=/host/textfile');
      expect(only(objs, 'DaemonSet').metadata.annotations['justification.cdk8s-daemonsets.io/hostPath.textfile']).toMatch(/\/var\/lib\/node-exporter\/textfile/);
    });

    test('empty exclusion patterns leave node-exporter\'s own defaults', () => {
      const args: string[] = containerOf(exporter({ filesystemMountPointsExclude: '', networkDevicesExclude: '' }).objs).args;
      expect(args.filter(a => /mount-points|ignored-devices|device-exclude/.test(a))).toEqual([]);
    });

    test('custom exclusion patterns', () => {
      const args: string[] = containerOf(exporter({ filesystemMountPointsExclude: '^/(dev|proc|sys)($|/)', networkDevicesExclude: '^(veth.*|cali.*)$' }).objs).args;
      expect(args).toContain('--collector.filesystem.mount-points-exclude=^/(dev|proc|sys)($|/)');
      expect(args).toContain('--collector.netclass.ignored-devices=^(veth.*|cali.*)$');
      expect(args).toContain('--collector.netdev.device-exclude=^(veth.*|cali.*)$');
    });
  });

  describe('host root mount and listen address', () => {
    test('mountHostRoot: false drops the / mount, its justification and the flags that point into it', () => {
      const { objs } = exporter({ mountHostRoot: false });
      expect(podOf(objs).volumes.map((v: any) => v.name)).toEqual(['proc', 'sys']);
      expect(containerOf(objs).args.filter((a: string) => a.includes('/host/root'))).toEqual([]);
      expect(only(objs, 'DaemonSet').metadata.annotations['justification.cdk8s-daemonsets.io/hostPath.root']).toBeUndefined();
    });

    test('hostRootPropagation NONE, for nodes whose / is not a shared mount', () => {
      const root = containerOf(exporter({ hostRootPropagation: MountPropagation.NONE }).objs).volumeMounts.find((m: any) => m.name === 'root');
      expect(root.mountPropagation).toBe('None');
    });

    test('listenOnAllInterfaces listens on :port and needs no HOST_IP', () => {
      const container = containerOf(exporter({ listenOnAllInterfaces: true }).objs);
      expect(container.args).toContain('--web.listen-address=:9100');
      expect(container.env).toBeUndefined();
    });

    test('another port moves the container port, host port, probes, Service, scrape annotation and justification together', () => {
      const { objs } = exporter({ port: 9200 });
      const container = containerOf(objs);
      expect(container.ports).toEqual([{ containerPort: 9200, hostPort: 9200, name: 'metrics' }]);
      expect(container.args).toContain('--web.listen-address=[$(HOST_IP)]:9200');
      expect(container.livenessProbe.httpGet.port).toBe(9200);
      expect(container.readinessProbe.httpGet.port).toBe(9200);
      const service = only(objs, 'Service');
      expect(service.spec.ports).toEqual([{ name: 'metrics', port: 9200, targetPort: 9200 }]);
      expect(service.metadata.annotations['prometheus.io/port']).toBe('9200');
      const annotations = only(objs, 'DaemonSet').metadata.annotations;
      expect(annotations['justification.cdk8s-daemonsets.io/hostPort.9200']).toBeDefined();
      expect(annotations['justification.cdk8s-daemonsets.io/hostPort.9100']).toBeUndefined();
    });

    test('two installations side by side: their own instance, port and objects', () => {
      const chart = newChart();
      new NodeExporterDaemonSet(chart, 'a');
      new NodeExporterDaemonSet(chart, 'b', { instance: 'node-exporter-gpu', port: 9101, nodeSelection: NodeSelection.gpuNodes() });
      const objs = synth(chart);
      expect(objs.filter(o => o.kind === 'DaemonSet').map(o => o.metadata.name)).toEqual(['node-exporter', 'node-exporter-gpu']);
      expect(only(objs, 'DaemonSet', 'node-exporter-gpu').spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('node-exporter-gpu');
    });

    test('scrapeAnnotations: false leaves the Service without scrape annotations (the sync wave only)', () => {
      expect(only(exporter({ scrapeAnnotations: false }).objs, 'Service').metadata.annotations).toEqual({ [SYNC_WAVE]: '0' });
    });
  });

  describe('ServiceMonitor', () => {
    test('serviceMonitor: true emits one with kube-prometheus\'s job label, interval and node-name instance', () => {
      const { construct, objs } = exporter({ serviceMonitor: true });
      const monitor = only(objs, 'ServiceMonitor');
      expect(construct.serviceMonitor).toBeDefined();
      expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(monitor.metadata.namespace).toBe('monitoring');
      expect(monitor.spec).toEqual({
        jobLabel: 'app.kubernetes.io/name',
        selector: { matchLabels: { 'app.kubernetes.io/name': 'node-exporter', 'app.kubernetes.io/instance': 'node-exporter' } },
        namespaceSelector: { matchNames: ['monitoring'] },
        endpoints: [{
          port: 'metrics',
          scheme: 'http',
          path: '/metrics',
          interval: '15s',
          scrapeTimeout: '10s',
          honorLabels: false,
          relabelings: [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' }],
        }],
      });
    });

    test('options alone ask for it: interval, timeout, selector labels, no relabeling', () => {
      const monitor = only(exporter({
        serviceMonitorOptions: {
          interval: Duration.seconds(30),
          scrapeTimeout: Duration.millis(2500),
          labels: { release: 'kube-prometheus-stack' },
          instanceFromNodeName: false,
        },
      }).objs, 'ServiceMonitor');
      expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
      expect(monitor.spec.endpoints[0]).toEqual({ port: 'metrics', scheme: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '2500ms', honorLabels: false });
    });

    test('serviceMonitor: false emits none', () => {
      expect(exporter({ serviceMonitor: false }).objs.some(o => o.kind === 'ServiceMonitor')).toBe(false);
    });
  });

  test('overrides the main knobs', () => {
    const { objs } = exporter({
      namespace: 'observability',
      instance: 'node-metrics',
      partOf: 'platform-monitoring',
      version: NodeExporterVersion.of('1.13.0'),
      imageRegistry: 'registry.example.com/mirror',
      updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(3) }),
      nodeSelection: NodeSelection.linux().and(NodeSelection.matching(NodeRequirement.notIn('node.kubernetes.io/instance-type', 'spot'))),
      tolerations: [Toleration.allWithEffect(TaintEffect.NO_SCHEDULE)],
      resources: { cpu: { request: Cpu.millis(50) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
      extraEnv: { GOMAXPROCS: EnvValue.fromValue('2') },
      extraArgs: ['--collector.diskstats.device-exclude=^(ram|loop)\\d+$'],
      minReady: Duration.seconds(10),
      revisionHistoryLimit: 3,
      priorityClassName: 'monitoring-critical',
    });
    expect(only(objs, 'Namespace').metadata.name).toBe('observability');
    for (const obj of objs.filter(o => o.kind !== 'Namespace')) {
      expect(obj.metadata.namespace).toBe('observability');
      expect(obj.metadata.name).toBe('node-metrics');
      expect(obj.metadata.labels['app.kubernetes.io/version']).toBe('1.13.0');
      expect(obj.metadata.labels['app.kubernetes.io/part-of']).toBe('platform-monitoring');
    }
    const ds = only(objs, 'DaemonSet');
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 3, maxSurge: 0 } });
    expect(ds.spec.minReadySeconds).toBe(10);
    expect(ds.spec.revisionHistoryLimit).toBe(3);
    const pod = ds.spec.template.spec;
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'NotIn', values: ['spot'] }] },
    ]);
    expect(pod.tolerations).toEqual([{ operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.priorityClassName).toBe('monitoring-critical');
    expect(pod.serviceAccountName).toBe('node-metrics');
    const container = pod.containers[0];
    expect(container.image).toBe('registry.example.com/mirror/prometheus/node-exporter:v1.13.0');
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
    expect(container.env).toEqual([
      { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'GOMAXPROCS', value: '2' },
    ]);
    expect(container.args[container.args.length - 1]).toBe('--collector.diskstats.device-exclude=^(ram|loop)\\d+$');
  });

  describe('GitOps delivery', () => {
    test('emits the monitoring Namespace, cluster-scoped, labelled privileged for Pod Security (hostNetwork, hostPID, hostPath)', () => {
      const { objs } = exporter();
      expect([podOf(objs).hostNetwork, podOf(objs).hostPID]).toEqual([true, true]);
      const ns = only(objs, 'Namespace', 'monitoring');
      expect(ns.apiVersion).toBe('v1');
      expect(ns.metadata.namespace).toBeUndefined();
      expect(ns.metadata.labels).toEqual(psaLabels('privileged'));
    });

    test('puts every object, the Namespace included, in sync wave 0 (SyncWave.OBSERVABILITY)', () => {
      expect(wavesOf(exporter().objs)).toEqual({
        'Namespace/monitoring': '0',
        'DaemonSet/node-exporter': '0',
        'ServiceAccount/node-exporter': '0',
        'Service/node-exporter': '0',
      });
      // The ServiceMonitor too, and the alerts that come with it.
      const { objs } = exporter({ serviceMonitor: true });
      expect(objs.map(o => o.kind).sort()).toEqual(['DaemonSet', 'Namespace', 'PrometheusRule', 'Service', 'ServiceAccount', 'ServiceMonitor']);
      expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '0'));
    });

    test('syncWave: SyncWave.of(5) moves every object to wave 5', () => {
      const { objs } = exporter({ syncWave: SyncWave.of(5), serviceMonitor: true });
      expect(objs).toHaveLength(6);
      expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '5'));
    });

    test('syncWave: SyncWave.NONE writes no sync-wave annotation, and still emits the Namespace', () => {
      const { objs } = exporter({ syncWave: SyncWave.NONE, serviceMonitor: true });
      expect(objs).toHaveLength(6);
      for (const o of objs) expect(o.metadata.annotations?.[SYNC_WAVE]).toBeUndefined();
      expect(only(objs, 'Namespace').metadata.annotations).toBeUndefined();
      expect(only(objs, 'DaemonSet').metadata.annotations['justification.cdk8s-daemonsets.io/hostPID']).toBeDefined();
    });

    test('SyncWave.disableIn(app) removes the annotation from every object', () => {
      const app = Testing.app();
      SyncWave.disableIn(app);
      const chart = new Chart(app, 'test');
      new NodeExporterDaemonSet(chart, 'node-exporter');
      const objs = synth(chart);
      expect(objs).toHaveLength(4);
      for (const o of objs) expect(o.metadata.annotations?.[SYNC_WAVE]).toBeUndefined();
    });

    test('createNamespace: false emits no Namespace, and everything else unchanged', () => {
      const { objs } = exporter({ createNamespace: false });
      expect(objs.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['DaemonSet/node-exporter', 'Service/node-exporter', 'ServiceAccount/node-exporter']);
      expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '0'));
    });

    test('sharing "monitoring" with the GPU monitor: exactly one Namespace', () => {
      const chart = newChart();
      new NodeExporterDaemonSet(chart, 'node-exporter', { namespace: 'monitoring' });
      new GpuMonitorDaemonSet(chart, 'gpu', { namespace: 'monitoring' });
      const objs = synth(chart);
      expect(objs.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'ConfigMap/dcgm-exporter-counters',
        'DaemonSet/dcgm-exporter',
        'DaemonSet/node-exporter',
        'Namespace/monitoring',
        'Service/dcgm-exporter',
        'Service/node-exporter',
        'ServiceAccount/dcgm-exporter',
        'ServiceAccount/node-exporter',
      ]);
      expect(only(objs, 'Namespace').metadata).toEqual({ name: 'monitoring', labels: psaLabels('privileged'), annotations: { [SYNC_WAVE]: '0' } });
      expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '0'));
    });

    test('two installations in one namespace share its Namespace; a second namespace gets its own', () => {
      const chart = newChart();
      new NodeExporterDaemonSet(chart, 'a');
      new NodeExporterDaemonSet(chart, 'b', { instance: 'node-exporter-gpu', port: 9101 });
      new NodeExporterDaemonSet(chart, 'c', { namespace: 'observability' });
      const objs = synth(chart);
      expect(objs.filter(o => o.kind === 'Namespace').map(o => o.metadata.name).sort()).toEqual(['monitoring', 'observability']);
    });
  });

  describe('rejects', () => {
    test('rejects an unknown collector, naming the fix', () => {
      expect(build({ enableCollectors: [NodeExporterCollector.of('sytemd')] }))
        .toThrow(/^test\/node-exporter: invalid enableCollectors\[0\]: "sytemd"\. node-exporter has no collector of that name .*systemd.*NodeExporterCollector\.custom\("sytemd"\)/);
    });

    test('rejects a collector written as a flag', () => {
      expect(build({ disableCollectors: [NodeExporterCollector.custom('--collector.hwmon')] }))
        .toThrow(/test\/node-exporter: invalid disableCollectors\[0\]: "--collector\.hwmon"\. Use a collector name of lowercase letters, digits and "_", without "--collector\."/);
    });

    test('rejects a collector both enabled and disabled', () => {
      expect(build({ enableCollectors: [NodeExporterCollector.SYSTEMD], disableCollectors: [NodeExporterCollector.SYSTEMD] }))
        .toThrow(/test\/node-exporter: invalid disableCollectors: "systemd"\. The collector is also in enableCollectors.*keep it in one list/);
    });

    test('rejects a relative textfile directory', () => {
      expect(build({ textfileDirectory: 'var/lib/textfile' }))
        .toThrow(/test\/node-exporter: invalid textfileDirectory: "var\/lib\/textfile"\. Use an absolute node directory/);
    });

    test('rejects a textfile directory with the textfile collector disabled', () => {
      expect(build({ textfileDirectory: '/var/lib/textfile', disableCollectors: [NodeExporterCollector.TEXTFILE] }))
        .toThrow(/test\/node-exporter: invalid textfileDirectory: "\/var\/lib\/textfile"\. The textfile collector is in disableCollectors/);
    });

    test('rejects a port a non-root exporter cannot bind', () => {
      expect(build({ port: 100 })).toThrow(/test\/node-exporter: invalid port: 100\. node-exporter runs as a non-root user without capabilities and cannot bind below 1024: use a port from 1024 to 65535/);
    });

    test('rejects a port out of range', () => {
      expect(build({ port: 70000 })).toThrow(/test\/node-exporter: invalid port: 70000\. Use an integer port from 1 to 65535/);
    });

    test('rejects Bidirectional propagation of the root mount', () => {
      expect(build({ hostRootPropagation: MountPropagation.BIDIRECTIONAL }))
        .toThrow(/test\/node-exporter: invalid hostRootPropagation: "Bidirectional"\. node-exporter only reads .*MountPropagation\.HOST_TO_CONTAINER/);
    });

    test('rejects an extra argument repeating a flag the construct sets', () => {
      expect(build({ extraArgs: ['--web.listen-address=:9200'] }))
        .toThrow(/test\/node-exporter: invalid extraArgs\[0\]: "--web\.listen-address=:9200"\. The agent manages --web\.listen-address \(node-exporter refuses a flag given twice\): use port and listenOnAllInterfaces instead\./);
    });

    test('rejects an extra argument switching a default-disabled collector again', () => {
      expect(build({ extraArgs: ['--no-collector.hwmon'] }))
        .toThrow(/invalid extraArgs\[0\]: "--no-collector\.hwmon"\. The agent manages --no-collector\.hwmon \(node-exporter refuses a flag given twice\): use disableCollectors instead\./);
    });

    test('rejects an include list beside the construct\'s exclude list', () => {
      expect(build({ extraArgs: ['--collector.filesystem.mount-points-include=^/data'] }))
        .toThrow(/invalid extraArgs\[0\]: .*set filesystemMountPointsExclude to "" to use an include list instead/);
    });

    test('rejects a positional extra argument', () => {
      expect(build({ extraArgs: ['collector.systemd'] }))
        .toThrow(/test\/node-exporter: invalid extraArgs\[0\]: "collector\.systemd"\. node-exporter takes only flags/);
    });

    test('rejects an extra HOST_IP env var, which the listen address uses', () => {
      expect(build({ extraEnv: { HOST_IP: EnvValue.fromValue('10.0.0.1') } }))
        .toThrow(/test\/node-exporter: invalid extraEnv\[HOST_IP\]: "HOST_IP"\. The agent manages HOST_IP \(the listen address reads the node's IP from it\): choose another name, or set listenOnAllInterfaces: true\./);
    });

    test('rejects an env var name the kubelet refuses', () => {
      expect(build({ extraEnv: { '1FLAG': EnvValue.fromValue('x') } }))
        .toThrow(/test\/node-exporter: invalid extraEnv: "1FLAG"\. Use an environment variable name of letters, digits/);
    });

    test('rejects an invalid namespace', () => {
      expect(build({ namespace: 'Monitoring' })).toThrow(/test\/node-exporter: invalid namespace: "Monitoring"\. Use at most 63 lowercase letters/);
    });

    test('rejects an instance that cannot name the Service', () => {
      expect(build({ instance: '2nd-exporter' })).toThrow(/test\/node-exporter: invalid instance: "2nd-exporter"\. .*starting with a letter \(a DNS-1035 label\)/);
    });

    test('rejects serviceMonitor: false with options', () => {
      expect(build({ serviceMonitor: false, serviceMonitorOptions: {} }))
        .toThrow(/test\/node-exporter: invalid serviceMonitorOptions: \{\}\. serviceMonitor is false, so no ServiceMonitor uses these options/);
    });

    test('rejects a scrape timeout longer than the interval', () => {
      expect(build({ serviceMonitorOptions: { interval: Duration.seconds(10), scrapeTimeout: Duration.seconds(30) } }))
        .toThrow(/test\/node-exporter: invalid serviceMonitorOptions\.scrapeTimeout: "30s"\. Prometheus refuses a scrape timeout longer than the interval \(10s\)/);
    });

    test('rejects a zero scrape interval', () => {
      expect(build({ serviceMonitorOptions: { interval: Duration.seconds(0) } }))
        .toThrow(/test\/node-exporter: invalid serviceMonitorOptions\.interval: "0ms"\. Use a positive whole number of milliseconds/);
    });

    test('rejects a ServiceMonitor label Kubernetes refuses', () => {
      expect(build({ serviceMonitorOptions: { labels: { release: 'kube prometheus' } } }))
        .toThrow(/test\/node-exporter: invalid serviceMonitorOptions\.labels\[release\]: "kube prometheus"\./);
    });

    test('rejects a minReady of a fraction of a second', () => {
      expect(build({ minReady: Duration.millis(1500) })).toThrow(/test\/node-exporter: invalid minReady: "1500ms"\. Kubernetes counts minReadySeconds in whole seconds/);
    });

    test('rejects resources without requests (through the base)', () => {
      expect(build({ resources: { memory: { limit: Size.mebibytes(180) } } }))
        .toThrow(/test\/node-exporter\/DaemonSet: invalid containers\[node-exporter\]\.resources: .*must request CPU and memory/);
    });
  });
});

describe('NodeExporterVersion', () => {
  test('derives the image tag and the version label', () => {
    expect(NodeExporterVersion.V1_12_1.version).toBe('1.12.1');
    expect(NodeExporterVersion.V1_12_1.image).toBe('quay.io/prometheus/node-exporter:v1.12.1');
    expect(NodeExporterVersion.of('1.13.0')).toMatchObject({ version: '1.13.0', repository: 'quay.io/prometheus/node-exporter', tag: 'v1.13.0' });
  });

  test.each(['v1.12.1', '1.12', '1.12.1-rc.0', 'latest'])('rejects the version %s', version => {
    expect(() => NodeExporterVersion.of(version)).toThrow(/NodeExporterVersion\.of: invalid version: ".*"\. Use a release number "major\.minor\.patch" without a "v", e\.g\. NodeExporterVersion\.of\('1\.12\.1'\)/);
  });
});

describe('NodeExporterCollector', () => {
  test('flags', () => {
    expect(NodeExporterCollector.THERMAL_ZONE.enableFlag).toBe('--collector.thermal_zone');
    expect(NodeExporterCollector.THERMAL_ZONE.disableFlag).toBe('--no-collector.thermal_zone');
  });
});
