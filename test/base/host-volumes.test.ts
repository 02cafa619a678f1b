import { HostPathVolumeType, MountPropagation } from 'cdk8s-plus-28';
import { agent, agentContainer, daemonSetOf, podSpecOf } from './fixtures';
import { newChart } from '../support/manifests';

describe('NodeAgent.mountHostPath', () => {
  test('mounts read-only by default, at the host path, with the type written', () => {
    const chart = newChart();
    const a = agent(chart);
    a.mountHostPath(a.containers[0], { name: 'varlog', hostPath: '/var/log', type: HostPathVolumeType.DIRECTORY });
    const pod = podSpecOf(chart);
    expect(pod.volumes).toEqual([{ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'varlog', mountPath: '/var/log', readOnly: true }]);
  });

  test('an unchecked hostPath leaves type out', () => {
    const chart = newChart();
    const a = agent(chart);
    a.mountHostPath(a.containers[0], { name: 'proc', hostPath: '/proc', mountPath: '/host/proc' });
    expect(podSpecOf(chart).volumes).toEqual([{ name: 'proc', hostPath: { path: '/proc' } }]);
  });

  test.each(Object.values(HostPathVolumeType).filter(t => t !== ''))('type %s reaches the YAML', type => {
    const chart = newChart();
    const a = agent(chart);
    a.mountHostPath(a.containers[0], { name: 'x', hostPath: '/x', type: type as HostPathVolumeType });
    expect(podSpecOf(chart).volumes[0].hostPath.type).toBe(type);
  });

  test('writable only when asked, with propagation', () => {
    const chart = newChart();
    const a = agent(chart);
    a.mountHostPath(a.containers[0], { name: 'db', hostPath: '/var/lib/agent', type: HostPathVolumeType.DIRECTORY_OR_CREATE, readOnly: false });
    a.mountHostPath(a.containers[0], { name: 'root', hostPath: '/', mountPath: '/host/root', propagation: MountPropagation.HOST_TO_CONTAINER });
    expect(podSpecOf(chart).containers[0].volumeMounts).toEqual([
      { name: 'db', mountPath: '/var/lib/agent', readOnly: false },
      { name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
    ]);
  });

  test('Bidirectional is accepted in a privileged container', () => {
    const chart = newChart();
    const privileged = { privileged: true, ensureNonRoot: false, allowPrivilegeEscalation: true };
    const a = agent(chart, { containers: [agentContainer({ securityContext: privileged })] });
    a.mountHostPath(a.containers[0], { name: 'bpf', hostPath: '/sys/fs/bpf', readOnly: false, propagation: MountPropagation.BIDIRECTIONAL });
    expect(podSpecOf(chart).containers[0].volumeMounts[0].mountPropagation).toBe('Bidirectional');
  });

  test('the same name and path in two containers shares one volume', () => {
    const chart = newChart();
    const a = agent(chart);
    const init = a.addInitContainer(agentContainer({ name: 'install' }));
    a.mountHostPath(init, { name: 'cni-bin', hostPath: '/opt/cni/bin', readOnly: false });
    a.mountHostPath(a.containers[0], { name: 'cni-bin', hostPath: '/opt/cni/bin' });
    const pod = podSpecOf(chart);
    expect(pod.volumes).toHaveLength(1);
    expect(pod.initContainers[0].volumeMounts[0]).toEqual({ name: 'cni-bin', mountPath: '/opt/cni/bin', readOnly: false });
    expect(pod.containers[0].volumeMounts[0]).toEqual({ name: 'cni-bin', mountPath: '/opt/cni/bin', readOnly: true });
  });

  test('a justification is written for the privilege report', () => {
    const chart = newChart();
    const a = agent(chart);
    a.mountHostPath(a.containers[0], { name: 'varlog', hostPath: '/var/log', justification: 'reads container logs' });
    expect(daemonSetOf(chart).metadata.annotations).toEqual({ 'justification.cdk8s-daemonsets.io/hostPath.varlog': 'reads container logs' });
  });

  describe('rejects', () => {
    const mount = (options: any, container = agentContainer()) => {
      const a = agent(newChart(), { containers: [container] });
      return () => a.mountHostPath(a.containers[0], options);
    };
    test('rejects a relative host path', () => {
      expect(mount({ name: 'logs', hostPath: 'var/log' }))
        .toThrow(/test\/agent: invalid container agent hostPath: "var\/log"\. Use an absolute path, starting with "\/"/);
    });
    test('rejects ".." in a host path', () => {
      expect(mount({ name: 'logs', hostPath: '/var/log/../../etc' })).toThrow(/invalid container agent hostPath: "\/var\/log\/\.\.\/\.\.\/etc"\. Kubernetes refuses "\.\."/);
    });
    test('rejects a relative mount path', () => {
      expect(mount({ name: 'logs', hostPath: '/var/log', mountPath: 'logs' })).toThrow(/invalid container agent mountPath: "logs"/);
    });
    test('rejects a volume name that is not a DNS label', () => {
      expect(mount({ name: 'Var_Log', hostPath: '/var/log' })).toThrow(/invalid container agent hostPath volume name: "Var_Log"\. Use at most 63 lowercase letters/);
    });
    test('rejects Bidirectional in an unprivileged container', () => {
      expect(mount({ name: 'bpf', hostPath: '/sys/fs/bpf', propagation: MountPropagation.BIDIRECTIONAL }))
        .toThrow(/invalid container agent mountPropagation of \/sys\/fs\/bpf: "Bidirectional"\. Kubernetes accepts Bidirectional propagation only in a privileged container/);
    });
    test('rejects the same volume name for another host path', () => {
      const a = agent(newChart());
      a.mountHostPath(a.containers[0], { name: 'data', hostPath: '/var/lib/a' });
      expect(() => a.mountHostPath(a.containers[0], { name: 'data', hostPath: '/var/lib/b', mountPath: '/b' }))
        .toThrow(/invalid container agent hostPath volume name: "data"\. The name already mounts \/var\/lib\/a/);
    });
    test('rejects the same mount path twice in a container', () => {
      const a = agent(newChart());
      a.mountHostPath(a.containers[0], { name: 'a', hostPath: '/var/lib/a', mountPath: '/data' });
      expect(() => a.mountHostPath(a.containers[0], { name: 'b', hostPath: '/var/lib/b', mountPath: '/data' }))
        .toThrow(/invalid container agent mountPath: "\/data"\. Each mount path may be used once per container/);
    });
    test('rejects an empty justification', () => {
      expect(mount({ name: 'logs', hostPath: '/var/log', justification: ' ' })).toThrow(/invalid justification of hostPath\.logs: " "\. Say why the agent needs this privilege/);
    });
  });
});
