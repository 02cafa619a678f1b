import { createHash } from 'crypto';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu, EnvValue, Secret } from 'cdk8s-plus-28';
import { parse } from 'yaml';
import {
  FluentBitLogLevel, FluentBitVersion, HttpLogFormat, LogCollectorDaemonSet, LogCollectorDaemonSetProps, LogFilter, LogOutput,
} from '../../src/agents/log-collector';
import { NodeExporterDaemonSet } from '../../src/agents/node-exporter';
import { ServiceMode } from '../../src/base/discovery';
import { NodeSelection } from '../../src/base/node-selection';
import { TaintEffect, Toleration } from '../../src/base/tolerations';
import { UpdateLimit, UpdateStrategy } from '../../src/base/update-strategy';
import { SyncWave } from '../../src/gitops/sync-wave';
import { everyObjectIn, psaLabels, SYNC_WAVE, wavesOf } from '../support/gitops';
import { Manifest, newChart, only, synth } from '../support/manifests';

const LOKI = 'http://loki-gateway.loki.svc.cluster.local';

const loki = () => LogOutput.loki({ url: LOKI });

function build(props: Partial<LogCollectorDaemonSetProps> = {}, chart: Chart = newChart()): { objs: Manifest[]; collector: LogCollectorDaemonSet } {
  const collector = new LogCollectorDaemonSet(chart, 'logs', { outputs: [loki()], ...props });
  return { objs: synth(chart), collector };
}

function attempt(props: Partial<LogCollectorDaemonSetProps>): () => void {
  return () => build(props);
}

const podSpec = (objs: Manifest[]) => only(objs, 'DaemonSet').spec.template.spec;
const mainContainer = (objs: Manifest[]) => podSpec(objs).containers.find((c: any) => c.name === 'fluent-bit');
const fluentBitConfig = (objs: Manifest[]) => parse(only(objs, 'ConfigMap').data['fluent-bit.yaml']);
const input = (objs: Manifest[], name: string) => fluentBitConfig(objs).pipeline.inputs.find((i: any) => i.name === name);
const filter = (objs: Manifest[], name: string) => fluentBitConfig(objs).pipeline.filters.find((f: any) => f.name === name);
const outputs = (objs: Manifest[]) => fluentBitConfig(objs).pipeline.outputs;
const hostVolume = (objs: Manifest[], path: string) => podSpec(objs).volumes.find((v: any) => v.hostPath?.path === path);
const mountOf = (objs: Manifest[], name: string) => mainContainer(objs).volumeMounts.find((m: any) => m.name === name);
const annotations = (objs: Manifest[]) => only(objs, 'DaemonSet').metadata.annotations;

describe('LogCollectorDaemonSet', () => {
  test('synthesizes the defaults', () => {
    expect(build().objs).toMatchSnapshot();
  });

  describe('production defaults', () => {
    const { objs } = build();

    test('every object is in the logging namespace (cluster-scoped RBAC and the Namespace aside) with the recommended labels', () => {
      for (const obj of objs.filter(o => o.kind !== 'Namespace')) {
        if (obj.kind.startsWith('ClusterRole')) expect(obj.metadata.namespace).toBeUndefined();
        else expect(obj.metadata.namespace).toBe('logging');
        expect(obj.metadata.labels).toMatchObject({
          'app.kubernetes.io/name': 'fluent-bit',
          'app.kubernetes.io/instance': 'fluent-bit',
          'app.kubernetes.io/version': '5.1.1',
          'app.kubernetes.io/component': 'log-collector',
          'app.kubernetes.io/managed-by': 'cdk8s',
        });
      }
      expect(objs.map(o => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'DaemonSet', 'Namespace', 'Service', 'ServiceAccount']);
      const ns = only(objs, 'Namespace');
      expect(ns.metadata.name).toBe('logging');
      expect(ns.metadata.namespace).toBeUndefined();
    });

    test('runs the pinned Fluent Bit 5.1.1 with the chart\'s command line', () => {
      const c = mainContainer(objs);
      expect(c.image).toBe('cr.fluentbit.io/fluent/fluent-bit:5.1.1');
      expect(c.imagePullPolicy).toBe('IfNotPresent');
      expect(c.command).toEqual(['/fluent-bit/bin/fluent-bit']);
      expect(c.args).toEqual(['--workdir=/fluent-bit/etc', '--config=/fluent-bit/etc/conf/fluent-bit.yaml']);
    });

    test('tolerates every taint', () => {
      expect(podSpec(objs).tolerations).toEqual([{ operator: 'Exists' }]);
    });

    test('runs on Linux nodes and never on virtual nodes', () => {
      const spec = podSpec(objs);
      expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
      expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
        matchExpressions: [
          { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
          { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
        ],
      }]);
    });

    test('is system-node-critical', () => {
      expect(podSpec(objs).priorityClassName).toBe('system-node-critical');
    });

    test('rolls 20% of the nodes at a time, never surging', () => {
      expect(only(objs, 'DaemonSet').spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '20%', maxSurge: 0 } });
    });

    test('requests 100m CPU and 128Mi, limits memory to 256Mi and CPU not at all', () => {
      expect(mainContainer(objs).resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });
    });

    test('runs as root with nothing else: read-only root filesystem, no escalation, every capability dropped', () => {
      expect(mainContainer(objs).securityContext).toEqual({
        runAsUser: 0,
        runAsGroup: 0,
        runAsNonRoot: false,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(podSpec(objs).securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    });

    test('shares no host namespace', () => {
      const spec = podSpec(objs);
      expect(spec.hostNetwork).toBeUndefined();
      expect(spec.hostPID).toBeUndefined();
      expect(spec.hostIPC).toBeUndefined();
      expect(spec.dnsPolicy).toBe('ClusterFirst');
    });

    test('mounts the container log directories read-only and nothing else of /var/log', () => {
      expect(hostVolume(objs, '/var/log/containers').hostPath.type).toBe('Directory');
      expect(hostVolume(objs, '/var/log/pods').hostPath.type).toBe('Directory');
      expect(mountOf(objs, 'varlogcontainers')).toEqual({ name: 'varlogcontainers', mountPath: '/var/log/containers', readOnly: true });
      expect(mountOf(objs, 'varlogpods')).toEqual({ name: 'varlogpods', mountPath: '/var/log/pods', readOnly: true });
      expect(hostVolume(objs, '/var/log')).toBeUndefined();
    });

    test('keeps its tail position DB in its own writable host directory', () => {
      expect(hostVolume(objs, '/var/lib/fluent-bit/logging-fluent-bit').hostPath.type).toBe('DirectoryOrCreate');
      expect(mountOf(objs, 'state')).toEqual({ name: 'state', mountPath: '/var/lib/fluent-bit', readOnly: false });
      expect(input(objs, 'tail').db).toBe('/var/lib/fluent-bit/containers.db');
      const writable = mainContainer(objs).volumeMounts.filter((m: any) => !m.readOnly);
      expect(writable.map((m: any) => m.name)).toEqual(['state']);
    });

    test('mounts neither the Docker directory nor the journal nor /etc/machine-id', () => {
      expect(hostVolume(objs, '/var/lib/docker/containers')).toBeUndefined();
      expect(hostVolume(objs, '/var/log/journal')).toBeUndefined();
      expect(hostVolume(objs, '/etc/machine-id')).toBeUndefined();
      expect(input(objs, 'systemd')).toBeUndefined();
    });

    test('justifies every privilege it takes (its only other annotation is the sync wave)', () => {
      const justified = Object.keys(annotations(objs)).map(k => k.replace('justification.cdk8s-daemonsets.io/', '')).sort();
      const hostPaths = podSpec(objs).volumes.filter((v: any) => v.hostPath).map((v: any) => `hostPath.${v.name}`);
      expect(justified).toEqual(['apiAccess', SYNC_WAVE, ...hostPaths, 'runAsRoot.fluent-bit'].sort());
    });

    test('reads pods and namespaces from the API, with the token mounted', () => {
      expect(only(objs, 'ClusterRole').rules).toEqual([{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }]);
      expect(only(objs, 'ClusterRoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'fluent-bit', namespace: 'logging' }]);
      expect(podSpec(objs).serviceAccountName).toBe('fluent-bit');
      expect(podSpec(objs).automountServiceAccountToken).toBe(true);
      expect(filter(objs, 'kubernetes').namespace_labels).toBe('on');
    });

    test('serves metrics and health on port 2020 with liveness on / and readiness on /api/v2/health', () => {
      const c = mainContainer(objs);
      expect(c.ports).toEqual([{ containerPort: 2020, name: 'http' }]);
      expect(c.livenessProbe).toEqual({ httpGet: { path: '/', port: 2020, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
      expect(c.readinessProbe).toEqual({ httpGet: { path: '/api/v2/health', port: 2020, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
      expect(fluentBitConfig(objs).service).toMatchObject({ http_server: 'on', http_listen: '0.0.0.0', http_port: 2020, health_check: 'on' });
    });

    test('exposes the metrics through a headless Service with scrape annotations, and no ServiceMonitor', () => {
      const svc = only(objs, 'Service');
      expect(svc.metadata.name).toBe('fluent-bit');
      expect(svc.spec.clusterIP).toBe('None');
      expect(svc.spec.internalTrafficPolicy).toBeUndefined();
      expect(svc.spec.ports).toEqual([{ name: 'http', port: 2020, targetPort: 2020 }]);
      expect(svc.spec.selector).toEqual({ 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/instance': 'fluent-bit' });
      expect(svc.metadata.annotations).toEqual({
        [SYNC_WAVE]: '0',
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '2020',
        'prometheus.io/path': '/api/v2/metrics/prometheus',
        'prometheus.io/scheme': 'http',
      });
      expect(objs.filter(o => o.kind === 'ServiceMonitor')).toEqual([]);
    });

    test('tails container logs with the chart\'s input settings, a 5MiB buffer and a 10s rescan', () => {
      expect(input(objs, 'tail')).toEqual({
        'name': 'tail',
        'tag': 'kube.*',
        'path': '/var/log/containers/*.log',
        'multiline.parser': 'docker, cri',
        'db': '/var/lib/fluent-bit/containers.db',
        'mem_buf_limit': 5 * 1024 * 1024,
        'skip_long_lines': 'on',
        'refresh_interval': 10,
      });
    });

    test('enriches container logs with Kubernetes metadata from the API server', () => {
      expect(filter(objs, 'kubernetes')).toEqual({
        'name': 'kubernetes',
        'match': 'kube.*',
        'kube_tag_prefix': 'kube.var.log.containers.',
        'merge_log': 'on',
        'keep_log': 'off',
        'k8s-logging.parser': 'on',
        'k8s-logging.exclude': 'on',
        'annotations': 'off',
        'buffer_size': 0,
        'namespace_labels': 'on',
      });
    });

    test('flushes for 20s on shutdown, within the pod\'s 30s grace period', () => {
      expect(fluentBitConfig(objs).service.grace).toBe(20);
      expect(podSpec(objs).terminationGracePeriodSeconds).toBe(30);
    });

    test('rolls the pods when the configuration changes', () => {
      const cm = only(objs, 'ConfigMap');
      const expected = createHash('sha256').update(JSON.stringify([['fluent-bit.yaml', cm.data['fluent-bit.yaml']]])).digest('hex');
      expect(only(objs, 'DaemonSet').spec.template.metadata.annotations['checksum/config']).toBe(expected);
      const other = build({ outputs: [LogOutput.loki({ url: 'http://loki.other.svc' })] }).objs;
      expect(only(other, 'DaemonSet').spec.template.metadata.annotations['checksum/config']).not.toBe(expected);
    });
  });

  test('overrides the main knobs', () => {
    const { objs, collector } = build({
      namespace: 'observability',
      instance: 'node-logs',
      partOf: 'platform',
      version: FluentBitVersion.of('5.2.0'),
      imageRegistry: 'registry.internal',
      nodeSelection: NodeSelection.labels({ 'node.kubernetes.io/pool': 'apps' }),
      tolerations: [Toleration.allWithEffect(TaintEffect.NO_SCHEDULE)],
      updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(3) }),
      minReady: Duration.seconds(5),
      revisionHistoryLimit: 3,
      priorityClassName: 'logging-critical',
      resources: { cpu: { request: Cpu.millis(200), limit: Cpu.millis(500) }, memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) } },
      extraEnv: { TZ: EnvValue.fromValue('UTC') },
      extraArgs: ['--enable-hot-reload'],
      memBufLimit: Size.mebibytes(20),
      refreshInterval: Duration.seconds(30),
      logLevel: FluentBitLogLevel.WARN,
      metricsPort: 2021,
      namespaceLabels: false,
      podAnnotations: true,
      excludeNamespaces: ['kube-system'],
      stateDirectory: '/data/fluent-bit',
      serviceMode: ServiceMode.NODE_LOCAL,
    });
    const ds = only(objs, 'DaemonSet');
    const spec = podSpec(objs);
    const c = mainContainer(objs);
    expect(collector.namespace).toBe('observability');
    const namespaced = objs.filter(o => !o.kind.startsWith('ClusterRole') && o.kind !== 'Namespace');
    expect(namespaced.map(o => o.metadata.namespace)).toEqual(namespaced.map(() => 'observability'));
    expect(only(objs, 'Namespace').metadata.name).toBe('observability');
    expect(ds.metadata.name).toBe('node-logs');
    expect(ds.metadata.labels).toMatchObject({ 'app.kubernetes.io/instance': 'node-logs', 'app.kubernetes.io/part-of': 'platform', 'app.kubernetes.io/version': '5.2.0' });
    expect(c.image).toBe('registry.internal/fluent/fluent-bit:5.2.0');
    expect(spec.nodeSelector).toEqual({ 'node.kubernetes.io/pool': 'apps' });
    expect(spec.affinity).toBeUndefined();
    expect(spec.tolerations).toEqual([{ operator: 'Exists', effect: 'NoSchedule' }]);
    expect(ds.spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: 3, maxSurge: 0 });
    expect(ds.spec.minReadySeconds).toBe(5);
    expect(ds.spec.revisionHistoryLimit).toBe(3);
    expect(spec.priorityClassName).toBe('logging-critical');
    expect(c.resources).toEqual({ requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    expect(c.env).toEqual([{ name: 'TZ', value: 'UTC' }]);
    expect(c.args).toEqual(['--workdir=/fluent-bit/etc', '--config=/fluent-bit/etc/conf/fluent-bit.yaml', '--enable-hot-reload']);
    expect(c.ports).toEqual([{ containerPort: 2021, name: 'http' }]);
    expect(c.livenessProbe.httpGet.port).toBe(2021);
    const tail = input(objs, 'tail');
    expect(tail.mem_buf_limit).toBe(20 * 1024 * 1024);
    expect(tail.refresh_interval).toBe(30);
    expect(tail.exclude_path).toBe('/var/log/containers/*_kube-system_*.log');
    const config = fluentBitConfig(objs);
    expect(config.service).toMatchObject({ log_level: 'warn', http_port: 2021 });
    expect(filter(objs, 'kubernetes').namespace_labels).toBeUndefined();
    expect(filter(objs, 'kubernetes').annotations).toBe('on');
    expect(only(objs, 'ClusterRole').rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    expect(only(objs, 'ClusterRole').metadata.name).toBe('observability-node-logs');
    expect(hostVolume(objs, '/data/fluent-bit').hostPath.type).toBe('DirectoryOrCreate');
    const svc = only(objs, 'Service');
    expect(svc.metadata.name).toBe('node-logs');
    expect(svc.spec.clusterIP).toBeUndefined();
    expect(svc.spec.internalTrafficPolicy).toBe('Local');
    expect(svc.metadata.annotations['prometheus.io/port']).toBe('2021');
  });

  describe('GitOps delivery', () => {
    test('emits the logging Namespace, cluster-scoped, labelled privileged for Pod Security (the log and state hostPaths)', () => {
      const { objs } = build();
      expect(podSpec(objs).hostNetwork).toBeUndefined();
      expect(podSpec(objs).volumes.filter((v: any) => v.hostPath).map((v: any) => v.name).sort()).toEqual(['state', 'varlogcontainers', 'varlogpods']);
      const ns = only(objs, 'Namespace', 'logging');
      expect(ns.apiVersion).toBe('v1');
      expect(ns.metadata.namespace).toBeUndefined();
      expect(ns.metadata.labels).toEqual(psaLabels('privileged'));
    });

    test('puts every object, the Namespace included, in sync wave 0 (SyncWave.OBSERVABILITY)', () => {
      expect(wavesOf(build().objs)).toEqual({
        'Namespace/logging': '0',
        'DaemonSet/fluent-bit': '0',
        'ServiceAccount/fluent-bit': '0',
        'ClusterRole/logging-fluent-bit': '0',
        'ClusterRoleBinding/logging-fluent-bit': '0',
        'Service/fluent-bit': '0',
        'ConfigMap/fluent-bit': '0',
      });
      // The ServiceMonitor too, and the alerts that come with it.
      const { objs } = build({ serviceMonitor: true });
      expect(objs.map(o => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'DaemonSet', 'Namespace', 'PrometheusRule', 'Service', 'ServiceAccount', 'ServiceMonitor']);
      expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '0'));
    });

    test('syncWave: SyncWave.of(5) moves every object to wave 5', () => {
      const { objs } = build({ syncWave: SyncWave.of(5), serviceMonitor: true });
      expect(objs).toHaveLength(9);
      expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '5'));
    });

    test('syncWave: SyncWave.NONE writes no sync-wave annotation, and still emits the Namespace', () => {
      const { objs } = build({ syncWave: SyncWave.NONE, serviceMonitor: true });
      expect(objs).toHaveLength(9);
      for (const o of objs) expect(o.metadata.annotations?.[SYNC_WAVE]).toBeUndefined();
      expect(only(objs, 'Namespace').metadata.annotations).toBeUndefined();
      expect(only(objs, 'Service').metadata.annotations['prometheus.io/scrape']).toBe('true');
    });

    test('SyncWave.disableIn(app) removes the annotation from every object', () => {
      const app = Testing.app();
      SyncWave.disableIn(app);
      const { objs } = build({}, new Chart(app, 'test'));
      expect(objs).toHaveLength(7);
      for (const o of objs) expect(o.metadata.annotations?.[SYNC_WAVE]).toBeUndefined();
    });

    test('createNamespace: false emits no Namespace, and everything else unchanged', () => {
      const { objs } = build({ createNamespace: false });
      expect(objs.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'ClusterRole/logging-fluent-bit',
        'ClusterRoleBinding/logging-fluent-bit',
        'ConfigMap/fluent-bit',
        'DaemonSet/fluent-bit',
        'Service/fluent-bit',
        'ServiceAccount/fluent-bit',
      ]);
      expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '0'));
    });

    test('sharing a namespace with node-exporter: exactly one Namespace', () => {
      const chart = newChart();
      new NodeExporterDaemonSet(chart, 'node-exporter', { namespace: 'observability' });
      const { objs } = build({ namespace: 'observability' }, chart);
      expect(objs.filter(o => o.kind === 'DaemonSet').map(o => `${o.metadata.namespace}/${o.metadata.name}`).sort())
        .toEqual(['observability/fluent-bit', 'observability/node-exporter']);
      expect(only(objs, 'Namespace').metadata).toEqual({ name: 'observability', labels: psaLabels('privileged'), annotations: { [SYNC_WAVE]: '0' } });
    });
  });

  test('reads the Docker containers directory read-only when asked', () => {
    const { objs } = build({ dockerLogDirectory: '/var/lib/docker/containers' });
    expect(hostVolume(objs, '/var/lib/docker/containers')).toEqual({ name: 'dockercontainers', hostPath: { path: '/var/lib/docker/containers', type: 'Directory' } });
    expect(mountOf(objs, 'dockercontainers')).toEqual({ name: 'dockercontainers', mountPath: '/var/lib/docker/containers', readOnly: true });
    expect(annotations(objs)['justification.cdk8s-daemonsets.io/hostPath.dockercontainers']).toMatch(/cri-dockerd/);
  });

  test('reads the journal of the given systemd units, with /etc/machine-id', () => {
    const { objs } = build({ systemdUnits: ['kubelet.service', 'containerd.service'] });
    expect(input(objs, 'systemd')).toEqual({
      name: 'systemd',
      tag: 'host.*',
      path: '/var/log/journal',
      systemd_filter: ['_SYSTEMD_UNIT=kubelet.service', '_SYSTEMD_UNIT=containerd.service'],
      systemd_filter_type: 'or',
      read_from_tail: 'on',
      db: '/var/lib/fluent-bit/journal.db',
      mem_buf_limit: 5 * 1024 * 1024,
    });
    expect(hostVolume(objs, '/var/log/journal').hostPath.type).toBe('Directory');
    expect(hostVolume(objs, '/etc/machine-id').hostPath.type).toBe('File');
    expect(mountOf(objs, 'journal').readOnly).toBe(true);
    expect(mountOf(objs, 'machine-id').readOnly).toBe(true);
  });

  test('emits a ServiceMonitor when asked, scraping the Prometheus endpoint', () => {
    const { objs, collector } = build({ serviceMonitorOptions: { labels: { release: 'kube-prometheus-stack' }, interval: Duration.seconds(15) } });
    const sm = only(objs, 'ServiceMonitor');
    expect(collector.serviceMonitor).toBeDefined();
    expect(sm.metadata).toMatchObject({ name: 'fluent-bit', namespace: 'logging', labels: { 'release': 'kube-prometheus-stack', 'app.kubernetes.io/name': 'fluent-bit' } });
    expect(sm.spec.selector.matchLabels).toEqual(only(objs, 'Service').spec.selector);
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['logging'] });
    expect(sm.spec.endpoints).toEqual([{
      port: 'http',
      path: '/api/v2/metrics/prometheus',
      scheme: 'http',
      interval: '15s',
      scrapeTimeout: '10s',
      honorLabels: false,
      relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance', action: 'replace' }],
    }]);
    expect(sm.spec.jobLabel).toBe('app.kubernetes.io/name');
  });

  test('scrapes every 30s with a 10s timeout when the ServiceMonitor is asked for without options', () => {
    const sm = only(build({ serviceMonitor: true }).objs, 'ServiceMonitor');
    expect(sm.spec.endpoints[0]).toMatchObject({ interval: '30s', scrapeTimeout: '10s' });
  });

  test('leaves the Service out when asked', () => {
    const { objs, collector } = build({ service: false });
    expect(objs.filter(o => o.kind === 'Service')).toEqual([]);
    expect(collector.service).toBeUndefined();
  });

  test('runs extra filters after the Kubernetes filter', () => {
    const { objs } = build({ filters: [LogFilter.custom('grep', { properties: { exclude: "$kubernetes['container_name'] ^istio-proxy$" } })] });
    expect(fluentBitConfig(objs).pipeline.filters.map((f: any) => f.name)).toEqual(['kubernetes', 'grep']);
    expect(filter(objs, 'grep')).toEqual({ name: 'grep', match: 'kube.*', exclude: "$kubernetes['container_name'] ^istio-proxy$" });
  });

  describe('rejects', () => {
    const at = 'test/logs: invalid';

    test('rejects an empty output list', () => {
      expect(attempt({ outputs: [] })).toThrow(new RegExp(`^${at} outputs: \\[\\]\\. Give at least one output, e.g\\. \\[LogOutput\\.loki`));
    });

    test('rejects a surge update strategy, which would run two collectors on one position DB', () => {
      expect(attempt({ updateStrategy: UpdateStrategy.rollingUpdate({ maxSurge: UpdateLimit.nodes(1) }) }))
        .toThrow(/test\/logs: invalid updateStrategy\.maxSurge: 1\. A surge runs the old and the new collector .* UpdateStrategy\.rollingUpdate\(\{ maxUnavailable/);
    });

    test('rejects a memory buffer that fills the memory limit', () => {
      expect(attempt({ memBufLimit: Size.mebibytes(300) })).toThrow(/test\/logs: invalid memBufLimit: "300Mi"\. The 1 input buffer\(s\) would fill the whole memory limit \(256Mi\)/);
      expect(attempt({ memBufLimit: Size.mebibytes(130), systemdUnits: ['kubelet.service'] })).toThrow(/invalid memBufLimit: "130Mi"\. The 2 input buffer\(s\)/);
    });

    test('rejects a memory buffer below 1MiB', () => {
      expect(attempt({ memBufLimit: Size.kibibytes(512) })).toThrow(/test\/logs: invalid memBufLimit: "512Ki"\. Use at least Size\.mebibytes\(1\)/);
    });

    test('rejects a refresh interval that is not whole seconds', () => {
      expect(attempt({ refreshInterval: Duration.millis(1500) })).toThrow(/test\/logs: invalid refreshInterval: "1500ms"\. Use a whole number of seconds of at least 1/);
    });

    test('rejects a metrics port out of range', () => {
      expect(attempt({ metricsPort: 70000 })).toThrow(/test\/logs: invalid metricsPort: 70000\. Use an integer port from 1 to 65535/);
    });

    test('rejects an invalid namespace', () => {
      expect(attempt({ namespace: 'Logging' })).toThrow(/test\/logs: invalid namespace: "Logging"\. Use at most 63 lowercase letters/);
    });

    test('rejects a systemd unit without its type', () => {
      expect(attempt({ systemdUnits: ['kubelet'] })).toThrow(/test\/logs: invalid systemdUnits\[0\]: "kubelet"\. Name a systemd unit with its type suffix, e\.g\. "kubelet\.service"/);
    });

    test('rejects an excluded namespace that is not a namespace name', () => {
      expect(attempt({ excludeNamespaces: ['kube_system'] })).toThrow(/test\/logs: invalid excludeNamespaces\[0\]: "kube_system"/);
    });

    test('rejects a relative state directory', () => {
      expect(attempt({ stateDirectory: 'var/lib/fluent-bit' })).toThrow(/test\/logs\/DaemonSet: invalid container fluent-bit hostPath: "var\/lib\/fluent-bit"\. Use an absolute path/);
    });

    test('rejects extra env that would shadow an output credential', () => {
      const chart = newChart();
      const password = { secret: Secret.fromSecretName(chart, 'creds', 'loki-creds'), key: 'password' };
      expect(() => build({
        outputs: [LogOutput.loki({ url: LOKI, basicAuth: { username: 'logs', password } })],
        extraEnv: { LOG_OUTPUT_0_HTTP_PASSWD: EnvValue.fromValue('oops') },
      }, chart)).toThrow(/test\/logs: invalid extraEnv\[LOG_OUTPUT_0_HTTP_PASSWD\]: "LOG_OUTPUT_0_HTTP_PASSWD"\. The agent manages LOG_OUTPUT_0_HTTP_PASSWD \(it carries an output's credential from its Secret\): choose another name\./);
    });

    test('rejects a ServiceMonitor without the Service', () => {
      expect(attempt({ service: false, serviceMonitor: true })).toThrow(/test\/logs: invalid serviceMonitor: true\. A ServiceMonitor scrapes through the Service/);
    });

    test('rejects a scrape timeout longer than the interval', () => {
      expect(attempt({ serviceMonitorOptions: { interval: Duration.seconds(5) } }))
        .toThrow(/test\/logs: invalid serviceMonitorOptions\.scrapeTimeout: "10s"\. Prometheus refuses a scrape timeout longer than the interval \(5s\)/);
    });

    test('rejects ServiceMonitor options with serviceMonitor: false', () => {
      expect(attempt({ serviceMonitor: false, serviceMonitorOptions: {} })).toThrow(/test\/logs: invalid serviceMonitorOptions: \{\}\. serviceMonitor is false/);
    });

    test('rejects an image repository with a tag', () => {
      expect(attempt({ imageRegistry: 'registry.internal/fluent-bit:5.1.1' }))
        .toThrow(/test\/logs: invalid imageRegistry: "registry\.internal\/fluent-bit:5\.1\.1"\. Give the registry and path only, without a tag/);
    });

    test('rejects a minReady that is not whole seconds', () => {
      expect(attempt({ minReady: Duration.millis(500) })).toThrow(/test\/logs: invalid minReady: "500ms"\. Kubernetes counts minReadySeconds in whole seconds of 0 or more/);
    });

    test('rejects an instance that cannot name the Service', () => {
      expect(attempt({ instance: '1st' })).toThrow(/test\/logs: invalid instance: "1st"\. .*DNS-1035/);
    });

    test('rejects an extra filter with an invalid plugin name', () => {
      expect(attempt({ filters: [LogFilter.custom('Grep')] })).toThrow(/test\/logs: invalid filters\[0\]\.plugin: "Grep"\. Name a Fluent Bit filter plugin/);
    });
  });
});

describe('LogOutput', () => {
  const secret = (chart: Chart, name: string, key: string) => ({ secret: Secret.fromSecretName(chart, `${name}-${key}`, name), key });

  test('renders Loki from its URL, with labels, tenant and a password from a Secret', () => {
    const chart = newChart();
    const { objs } = build({
      outputs: [LogOutput.loki({
        url: 'https://logs.example.com:8443',
        tenantId: 'platform',
        labels: { cluster: 'prod-eu', job: 'k8s-logs' },
        basicAuth: { username: 'logs', password: secret(chart, 'loki-creds', 'password') },
      })],
    }, chart);
    expect(outputs(objs)).toEqual([{
      'name': 'loki',
      'match': '*',
      'host': 'logs.example.com',
      'port': 8443,
      'uri': '/loki/api/v1/push',
      'tls': 'on',
      'tls.verify': 'on',
      'http_user': 'logs',
      'http_passwd': '${LOG_OUTPUT_0_HTTP_PASSWD}',
      'tenant_id': 'platform',
      'labels': "job=k8s-logs, namespace=$kubernetes['namespace_name'], pod=$kubernetes['pod_name'], container=$kubernetes['container_name'], cluster=prod-eu",
      'line_format': 'json',
      'retry_limit': 'no_limits',
    }]);
    expect(mainContainer(objs).env).toEqual([{ name: 'LOG_OUTPUT_0_HTTP_PASSWD', valueFrom: { secretKeyRef: { name: 'loki-creds', key: 'password' } } }]);
    expect(only(objs, 'ConfigMap').data['fluent-bit.yaml']).not.toMatch(/loki-creds/);
  });

  test('renders Loki on plain http with the default port and a bearer token', () => {
    const chart = newChart();
    const { objs } = build({ outputs: [LogOutput.loki({ url: `${LOKI}/custom/push`, bearerToken: secret(chart, 'gw', 'token'), retryLimit: 10, match: 'kube.*' })] }, chart);
    expect(outputs(objs)[0]).toMatchObject({ match: 'kube.*', host: 'loki-gateway.loki.svc.cluster.local', port: 80, uri: '/custom/push', tls: 'off', bearer_token: '${LOG_OUTPUT_0_BEARER_TOKEN}', retry_limit: 10 });
    expect(outputs(objs)[0]['tls.verify']).toBeUndefined();
  });

  test('renders Elasticsearch with daily indices, typeless requests and retry-safe document IDs', () => {
    const { objs } = build({ outputs: [LogOutput.elasticsearch({ url: 'https://es.elastic.svc:9200', tlsVerify: false })] });
    expect(outputs(objs)).toEqual([{
      'name': 'es',
      'match': '*',
      'host': 'es.elastic.svc',
      'port': 9200,
      'tls': 'on',
      'tls.verify': 'off',
      'logstash_format': 'on',
      'logstash_prefix': 'logstash',
      'suppress_type_name': 'on',
      'replace_dots': 'on',
      'generate_id': 'on',
      'trace_error': 'on',
      'retry_limit': 'no_limits',
    }]);
  });

  test('renders OpenSearch with a fixed index behind a path prefix', () => {
    const { objs } = build({ outputs: [LogOutput.openSearch({ url: 'http://proxy.internal/opensearch', index: 'kubernetes-logs' })] });
    expect(outputs(objs)[0]).toMatchObject({ name: 'opensearch', host: 'proxy.internal', port: 80, path: '/opensearch', index: 'kubernetes-logs' });
    expect(outputs(objs)[0].logstash_format).toBeUndefined();
  });

  test('renders a generic HTTP output with its format, headers and bearer token', () => {
    const chart = newChart();
    const { objs } = build({
      outputs: [LogOutput.http({
        url: 'https://logs.example.com/ingest?source=k8s',
        format: HttpLogFormat.JSON,
        headers: { 'X-Source': 'cluster-a' },
        bearerToken: secret(chart, 'ingest', 'token'),
        properties: { compress: 'gzip' },
      })],
    }, chart);
    expect(outputs(objs)).toEqual([{
      'name': 'http',
      'match': '*',
      'host': 'logs.example.com',
      'port': 443,
      'uri': '/ingest?source=k8s',
      'tls': 'on',
      'tls.verify': 'on',
      'format': 'json',
      'json_date_key': 'date',
      'json_date_format': 'iso8601',
      'header': ['X-Source cluster-a', 'Authorization Bearer ${LOG_OUTPUT_0_BEARER_TOKEN}'],
      'retry_limit': 'no_limits',
      'compress': 'gzip',
    }]);
  });

  test('defaults the HTTP format to JSON lines', () => {
    const { objs } = build({ outputs: [LogOutput.http({ url: 'http://vector.logging.svc:8080' })] });
    expect(outputs(objs)[0]).toMatchObject({ uri: '/', format: 'json_lines', port: 8080 });
  });

  test('renders stdout and then skips the collector\'s own log file', () => {
    const { objs } = build({ outputs: [LogOutput.stdout()] });
    expect(outputs(objs)).toEqual([{ name: 'stdout', match: '*', format: 'json_lines' }]);
    expect(input(objs, 'tail').exclude_path).toBe('/var/log/containers/fluent-bit-*_logging_fluent-bit-*.log');
    expect(input(build().objs, 'tail').exclude_path).toBeUndefined();
  });

  test('renders any other plugin from its properties, numbering credentials per output', () => {
    const chart = newChart();
    const { objs } = build({
      outputs: [
        LogOutput.custom('kafka', { properties: { brokers: 'kafka-0.kafka:9092', topics: 'logs' } }),
        LogOutput.loki({ url: LOKI, basicAuth: { username: 'a', password: secret(chart, 'loki', 'password') } }),
      ],
    }, chart);
    expect(outputs(objs)[0]).toEqual({ name: 'kafka', match: '*', retry_limit: 'no_limits', brokers: 'kafka-0.kafka:9092', topics: 'logs' });
    expect(outputs(objs)[1].http_passwd).toBe('${LOG_OUTPUT_1_HTTP_PASSWD}');
  });

  describe('rejects', () => {
    const outputError = (o: LogOutput) => attempt({ outputs: [loki(), o] });

    test.each([
      ['an empty URL', '', /The backend URL is required\. Use an absolute http:\/\/ or https:\/\/ URL, e\.g\. "http:\/\/loki-gateway/],
      ['a malformed URL', 'loki:3100', /Fluent Bit speaks HTTP\(S\) to this backend, not "loki:"/],
      ['a URL without scheme', 'loki-gateway.loki.svc', /This is not a URL/],
      ['a port out of range', 'http://loki:70000', /This is not a URL \(a port must be 1-65535\)/],
      ['port 0', 'http://loki:0', /Port 0 is not a port/],
      ['a non-HTTP scheme', 'ftp://loki', /Fluent Bit speaks HTTP\(S\) to this backend, not "ftp:"/],
      ['a query string', 'http://loki/loki/api/v1/push?x=1', /This output takes no query string/],
      ['a fragment', 'http://loki/#x', /A "#fragment" is never sent/],
    ])('rejects %s', (_what, url, message) => {
      expect(outputError(LogOutput.loki({ url }))).toThrow(new RegExp(`^test/logs: invalid outputs\\[1\\]\\.url: ${JSON.stringify(url).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\. ${message.source}`));
    });

    test('rejects credentials in the URL without echoing them', () => {
      expect(outputError(LogOutput.elasticsearch({ url: 'https://elastic:s3cret@es:9200' })))
        .toThrow(/^test\/logs: invalid outputs\[1\]\.url: "https:\/\/\*\*\*@es:9200"\. Credentials in the URL would be written into the ConfigMap in plain text: remove them and use basicAuth/);
    });

    test('rejects an invalid Loki label name or value', () => {
      expect(outputError(LogOutput.loki({ url: LOKI, labels: { 'team-name': 'a' } }))).toThrow(/invalid outputs\[1\]\.labels: "team-name"\. Loki label names are letters, digits and "_"/);
      expect(outputError(LogOutput.loki({ url: LOKI, labels: { team: 'a,b' } }))).toThrow(/invalid outputs\[1\]\.labels\.team: "a,b"\. Give a non-empty value without ","/);
    });

    test('rejects both a fixed index and an index prefix, and an uppercase index', () => {
      expect(outputError(LogOutput.elasticsearch({ url: 'http://es:9200', index: 'logs', indexPrefix: 'kube' })))
        .toThrow(/invalid outputs\[1\]\.indexPrefix: "kube"\. Give either index \(one fixed index, here "logs"\) or indexPrefix/);
      expect(outputError(LogOutput.openSearch({ url: 'http://os:9200', index: 'Logs' }))).toThrow(/invalid outputs\[1\]\.index: "Logs"\. Index names are lowercase/);
    });

    test('rejects a property the typed options already write', () => {
      expect(outputError(LogOutput.loki({ url: LOKI, properties: { Host: 'other' } })))
        .toThrow(/invalid outputs\[1\]\.properties: "Host"\. The loki output already writes "Host" from its typed options/);
    });

    test('rejects an Authorization header in plain text', () => {
      expect(outputError(LogOutput.http({ url: 'http://x', headers: { Authorization: 'Bearer abc' } })))
        .toThrow(/invalid outputs\[1\]\.headers\.Authorization: "\(hidden\)"\. Headers are written into the ConfigMap in plain text/);
    });

    test('rejects both basic auth and a bearer token', () => {
      const chart = newChart();
      const password = secret(chart, 'a', 'password');
      expect(() => build({ outputs: [LogOutput.loki({ url: LOKI, basicAuth: { username: 'u', password }, bearerToken: password })] }, chart))
        .toThrow(/invalid outputs\[0\]\.bearerToken: "\(Secret reference\)"\. Use either basicAuth or bearerToken, not both/);
    });

    test('rejects an invalid Secret key', () => {
      const chart = newChart();
      expect(() => build({ outputs: [LogOutput.loki({ url: LOKI, bearerToken: secret(chart, 'a', 'my token') })] }, chart))
        .toThrow(/invalid outputs\[0\]\.bearerToken\.key: "my token"\. A Secret key is letters, digits/);
    });

    test('rejects a retry limit below 1 and a match pattern with spaces', () => {
      expect(outputError(LogOutput.stdout({ retryLimit: 0 }))).toThrow(/invalid outputs\[1\]\.retryLimit: 0\. Use a whole number of retries of 1 or more/);
      expect(outputError(LogOutput.stdout({ match: 'kube *' }))).toThrow(/invalid outputs\[1\]\.match: "kube \*"\. Use a tag pattern without spaces/);
    });

    test('rejects a custom plugin with an invalid name', () => {
      expect(outputError(LogOutput.custom('Kafka Out'))).toThrow(/invalid outputs\[1\]\.plugin: "Kafka Out"\. Name a Fluent Bit output plugin/);
    });
  });
});

describe('FluentBitVersion', () => {
  test('pins 5.1.1 from the Fluent Bit registry by default', () => {
    expect(FluentBitVersion.V5_1_1.version).toBe('5.1.1');
    expect(FluentBitVersion.V5_1_1.image).toBe('cr.fluentbit.io/fluent/fluent-bit:5.1.1');
    expect(FluentBitVersion.of('5.1.1-debug').image).toBe('cr.fluentbit.io/fluent/fluent-bit:5.1.1-debug');
    expect(FluentBitVersion.V5_1_1).toMatchObject({ repository: 'cr.fluentbit.io/fluent/fluent-bit', tag: '5.1.1' });
  });

  test('rejects a moving or malformed version', () => {
    expect(() => FluentBitVersion.of('latest')).toThrow(/^FluentBitVersion\.of: invalid version: "latest"\. Use a release tag "MAJOR\.MINOR\.PATCH"/);
    expect(() => FluentBitVersion.of('5.1')).toThrow(/invalid version: "5\.1"/);
  });
});
