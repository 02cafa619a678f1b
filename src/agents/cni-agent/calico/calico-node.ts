/**
 * calico-node as a CniDescription: the container, init containers, node paths, probes and RBAC
 * of manifests/calico.yaml at v3.32.1 (charts/calico templates/calico-node.yaml and
 * calico-node-rbac.yaml), with the options' settings. What the description cannot say (the
 * pre-stop hook, the objects beside the agent) the agent's `extend` hook adds: install.ts.
 */
import { Duration, Size } from 'cdk8s';
import { Cpu, DnsPolicy, EnvValue } from 'cdk8s-plus-28';
import { calicoCniConfig, CNI_CONF_NAME } from './cni-network-config';
import { HOST_PATHS } from './host-paths';
import { calicoInitSteps } from './init-containers';
import { finishCalico } from './install';
import { CalicoOptions } from './options';
import { calicoNodeRules } from './rbac';
import { calicoSettings } from './settings';
import { DownwardApi } from '../../../base/downward-api';
import { AgentProbe } from '../../../base/probes';
import { CniDescription } from '../description';
import { CniPrivileges } from '../privileges';

/** calico-node's name: the DaemonSet, its container, ServiceAccount and the app label, as upstream names them. */
export const CALICO_NODE = 'calico-node';

// Upstream's probe timing (a calico-node check can take seconds on a busy node).
const TEN_SECONDS = Duration.seconds(10);

/** calico-node, from the options with manifests/calico.yaml's defaults. */
export function describeCalico(options: CalicoOptions): CniDescription {
  const s = calicoSettings(options);
  const cniConfig = calicoCniConfig(s.mtu);
  return {
    name: CALICO_NODE,
    version: s.version.version,
    // manifests/calico.yaml's namespace; kube-system exists before any sync wave is applied.
    namespace: 'kube-system',
    image: s.version.image,
    args: [],
    env: Object.fromEntries(s.env.map(e => [e.name, e.value === undefined ? DownwardApi.nodeName() : EnvValue.fromValue(e.value)])),
    managedFlags: {},
    privileges: CniPrivileges.privileged('Privileged as manifests/calico.yaml at v3.32.1 runs it (Calico deprecated its unprivileged mode): Felix programs iptables or nftables, routes, tunnel devices (IP-in-IP, VXLAN, WireGuard) and BPF programs in the node\'s network namespace, BIRD speaks BGP from the node, and the eBPF data plane needs the BPF and cgroup filesystems mounted for the node.'),
    // Mounted in upstream's order; /lib/modules, which upstream mounts first, the agent adds for any privileged CNI.
    hostPaths: [
      HOST_PATHS['cni-net-dir'], HOST_PATHS['xtables-lock'], HOST_PATHS['var-run-calico'], HOST_PATHS['var-lib-calico'],
      HOST_PATHS.policysync, HOST_PATHS.bpffs, HOST_PATHS['cni-log-dir'],
    ],
    ports: [],
    probes: {
      // Felix's (and BIRD's) health through calico-node itself: it asks Felix's endpoint on the node's loopback and BIRD's socket.
      liveness: AgentProbe.exec(s.livenessCommand, { period: TEN_SECONDS, initialDelay: TEN_SECONDS, failureThreshold: 6, timeout: TEN_SECONDS }),
      readiness: AgentProbe.exec(s.readinessCommand, { period: TEN_SECONDS, timeout: TEN_SECONDS }),
    },
    initSteps: calicoInitSteps(s.version, s.backend, cniConfig),
    // install-cni copies the plugins and writes the conflist itself, filling the node's values.
    plugins: [],
    cniConfig,
    cniConfigFileName: CNI_CONF_NAME,
    configFiles: {},
    configDirectory: '/etc/calico',
    // Upstream's CPU request, and a memory request (every container of the library's has one) but
    // no limit, as upstream: calico-node's memory grows with the cluster, and killing it stops the node's networking.
    resources: { cpu: { request: Cpu.millis(250) }, memory: { request: Size.mebibytes(128) } },
    access: {
      rules: calicoNodeRules(),
      justification: 'Reads what Felix turns into the data plane and BIRD advertises (pods, namespaces, service accounts, Services and EndpointSlices, network policies, nodes, Calico\'s configuration and policy kinds), takes and frees IPAM blocks for its node, creates the default pool and cluster information on first start, clears its Node\'s NetworkUnavailable condition and keeps Calico\'s annotations on it (nodes/status), and creates tokens for the calico-cni-plugin ServiceAccount only, which it writes into the plugin\'s kubeconfig (manifests/calico.yaml at v3.32.1, ClusterRole calico-node).',
    },
    // ClusterFirst, as upstream leaves it: on the host network the kubelet then gives the node's
    // resolver, which works before the cluster DNS does (which needs this agent to run at all);
    // calico-node resolves a host name when its address is detected with can-reach=<name>.
    dnsPolicy: DnsPolicy.CLUSTER_FIRST,
    extend: (agent, props) => finishCalico(agent, props, s),
    problems: property => s.problems(property),
  };
}
