import { Size, Chart } from 'cdk8s';
import { ContainerProps, Cpu } from 'cdk8s-plus-28';
import { NodeAgent, NodeAgentProps } from '../../src';
import { Manifest, only, synth } from '../support/manifests';

/** A container that passes the agent checks; override what a test is about. */
export function agentContainer(overrides: Partial<ContainerProps> = {}): ContainerProps {
  return {
    name: 'agent',
    image: 'registry.example.com/agent:v1.0.0',
    resources: { cpu: { request: Cpu.millis(50) }, memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) } },
    securityContext: { ensureNonRoot: true, user: 65534 },
    ...overrides,
  };
}

/** A minimal agent with one valid container. */
export function agent(chart: Chart, props: Partial<NodeAgentProps> = {}, id = 'agent'): NodeAgent {
  return new NodeAgent(chart, id, { name: 'agent', containers: [agentContainer()], ...props });
}

/** The synthesized DaemonSet of a chart. */
export function daemonSetOf(chart: Chart): Manifest {
  return only(synth(chart), 'DaemonSet');
}

/** The synthesized pod spec of a chart's DaemonSet. */
export function podSpecOf(chart: Chart): any {
  return daemonSetOf(chart).spec.template.spec;
}
