/**
 * Bad-input catalog, part 1: a NodeAgent's identity, pod-level fields and containers.
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu, EnvValue, SeccompProfileType } from 'cdk8s-plus-28';
import { BadInput, catalog } from './catalog';
import { NodeAgent, Privilege } from '../../src';
import { agent, agentContainer } from '../base/fixtures';

const AGENT = 'test/agent';

/** An agent whose one container differs from the valid one by `overrides`. */
function withContainer(overrides: object, props: object = {}) {
  return (chart: any) => agent(chart, { ...props, containers: [agentContainer(overrides)] });
}

const resources = (cpu: Cpu, memory: Size, limits: { cpu?: Cpu; memory?: Size } = {}) => ({
  cpu: { request: cpu, limit: limits.cpu },
  memory: { request: memory, limit: limits.memory },
});

const identity: BadInput[] = [
  {
    name: 'rejects an application name longer than a label value',
    build: chart => agent(chart, { name: 'a'.repeat(64), instance: 'agent' }),
    error: { path: AGENT, property: 'name', value: `"${'a'.repeat(64)}"`, fix: 'at most 63 characters' },
  },
  {
    name: 'rejects an instance with capitals and an underscore',
    build: chart => agent(chart, { instance: 'Node_Exporter' }),
    error: { path: AGENT, property: 'instance', value: '"Node_Exporter"', fix: 'a DNS-1123 label), e.g. "node-exporter"' },
  },
  {
    name: 'rejects an instance longer than 63 characters',
    build: chart => agent(chart, { instance: 'x'.repeat(64) }),
    error: { path: AGENT, property: 'instance', value: `"${'x'.repeat(64)}"`, fix: 'Use at most 63 lowercase letters' },
  },
  {
    name: 'rejects a version label with "+" and "/"',
    build: chart => agent(chart, { version: 'v1.0.0+build/7' }),
    error: { path: AGENT, property: 'version', value: '"v1.0.0+build/7"', fix: 'letters, digits, "-", "_" and "."' },
  },
  {
    name: 'rejects a component label with a space',
    build: chart => agent(chart, { component: 'log collector' }),
    error: { path: AGENT, property: 'component', value: '"log collector"', fix: 'starting and ending with a letter or digit' },
  },
  {
    name: 'rejects a partOf label ending in a dash',
    build: chart => agent(chart, { partOf: 'monitoring-' }),
    error: { path: AGENT, property: 'partOf', value: '"monitoring-"', fix: 'starting and ending with a letter or digit' },
  },
  {
    name: 'rejects pod labels that replace a label the selector needs',
    build: chart => agent(chart, { podMetadata: { labels: { 'app.kubernetes.io/instance': 'agent-blue' } } }),
    error: { path: AGENT, property: 'podMetadata.labels[app.kubernetes.io/instance]', value: '"agent-blue"', fix: 'set instance instead' },
  },
  {
    name: 'rejects a selector label replaced through podMetadata after construction',
    build: chart => {
      agent(chart).podMetadata.addLabel('app.kubernetes.io/name', 'other-agent');
      return Testing.synth(chart);
    },
    error: { path: AGENT, property: 'podMetadata.labels[app.kubernetes.io/name]', value: '"other-agent"', fix: 'The DaemonSet selects app.kubernetes.io/name=agent' },
  },
  {
    name: 'rejects a pod label key with a space',
    build: chart => agent(chart, { podMetadata: { labels: { 'team name': 'platform' } } }),
    error: { path: AGENT, property: 'podMetadata.labels key', value: '"team name"', fix: 'Use a qualified name "[prefix/]name"' },
  },
  {
    name: 'rejects an object label value with a slash',
    build: chart => agent(chart, { metadata: { labels: { team: 'platform/observability' } } }),
    error: { path: AGENT, property: 'metadata.labels[team]', value: '"platform/observability"', fix: 'starting and ending with a letter or digit' },
  },
  {
    name: 'rejects a DaemonSet name with an underscore',
    build: chart => agent(chart, { metadata: { name: 'node_agent' } }),
    error: { path: AGENT, property: 'metadata.name', value: '"node_agent"', fix: 'a DNS-1123 subdomain' },
  },
  {
    name: 'rejects an agent namespace with a space',
    build: chart => agent(chart, { metadata: { namespace: 'node agents' } }),
    error: { path: AGENT, property: 'metadata.namespace', value: '"node agents"', fix: 'a DNS-1123 label' },
  },
  {
    name: 'rejects a Chart namespace in capitals',
    build: () => agent(new Chart(Testing.app(), 'test', { namespace: 'Agents' })),
    error: { path: AGENT, property: 'namespace (the Chart\'s)', value: '"Agents"', fix: 'a DNS-1123 label' },
  },
];

const podLevel: BadInput[] = [
  {
    name: 'rejects a Localhost seccomp profile, whose profile path the prop cannot carry',
    build: chart => agent(chart, { seccompProfile: SeccompProfileType.LOCALHOST }),
    error: { path: AGENT, property: 'seccompProfile', value: '"Localhost"', fix: 'use SeccompProfileType.RUNTIME_DEFAULT (or UNCONFINED)' },
  },
  {
    name: 'rejects a negative revisionHistoryLimit',
    build: chart => agent(chart, { revisionHistoryLimit: -1 }),
    error: { path: AGENT, property: 'revisionHistoryLimit', value: '-1', fix: 'Use a whole number of 0 or more' },
    absent: 'revisionHistoryLimit: -1',
  },
  {
    name: 'rejects a revisionHistoryLimit Kubernetes cannot store (above int32)',
    build: chart => agent(chart, { revisionHistoryLimit: 2 ** 31 }),
    error: { path: AGENT, property: 'revisionHistoryLimit', value: '2147483648', fix: 'at most 2147483647' },
    absent: '2147483648',
  },
  {
    name: 'rejects a fractional minReadySeconds',
    build: chart => agent(chart, { minReadySeconds: 1.5 }),
    error: { path: AGENT, property: 'minReadySeconds', value: '1.5', fix: 'Use a whole number of 0 or more' },
    absent: 'minReadySeconds: 1.5',
  },
  {
    name: 'rejects a grace period in fractions of a second',
    build: chart => agent(chart, { terminationGracePeriod: Duration.millis(1500) }),
    error: { path: AGENT, property: 'terminationGracePeriod', value: '"1500ms"', fix: 'Kubernetes counts it in whole seconds: use e.g. Duration.seconds(30)' },
    absent: 'terminationGracePeriodSeconds: 1.5',
  },
  {
    name: 'rejects a priorityClassName with spaces and capitals',
    build: chart => agent(chart, { priorityClassName: 'System Node Critical' }),
    error: { path: AGENT, property: 'priorityClassName', value: '"System Node Critical"', fix: 'a DNS-1123 subdomain' },
  },
  {
    name: 'rejects a runtimeClassName in capitals',
    build: chart => agent(chart, { runtimeClassName: 'NVIDIA' }),
    error: { path: AGENT, property: 'runtimeClassName', value: '"NVIDIA"', fix: 'lowercase letters, digits, "-" and "."' },
  },
  {
    name: 'rejects an empty justification',
    build: chart => agent(chart, { hostPid: true }).justify(Privilege.HOST_PID, '  '),
    error: { path: AGENT, property: 'justification of hostPID', value: '"  "', fix: 'Say why the agent needs this privilege' },
    absent: 'justification.cdk8s-daemonsets.io/hostPID',
  },
  {
    name: 'rejects a privilege key with a space',
    build: chart => agent(chart).justify(Privilege.capability('NET ADMIN'), 'programs routes'),
    error: { path: AGENT, property: 'privilege', value: '"capability.NET ADMIN"', fix: 'letters, digits, "-", "_" and "."' },
  },
];

const containers: BadInput[] = [
  {
    name: 'rejects an image without a tag',
    build: withContainer({ image: 'quay.io/prometheus/node-exporter' }),
    error: { path: AGENT, property: 'containers[agent].image', value: '"quay.io/prometheus/node-exporter"', fix: 'Pin the image to a version tag' },
  },
  {
    name: 'rejects the moving tag "latest"',
    build: withContainer({ image: 'fluent/fluent-bit:latest' }),
    error: { path: AGENT, property: 'containers[agent].image', value: '"fluent/fluent-bit:latest"', fix: 'or set allowUnpinnedImages: true' },
  },
  {
    name: 'rejects a registry port taken for a tag',
    build: withContainer({ image: 'registry.example.com:5000/agent' }),
    error: { path: AGENT, property: 'containers[agent].image', value: '"registry.example.com:5000/agent"', fix: 'Pin the image' },
  },
  {
    name: 'rejects a digest that is not 64 hex digits',
    build: withContainer({ image: 'registry.example.com/agent@sha256:abc123' }),
    error: { path: AGENT, property: 'containers[agent].image', value: '"registry.example.com/agent@sha256:abc123"', fix: '@sha256:<64 hex digits>' },
  },
  {
    name: 'rejects an image reference with capitals and a space',
    build: withContainer({ image: 'Quay.io/Bad Image:v1' }),
    error: { path: AGENT, property: 'containers[agent].image', value: '"Quay.io/Bad Image:v1"', fix: 'Use an image reference "registry/repository:tag"' },
  },
  {
    name: 'rejects a container without resources',
    build: withContainer({ resources: undefined }),
    error: { path: AGENT, property: 'containers[agent].resources', value: 'undefined', fix: 'Agent containers must request CPU and memory' },
    absent: 'name: agent',
  },
  {
    name: 'rejects a container without a CPU request',
    build: withContainer({ resources: { memory: { request: Size.mebibytes(32) } } }),
    error: { path: AGENT, property: 'containers[agent].resources', value: '{"memory":32}', fix: 'cpu: { request: Cpu.millis(100) }' },
    absent: 'name: agent',
  },
  {
    name: 'rejects a CPU request above its limit',
    build: withContainer({ resources: resources(Cpu.millis(500), Size.mebibytes(32), { cpu: Cpu.millis(200) }) }),
    error: { path: AGENT, property: 'containers[agent].resources.cpu.request', value: '"500m"', fix: 'A request must not exceed its limit (200m)' },
  },
  {
    name: 'rejects a memory request above its limit',
    build: withContainer({ resources: resources(Cpu.millis(50), Size.mebibytes(256), { memory: Size.mebibytes(128) }) }),
    error: { path: AGENT, property: 'containers[agent].resources.memory.request', value: '"256Mi"', fix: 'lower the request or raise the limit' },
  },
  {
    name: 'rejects a CPU request of zero',
    build: withContainer({ resources: resources(Cpu.millis(0), Size.mebibytes(32)) }),
    error: { path: AGENT, property: 'containers[agent].resources.cpu.request', value: '"0m"', fix: 'Use a positive CPU quantity, e.g. Cpu.millis(100)' },
  },
  {
    name: 'rejects a CPU quantity that is not a number',
    build: withContainer({ resources: resources(Cpu.units(NaN), Size.mebibytes(32)) }),
    error: { path: AGENT, property: 'containers[agent].resources.cpu.request', value: '"NaN"', fix: 'Use a positive CPU quantity' },
  },
  {
    name: 'rejects a malformed CPU limit',
    build: withContainer({ resources: resources(Cpu.millis(50), Size.mebibytes(32), { cpu: Cpu.millis(-100) }) }),
    error: { path: AGENT, property: 'containers[agent].resources.cpu.limit', value: '"-100m"', fix: 'Use a positive CPU quantity' },
  },
  {
    name: 'rejects memory that is not whole mebibytes',
    build: withContainer({ resources: resources(Cpu.millis(50), Size.kibibytes(1500)) }),
    error: { path: AGENT, property: 'containers[agent].resources.memory.request', value: '"1500Ki"', fix: 'Use a positive whole number of mebibytes' },
  },
  {
    name: 'rejects a container without a security context',
    build: withContainer({ securityContext: undefined }),
    error: { path: AGENT, property: 'containers[agent].securityContext', value: 'undefined', fix: '{ ensureNonRoot: true, user: 65534, readOnlyRootFilesystem: true }' },
    absent: 'name: agent',
  },
  {
    name: 'rejects a container name with capitals and an underscore',
    build: withContainer({ name: 'Agent_1' }),
    error: { path: AGENT, property: 'containers[Agent_1].name', value: '"Agent_1"', fix: 'a DNS-1123 label' },
  },
  {
    name: 'rejects a container port of 0',
    build: withContainer({ ports: [{ number: 0 }] }),
    error: { path: AGENT, property: 'containers[agent].ports[0].number', value: '0', fix: 'Use an integer port from 1 to 65535' },
    absent: 'containerPort: 0',
  },
  {
    name: 'rejects a container port above 65535',
    build: withContainer({ portNumber: 65536 }),
    error: { path: AGENT, property: 'containers[agent].ports[0].number', value: '65536', fix: 'Use an integer port from 1 to 65535' },
    absent: '65536',
  },
  {
    name: 'rejects a hostPort above 65535',
    build: withContainer({ ports: [{ number: 8080, hostPort: 70000 }] }),
    error: { path: AGENT, property: 'containers[agent].ports[0].hostPort', value: '70000', fix: 'Use an integer port from 1 to 65535' },
    absent: '70000',
  },
  {
    name: 'rejects a port name in capitals',
    build: withContainer({ ports: [{ number: 9100, name: 'Metrics' }] }),
    error: { path: AGENT, property: 'containers[agent].ports[0].name', value: '"Metrics"', fix: 'an IANA service name), e.g. "metrics"' },
  },
  {
    name: 'rejects a port name without a letter',
    build: withContainer({ ports: [{ number: 9100, name: '9100' }] }),
    error: { path: AGENT, property: 'containers[agent].ports[0].name', value: '"9100"', fix: 'with at least one letter' },
    absent: 'name: "9100"',
  },
  {
    name: 'rejects a port name longer than 15 characters',
    build: withContainer({ ports: [{ number: 9100, name: 'prometheus-metrics' }] }),
    error: { path: AGENT, property: 'containers[agent].ports[0].name', value: '"prometheus-metrics"', fix: 'Use at most 15 lowercase letters' },
  },
  {
    name: 'rejects with hostNetwork a hostPort that differs from the containerPort',
    build: withContainer({ ports: [{ number: 9100, hostPort: 9200 }] }, { hostNetwork: true }),
    error: { path: AGENT, property: 'containers[agent].ports[0].hostPort', value: '9200', fix: 'hostPort must equal containerPort (9100): drop hostPort or change containerPort' },
    absent: 'hostPort: 9200',
  },
  {
    name: 'rejects a second container publishing the same host port',
    build: chart => agent(chart, { hostNetwork: true, containers: [agentContainer({ ports: [{ number: 9100 }] })] })
      .addContainer(agentContainer({ name: 'sidecar', ports: [{ number: 9100 }] })),
    error: { path: AGENT, property: 'containers[sidecar].ports', value: '9100', fix: 'already published on the node by another container of this agent: use another port' },
    absent: 'sidecar',
  },
  {
    name: 'rejects the same port twice in one container',
    build: withContainer({ ports: [{ number: 9100 }, { number: 9100, name: 'metrics' }] }),
    error: { path: AGENT, property: 'containers[agent].ports[1].number', value: '9100', fix: 'A container may declare a port once per protocol' },
    absent: 'containerPort: 9100',
  },
  {
    name: 'rejects a port given both as portNumber and in ports',
    build: withContainer({ portNumber: 8080, ports: [{ number: 8080, name: 'http' }] }),
    error: { path: AGENT, property: 'containers[agent].ports[1].number', value: '8080', fix: 'drop the duplicate' },
    absent: 'containerPort: 8080',
  },
  {
    name: 'rejects one name for two ports of a container',
    build: withContainer({ ports: [{ number: 9100, name: 'metrics' }, { number: 9101, name: 'metrics' }] }),
    error: { path: AGENT, property: 'containers[agent].ports[1].name', value: '"metrics"', fix: 'Each port of a container needs a name of its own' },
    absent: '9101',
  },
  {
    name: 'rejects one host port for two ports of a container',
    build: withContainer({ ports: [{ number: 8080, hostPort: 18080 }, { number: 8081, hostPort: 18080 }] }),
    error: { path: AGENT, property: 'containers[agent].ports[1].hostPort', value: '18080', fix: 'each port needs a host port of its own: use another one' },
    absent: '18080',
  },
  {
    name: 'rejects two containers with one name',
    build: chart => agent(chart, { containers: [agentContainer(), agentContainer({ image: 'registry.example.com/agent:v2.0.0' })] }),
    error: { path: AGENT, property: 'containers[agent].name', value: '"agent"', fix: 'Each container of the pod needs a name of its own' },
    absent: 'v2.0.0',
  },
  {
    name: 'rejects an init container named like a container',
    build: chart => agent(chart).addInitContainer(agentContainer({ image: 'registry.example.com/agent-init:v1.0.0' })),
    error: { path: AGENT, property: 'initContainers[agent].name', value: '"agent"', fix: 'Each container of the pod needs a name of its own' },
    absent: 'agent-init',
  },
  {
    name: 'rejects an agent still without a container at synth',
    build: chart => {
      new NodeAgent(chart, 'agent', { name: 'agent' });
      return Testing.synth(chart);
    },
    error: { path: AGENT, property: 'containers', value: '[]', fix: 'pass containers, or call addContainer() before synth' },
    absent: 'kind: DaemonSet',
  },
  {
    name: 'rejects an environment variable name with a space',
    build: withContainer({ envVariables: { 'LOG LEVEL': EnvValue.fromValue('debug') } }),
    error: { path: AGENT, property: 'containers[agent].envVariables', value: '"LOG LEVEL"', fix: 'not starting with a digit, e.g. "GOMAXPROCS"' },
  },
  {
    name: 'rejects an init container with an unpinned image',
    build: chart => agent(chart).addInitContainer(agentContainer({ name: 'init', image: 'busybox' })),
    error: { path: AGENT, property: 'initContainers[init].image', value: '"busybox"', fix: 'Pin the image to a version tag' },
  },
];

describe('bad inputs: NodeAgent identity', () => catalog(identity));
describe('bad inputs: NodeAgent pod level', () => catalog(podLevel));
describe('bad inputs: NodeAgent containers', () => catalog(containers));
