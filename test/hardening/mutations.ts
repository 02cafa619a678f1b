/**
 * Ways to make a valid NodeAgent spec invalid, one input at a time, each with random bad values
 * drawn from the API server's grammar (see arbitraries.ts). Every mutation names what it breaks,
 * so a failing run says which input got through.
 */
import { Duration, Size } from 'cdk8s';
import { Cpu, EnvValue, MountPropagation } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  absolutePath, AgentSpec, badCount, badDnsLabel, badDnsSubdomain, badEnvName, badLabelValue, badPort, badWholeSeconds, corrupted, dnsLabel, GRAMMAR,
  labelValue, qualifiedKey,
} from './arbitraries';
import { NodeRequirement, NodeSelection, NodeSelectorOperator, TaintEffect, Toleration, TolerationOperator, UpdateLimit, UpdateStrategy } from '../../src';

/** A named change that makes a spec invalid. */
export interface Mutation<S> {
  readonly what: string;
  readonly apply: (spec: S) => S;
}

const named = <S, T>(what: string, values: fc.Arbitrary<T>, apply: (spec: S, value: T) => S): fc.Arbitrary<Mutation<S>> =>
  values.map(value => ({ what: `${what}: ${fc.stringify(value)}`, apply: (spec: S) => apply(spec, value) }));

const on = <T>(what: string, values: fc.Arbitrary<T>, apply: (spec: AgentSpec, value: T) => AgentSpec) => named<AgentSpec, T>(what, values, apply);
const props = (spec: AgentSpec, change: object): AgentSpec => ({ ...spec, props: { ...spec.props, ...change } });
const firstContainer = (spec: AgentSpec, change: object): AgentSpec =>
  props(spec, { containers: [{ ...spec.props.containers![0], ...change }, ...spec.props.containers!.slice(1)] });

/** Invalid node selections, each one thing Kubernetes refuses. */
export const badNodeSelection: fc.Arbitrary<NodeSelection> = fc.oneof(
  badLabelValue.map(v => NodeSelection.labels({ pool: v })),
  corrupted(qualifiedKey, k => k.split('/').length <= 2 && /^(([a-z0-9.-]+)\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(k) && k.split('/').pop()!.length <= 63)
    .map(k => NodeSelection.matching(NodeRequirement.exists(k))),
  qualifiedKey.map(k => NodeSelection.matching(NodeRequirement.of({ key: k, operator: NodeSelectorOperator.IN, values: [] }))),
  fc.tuple(qualifiedKey, labelValue)
    .map(([k, v]) => NodeSelection.matching(NodeRequirement.of({ key: k, operator: NodeSelectorOperator.EXISTS, values: [v] }))),
  // NaN is refused by NodeRequirement.gt itself (test/hardening/wrong-types-base.test.ts).
  fc.tuple(qualifiedKey, fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }))
    .map(([k, n]) => NodeSelection.matching(NodeRequirement.gt(k, n))),
  fc.constant(NodeSelection.matching()),
  fc.constant(NodeSelection.anyOf()),
  fc.tuple(labelValue, labelValue).filter(([a, b]) => a !== b).map(([a, b]) => NodeSelection.nodePool('pool', a).and(NodeSelection.nodePool('pool', b))),
);

/** Invalid tolerations. */
export const badToleration: fc.Arbitrary<Toleration> = fc.oneof(
  badLabelValue.map(v => Toleration.equal('dedicated', v)),
  fc.string({ minLength: 1, maxLength: 10 }).filter(v => v.length > 0).map(v => Toleration.of({ key: 'dedicated', operator: TolerationOperator.EXISTS, value: v })),
  labelValue.filter(v => v !== '').map(v => Toleration.of({ value: v })),
  fc.tuple(fc.integer({ min: 1, max: 3600 }), fc.constantFrom(undefined, TaintEffect.NO_SCHEDULE, TaintEffect.PREFER_NO_SCHEDULE))
    .map(([s, effect]) => Toleration.of({ key: 'dedicated', effect, tolerationSeconds: Duration.seconds(s) })),
  badWholeSeconds.map(d => Toleration.of({ key: 'dedicated', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_EXECUTE, tolerationSeconds: d })),
  // An operator or effect that is not one of the enum's values is refused by Toleration.of and
  // Toleration.exists themselves, before any agent exists (test/hardening/wrong-types-base.test.ts).
);

/** Invalid update strategies. */
export const badUpdateStrategy: fc.Arbitrary<UpdateStrategy> = fc.oneof(
  // NaN is refused by UpdateLimit.nodes itself (test/hardening/wrong-types-base.test.ts).
  badCount.filter(n => !Number.isNaN(n)).map(n => UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(n) })),
  fc.integer({ min: 101, max: 10_000 }).map(p => UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(p) })),
  fc.double({ min: 0, max: 100, noInteger: true, noNaN: true }).map(p => UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(p) })),
  fc.string({ maxLength: 6 }).filter(s => !/^-?[0-9]+%?$/.test(s)).map(s => UpdateStrategy.rollingUpdate({ maxSurge: UpdateLimit.parse(s) })),
  fc.constant(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(0) })),
  fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }))
    .map(([u, s]) => UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(u), maxSurge: UpdateLimit.percent(s) })),
);

/** Invalid container resources. */
export const badResources = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 1, max: 100 }).map(m => ({ memory: { request: Size.mebibytes(m) } })),
  fc.tuple(fc.integer({ min: 2, max: 4000 }), fc.integer({ min: 1, max: 100 })).map(([cpu, less]) => ({
    cpu: { request: Cpu.millis(cpu), limit: Cpu.millis(Math.max(1, cpu - less)) }, memory: { request: Size.mebibytes(64) },
  })),
  fc.tuple(fc.integer({ min: 2, max: 4000 }), fc.integer({ min: 1, max: 100 })).map(([mem, less]) => ({
    cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(mem), limit: Size.mebibytes(Math.max(1, mem - less)) },
  })),
  fc.integer({ min: 1, max: 1023 }).map(k => ({ cpu: { request: Cpu.millis(100) }, memory: { request: Size.kibibytes(k) } })),
  fc.constant({ cpu: { request: Cpu.millis(0) }, memory: { request: Size.mebibytes(64) } }),
);

const unpinnedImage = fc.oneof(
  dnsLabel.map(r => `registry.example.com/${r}`),
  dnsLabel.map(r => `registry.example.com/${r}:latest`),
  fc.string({ maxLength: 12 }).filter(s => !/^[a-z0-9./:_-]+$/.test(s)).map(s => `registry.example.com/${s}:v1`),
);

/** One invalid input to a NodeAgent, anywhere among its props, containers, mounts and Service. */
export const agentMutation: fc.Arbitrary<Mutation<AgentSpec>> = fc.oneof(
  on('name', badLabelValue, (s, name) => props(s, { name })),
  on('instance', badDnsLabel, (s, instance) => props(s, { instance })),
  on('version', badLabelValue, (s, version) => props(s, { version })),
  on('partOf', badLabelValue, (s, partOf) => props(s, { partOf })),
  on('revisionHistoryLimit', badCount, (s, revisionHistoryLimit) => props(s, { revisionHistoryLimit })),
  on('minReadySeconds', badCount, (s, minReadySeconds) => props(s, { minReadySeconds })),
  on('priorityClassName', badDnsSubdomain, (s, priorityClassName) => props(s, { priorityClassName })),
  on('runtimeClassName', badDnsSubdomain, (s, runtimeClassName) => props(s, { runtimeClassName })),
  on('terminationGracePeriod', badWholeSeconds, (s, terminationGracePeriod) => props(s, { terminationGracePeriod })),
  on('metadata.namespace', badDnsLabel, (s, namespace) => props(s, { metadata: { namespace } })),
  on('podMetadata label value', badLabelValue, (s, v) => props(s, { podMetadata: { labels: { team: v } } })),
  on('podMetadata selector label', labelValue, (s, v) => props(s, { podMetadata: { labels: { 'app.kubernetes.io/instance': `${s.props.instance}-${v}` } } })),
  on('nodeSelection', badNodeSelection, (s, nodeSelection) => props(s, { nodeSelection })),
  on('toleration', badToleration, (s, t) => props(s, { tolerations: [...s.props.tolerations ?? [], t] })),
  on('updateStrategy', badUpdateStrategy, (s, updateStrategy) => props(s, { updateStrategy })),
  on('container name', badDnsLabel, (s, name) => firstContainer(s, { name })),
  on('container image', unpinnedImage, (s, image) => firstContainer(s, { image })),
  on('container resources', badResources, (s, resources) => firstContainer(s, { resources })),
  on('container securityContext', fc.constant(undefined), (s, securityContext) => firstContainer(s, { securityContext })),
  on('container port', badPort, (s, number) => firstContainer(s, { ports: [{ number }] })),
  on('container port name', corrupted(fc.constant('metrics'), n => n.length <= 15 && /^[a-z0-9]([a-z0-9]|-(?=[a-z0-9]))*$/.test(n) && /[a-z]/.test(n)),
    (s, name) => firstContainer(s, { ports: [{ number: 9100, name }] })),
  on('container port twice', fc.integer({ min: 1, max: 65535 }), (s, number) => firstContainer(s, { ports: [{ number }, { number }] })),
  on('container env name', badEnvName, (s, name) => firstContainer(s, { envVariables: { [name]: EnvValue.fromValue('x') } })),
  on('second container of the same name', fc.constant(0), s => props(s, { containers: [...s.props.containers!, s.props.containers![0]] })),
  on('hostPath', fc.oneof(fc.string({ maxLength: 10 }).filter(p => !p.startsWith('/')), absolutePath.map(p => `${p}/../etc`)),
    (s, hostPath) => ({ ...s, mounts: [{ name: 'mutated', hostPath }] })),
  on('hostPath volume name', badDnsLabel, (s, name) => ({ ...s, mounts: [{ name, hostPath: '/var/lib/mutated' }] })),
  on('Bidirectional without privilege', fc.constant(MountPropagation.BIDIRECTIONAL), (s, propagation) => ({
    ...firstContainer(s, { securityContext: { ensureNonRoot: true, user: 65534 } }), mounts: [{ name: 'mutated', hostPath: '/var/lib/mutated', propagation }],
  })),
  on('the same mount path twice', absolutePath, (s, mountPath) => ({
    ...s, mounts: [{ name: 'mutated-a', hostPath: '/a', mountPath }, { name: 'mutated-b', hostPath: '/b', mountPath }],
  })),
  on('service name', corrupted(fc.constant('metrics'), GRAMMAR.dns1035), (s, name) => ({ ...s, service: { name, ports: [{ port: 80, name: 'http' }] } })),
  on('service port', badPort, (s, port) => ({ ...s, service: { ports: [{ port, name: 'http' }] } })),
  on('service without ports', fc.constant([]), (s, ports) => ({ ...s, service: { ports } })),
  on('service port names repeated', fc.constant('http'), (s, name) => ({ ...s, service: { ports: [{ port: 80, name }, { port: 81, name }] } })),
);
