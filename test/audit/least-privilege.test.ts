/**
 * Least privilege, agent by agent, against what the upstream charts grant
 * (shared/reference/upstream-agents.md): each agent takes nothing it does not use.
 */
import { Chart } from 'cdk8s';
import {
  CniAgentDaemonSet, GpuMonitorDaemonSet, LogCollectorDaemonSet, LogOutput, NodeExporterDaemonSet, PrivilegeAudit,
} from '../../src';
import { Manifest, newChart, only, synth } from '../support/manifests';

type Build = (chart: Chart) => void;

const AGENTS: [string, Build][] = [
  ['node-exporter', c => new NodeExporterDaemonSet(c, 'a')],
  ['log collector', c => new LogCollectorDaemonSet(c, 'a', { outputs: [LogOutput.stdout()] })],
  ['CNI', c => new CniAgentDaemonSet(c, 'a')],
  ['GPU monitor', c => new GpuMonitorDaemonSet(c, 'a')],
];

function objectsOf(build: Build): Manifest[] {
  const chart = newChart();
  build(chart);
  return synth(chart);
}

function containersOf(objs: Manifest[]): any[] {
  const pod = only(objs, 'DaemonSet').spec.template.spec;
  return [...(pod.initContainers ?? []), ...pod.containers];
}

describe.each(AGENTS)('least privilege: %s', (_name, build) => {
  const objs = objectsOf(build);
  const pod = only(objs, 'DaemonSet').spec.template.spec;

  test('every container drops ALL capabilities and cannot escalate', () => {
    for (const c of containersOf(objs)) {
      expect(c.securityContext.capabilities.drop).toEqual(['ALL']);
      expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
      expect(c.securityContext.privileged).toBe(false);
    }
  });

  test('a service-account token only where the agent calls the API', () => {
    const hasRbac = objs.some(o => o.kind === 'ClusterRoleBinding');
    expect(pod.automountServiceAccountToken).toBe(hasRbac);
    expect(only(objs, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('no wildcard in any RBAC rule', () => {
    for (const role of objs.filter(o => o.kind === 'ClusterRole')) {
      for (const rule of role.rules) expect([...rule.apiGroups, ...rule.resources, ...rule.verbs]).not.toContain('*');
    }
  });

  test('RuntimeDefault seccomp, no host IPC', () => {
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.hostIPC).toBeUndefined();
  });

  test('every privilege it takes is justified', () => {
    expect(PrivilegeAudit.unjustifiedCount(PrivilegeAudit.audit(objs))).toBe(0);
  });
});

describe('least privilege: what each agent gives up against its upstream chart', () => {
  test('node-exporter: no SYS_TIME (kube-prometheus adds it), non-root, read-only root filesystem, no token', () => {
    const [c] = containersOf(objectsOf(AGENTS[0][1]));
    expect(c.securityContext.capabilities.add).toBeUndefined();
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true });
  });

  test('log collector: /var/log itself is not mounted (the chart mounts it writable); the root filesystem is read-only', () => {
    const objs = objectsOf(AGENTS[1][1]);
    const pod = only(objs, 'DaemonSet').spec.template.spec;
    expect(pod.volumes.map((v: any) => v.hostPath?.path).filter(Boolean)).not.toContain('/var/log');
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.containers[0].securityContext.capabilities.add).toBeUndefined();
  });

  test('CNI: NET_ADMIN and NET_RAW only, not privileged (Calico runs privileged), no get on pods', () => {
    const objs = objectsOf(AGENTS[2][1]);
    const main = only(objs, 'DaemonSet').spec.template.spec.containers[0];
    expect(main.securityContext.capabilities.add).toEqual(['NET_ADMIN', 'NET_RAW']);
    const resources = only(objs, 'ClusterRole').rules.flatMap((r: any) => r.resources);
    expect(resources).not.toContain('pods');
  });

  test('GPU monitor: no SYS_ADMIN unless profiling metrics are asked for (the chart always adds it), no token', () => {
    const [c] = containersOf(objectsOf(AGENTS[3][1]));
    expect(c.securityContext.capabilities.add).toBeUndefined();
    const profiling = containersOf(objectsOf(chart => new GpuMonitorDaemonSet(chart, 'a', { profilingMetrics: true })))[0];
    expect(profiling.securityContext.capabilities.add).toEqual(['SYS_ADMIN']);
  });
});
