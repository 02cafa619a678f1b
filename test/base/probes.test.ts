/**
 * AgentProbe through NodeAgent.probe(): the probe fields cdk8s-plus-28's Probe lacks (host,
 * headers, gRPC) reach the YAML through the typed pod spec, and what the API server refuses is
 * refused where the probe is set.
 */
import { Duration, Size } from 'cdk8s';
import { ConnectionScheme, Cpu, Probe } from 'cdk8s-plus-28';
import { AgentProbe, NodeAgent } from '../../src';
import { newChart, only, synth } from '../support/manifests';

function agentWith(...names: string[]) {
  const chart = newChart();
  const agent = new NodeAgent(chart, 'agent', { name: 'agent', hostNetwork: true });
  const containers = names.map(name => agent.addContainer({
    name,
    image: 'registry.example.com/agent:v1.0.0',
    liveness: Probe.fromHttpGet('/plus', { port: 9000 }),
    resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16) } },
    securityContext: { ensureNonRoot: true, user: 65534 },
  }));
  return { chart, agent, containers };
}
const containerOf = (chart: any, name: string) => only(synth(chart), 'DaemonSet').spec.template.spec.containers.find((c: any) => c.name === name);

describe('NodeAgent.probe', () => {
  test('writes every field of every kind of probe, replacing cdk8s-plus\'s probe of that kind only', () => {
    const { chart, agent, containers: [main] } = agentWith('main');
    agent.probe(main, {
      readiness: AgentProbe.httpGet(9879, { path: '/healthz', host: '127.0.0.1', scheme: ConnectionScheme.HTTPS, headers: { 'brief': 'true', 'X-Probe': 'k' } }),
      startup: AgentProbe.grpc(9876, { service: 'agent', period: Duration.seconds(2), failureThreshold: 300 }),
    });
    const c = containerOf(chart, 'main');
    expect(c.livenessProbe.httpGet.path).toBe('/plus');
    expect(c.readinessProbe).toEqual({
      httpGet: { path: '/healthz', port: 9879, host: '127.0.0.1', scheme: 'HTTPS', httpHeaders: [{ name: 'brief', value: 'true' }, { name: 'X-Probe', value: 'k' }] },
      failureThreshold: 3,
    });
    expect(c.startupProbe).toEqual({ grpc: { port: 9876, service: 'agent' }, periodSeconds: 2, failureThreshold: 300 });
  });

  test('a later call sets other kinds and keeps the earlier ones', () => {
    const { chart, agent, containers: [main] } = agentWith('main');
    agent.probe(main, { liveness: AgentProbe.tcpSocket(9000, { host: '127.0.0.1', timeout: Duration.seconds(2) }) });
    agent.probe(main, { readiness: AgentProbe.exec(['cat', '/tmp/ready'], { initialDelay: Duration.seconds(5), successThreshold: 2 }) });
    const c = containerOf(chart, 'main');
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 9000, host: '127.0.0.1' }, timeoutSeconds: 2, failureThreshold: 3 });
    expect(c.readinessProbe).toEqual({ exec: { command: ['cat', '/tmp/ready'] }, initialDelaySeconds: 5, successThreshold: 2, failureThreshold: 3 });
  });

  test('probes each container by its own name', () => {
    const { chart, agent, containers: [, sidecar] } = agentWith('main', 'sidecar');
    agent.probe(sidecar, { liveness: AgentProbe.grpc(9090) });
    expect(containerOf(chart, 'main').livenessProbe.httpGet.path).toBe('/plus');
    expect(containerOf(chart, 'sidecar').livenessProbe).toEqual({ grpc: { port: 9090 }, failureThreshold: 3 });
  });

  test('rejects probes on an init container, which runs to completion', () => {
    const { agent } = agentWith('main');
    const init = agent.addInitContainer({
      name: 'init',
      image: 'registry.example.com/init:v1.0.0',
      resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16) } },
      securityContext: { ensureNonRoot: true, user: 65534 },
    });
    expect(() => agent.probe(init, { liveness: AgentProbe.grpc(9090) }))
      .toThrow(/^test\/agent: invalid container init probes: "init"\. Init containers run to completion and take no probes: probe the agent's main container\.$/);
  });

  test('rejects a container of another agent', () => {
    const { agent } = agentWith('main');
    const { containers: [other] } = agentWith('other');
    expect(() => agent.probe(other, { liveness: AgentProbe.grpc(9090) })).toThrow(/invalid container other probes: "other"\. Give a container of this agent/);
  });

  test('rejects what the API server refuses, every problem at once', () => {
    const { agent, containers: [main] } = agentWith('main');
    expect(() => agent.probe(main, {
      liveness: AgentProbe.httpGet(70000, { path: 'healthz', host: 'http://127.0.0.1/', headers: { 'a b': 'x\ny' }, successThreshold: 2 }),
      readiness: AgentProbe.exec([], { period: Duration.millis(1500), timeout: Duration.seconds(0), failureThreshold: 0 }),
    })).toThrow(new RegExp([
      'test/agent: invalid container main probes\\.liveness\\.port: 70000\\. Use an integer port from 1 to 65535\\.',
      'test/agent: invalid container main probes\\.liveness\\.path: "healthz"\\. Use an absolute URL path, e\\.g\\. "/healthz"\\.',
      'test/agent: invalid container main probes\\.liveness\\.host: "http://127\\.0\\.0\\.1/"\\. Give a host name or IP address without scheme, port or path',
      'test/agent: invalid container main probes\\.liveness\\.headers: "a b"\\. Name each header with letters, digits and "-"',
      'test/agent: invalid container main probes\\.liveness\\.headers\\[a b\\]: "x\\\\ny"\\. A header value is one line',
      'test/agent: invalid container main probes\\.liveness\\.successThreshold: 2\\. A liveness probe passes on its first success',
      'test/agent: invalid container main probes\\.readiness\\.command: \\[\\]\\. Give the command to run',
      'test/agent: invalid container main probes\\.readiness\\.period: "1 second 500 millis"\\. Kubernetes counts it in whole seconds of 1 or more',
      'test/agent: invalid container main probes\\.readiness\\.timeout: "0 seconds"\\. Kubernetes counts it in whole seconds of 1 or more',
      'test/agent: invalid container main probes\\.readiness\\.failureThreshold: 0\\. Use a whole number of 1 or more\\.',
    ].join('.*\\n')));
  });
});
