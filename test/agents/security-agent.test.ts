import { Duration, Size } from 'cdk8s';
import * as YAML from 'yaml';
import {
  FalcoContainerRuntime, FalcoDriver, FalcoOutput, FalcoPriority, FalcoRulesFile, FalcoRuleSelection, FalcoVersion, PrivilegeAudit,
  SecurityAgentDaemonSet, SecurityAgentDaemonSetProps, SyncWave,
} from '../../src';
import { everyObjectIn, psaLabels, SYNC_WAVE, wavesOf } from '../support/gitops';
import { Manifest, newChart, only, synth } from '../support/manifests';

/** Synthesizes (and schema-validates) one security agent in a fresh chart. */
function falco(props: SecurityAgentDaemonSetProps = {}): { construct: SecurityAgentDaemonSet; objs: Manifest[] } {
  const chart = newChart();
  const construct = new SecurityAgentDaemonSet(chart, 'falco', props);
  return { construct, objs: synth(chart) };
}

const podOf = (objs: Manifest[]): any => only(objs, 'DaemonSet').spec.template.spec;
const containerOf = (objs: Manifest[]): any => podOf(objs).containers[0];
/** The generated falco.yaml, parsed. */
const configOf = (objs: Manifest[]): any => YAML.parse(only(objs, 'ConfigMap', 'falco-config').data['falco.yaml']);
const justifications = (objs: Manifest[]): string[] => Object.keys(only(objs, 'DaemonSet').metadata.annotations)
  .filter(k => k.startsWith('justification.cdk8s-daemonsets.io/')).map(k => k.split('/')[1]).sort();

const SHELL_RULE = `
- rule: Shell in production
  desc: A shell was started in a production namespace.
  condition: spawned_process and container and proc.name in (bash, sh) and k8s.ns.name startswith "prod-"
  output: Shell in production (command=%proc.cmdline container=%container.name)
  priority: WARNING
  tags: [production]
`;

describe('SecurityAgentDaemonSet', () => {
  describe('defaults', () => {
    test('the full manifests', () => {
      expect(falco().objs).toMatchSnapshot();
    });

    test('a ServiceAccount, the DaemonSet, falco.yaml, a headless Service and the "falco" Namespace; no RBAC, no ServiceMonitor', () => {
      const { objs } = falco();
      expect(objs.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'ConfigMap/falco-config', 'DaemonSet/falco', 'Namespace/falco', 'Service/falco', 'ServiceAccount/falco',
      ]);
      expect(only(objs, 'Namespace').metadata).toEqual({ name: 'falco', labels: psaLabels('privileged'), annotations: { [SYNC_WAVE]: '-3' } });
      for (const obj of objs.filter(o => o.kind !== 'Namespace')) {
        expect(obj.metadata.namespace).toBe('falco');
        expect(obj.metadata.labels).toEqual({
          'app.kubernetes.io/name': 'falco',
          'app.kubernetes.io/instance': 'falco',
          'app.kubernetes.io/version': '0.44.1',
          'app.kubernetes.io/component': 'security',
          'app.kubernetes.io/managed-by': 'cdk8s',
        });
      }
    });

    test('Falco 0.44.1, the chart 9.1.0 image, run as /usr/bin/falco', () => {
      const container = containerOf(falco().objs);
      expect(container.image).toBe('docker.io/falcosecurity/falco:0.44.1');
      expect(container.command).toEqual(['/usr/bin/falco']);
      expect(container.args).toBeUndefined();
    });

    test('no host namespaces: Falco reads the node through the mounted /proc', () => {
      const pod = podOf(falco().objs);
      expect(pod.hostPID).toBeUndefined();
      expect(pod.hostNetwork).toBeUndefined();
      expect(pod.hostIPC).toBeUndefined();
    });

    test('the modern eBPF probe with Falco\'s least-privileged capabilities, every other one dropped, root, read-only root filesystem, not privileged', () => {
      const { objs } = falco();
      expect(containerOf(objs).securityContext).toEqual({
        runAsUser: 0,
        runAsNonRoot: false,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { add: ['BPF', 'PERFMON', 'SYS_RESOURCE', 'SYS_PTRACE'], drop: ['ALL'] },
      });
      expect(podOf(objs).securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
      expect(configOf(objs).engine).toEqual({ kind: 'modern_ebpf', modern_ebpf: { cpus_for_each_buffer: 2, buf_size_preset: 4, drop_failed_exit: false } });
      expect(podOf(objs).initContainers).toBeUndefined();
    });

    test('AppArmor unconfined for the Falco container, as the chart\'s least-privileged mode', () => {
      expect(only(falco().objs, 'DaemonSet').spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/falco']).toBe('unconfined');
    });

    test('/proc and /etc read-only under /host, tracefs read-only, the containerd socket read-only', () => {
      const { objs } = falco();
      expect(podOf(objs).volumes.filter((v: any) => v.hostPath)).toEqual([
        { name: 'proc', hostPath: { path: '/proc' } },
        { name: 'etc', hostPath: { path: '/etc' } },
        { name: 'tracefs', hostPath: { path: '/sys/kernel/tracing', type: 'Directory' } },
        { name: 'containerd-socket', hostPath: { path: '/run/containerd/containerd.sock', type: 'Socket' } },
      ]);
      expect(containerOf(objs).volumeMounts).toEqual([
        { name: 'config', mountPath: '/etc/falco/falco.yaml', subPath: 'falco.yaml', readOnly: true },
        { name: 'proc', mountPath: '/host/proc', readOnly: true },
        { name: 'etc', mountPath: '/host/etc', readOnly: true },
        { name: 'tracefs', mountPath: '/sys/kernel/tracing', readOnly: true },
        { name: 'containerd-socket', mountPath: '/host/run/containerd/containerd.sock', readOnly: true },
      ]);
    });

    test('HOST_ROOT /host and the node name as the alerts\' hostname', () => {
      expect(containerOf(falco().objs).env).toEqual([
        { name: 'HOST_ROOT', value: '/host' },
        { name: 'FALCO_HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      ]);
    });

    test('the chart\'s probes on /healthz:8765: a startup probe allowing 100 s, liveness and readiness every 15 s', () => {
      const container = containerOf(falco().objs);
      const httpGet = { path: '/healthz', port: 8765, scheme: 'HTTP' };
      expect(container.startupProbe).toEqual({ httpGet, initialDelaySeconds: 3, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 20 });
      expect(container.livenessProbe).toEqual({ httpGet, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 3 });
      expect(container.readinessProbe).toEqual({ httpGet, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 3 });
      expect(container.ports).toEqual([{ containerPort: 8765, name: 'http' }]);
    });

    test('the chart\'s requests and memory limit (100m, 512Mi, 1024Mi), no CPU limit', () => {
      expect(containerOf(falco().objs).resources).toEqual({ requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '1024Mi' } });
    });

    test('Linux nodes that are not virtual, every taint tolerated, system-node-critical, 10% at a time', () => {
      const { objs } = falco();
      const pod = podOf(objs);
      expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
      expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{
        matchExpressions: [
          { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
          { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
        ],
      }]);
      expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
      expect(pod.priorityClassName).toBe('system-node-critical');
      expect(only(objs, 'DaemonSet').spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } });
    });

    test('no API access: no token, no ClusterRole', () => {
      const { objs } = falco();
      expect(podOf(objs).automountServiceAccountToken).toBe(false);
      expect(objs.filter(o => o.kind.startsWith('ClusterRole') || o.kind.startsWith('Role'))).toEqual([]);
    });

    test('a headless metrics Service with scrape annotations', () => {
      const service = only(falco().objs, 'Service');
      expect(service.spec.clusterIP).toBe('None');
      expect(service.spec.ports).toEqual([{ name: 'http', port: 8765, targetPort: 8765 }]);
      expect(service.metadata.annotations).toEqual({
        [SYNC_WAVE]: '-3', 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8765', 'prometheus.io/path': '/metrics', 'prometheus.io/scheme': 'http',
      });
    });

    test('falco.yaml: the image\'s default rules, JSON alerts to stdout, every priority, the container plugin on the containerd socket, metrics on', () => {
      const config = configOf(falco().objs);
      expect(config.config_files).toEqual([]);
      expect(config.watch_config_files).toBe(false);
      expect(config.rules_files).toEqual(['/etc/falco/falco_rules.yaml']);
      expect(config.rules).toBeUndefined();
      expect(config.priority).toBe('debug');
      expect(config.json_output).toBe(true);
      expect(config.stdout_output).toEqual({ enabled: true });
      for (const key of ['syslog_output', 'file_output', 'http_output', 'program_output']) expect(config[key]).toBeUndefined();
      expect(config.load_plugins).toEqual(['container']);
      expect(config.plugins[0].init_config.engines.cri).toEqual({ enabled: true, sockets: ['/run/containerd/containerd.sock'] });
      expect(config.plugins[0].init_config.engines.docker).toEqual({ enabled: false });
      expect(config.webserver).toMatchObject({ enabled: true, listen_port: 8765, k8s_healthz_endpoint: '/healthz', prometheus_metrics_enabled: true });
      expect(config.metrics).toMatchObject({ enabled: true, interval: '1h', output_rule: false, kernel_event_counters_enabled: true });
      expect(config.log_syslog).toBe(false);
      expect(config.time_format_iso_8601).toBe(true);
    });

    test('the pods restart when falco.yaml changes (checksum/config)', () => {
      const checksum = (props: SecurityAgentDaemonSetProps) => only(falco(props).objs, 'DaemonSet').spec.template.metadata.annotations['checksum/config'];
      expect(checksum({})).toMatch(/^[0-9a-f]{64}$/);
      expect(checksum({ minimumPriority: FalcoPriority.NOTICE })).not.toBe(checksum({}));
      expect(checksum({ rulesFiles: [FalcoRulesFile.fromYaml('a.yaml', SHELL_RULE)] })).not.toBe(checksum({}));
    });

    test('every privilege it takes is justified, and the privilege report finds none unjustified', () => {
      const { objs } = falco();
      expect(justifications(objs)).toEqual([
        'appArmor.falco', 'capability.BPF', 'capability.PERFMON', 'capability.SYS_PTRACE', 'capability.SYS_RESOURCE',
        'hostPath.containerd-socket', 'hostPath.etc', 'hostPath.proc', 'hostPath.tracefs', 'runAsRoot.falco',
      ]);
      expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(objs))).toBe(0);
    });

    test('in sync wave -3 (SyncWave.SECURITY), every object', () => {
      const { objs } = falco();
      expect(wavesOf(objs)).toEqual(everyObjectIn(objs, '-3'));
    });

    test('the children are public', () => {
      const { construct } = falco();
      expect(construct.container.name).toBe('falco');
      expect(construct.configMap.name).toBe('falco-config');
      expect(construct.rulesConfigMap).toBeUndefined();
      expect(construct.service?.name).toBe('falco');
      expect(construct.serviceMonitor).toBeUndefined();
      expect(construct.driverLoader).toBeUndefined();
      expect(construct.version).toBe(FalcoVersion.V0_44_1);
      expect(construct.driver.engineKind).toBe('modern_ebpf');
      expect(construct.namespace).toBe('falco');
    });
  });

  describe('drivers', () => {
    test('sysAdmin: CAP_SYS_ADMIN instead of CAP_BPF and CAP_PERFMON, for kernels before 5.8, justified', () => {
      const { objs } = falco({ driver: FalcoDriver.modernEbpf({ sysAdmin: true }) });
      expect(containerOf(objs).securityContext.capabilities).toEqual({ add: ['SYS_ADMIN', 'SYS_RESOURCE', 'SYS_PTRACE'], drop: ['ALL'] });
      expect(justifications(objs)).toContain('capability.SYS_ADMIN');
      expect(justifications(objs)).not.toContain('capability.BPF');
      expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(objs))).toBe(0);
    });

    test('buffer size and CPUs per buffer reach the engine block', () => {
      const { objs } = falco({ driver: FalcoDriver.modernEbpf({ bufferSize: Size.mebibytes(32), cpusForEachBuffer: 0 }) });
      expect(configOf(objs).engine.modern_ebpf).toEqual({ cpus_for_each_buffer: 0, buf_size_preset: 6, drop_failed_exit: false });
    });

    test('the kernel module: a privileged driver loader of the same release, a privileged Falco reading /dev and /sys/module, no capabilities, no AppArmor annotation, no tracefs', () => {
      const { construct, objs } = falco({ driver: FalcoDriver.kernelModule({ bufferSize: Size.mebibytes(16) }) });
      const pod = podOf(objs);
      const [loader] = pod.initContainers;
      expect(construct.driverLoader?.name).toBe('falco-driver-loader');
      expect(loader.image).toBe('docker.io/falcosecurity/falco-driver-loader:0.44.1');
      expect(loader.args).toEqual(['kmod']);
      expect(loader.env).toEqual([{ name: 'HOST_ROOT', value: '/host' }, { name: 'FALCOCTL_DRIVER_CONFIG_UPDATE_FALCO', value: 'false' }]);
      const root = { runAsUser: 0, runAsNonRoot: false, privileged: true, allowPrivilegeEscalation: true };
      expect(loader.securityContext).toEqual({ ...root, readOnlyRootFilesystem: false });
      expect(loader.volumeMounts).toEqual([
        { name: 'proc', mountPath: '/host/proc', readOnly: true },
        { name: 'etc', mountPath: '/host/etc', readOnly: true },
        { name: 'boot', mountPath: '/host/boot', readOnly: true },
        { name: 'lib-modules', mountPath: '/host/lib/modules', readOnly: false },
        { name: 'usr', mountPath: '/host/usr', readOnly: true },
      ]);
      const falcoContainer = containerOf(objs);
      expect(falcoContainer.securityContext).toEqual({ ...root, readOnlyRootFilesystem: true });
      expect(falcoContainer.volumeMounts.map((m: any) => `${m.name}:${m.mountPath}:${m.readOnly}`)).toEqual([
        'config:/etc/falco/falco.yaml:true', 'proc:/host/proc:true', 'etc:/host/etc:true', 'dev:/host/dev:true', 'sys-module:/sys/module:false',
        'containerd-socket:/host/run/containerd/containerd.sock:true',
      ]);
      expect(only(objs, 'DaemonSet').spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/falco']).toBeUndefined();
      expect(configOf(objs).engine).toEqual({ kind: 'kmod', kmod: { buf_size_preset: 5, drop_failed_exit: false } });
      expect(justifications(objs)).toEqual([
        'hostPath.boot', 'hostPath.containerd-socket', 'hostPath.dev', 'hostPath.etc', 'hostPath.lib-modules', 'hostPath.proc', 'hostPath.sys-module',
        'hostPath.usr', 'privileged.falco', 'privileged.falco-driver-loader', 'runAsRoot.falco', 'runAsRoot.falco-driver-loader',
      ]);
      expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(objs))).toBe(0);
    });

    test('unconfinedAppArmor: false drops the annotation and its justification', () => {
      const { objs } = falco({ unconfinedAppArmor: false });
      expect(only(objs, 'DaemonSet').spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/falco']).toBeUndefined();
      expect(justifications(objs)).not.toContain('appArmor.falco');
    });
  });

  describe('rules', () => {
    test('rules files are mounted from their own ConfigMap and loaded after the default rules, in order', () => {
      const { construct, objs } = falco({ rulesFiles: [FalcoRulesFile.fromYaml('b-shell.yaml', SHELL_RULE), FalcoRulesFile.fromYaml('a-extra.yml', '- list: extra_shells\n  items: [zsh]\n')] });
      expect(configOf(objs).rules_files).toEqual(['/etc/falco/falco_rules.yaml', '/etc/falco/rules.d/b-shell.yaml', '/etc/falco/rules.d/a-extra.yml']);
      expect(only(objs, 'ConfigMap', 'falco-rules').data).toEqual({ 'b-shell.yaml': SHELL_RULE, 'a-extra.yml': '- list: extra_shells\n  items: [zsh]\n' });
      expect(construct.rulesConfigMap?.name).toBe('falco-rules');
      expect(containerOf(objs).volumeMounts).toContainEqual({ name: 'rules', mountPath: '/etc/falco/rules.d', readOnly: true });
      expect(podOf(objs).volumes).toContainEqual({ name: 'rules', configMap: { name: 'falco-rules' } });
    });

    test('defaultRules: false loads only your rules', () => {
      expect(configOf(falco({ defaultRules: false, rulesFiles: [FalcoRulesFile.fromYaml('shell.yaml', SHELL_RULE)] }).objs).rules_files)
        .toEqual(['/etc/falco/rules.d/shell.yaml']);
    });

    test('rule selection, in order, as falco.yaml\'s rules', () => {
      const { objs } = falco({
        ruleSelection: [
          FalcoRuleSelection.disableTag('maturity_incubating'),
          FalcoRuleSelection.enableRule('Read sensitive file*'),
          FalcoRuleSelection.disableRule('Contact K8S API Server From Container'),
          FalcoRuleSelection.enableTag('T1059'),
        ],
      });
      expect(configOf(objs).rules).toEqual([
        { disable: { tag: 'maturity_incubating' } },
        { enable: { rule: 'Read sensitive file*' } },
        { disable: { rule: 'Contact K8S API Server From Container' } },
        { enable: { tag: 'T1059' } },
      ]);
    });

    test('minimumPriority and jsonOutput', () => {
      const config = configOf(falco({ minimumPriority: FalcoPriority.WARNING, jsonOutput: false }).objs);
      expect(config.priority).toBe('warning');
      expect(config.json_output).toBe(false);
    });
  });

  describe('outputs', () => {
    test('each kind renders its falco.yaml block', () => {
      const { objs } = falco({
        outputs: [
          FalcoOutput.syslog(),
          FalcoOutput.file({ hostDirectory: '/var/log/security', fileName: 'falco.json', keepAlive: true }),
          FalcoOutput.http({ url: 'https://hooks.example.com/falco', insecure: true, userAgent: 'cluster-a', compressUploads: true, keepAlive: true }),
          FalcoOutput.program({ command: 'jq -c . | logger -t falco', keepAlive: true }),
        ],
      });
      const config = configOf(objs);
      expect(config.stdout_output).toBeUndefined();
      expect(config.syslog_output).toEqual({ enabled: true });
      expect(config.file_output).toEqual({ enabled: true, keep_alive: true, filename: '/var/run/falco-file-output/falco.json' });
      expect(config.http_output).toEqual({ enabled: true, url: 'https://hooks.example.com/falco', user_agent: 'cluster-a', insecure: true, compress_uploads: true, keep_alive: true });
      expect(config.program_output).toEqual({ enabled: true, keep_alive: true, program: 'jq -c . | logger -t falco' });
      // syslog and the file need node paths: the socket read-only, the directory writable, each justified.
      expect(podOf(objs).volumes).toContainEqual({ name: 'syslog-socket', hostPath: { path: '/dev/log', type: 'Socket' } });
      expect(podOf(objs).volumes).toContainEqual({ name: 'file-output', hostPath: { path: '/var/log/security', type: 'DirectoryOrCreate' } });
      expect(containerOf(objs).volumeMounts).toContainEqual({ name: 'syslog-socket', mountPath: '/dev/log', readOnly: true });
      expect(containerOf(objs).volumeMounts).toContainEqual({ name: 'file-output', mountPath: '/var/run/falco-file-output', readOnly: false });
      expect(justifications(objs)).toEqual(expect.arrayContaining(['hostPath.syslog-socket', 'hostPath.file-output']));
      expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(objs))).toBe(0);
    });

    test('falcosidekick: the HTTP output to its chart\'s Service, with JSON alerts', () => {
      const config = configOf(falco({ outputs: [FalcoOutput.stdout(), FalcoOutput.falcosidekick()] }).objs);
      expect(config.http_output).toEqual({ enabled: true, url: 'http://falcosidekick:2801', user_agent: 'falcosecurity/falco', insecure: false, compress_uploads: false, keep_alive: false });
      expect(config.json_output).toBe(true);
      expect(configOf(falco({ outputs: [FalcoOutput.falcosidekick('http://sidekick.security.svc:2801')] }).objs).http_output.url).toBe('http://sidekick.security.svc:2801');
    });

    test('the file output\'s defaults: /var/log/falco/events.log on the node, at a fixed path in the container', () => {
      const { objs } = falco({ outputs: [FalcoOutput.file()] });
      expect(configOf(objs).file_output).toEqual({ enabled: true, keep_alive: false, filename: '/var/run/falco-file-output/events.log' });
      expect(podOf(objs).volumes).toContainEqual({ name: 'file-output', hostPath: { path: '/var/log/falco', type: 'DirectoryOrCreate' } });
    });
  });

  describe('container runtimes', () => {
    test('CRI-O, k3s and a moved CRI socket go to the cri engine, Docker to the docker engine, each socket mounted read-only and justified', () => {
      const { objs } = falco({
        containerRuntimes: [FalcoContainerRuntime.CRIO, FalcoContainerRuntime.K3S_CONTAINERD, FalcoContainerRuntime.DOCKER, FalcoContainerRuntime.cri('/var/run/custom/cri.sock')],
      });
      const engines = configOf(objs).plugins[0].init_config.engines;
      expect(engines.cri).toEqual({ enabled: true, sockets: ['/run/crio/crio.sock', '/run/k3s/containerd/containerd.sock', '/var/run/custom/cri.sock'] });
      expect(engines.docker).toEqual({ enabled: true, sockets: ['/var/run/docker.sock'] });
      expect(podOf(objs).volumes.filter((v: any) => v.hostPath?.type === 'Socket').map((v: any) => `${v.name}:${v.hostPath.path}`)).toEqual([
        'crio-socket:/run/crio/crio.sock', 'k3s-containerd-socket:/run/k3s/containerd/containerd.sock', 'docker-socket:/var/run/docker.sock', 'cri-socket-3:/var/run/custom/cri.sock',
      ]);
      expect(containerOf(objs).volumeMounts).toContainEqual({ name: 'cri-socket-3', mountPath: '/host/var/run/custom/cri.sock', readOnly: true });
      expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(objs))).toBe(0);
    });

    test('none: no socket, no container plugin', () => {
      const { objs } = falco({ containerRuntimes: [] });
      expect(configOf(objs).load_plugins).toEqual([]);
      expect(configOf(objs).plugins).toEqual([]);
      expect(podOf(objs).volumes.some((v: any) => v.hostPath?.type === 'Socket')).toBe(false);
    });
  });

  describe('metrics and monitoring', () => {
    test('metrics: false: no Prometheus endpoint, no metrics block, no Service; the webserver stays for the probes', () => {
      const { construct, objs } = falco({ metrics: false });
      const config = configOf(objs);
      expect(config.metrics).toBeUndefined();
      expect(config.webserver).toMatchObject({ enabled: true, prometheus_metrics_enabled: false });
      expect(objs.some(o => o.kind === 'Service')).toBe(false);
      expect(construct.service).toBeUndefined();
    });

    test('serviceMonitor: true scrapes /metrics on the http port every 15 s (the chart\'s), instance = node name', () => {
      const { construct, objs } = falco({ serviceMonitor: true });
      expect(construct.serviceMonitor).toBeDefined();
      expect(only(objs, 'ServiceMonitor').spec.endpoints).toEqual([{
        port: 'http',
        scheme: 'http',
        path: '/metrics',
        interval: '15s',
        scrapeTimeout: '10s',
        honorLabels: false,
        relabelings: [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' }],
      }]);
    });

    test('serviceMonitorOptions alone ask for one', () => {
      expect(only(falco({ serviceMonitorOptions: { interval: Duration.seconds(30) } }).objs, 'ServiceMonitor').spec.endpoints[0].interval).toBe('30s');
    });
  });

  test('overrides the shared options', () => {
    const { objs } = falco({ namespace: 'security', instance: 'falco-gpu', version: FalcoVersion.of('0.44.2'), syncWave: SyncWave.of(-4), imageRegistry: 'mirror.example.com' });
    const ds = only(objs, 'DaemonSet');
    expect(ds.metadata).toMatchObject({ name: 'falco-gpu', namespace: 'security' });
    expect(ds.metadata.labels['app.kubernetes.io/version']).toBe('0.44.2');
    expect(containerOf(objs).image).toBe('mirror.example.com/falcosecurity/falco:0.44.2');
    expect(only(objs, 'ConfigMap').metadata.name).toBe('falco-gpu-config');
    expect(ds.metadata.annotations[SYNC_WAVE]).toBe('-4');
  });

  test('the kernel-module driver\'s loader comes from the mirror too', () => {
    const { objs } = falco({ driver: FalcoDriver.kernelModule(), imageRegistry: 'mirror.example.com/hub' });
    expect(podOf(objs).initContainers[0].image).toBe('mirror.example.com/hub/falcosecurity/falco-driver-loader:0.44.1');
  });
});
