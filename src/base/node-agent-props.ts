import { DaemonSetProps, SeccompProfileType, ServicePort } from 'cdk8s-plus-28';
import { AccessRule } from './access';
import { PrometheusScrape, ScrapeScheme, ServiceMode } from './discovery';
import { Problem } from './errors';
import { portNameProblems, portNumberProblems, serviceNameProblems } from './names';
import { NodeSelection } from './node-selection';
import { Toleration } from './tolerations';
import { UpdateStrategy } from './update-strategy';
import { instanceOf, isBoolean, isInteger, isString, listOf, oneOf, optional, Schema, struct } from '../validation/guards';
import { DAEMON_SET_PROPS_SCHEMA, isServicePort } from '../validation/plus-schemas';

/** Properties of a node agent: a cdk8s-plus DaemonSet plus what node agents need. */
export interface NodeAgentProps extends DaemonSetProps {
  /** The application name (`app.kubernetes.io/name`), e.g. "node-exporter". */
  readonly name: string;
  /**
   * This installation (`app.kubernetes.io/instance`), and the name of its objects.
   * @default - the same as `name`
   */
  readonly instance?: string;
  /**
   * The application version (`app.kubernetes.io/version`); never part of the selector.
   * @default - no version label
   */
  readonly version?: string;
  /**
   * The role in the architecture (`app.kubernetes.io/component`).
   * @default - no component label
   */
  readonly component?: string;
  /**
   * The larger application (`app.kubernetes.io/part-of`).
   * @default - no part-of label
   */
  readonly partOf?: string;
  /**
   * Which nodes run the agent.
   * @default NodeSelection.all()
   */
  readonly nodeSelection?: NodeSelection;
  /**
   * Taints the agent tolerates, besides the ones the DaemonSet controller always adds
   * (not-ready and unreachable NoExecute, the pressure and unschedulable NoSchedule taints).
   * @default []
   */
  readonly tolerations?: Toleration[];
  /**
   * Share the node's process namespace (an agent that reads every process, like node-exporter).
   * @default false
   */
  readonly hostPid?: boolean;
  /**
   * Share the node's IPC namespace.
   * @default false
   */
  readonly hostIpc?: boolean;
  /**
   * The PriorityClass. `system-node-critical` lets the agent preempt ordinary pods on a full node
   * and makes it the last evicted: a node without its agent is a node out of service.
   * @default "system-node-critical"
   */
  readonly priorityClassName?: string;
  /**
   * The RuntimeClass (e.g. "nvidia").
   * @default - the cluster's default runtime
   */
  readonly runtimeClassName?: string;
  /**
   * The pod's seccomp profile. RuntimeDefault blocks syscalls no agent needs; privileged
   * containers ignore it.
   * @default SeccompProfileType.RUNTIME_DEFAULT
   */
  readonly seccompProfile?: SeccompProfileType;
  /**
   * How pods are replaced when the template changes.
   * @default UpdateStrategy.rollingUpdate() (one node at a time)
   */
  readonly updateStrategy?: UpdateStrategy;
  /**
   * How many old ControllerRevisions are kept for `kubectl rollout undo`.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * API permissions, granted through a ClusterRole bound to the agent's ServiceAccount.
   * @default - none, and no service-account token is mounted
   */
  readonly access?: AccessRule[];
  /**
   * Accept images without a version tag or digest.
   * @default false
   */
  readonly allowUnpinnedImages?: boolean;
  /**
   * Names of Secrets (of type kubernetes.io/dockerconfigjson) the kubelet uses to pull the
   * agent's images from a private registry or mirror. The Secrets are yours to manage, and each
   * must exist in the agent's namespace: pods of a DaemonSet cannot read a Secret elsewhere.
   * @default - none (the node's own credentials, or public images)
   */
  readonly imagePullSecrets?: string[];
  /**
   * A registry mirror to pull every image of the agent from: `registry.example.com` or a host with
   * a port and a path (`mirror.example.com/quay`), without tag or digest. It replaces the registry
   * host of each container's image, init containers and containers added later included, and
   * keeps the path, tag and digest: `quay.io/prometheus/node-exporter:v1.12.1` becomes
   * `mirror.example.com/quay/prometheus/node-exporter:v1.12.1`. A Docker Hub short name is
   * written out first (`busybox:1.36` becomes `<mirror>/library/busybox:1.36`), as registry
   * proxies lay Docker Hub out. The mirror must serve each image under that path; pair it with
   * `imagePullSecrets` if it needs credentials.
   * @default - each image from the registry its reference names
   */
  readonly imageRegistry?: string;
}

/** Options for a Service in front of the agent's pods. */
export interface AgentServiceOptions {
  /** The ports; each targets the same port number on the pod unless `targetPort` says otherwise. */
  readonly ports: ServicePort[];
  /**
   * Headless (each agent addressable) or node-local (each client reaches its own node's agent).
   * @default ServiceMode.HEADLESS
   */
  readonly mode?: ServiceMode;
  /**
   * The Service name (a DNS-1035 label).
   * @default - the agent's instance name
   */
  readonly name?: string;
  /**
   * Prometheus scrape annotations on the Service.
   * @default - no scrape annotations
   */
  readonly scrape?: PrometheusScrape;
}

/** The runtime shape of NodeAgentProps, checked before anything reads it. */
export const NODE_AGENT_PROPS_SCHEMA: Schema<NodeAgentProps> = {
  ...DAEMON_SET_PROPS_SCHEMA,
  name: isString,
  instance: optional(isString),
  version: optional(isString),
  component: optional(isString),
  partOf: optional(isString),
  nodeSelection: optional(instanceOf(NodeSelection, 'NodeSelection.linux()')),
  tolerations: optional(listOf(instanceOf(Toleration, 'Toleration.everything()'))),
  hostPid: optional(isBoolean),
  hostIpc: optional(isBoolean),
  priorityClassName: optional(isString),
  runtimeClassName: optional(isString),
  seccompProfile: optional(oneOf(SeccompProfileType, 'SeccompProfileType')),
  updateStrategy: optional(instanceOf(UpdateStrategy, 'UpdateStrategy.rollingUpdate()')),
  revisionHistoryLimit: optional(isInteger),
  access: optional(listOf(instanceOf(AccessRule, 'AccessRule.read(ApiResource.PODS)'))),
  allowUnpinnedImages: optional(isBoolean),
  imagePullSecrets: optional(listOf(isString)),
  imageRegistry: optional(isString),
};

/** The runtime shape of AgentServiceOptions. */
export const AGENT_SERVICE_OPTIONS_SCHEMA: Schema<AgentServiceOptions> = {
  ports: listOf(isServicePort),
  mode: optional(oneOf(ServiceMode, 'ServiceMode')),
  name: optional(isString),
  scrape: optional(struct<PrometheusScrape>({ port: isInteger, path: optional(isString), scheme: optional(oneOf(ScrapeScheme, 'ScrapeScheme')) }, 'PrometheusScrape')),
};

/**
 * What the API server would refuse in a Service for the agent (names, port numbers, and the
 * duplicate names and port/protocol pairs it rejects), reported under the options' names.
 */
export function agentServiceOptionsProblems(options: AgentServiceOptions, name: string): Problem[] {
  const problems: Problem[] = [...serviceNameProblems('service name', name)];
  if (options.ports.length === 0) problems.push({ property: 'service ports', value: [], expected: 'Give at least one port, e.g. [{ port: 9100, name: "metrics" }].' });
  options.ports.forEach((p, i) => {
    problems.push(...portNumberProblems(`service ports[${i}].port`, p.port));
    if (p.targetPort !== undefined) problems.push(...portNumberProblems(`service ports[${i}].targetPort`, p.targetPort));
    if (p.name !== undefined) problems.push(...portNameProblems(`service ports[${i}].name`, p.name));
    else if (options.ports.length > 1) problems.push({ property: `service ports[${i}].name`, value: undefined, expected: 'A Service with several ports needs a name on each, e.g. "metrics".' });
    const earlier = options.ports.slice(0, i);
    if (p.name !== undefined && earlier.some(e => e.name === p.name)) {
      problems.push({ property: `service ports[${i}].name`, value: p.name, expected: 'Each port of a Service needs a name of its own: rename one.' });
    }
    if (earlier.some(e => e.port === p.port && (e.protocol ?? 'TCP') === (p.protocol ?? 'TCP'))) {
      problems.push({ property: `service ports[${i}].port`, value: p.port, expected: 'A Service may list a port once per protocol: drop the duplicate or use another port.' });
    }
  });
  if (options.scrape) problems.push(...portNumberProblems('scrape.port', options.scrape.port));
  return problems;
}
