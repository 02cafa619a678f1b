import { Duration } from 'cdk8s';
import { ApiResource, DnsPolicy, SeccompProfileType } from 'cdk8s-plus-28';
import { agent, agentContainer, daemonSetOf, podSpecOf } from './fixtures';
import { AccessRule, DownwardApi, Privilege } from '../../src';
import { newChart, only, synth } from '../support/manifests';

describe('NodeAgent', () => {
  describe('labels and selector', () => {
    test('every object and the pod template carry the recommended labels', () => {
      const chart = newChart('test', 'ns');
      agent(chart, { name: 'node-exporter', instance: 'node-exporter-a', version: '1.9.1', component: 'exporter', partOf: 'monitoring' });
      const expected = {
        'app.kubernetes.io/name': 'node-exporter',
        'app.kubernetes.io/instance': 'node-exporter-a',
        'app.kubernetes.io/version': '1.9.1',
        'app.kubernetes.io/component': 'exporter',
        'app.kubernetes.io/part-of': 'monitoring',
        'app.kubernetes.io/managed-by': 'cdk8s',
      };
      const objs = synth(chart);
      for (const obj of objs) expect(obj.metadata.labels).toEqual(expected);
      expect(only(objs, 'DaemonSet').spec.template.metadata.labels).toEqual(expected);
    });

    test('the selector uses only name and instance: no version, no construct path', () => {
      const chart = newChart();
      agent(chart, { name: 'node-exporter', version: '1.9.1' });
      const ds = daemonSetOf(chart);
      expect(ds.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'node-exporter', 'app.kubernetes.io/instance': 'node-exporter' } });
      expect(Object.keys(ds.spec.template.metadata.labels)).not.toContain('cdk8s.io/metadata.addr');
    });

    test('every namespaced object goes in the agent\'s namespace, even when the chart has another', () => {
      const chart = newChart('test', 'chart-ns');
      const a = agent(chart, { metadata: { namespace: 'agent-ns' }, access: [AccessRule.read(ApiResource.PODS)] });
      a.exposeViaService({ ports: [{ port: 80, name: 'http' }] });
      const objs = synth(chart);
      for (const kind of ['DaemonSet', 'ServiceAccount', 'Service']) expect(only(objs, kind).metadata.namespace).toBe('agent-ns');
      expect(only(objs, 'ClusterRoleBinding').subjects[0].namespace).toBe('agent-ns');
    });

    test('objects are named after the instance, not a generated hash', () => {
      const chart = newChart();
      agent(chart, { name: 'exporter', instance: 'exporter-blue' });
      expect(synth(chart).map(o => o.metadata.name)).toEqual(['exporter-blue', 'exporter-blue']);
    });

    test('rejects an instance that cannot name objects', () => {
      expect(() => agent(newChart(), { instance: 'Node_Exporter' })).toThrow(/test\/agent: invalid instance: "Node_Exporter"\. Use at most 63 lowercase letters/);
    });
    test('rejects a version that is not a label value', () => {
      expect(() => agent(newChart(), { version: 'v1.0.0+build/7' })).toThrow(/invalid version: "v1\.0\.0\+build\/7"/);
    });
  });

  describe('pod level', () => {
    test('defaults: system-node-critical, RuntimeDefault seccomp, no host namespaces', () => {
      const chart = newChart();
      agent(chart);
      const pod = podSpecOf(chart);
      expect(pod.priorityClassName).toBe('system-node-critical');
      expect(pod.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.hostNetwork).toBeUndefined();
      expect(pod.hostPID).toBeUndefined();
      expect(pod.hostIPC).toBeUndefined();
      expect(pod.dnsPolicy).toBe('ClusterFirst');
      expect(pod.runtimeClassName).toBeUndefined();
    });

    test('hostPID, hostIPC, runtimeClassName, priorityClassName and grace period reach the YAML', () => {
      const chart = newChart();
      agent(chart, { hostPid: true, hostIpc: true, runtimeClassName: 'nvidia', priorityClassName: 'agents', terminationGracePeriod: Duration.seconds(1) });
      const pod = podSpecOf(chart);
      expect(pod.hostPID).toBe(true);
      expect(pod.hostIPC).toBe(true);
      expect(pod.runtimeClassName).toBe('nvidia');
      expect(pod.priorityClassName).toBe('agents');
      expect(pod.terminationGracePeriodSeconds).toBe(1);
    });

    test('hostNetwork implies ClusterFirstWithHostNet', () => {
      const chart = newChart();
      agent(chart, { hostNetwork: true });
      const pod = podSpecOf(chart);
      expect(pod.hostNetwork).toBe(true);
      expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
    });

    test('an explicit dnsPolicy wins over the hostNetwork default', () => {
      const chart = newChart();
      agent(chart, { hostNetwork: true, dns: { policy: DnsPolicy.DEFAULT } });
      expect(podSpecOf(chart).dnsPolicy).toBe('Default');
    });

    test('an explicit pod security context keeps its fields and gets the seccomp profile', () => {
      const chart = newChart();
      agent(chart, { securityContext: { user: 65534, group: 65534, ensureNonRoot: true }, seccompProfile: SeccompProfileType.UNCONFINED });
      expect(podSpecOf(chart).securityContext).toEqual({ runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } });
    });

    test('downward-API env helpers', () => {
      const chart = newChart();
      agent(chart, {
        containers: [agentContainer({
          envVariables: {
            NODE_NAME: DownwardApi.nodeName(),
            HOST_IP: DownwardApi.hostIp(),
            POD_NAME: DownwardApi.podName(),
            POD_NAMESPACE: DownwardApi.podNamespace(),
            POD_IP: DownwardApi.podIp(),
          },
        })],
      });
      const env = Object.fromEntries(podSpecOf(chart).containers[0].env.map((e: any) => [e.name, e.valueFrom.fieldRef.fieldPath]));
      expect(env).toEqual({ NODE_NAME: 'spec.nodeName', HOST_IP: 'status.hostIP', POD_NAME: 'metadata.name', POD_NAMESPACE: 'metadata.namespace', POD_IP: 'status.podIP' });
    });

    test('justify() writes one annotation per privilege on the DaemonSet, not the pod', () => {
      const chart = newChart();
      const a = agent(chart, { hostPid: true });
      a.justify(Privilege.HOST_PID, 'reads every process');
      a.justify(Privilege.capability('NET_ADMIN'), 'programs routes');
      const ds = daemonSetOf(chart);
      expect(ds.metadata.annotations).toEqual({
        'justification.cdk8s-daemonsets.io/hostPID': 'reads every process',
        'justification.cdk8s-daemonsets.io/capability.NET_ADMIN': 'programs routes',
      });
      expect(ds.spec.template.metadata.annotations).toBeUndefined();
    });

    test('priority and runtime class names may contain dots (they are DNS subdomains)', () => {
      const chart = newChart();
      agent(chart, { priorityClassName: 'platform.node-critical', runtimeClassName: 'nvidia.cdi' });
      expect(podSpecOf(chart)).toMatchObject({ priorityClassName: 'platform.node-critical', runtimeClassName: 'nvidia.cdi' });
    });

    test('rejects a priority class that is not a DNS subdomain', () => {
      expect(() => agent(newChart(), { priorityClassName: 'System Node Critical' })).toThrow(/invalid priorityClassName: "System Node Critical"/);
    });
    test('rejects a justification for a malformed privilege key', () => {
      expect(() => agent(newChart()).justify(Privilege.capability('NET ADMIN'), 'x')).toThrow(/invalid privilege: "capability\.NET ADMIN"/);
    });
  });
});

describe('NodeAgent imagePullSecrets', () => {
  test('names the Secrets in the pod spec, after dockerRegistryAuth', () => {
    const chart = newChart('test', 'agents');
    const a = agent(chart, { imagePullSecrets: ['mirror-pull', 'vendor-pull'] });
    expect(a.imagePullSecrets).toEqual(['mirror-pull', 'vendor-pull']);
    expect(podSpecOf(chart).imagePullSecrets).toEqual([{ name: 'mirror-pull' }, { name: 'vendor-pull' }]);
  });

  test('leaves the field out when there are none', () => {
    const chart = newChart();
    agent(chart);
    expect(podSpecOf(chart).imagePullSecrets).toBeUndefined();
  });

  test('rejects a Secret name that is not a DNS subdomain, and a duplicate', () => {
    expect(() => agent(newChart(), { imagePullSecrets: ['Mirror Pull'] }))
      .toThrow(/^test\/agent: invalid imagePullSecrets\[0\]: "Mirror Pull"\. Use lowercase letters/);
    expect(() => agent(newChart(), { imagePullSecrets: ['pull', 'pull'] }))
      .toThrow(/^test\/agent: invalid imagePullSecrets\[1\]: "pull"\. Each Secret is listed once/);
  });

  test('rejects a list that is not a list of strings', () => {
    expect(() => agent(newChart(), { imagePullSecrets: 'mirror-pull' as any }))
      .toThrow(/^test\/agent: invalid imagePullSecrets: "mirror-pull"\. Give a list whose items are each a string/);
  });
});
