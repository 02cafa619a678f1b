import { ApiResource, Capability, HostPathVolumeType } from 'cdk8s-plus-28';
import { FLANNEL_DEFAULTS } from './defaults';
import { FlannelBackend, ipv4CidrProblems, renderFlannelNetConf } from './net-conf';
import { FlannelCniPluginVersion, FlannelVersion } from './version';
import { AccessRule, ApiVerb } from '../../../base/access';
import { portNumberProblems } from '../../../base/names';
import { AgentProbe } from '../../../base/probes';
import { instanceOf, isBoolean, isString, oneOf, optional, Schema } from '../../../validation/guards';
import { ManagedSetting } from '../../agent-base';
import { port } from '../../agent-guards';
import { CniConfig } from '../cni-config';
import { ConfigInstall, CniDescription } from '../description';
import { CniInitStep } from '../init-step';
import { CniPrivileges } from '../privileges';

/** Options for flannel. */
export interface FlannelOptions {
  /**
   * The flannel release (flanneld image and version label).
   * @default FlannelVersion.V0_28_9
   */
  readonly version?: FlannelVersion;
  /**
   * The flannel CNI plugin release.
   * @default FlannelCniPluginVersion.V1_9_1_FLANNEL3
   */
  readonly cniPluginVersion?: FlannelCniPluginVersion;
  /**
   * The cluster's pod network (net-conf.json `Network`). It must contain every node's
   * `spec.podCIDR`, i.e. match kube-controller-manager's `--cluster-cidr`, or flanneld refuses
   * to start on that node.
   * @default "10.244.0.0/16"
   */
  readonly podCidr?: string;
  /**
   * How traffic crosses between nodes.
   * @default FlannelBackend.VXLAN
   */
  readonly backend?: FlannelBackend;
  /**
   * Masquerade traffic leaving the pod network (`--ip-masq`).
   * @default true
   */
  readonly ipMasq?: boolean;
  /**
   * The CNI configuration list installed on each node.
   * @default CniConfig.flannel()
   */
  readonly cniConfig?: CniConfig;
  /**
   * The port of flanneld's /healthz and /readyz (`--healthz-port`).
   * @default 8081
   */
  readonly healthPort?: number;
}

/** The runtime shape of FlannelOptions. */
export const FLANNEL_OPTIONS_SCHEMA: Schema<FlannelOptions> = {
  version: optional(instanceOf(FlannelVersion, 'FlannelVersion.V0_28_9')),
  cniPluginVersion: optional(instanceOf(FlannelCniPluginVersion, 'FlannelCniPluginVersion.V1_9_1_FLANNEL3')),
  podCidr: optional(isString),
  backend: optional(oneOf(FlannelBackend, 'FlannelBackend')),
  ipMasq: optional(isBoolean),
  cniConfig: optional(instanceOf(CniConfig, 'CniConfig.flannel()')),
  healthPort: optional(port(8081)),
};

// The first flannel release whose image has /opt/bin/install-conf (flannel-io/flannel PR #2466).
const INSTALL_CONF_SINCE = [0, 28, 6];

/** flannel's own atomic installer from 0.28.6; before it, the agent's shell installer. */
function flannelInstall(version: string): ((source: string, target: string) => ConfigInstall) | undefined {
  const [major, minor, patch] = version.split('.').map(Number);
  const since = INSTALL_CONF_SINCE;
  const hasInstallConf = major !== since[0] ? major > since[0] : minor !== since[1] ? minor > since[1] : patch >= since[2];
  return hasInstallConf ? (source, target) => ({ command: ['/opt/bin/install-conf'], args: [source, target] }) : undefined;
}

// flanneld reads its flags with Go's flag package (flannel-io/flannel v0.28.9, main.go), where
// a repeated flag silently replaces the first: the agent's value would be lost without a word.
function flannelFlags(): Record<string, ManagedSetting> {
  const option = (name: string) => `implementation: CniImplementation.flannel({ ${name} })`;
  return {
    '--ip-masq': { reason: 'it is the ipMasq option', prop: option('ipMasq') },
    '--kube-subnet-mgr': { reason: 'the agent\'s RBAC, ConfigMap and CNI configuration are for flannel taking each node\'s subnet from its Node' },
    '--healthz-port': { reason: 'the probes and the host port use the health port', prop: option('healthPort') },
    '--net-config-path': { reason: 'the agent mounts net-conf.json, written from podCidr and backend, where flanneld reads it', prop: option('podCidr, backend') },
    '--subnet-file': { reason: 'the flannel CNI plugin reads the node\'s lease from /run/flannel/subnet.env' },
  };
}

/**
 * flannel with the Kubernetes subnet manager (`--kube-subnet-mgr`), as kube-flannel.yml runs it:
 * it takes each node's pod subnet from `spec.podCIDR` and keeps its lease in Node annotations,
 * so it needs no etcd. Every reason below is flannel's own.
 */
export function describeFlannel(options: FlannelOptions): CniDescription {
  const d = FLANNEL_DEFAULTS;
  const version = options.version ?? d.version;
  const pluginVersion = options.cniPluginVersion ?? d.cniPluginVersion;
  const podCidr = options.podCidr ?? d.podCidr;
  const backend = options.backend ?? d.backend;
  const healthPort = options.healthPort ?? d.healthPort;
  const ipMasq = options.ipMasq ?? d.ipMasq;
  return {
    name: 'flannel',
    version: version.version,
    image: version.image,
    command: ['/opt/bin/flanneld'],
    args: [...(ipMasq ? ['--ip-masq'] : []), '--kube-subnet-mgr', `--healthz-port=${healthPort}`],
    env: {},
    managedFlags: flannelFlags(),
    privileges: CniPrivileges.capabilities([
      { capability: Capability.NET_ADMIN, justification: 'Creates the overlay device (flannel.1), programs routes, neighbour and FDB entries and iptables masquerade/forward rules on the node.' },
      { capability: Capability.NET_RAW, justification: 'iptables reads and replaces the kernel\'s rule tables through a raw socket; without it the agent cannot install its masquerade and forward rules.' },
    ]),
    privilegedOnRequest: 'Set explicitly (privileged: true): this agent needs more than its capabilities give, e.g. loading kernel modules or publishing mounts to the node (Bidirectional propagation).',
    hostPaths: [
      {
        name: 'state',
        hostPath: d.stateDirectory,
        type: HostPathVolumeType.DIRECTORY_OR_CREATE,
        readOnly: false,
        justification: `The agent writes its node's network lease to ${d.stateDirectory} (flannel: subnet.env), where the CNI plugin, run by the container runtime on the node, reads it for every pod.`,
      },
      {
        name: 'xtables-lock',
        hostPath: d.xtablesLock,
        type: HostPathVolumeType.FILE_OR_CREATE,
        readOnly: false,
        justification: 'The iptables lock every iptables user on the node takes (kube-proxy too); sharing the node\'s file keeps their rule updates from clobbering each other. Writable because taking the lock opens it for writing.',
      },
    ],
    ports: [{ name: 'healthz', port: healthPort, justification: 'With hostNetwork the health endpoint listens on the node\'s port; declaring it lets the kubelet probe it and keeps a second agent from starting on the same node.' }],
    probes: {
      liveness: AgentProbe.httpGet(healthPort, { path: '/healthz', ...d.liveness }),
      readiness: AgentProbe.httpGet(healthPort, { path: '/readyz', ...d.readiness }),
    },
    initSteps: [CniInitStep.installPlugins(), CniInitStep.installConfig()],
    plugins: [{ image: pluginVersion.image, path: '/flannel' }],
    cniConfig: options.cniConfig ?? CniConfig.flannel(),
    cniConfigFileName: d.cniConfigFileName,
    configInstall: flannelInstall(version.version),
    configFiles: { 'net-conf.json': renderFlannelNetConf(podCidr, backend) },
    configDirectory: d.configDirectory,
    // --kube-subnet-mgr records the node's lease (public IP, backend data) as annotations
    // through the status subresource and clears the NetworkUnavailable condition.
    access: {
      rules: [AccessRule.read(ApiResource.NODES), AccessRule.allow([ApiVerb.PATCH], ApiResource.custom({ apiGroup: '', resourceType: 'nodes/status' }))],
      justification: 'Watches Nodes (get/list/watch) to learn every node\'s pod subnet and address for routing, and patches its own Node\'s status (nodes/status) to publish its lease (flannel --kube-subnet-mgr keeps it in Node annotations).',
    },
    problems: property => [
      ...ipv4CidrProblems(`${property}.podCidr`, podCidr),
      ...(Object.values(FlannelBackend).includes(backend) ? [] : [{ property: `${property}.backend`, value: backend, expected: `Use one of ${Object.values(FlannelBackend).join(', ')} (FlannelBackend).` }]),
      ...portNumberProblems(`${property}.healthPort`, healthPort),
      ...(options.cniConfig?._problems(`${property}.cniConfig`) ?? []),
    ],
  };
}
