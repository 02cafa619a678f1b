/**
 * cilium-agent as a CniDescription: the container, probes, ports, node paths and RBAC the Cilium
 * 1.20.0 chart renders (templates/cilium-agent/daemonset.yaml and clusterrole.yaml), each
 * capability with the reason the chart's values.yaml gives for it. What the description cannot
 * say (SELinux type, AppArmor and seccomp of the pod, lifecycle hooks, the emptyDir and Secret
 * volumes, the objects beside the agent) the agent's `extend` hook adds: finish.ts.
 */
import { Duration, Size } from 'cdk8s';
import { Capability, Cpu, DnsPolicy, EnvValue, ResourceFieldPaths, SeccompProfileType } from 'cdk8s-plus-28';
import { DownwardApi } from '../../../base/downward-api';
import { AgentProbe } from '../../../base/probes';
import { CniConfig } from '../cni-config';
import { CniDescription } from '../description';
import { CniPrivileges } from '../privileges';
import { AGENT_CLUSTER_RULES } from './agent-rbac';
import { finishCilium } from './finish';
import { AGENT_HOST_PATHS } from './host-paths';
import { ciliumInitSteps } from './init-containers';
import { CiliumOptions, ciliumOptionsProblems, resolveCilium } from './options';
import { accessRule } from './rbac-rule';

/** The agent's health API: cilium-agent serves it on the loopback only, so the kubelet probes 127.0.0.1. */
export const HEALTH_PORT = 9879;
/** Hubble's peer service, which hubble-peer forwards 443 to. */
export const HUBBLE_PORT = 4244;
/** Where the config init container writes the ConfigMap's keys as files, for --config-dir. */
const CONFIG_DIR = '/tmp/cilium/config-map';

const cap = (capability: Capability, why: string) => ({ capability, justification: `${why} (chart values.yaml securityContext.capabilities.ciliumAgent, 1.20.0).` });

/** The chart's capabilities for cilium-agent, in its order, instead of privileged. */
const AGENT_PRIVILEGES = CniPrivileges.capabilities([
  cap(Capability.CHOWN, 'Sets the ownership of the sockets it serves (its API, Hubble) for the tools that connect to them'),
  cap(Capability.KILL, 'Stops the Envoy process it runs as the embedded L7 proxy'),
  cap(Capability.NET_ADMIN, 'Creates its devices (cilium_host, the VXLAN or Geneve tunnel), routes and iptables rules and attaches BPF programs to the node\'s interfaces'),
  cap(Capability.NET_RAW, 'Opens raw sockets (ICMP health probing, iptables)'),
  cap(Capability.IPC_LOCK, 'Locks the memory of the perf ring buffers cilium monitor and Hubble read (mmap)'),
  cap(Capability.SYS_MODULE, 'iptables may load the netfilter modules it needs'),
  cap(Capability.SYS_ADMIN, 'Loads BPF programs and maps and switches network namespaces (health endpoint, socket load-balancing); BPF and PERFMON could replace it only on kernels from 5.8'),
  cap(Capability.SYS_RESOURCE, 'Raises RLIMIT_MEMLOCK, against which BPF maps count on older kernels'),
  cap(Capability.DAC_OVERRIDE, 'Writes root-owned node files and directories regardless of their modes'),
  cap(Capability.FOWNER, 'Sets modes and ACLs on files it does not own'),
  cap(Capability.SETGID, 'Runs helpers that change their group ID'),
  cap(Capability.SETUID, 'Runs helpers that change their user ID'),
  cap(Capability.SYSLOG, 'Reads the kernel log and kernel pointers under kptr_restrict=1, for BPF diagnostics'),
]);

/**
 * The network and plugin of the list the agent writes itself once ready (write-cni-conf-when-ready):
 * what `CniImplementation.cniConfig` reports. Nothing installs it; Cilium's own file is the one on the node.
 */
const CILIUM_CONFLIST = CniConfig.fromObject({
  cniVersion: '0.3.1',
  name: 'cilium',
  plugins: [{ 'type': 'cilium-cni', 'enable-debug': false, 'log-file': '/var/run/cilium/cilium-cni.log' }],
});

const probeTiming = { host: '127.0.0.1', path: '/healthz' };

/** cilium-agent, from the options with the chart's defaults. */
export function describeCilium(options: CiliumOptions): CniDescription {
  const cilium = resolveCilium(options);
  const image = cilium.version.image;
  const apiServer: { [name: string]: EnvValue } = cilium.apiServer === undefined ? {} : {
    KUBERNETES_SERVICE_HOST: EnvValue.fromValue(cilium.apiServer.host),
    KUBERNETES_SERVICE_PORT: EnvValue.fromValue(String(cilium.apiServer.port)),
  };
  return {
    // The DaemonSet, ServiceAccount and ClusterRole are "cilium", as the cilium CLI looks them up.
    name: 'cilium',
    containerName: 'cilium-agent',
    version: cilium.version.version,
    namespace: 'kube-system',
    image,
    command: ['cilium-agent'],
    args: [`--config-dir=${CONFIG_DIR}`],
    env: {
      K8S_NODE_NAME: DownwardApi.nodeName(),
      CILIUM_K8S_NAMESPACE: DownwardApi.podNamespace(),
      // Go's soft memory limit, from the container's memory limit (node allocatable without one).
      GOMEMLIMIT: EnvValue.fromResource(ResourceFieldPaths.MEMORY_LIMIT, { divisor: '1' }),
      KUBE_CLIENT_BACKOFF_BASE: EnvValue.fromValue('1'),
      KUBE_CLIENT_BACKOFF_DURATION: EnvValue.fromValue('120'),
      ...apiServer,
    },
    managedFlags: {
      '--config-dir': { reason: 'the config init container writes cilium-config there', prop: 'implementation: CniImplementation.cilium({ ... }), whose options write cilium-config' },
    },
    privileges: AGENT_PRIVILEGES,
    privilegedOnRequest: 'Set explicitly (privileged: true) in place of the chart\'s capability list, e.g. on nodes whose runtime or kernel refuses one of them.',
    hostPaths: AGENT_HOST_PATHS,
    ports: [
      { name: 'health', port: HEALTH_PORT, justification: 'The agent\'s health API, on the node\'s loopback (hostNetwork); declaring the port keeps a second agent off the node.' },
      ...(cilium.hubble ? [{ name: 'peer-service', port: HUBBLE_PORT, justification: 'Hubble\'s flow API for Hubble Relay and the hubble-peer Service, on the node\'s address (hostNetwork).' }] : []),
    ],
    probes: {
      // 300 tries 2 s apart: the agent may take minutes to restore its endpoints on a busy node.
      startup: AgentProbe.httpGet(HEALTH_PORT, { ...probeTiming, headers: { brief: 'true' }, failureThreshold: 300, period: Duration.seconds(2), successThreshold: 1, initialDelay: Duration.seconds(5) }),
      // Liveness does not require the API server: an API outage must not restart every agent.
      liveness: AgentProbe.httpGet(HEALTH_PORT, {
        ...probeTiming, headers: { 'brief': 'true', 'require-k8s-connectivity': 'false' }, period: Duration.seconds(30), successThreshold: 1, failureThreshold: 10, timeout: Duration.seconds(5),
      }),
      readiness: AgentProbe.httpGet(HEALTH_PORT, { ...probeTiming, headers: { brief: 'true' }, period: Duration.seconds(30), successThreshold: 1, failureThreshold: 3, timeout: Duration.seconds(5) }),
    },
    initSteps: ciliumInitSteps(image, apiServer),
    // install-cni-binaries is Cilium's own script, and the agent writes its conflist itself.
    plugins: [],
    cniConfig: CILIUM_CONFLIST,
    cniConfigFileName: '05-cilium.conflist',
    configFiles: {},
    configDirectory: CONFIG_DIR,
    // The chart sets no resources; no limit, so GOMEMLIMIT falls back to the node's allocatable memory as there.
    resources: { cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(512) } },
    // ClusterFirst, as the chart leaves it: on the host network the kubelet then gives the node's
    // resolver, which works before the cluster DNS does (which needs this agent to run at all).
    dnsPolicy: DnsPolicy.CLUSTER_FIRST,
    // Justified in finishCilium, beside the other fields the chart's pod security context sets.
    seccompProfile: SeccompProfileType.UNCONFINED,
    access: {
      rules: AGENT_CLUSTER_RULES.map(accessRule),
      justification: 'Watches the objects its datapath mirrors (pods, Services, EndpointSlices, network policies, nodes, Cilium\'s CRDs), waits for the CRDs the operator registers, and creates and updates its own CiliumNode, the CiliumEndpoints of its pods and their identities (chart templates/cilium-agent/clusterrole.yaml, 1.20.0).',
    },
    extend: (agent, props) => finishCilium(agent, props, cilium),
    problems: property => ciliumOptionsProblems(property, options),
  };
}
