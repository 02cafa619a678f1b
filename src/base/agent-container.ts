import { Container, ContainerPort, ContainerProps, ImagePullPolicy, Protocol } from 'cdk8s-plus-28';
import { Problem } from './errors';
import { imageProblems } from './image';
import { merged } from './merged';
import { dnsLabelProblems, envNameProblems, portNameProblems, portNumberProblems } from './names';
import { resourceProblems } from './resources';
import type { UpdateStrategy } from './update-strategy';

/** What a node agent knows when it checks a new container. */
export interface AgentContainerContext {
  /** The pod uses the node's network, so every port is a host port. */
  readonly hostNetwork: boolean;
  /** Moving image tags are accepted. */
  readonly allowUnpinnedImages: boolean;
  /** Host ports the pod's other containers already publish. */
  readonly publishedHostPorts: Set<number>;
}

/** The host ports a set of containers publishes (with hostNetwork, every container port). */
export function publishedHostPorts(containers: readonly Container[], hostNetwork: boolean): Set<number> {
  const ports = new Set<number>();
  for (const c of containers) {
    for (const p of c.ports) {
      // hostPort 0 means unset, as the API server reads it.
      const hostPort = p.hostPort || (hostNetwork ? p.number : undefined);
      if (hostPort) ports.add(hostPort);
    }
  }
  return ports;
}

/** With hostNetwork the container listens on the node itself. */
export function hostNetworkPortProblem(property: string, containerPort: number, hostPort: number): Problem {
  return { property, value: hostPort, expected: `With hostNetwork the container listens on the node itself, so hostPort must equal containerPort (${containerPort}): drop hostPort or change containerPort.` };
}

/**
 * What a node agent's container must have: a pinned image, CPU and memory requests, an explicit
 * security context, valid ports, and no host port another container already publishes.
 */
export function agentContainerProblems(cont: ContainerProps, property: string, context: AgentContainerContext): Problem[] {
  const problems: Problem[] = [];
  if (cont.name !== undefined) problems.push(...dnsLabelProblems(`${property}.name`, cont.name));
  problems.push(...imageProblems(`${property}.image`, cont.image, context.allowUnpinnedImages));
  problems.push(...resourceProblems(property, cont.resources));
  problems.push(...envNameProblems(`${property}.envVariables`, Object.keys(cont.envVariables ?? {})));
  if (cont.securityContext === undefined) {
    problems.push({ property: `${property}.securityContext`, value: undefined, expected: 'Node agents differ in the privilege they need, so each container states it: e.g. { ensureNonRoot: true, user: 65534, readOnlyRootFilesystem: true } for an exporter, or { ensureNonRoot: false, user: 0, capabilities: { add: [...] } } for an agent that needs root.' });
  }
  const ports = portsOf(cont);
  const hostPortOf = (p: ContainerPort) => p.hostPort ?? (context.hostNetwork ? p.number : undefined);
  ports.forEach((p, i) => {
    problems.push(...portNumberProblems(`${property}.ports[${i}].number`, p.number));
    if (p.hostPort !== undefined) problems.push(...portNumberProblems(`${property}.ports[${i}].hostPort`, p.hostPort));
    if (p.name !== undefined) problems.push(...portNameProblems(`${property}.ports[${i}].name`, p.name));
    if (context.hostNetwork && p.hostPort !== undefined && p.hostPort !== p.number) problems.push(hostNetworkPortProblem(`${property}.ports[${i}].hostPort`, p.number, p.hostPort));
    // Within the container: cdk8s-plus would throw its own message without the agent's path
    // for the first two, and the API server refuses the third.
    const earlier = ports.slice(0, i);
    const sameProtocol = (e: ContainerPort) => (e.protocol ?? Protocol.TCP) === (p.protocol ?? Protocol.TCP);
    if (earlier.some(e => e.number === p.number && sameProtocol(e))) {
      problems.push({ property: `${property}.ports[${i}].number`, value: p.number, expected: 'A container may declare a port once per protocol: drop the duplicate.' });
    }
    if (p.name !== undefined && earlier.some(e => e.name === p.name)) {
      problems.push({ property: `${property}.ports[${i}].name`, value: p.name, expected: 'Each port of a container needs a name of its own: rename one.' });
    }
    const hostPort = hostPortOf(p);
    if (hostPort !== undefined && context.publishedHostPorts.has(hostPort)) {
      problems.push({ property: `${property}.ports`, value: hostPort, expected: `Port ${hostPort} is already published on the node by another container of this agent: use another port.` });
    } else if (hostPort !== undefined && earlier.some(e => hostPortOf(e) === hostPort && sameProtocol(e))) {
      problems.push({ property: `${property}.ports[${i}].hostPort`, value: hostPort, expected: `Port ${hostPort} is already published on the node by an earlier port of this container, and each port needs a host port of its own: use another one.` });
    }
  });
  return problems;
}

/** The container as the agent adds it, once checked. */
export function agentContainerProps(cont: ContainerProps): ContainerProps {
  // cdk8s-plus defaults to pulling on every start; a pinned image never changes, and pulling
  // anyway makes every node's agent depend on the registry to restart.
  const imagePullPolicy = cont.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT;
  // A `portNumber` makes cdk8s-plus add a TCP startup probe nobody asked for; an agent states
  // its probes, so the port is passed as a plain port instead.
  if (cont.portNumber === undefined) return merged(cont, { imagePullPolicy });
  return merged(cont, { imagePullPolicy, portNumber: undefined, ports: portsOf(cont) });
}

function portsOf(cont: ContainerProps): ContainerPort[] {
  return [...(cont.ports ?? []), ...(cont.portNumber !== undefined ? [{ number: cont.portNumber }] : [])];
}

/**
 * A surge pod starts beside the old one on the same node; with a host port (hostNetwork
 * publishes every container port) the scheduler never places it ("didn't have free ports"),
 * so the rollout stalls on the first node and never completes.
 */
export function surgeWithHostPortProblems(strategy: UpdateStrategy, containers: readonly Container[], hostNetwork: boolean): Problem[] {
  const surge = strategy.maxSurge;
  if (surge === undefined || surge.isZero) return [];
  const hostPorts = [...publishedHostPorts(containers, hostNetwork)];
  if (hostPorts.length === 0) return [];
  return [{
    property: 'updateStrategy.maxSurge',
    value: surge.toJson(),
    expected: `The agent publishes host port ${hostPorts.join(', ')}, which the old and the surge pod cannot both hold on one node, so the rollout would never progress: use UpdateStrategy.rollingUpdate({ maxUnavailable: ... }) instead.`,
  }];
}
