import { Size } from 'cdk8s';
import { Cpu, ImagePullPolicy } from 'cdk8s-plus-28';
import { agent, agentContainer, podSpecOf } from './fixtures';
import { newChart, synth } from '../support/manifests';

describe('NodeAgent containers', () => {
  test('resources are exactly what the agent asks for, never cdk8s-plus\'s 1 CPU / 512Mi defaults', () => {
    const chart = newChart();
    agent(chart);
    expect(podSpecOf(chart).containers[0].resources).toEqual({ requests: { cpu: '50m', memory: '32Mi' }, limits: { memory: '64Mi' } });
  });

  test('the security context is the agent\'s own', () => {
    const chart = newChart();
    agent(chart, { containers: [agentContainer({ securityContext: { ensureNonRoot: false, user: 0, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL' as any], add: ['NET_ADMIN' as any] } } })] });
    expect(podSpecOf(chart).containers[0].securityContext).toEqual({
      runAsUser: 0,
      runAsNonRoot: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] },
    });
  });

  test('images are pulled if not present (pinned images never change)', () => {
    const chart = newChart();
    agent(chart);
    expect(podSpecOf(chart).containers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  test('an explicit pull policy wins', () => {
    const chart = newChart();
    agent(chart, { containers: [agentContainer({ imagePullPolicy: ImagePullPolicy.ALWAYS })] });
    expect(podSpecOf(chart).containers[0].imagePullPolicy).toBe('Always');
  });

  test.each([
    'quay.io/prometheus/node-exporter:v1.9.1',
    'registry.example.com:5000/team/agent:2024.01-rc1',
    'fluent/fluent-bit@sha256:' + 'a'.repeat(64),
    'ghcr.io/flannel-io/flannel:v0.26.1@sha256:' + '0'.repeat(64),
  ])('accepts the pinned image %s', image => {
    expect(() => agent(newChart(), { containers: [agentContainer({ image })] })).not.toThrow();
  });

  test('allowUnpinnedImages accepts a moving tag', () => {
    const chart = newChart();
    agent(chart, { allowUnpinnedImages: true, containers: [agentContainer({ image: 'busybox' })] });
    expect(podSpecOf(chart).containers[0].image).toBe('busybox');
  });

  test('a portNumber becomes a plain port, without cdk8s-plus\'s implicit startup probe', () => {
    const chart = newChart();
    agent(chart, { containers: [agentContainer({ portNumber: 8080 })] });
    const container = podSpecOf(chart).containers[0];
    expect(container.ports).toEqual([{ containerPort: 8080 }]);
    expect(container.startupProbe).toBeUndefined();
  });

  test('with hostNetwork, each port is written as a hostPort of the same number', () => {
    const chart = newChart();
    agent(chart, { hostNetwork: true, containers: [agentContainer({ ports: [{ number: 9100, name: 'metrics' }] })] });
    expect(podSpecOf(chart).containers[0].ports).toEqual([{ containerPort: 9100, hostPort: 9100, name: 'metrics' }]);
  });

  test('without hostNetwork, a hostPort is published as given', () => {
    const chart = newChart();
    agent(chart, { containers: [agentContainer({ ports: [{ number: 8080, hostPort: 18080, name: 'http' }] })] });
    expect(podSpecOf(chart).containers[0].ports).toEqual([{ containerPort: 8080, hostPort: 18080, name: 'http' }]);
  });

  describe('rejects', () => {
    const rejects = (overrides: any, props: any = {}) => () => agent(newChart(), { ...props, containers: [agentContainer(overrides)] });
    test('rejects an image without a tag', () => {
      expect(rejects({ image: 'quay.io/prometheus/node-exporter' }))
        .toThrow(/test\/agent: invalid containers\[agent\]\.image: "quay\.io\/prometheus\/node-exporter"\. Pin the image to a version tag/);
    });
    test('rejects the latest tag', () => {
      expect(rejects({ image: 'fluent/fluent-bit:latest' })).toThrow(/invalid containers\[agent\]\.image: "fluent\/fluent-bit:latest"\. Pin the image/);
    });
    test('rejects a registry port mistaken for a tag', () => {
      expect(rejects({ image: 'registry.example.com:5000/agent' })).toThrow(/invalid containers\[agent\]\.image: "registry\.example\.com:5000\/agent"\. Pin the image/);
    });
    test('rejects a malformed image reference', () => {
      expect(rejects({ image: 'Quay.io/Bad Image:v1' })).toThrow(/invalid containers\[agent\]\.image: "Quay\.io\/Bad Image:v1"\. Use an image reference/);
    });
    test('rejects a container without resources', () => {
      expect(rejects({ resources: undefined })).toThrow(/invalid containers\[agent\]\.resources: undefined\. Agent containers must request CPU and memory/);
    });
    test('rejects a container without a memory request', () => {
      expect(rejects({ resources: { cpu: { request: Cpu.millis(10) } } })).toThrow(/invalid containers\[agent\]\.resources: \{"cpu":"10m"\}\. Agent containers must request CPU and memory/);
    });
    test('rejects a CPU request above its limit', () => {
      expect(rejects({ resources: { cpu: { request: Cpu.millis(500), limit: Cpu.millis(200) }, memory: { request: Size.mebibytes(10) } } }))
        .toThrow(/invalid containers\[agent\]\.resources\.cpu\.request: "500m"\. A request must not exceed its limit \(200m\)/);
    });
    test('rejects a memory request above its limit', () => {
      expect(rejects({ resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(256), limit: Size.mebibytes(128) } } }))
        .toThrow(/invalid containers\[agent\]\.resources\.memory\.request: "256Mi"\. A request must not exceed its limit \(128Mi\)/);
    });
    test('rejects a malformed CPU quantity', () => {
      expect(rejects({ resources: { cpu: { request: Cpu.millis(-5) }, memory: { request: Size.mebibytes(10) } } }))
        .toThrow(/invalid containers\[agent\]\.resources\.cpu\.request: "-5m"\. Use a positive CPU quantity/);
    });
    test('rejects memory that is not whole mebibytes', () => {
      expect(rejects({ resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.kibibytes(1500) } } }))
        .toThrow(/invalid containers\[agent\]\.resources\.memory\.request: "1500Ki"\. Use a positive whole number of mebibytes/);
    });
    test('rejects a container without a security context', () => {
      expect(rejects({ securityContext: undefined })).toThrow(/invalid containers\[agent\]\.securityContext: undefined\. Node agents differ in the privilege they need/);
    });
    test('rejects a container name that is not a DNS label', () => {
      expect(rejects({ name: 'Agent_1' })).toThrow(/invalid containers\[Agent_1\]\.name: "Agent_1"/);
    });
    test('rejects a port out of range', () => {
      expect(rejects({ ports: [{ number: 0 }] })).toThrow(/invalid containers\[agent\]\.ports\[0\]\.number: 0\. Use an integer port from 1 to 65535/);
    });
    test('rejects a port name longer than 15 characters', () => {
      expect(rejects({ ports: [{ number: 80, name: 'a-very-long-port-name' }] })).toThrow(/invalid containers\[agent\]\.ports\[0\]\.name: "a-very-long-port-name"/);
    });
    test('rejects with hostNetwork a hostPort that differs from the containerPort', () => {
      expect(rejects({ ports: [{ number: 9100, hostPort: 9200 }] }, { hostNetwork: true }))
        .toThrow(/invalid containers\[agent\]\.ports\[0\]\.hostPort: 9200\. With hostNetwork the container listens on the node itself, so hostPort must equal containerPort \(9100\)/);
    });
    test('rejects with hostNetwork a differing hostPort added later through cdk8s-plus', () => {
      const chart = newChart();
      const a = agent(chart, { hostNetwork: true });
      a.containers[0].addPort({ number: 9100, hostPort: 9200 });
      expect(() => synth(chart)).toThrow(/invalid container agent port 9100 hostPort: 9200\. With hostNetwork/);
    });
    test('rejects two containers publishing the same host port', () => {
      const a = agent(newChart(), { hostNetwork: true, containers: [agentContainer({ ports: [{ number: 9100 }] })] });
      expect(() => a.addContainer(agentContainer({ name: 'sidecar', ports: [{ number: 9100 }] })))
        .toThrow(/invalid containers\[sidecar\]\.ports: 9100\. Port 9100 is already published on the node by another container/);
    });
  });
});
