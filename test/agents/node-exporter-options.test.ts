/**
 * node-exporter's kube-rbac-proxy, D-Bus and textfile options: each reaches the YAML as
 * kube-prometheus and node_exporter expect it, and contradictions fail naming the prop.
 */
import { Secret } from 'cdk8s-plus-28';
import { KubeRbacProxyVersion, NodeExporterCollector, NodeExporterDaemonSet, NodeExporterDaemonSetProps, NodeExporterVersion, ValidationError } from '../../src';
import { Manifest, newChart, only, synth } from '../support/manifests';

const JUSTIFICATION = 'justification.cdk8s-daemonsets.io/';

function exporter(props: NodeExporterDaemonSetProps = {}): Manifest[] {
  const chart = newChart();
  new NodeExporterDaemonSet(chart, 'ne', props);
  return synth(chart);
}

function pod(objs: Manifest[]): any {
  return only(objs, 'DaemonSet').spec.template.spec;
}

function container(objs: Manifest[], name: string): any {
  return pod(objs).containers.find((c: any) => c.name === name);
}

function errorOf(props: NodeExporterDaemonSetProps): ValidationError {
  try {
    new NodeExporterDaemonSet(newChart(), 'ne', props);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('kube-rbac-proxy', () => {
  const objs = exporter({ kubeRbacProxy: true, serviceMonitor: true });
  const ne = container(objs, 'node-exporter');
  const proxy = container(objs, 'kube-rbac-proxy');

  test('node-exporter listens on 127.0.0.1 only, publishes no port and is probed on the node\'s loopback', () => {
    expect(ne.args).toContain('--web.listen-address=127.0.0.1:9101');
    expect(ne.ports).toBeUndefined();
    expect(ne.env).toBeUndefined();
    for (const probe of [ne.livenessProbe, ne.readinessProbe]) expect(probe.httpGet).toEqual({ path: '/', port: 9101, host: '127.0.0.1', scheme: 'HTTP' });
  });

  test('the proxy serves TLS on the node IP and the port, forwarding to the exporter, as kube-prometheus runs it', () => {
    expect(proxy.image).toBe('quay.io/brancz/kube-rbac-proxy:v0.22.1');
    expect(proxy.args).toEqual([
      '--secure-listen-address=[$(HOST_IP)]:9100',
      expect.stringMatching(/^--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,.*TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305$/),
      '--upstream=http://127.0.0.1:9101/',
    ]);
    expect(proxy.env).toEqual([{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }]);
    expect(proxy.ports).toEqual([{ containerPort: 9100, hostPort: 9100, name: 'https' }]);
    expect(proxy.readinessProbe.tcpSocket).toEqual({ port: 9100 });
    expect(proxy.securityContext).toEqual({
      runAsUser: 65532, runAsGroup: 65532, runAsNonRoot: true, privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] },
    });
    expect(proxy.resources).toEqual({ requests: { cpu: '10m', memory: '20Mi' }, limits: { memory: '40Mi' } });
  });

  test('may create TokenReviews and SubjectAccessReviews, and nothing else; the token is mounted, justified', () => {
    expect(only(objs, 'ClusterRole').rules).toEqual([
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    ]);
    expect(pod(objs).automountServiceAccountToken).toBe(true);
    expect(only(objs, 'DaemonSet').metadata.annotations[`${JUSTIFICATION}apiAccess`]).toMatch(/TokenReview.*SubjectAccessReview/);
  });

  test('the Service port and the ServiceMonitor follow: https, Prometheus\'s token, the self-signed certificate not verified', () => {
    const service = only(objs, 'Service');
    expect(service.spec.ports).toEqual([{ name: 'https', port: 9100, targetPort: 9100 }]);
    expect(service.metadata.annotations['prometheus.io/scheme']).toBe('https');
    const endpoint = only(objs, 'ServiceMonitor').spec.endpoints[0];
    expect(endpoint).toMatchObject({
      port: 'https', scheme: 'https', bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token', tlsConfig: { insecureSkipVerify: true },
    });
  });

  test('a serving certificate from a Secret, another version, upstream port and resources', () => {
    const chart = newChart();
    new NodeExporterDaemonSet(chart, 'ne', {
      kubeRbacProxyOptions: { version: KubeRbacProxyVersion.of('0.23.0'), upstreamPort: 9200, tlsSecretName: 'node-exporter-tls' },
      listenOnAllInterfaces: true,
    });
    const out = synth(chart);
    const p = container(out, 'kube-rbac-proxy');
    expect(p.image).toBe('quay.io/brancz/kube-rbac-proxy:v0.23.0');
    expect(p.args).toEqual(expect.arrayContaining([
      '--secure-listen-address=:9100', '--upstream=http://127.0.0.1:9200/',
      '--tls-cert-file=/etc/kube-rbac-proxy/tls/tls.crt', '--tls-private-key-file=/etc/kube-rbac-proxy/tls/tls.key',
    ]));
    expect(p.volumeMounts).toEqual([{ name: 'kube-rbac-proxy-tls', mountPath: '/etc/kube-rbac-proxy/tls', readOnly: true }]);
    expect(pod(out).volumes).toContainEqual({ name: 'kube-rbac-proxy-tls', secret: { secretName: 'node-exporter-tls' } });
    expect(container(out, 'node-exporter').args).toContain('--web.listen-address=127.0.0.1:9200');
  });

  test('refuses the upstream port on the proxy\'s port, options with kubeRbacProxy: false, and a PodMonitor', () => {
    expect(errorOf({ kubeRbacProxyOptions: { upstreamPort: 9100 } }).message)
      .toBe('test/ne: invalid kubeRbacProxyOptions.upstreamPort: 9100. The proxy listens on 9100: give node-exporter another port, e.g. 9101.');
    expect(errorOf({ kubeRbacProxy: false, kubeRbacProxyOptions: {} }).problems[0]).toMatchObject({ property: 'kubeRbacProxyOptions', fix: expect.stringMatching(/kubeRbacProxy is false/) });
    expect(errorOf({ kubeRbacProxy: true, podMonitor: true }).problems[0]).toMatchObject({ property: 'podMonitor', fix: expect.stringMatching(/cannot send Prometheus's own token/) });
  });

  test('uses the mirror and pull secrets like every other image of the agent', () => {
    const chart = newChart();
    new NodeExporterDaemonSet(chart, 'ne', { kubeRbacProxy: true, imageRegistry: 'mirror.example.com/quay', imagePullSecrets: ['mirror-pull'] });
    const out = synth(chart);
    expect(container(out, 'kube-rbac-proxy').image).toBe('mirror.example.com/quay/brancz/kube-rbac-proxy:v0.22.1');
    expect(pod(out).imagePullSecrets).toEqual([{ name: 'mirror-pull' }]);
  });
});

describe('systemd and logind collectors', () => {
  test('mount the system D-Bus socket read-only, checked to be a socket, justified', () => {
    const objs = exporter({ enableCollectors: [NodeExporterCollector.SYSTEMD] });
    expect(pod(objs).volumes).toContainEqual({ name: 'dbus', hostPath: { path: '/var/run/dbus/system_bus_socket', type: 'Socket' } });
    expect(container(objs, 'node-exporter').volumeMounts).toContainEqual({ name: 'dbus', mountPath: '/var/run/dbus/system_bus_socket', readOnly: true });
    expect(container(objs, 'node-exporter').args).toContain('--collector.systemd');
    expect(only(objs, 'DaemonSet').metadata.annotations[`${JUSTIFICATION}hostPath.dbus`]).toMatch(/^The systemd collector asks the node's systemd over the system D-Bus/);
    const both = exporter({ enableCollectors: [NodeExporterCollector.SYSTEMD, NodeExporterCollector.LOGIND] });
    expect(only(both, 'DaemonSet').metadata.annotations[`${JUSTIFICATION}hostPath.dbus`]).toMatch(/^The systemd and logind collectors ask/);
  });

  test('no socket without them', () => {
    expect(pod(exporter()).volumes.map((v: any) => v.name)).toEqual(['proc', 'sys', 'root']);
  });
});

describe('textfile directories', () => {
  test('several directories, each mounted and read (node-exporter 1.9.0 and later)', () => {
    const objs = exporter({ textfileDirectories: ['/var/lib/node-exporter/textfile', '/run/prometheus'] });
    const args = container(objs, 'node-exporter').args;
    expect(args.filter((a: string) => a.startsWith('--collector.textfile.directory'))).toEqual([
      '--collector.textfile.directory=/host/textfile', '--collector.textfile.directory=/host/textfile-1',
    ]);
    expect(pod(objs).volumes).toEqual(expect.arrayContaining([
      { name: 'textfile', hostPath: { path: '/var/lib/node-exporter/textfile', type: 'DirectoryOrCreate' } },
      { name: 'textfile-1', hostPath: { path: '/run/prometheus', type: 'DirectoryOrCreate' } },
    ]));
  });

  test('one directory only before 1.9.0, whose flag is not repeatable', () => {
    expect(errorOf({ version: NodeExporterVersion.of('1.8.2'), textfileDirectories: ['/a', '/b'] }).message)
      .toBe('test/ne: invalid textfileDirectories: ["/a","/b"]. node-exporter 1.8.2 reads one textfile directory (several from 1.9.0): give one, or use NodeExporterVersion.V1_12_1.');
    expect(() => exporter({ version: NodeExporterVersion.of('1.8.2'), textfileDirectories: ['/a'] })).not.toThrow();
  });

  test('a directory given as a flag is refused with the reason of the release', () => {
    expect(errorOf({ textfileDirectories: ['/a'], extraArgs: ['--collector.textfile.directory=/b'] }).problems[0].fix)
      .toBe('The agent manages --collector.textfile.directory (the agent mounts each textfile directory node-exporter reads): use textfileDirectories instead.');
    expect(errorOf({ version: NodeExporterVersion.of('1.8.2'), textfileDirectory: '/a', extraArgs: ['--collector.textfile.directory=/b'] }).problems[0].fix)
      .toMatch(/refuses a flag given twice before 1\.9\.0\): use textfileDirectory instead/);
  });

  test('refuses both props, duplicates, globs and an empty list, all at once', () => {
    expect(errorOf({ textfileDirectory: '/a', textfileDirectories: ['/b'] }).problems.map(p => p.property)).toEqual(['textfileDirectories']);
    expect(errorOf({ textfileDirectories: ['/a', '/a', '/var/lib/*/textfile'] }).problems.map(p => `${p.property}: ${p.fix}`)).toEqual([
      'textfileDirectories[1]: Each directory is listed once: drop the duplicate.',
      'textfileDirectories[2]: The directory is mounted into the exporter, so it cannot be a glob: list each directory.',
    ]);
    expect(errorOf({ textfileDirectories: [] }).problems[0].fix).toBe('Give at least one directory, or leave textfileDirectories out.');
  });
});

describe('PodMonitor', () => {
  test('replaces the ServiceMonitor, selecting the pods and their metrics port', () => {
    const objs = exporter({ podMonitor: true, serviceMonitorOptions: { labels: { release: 'kps' } } });
    expect(objs.filter(o => o.kind === 'ServiceMonitor')).toEqual([]);
    const monitor = only(objs, 'PodMonitor');
    expect(monitor.metadata.labels.release).toBe('kps');
    expect(monitor.spec.selector.matchLabels).toEqual(only(objs, 'DaemonSet').spec.selector.matchLabels);
    expect(monitor.spec.podMetricsEndpoints).toEqual([{
      port: 'metrics',
      path: '/metrics',
      scheme: 'http',
      interval: '15s',
      scrapeTimeout: '10s',
      honorLabels: false,
      relabelings: [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' }],
    }]);
  });

  test('refuses a ServiceMonitor beside it', () => {
    expect(errorOf({ podMonitor: true, serviceMonitor: true }).problems[0]).toMatchObject({ property: 'podMonitor', fix: expect.stringMatching(/scrape every node twice/) });
  });
});

test('a TLS CA for a proxy with a real certificate reaches the ServiceMonitor', () => {
  const chart = newChart();
  const ca = Secret.fromSecretName(chart, 'Ca', 'metrics-ca');
  new NodeExporterDaemonSet(chart, 'ne', {
    kubeRbacProxyOptions: { tlsSecretName: 'node-exporter-tls' },
    serviceMonitorOptions: { tlsConfig: { caSecret: { secret: ca, key: 'ca.crt' }, serverName: 'node-exporter.monitoring.svc' } },
  });
  expect(only(synth(chart), 'ServiceMonitor').spec.endpoints[0].tlsConfig).toEqual({ ca: { secret: { name: 'metrics-ca', key: 'ca.crt' } }, serverName: 'node-exporter.monitoring.svc' });
});
