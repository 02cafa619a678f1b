import { Duration, Size } from 'cdk8s';
import { Capability, Cpu } from 'cdk8s-plus-28';
import { FlannelBackend } from './net-conf';
import { FlannelCniPluginVersion, FlannelVersion } from './version';
import { NodeSelection } from '../../base/node-selection';
import { Toleration } from '../../base/tolerations';
import { UpdateLimit, UpdateStrategy } from '../../base/update-strategy';
import { SyncWave } from '../../gitops/sync-wave';
import { AgentDefaults } from '../agent-base';

/**
 * Every default of the CNI agent, in one place: the shared options' here, its own below. Each is
 * documented with `@default` on its prop (CniAgentDaemonSetProps, FlannelOptions, CustomCniProps)
 * and pinned by a test; a comment says why wherever it differs from upstream
 * (shared/reference/upstream-agents.md §5).
 */
export const AGENT_DEFAULTS: AgentDefaults = {
  /** kube-flannel.yml's namespace. */
  namespace: 'kube-flannel',
  /** kube-flannel.yml runs on Linux nodes only (through node affinity; a nodeSelector is the same). */
  nodeSelection: NodeSelection.linux(),
  /**
   * Every taint. Upstream tolerates only NoSchedule (the chart adds NoExecute); users asked for
   * everything for years (rke2 #5629 "Flannel CNI does not tolerate NoExecute taint", kubespray
   * #1680): a node's network agent must run on every node, NotReady ones first of all, since
   * the agent is what makes them Ready.
   */
  tolerations: [Toleration.everything()],
  /**
   * One node at a time (upstream sets nothing; the API default is the same, written out here
   * so nobody "speeds it up" by accident): while a node's network agent restarts, that node
   * cannot set up pod networking, so updating every node's agent at once is a cluster-wide
   * outage. Calico and the node-exporter chart say maxUnavailable 1 too.
   */
  updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(1) }),
  /**
   * flannel's requests (100m, 50Mi) plus a memory limit upstream lacks. The limit guards the node
   * against a leak in an agent that runs on every node; it reserves nothing. flanneld caches
   * every Node object, so memory grows with cluster size: raise it for thousands of nodes. No
   * CPU limit: throttling the network agent delays route and iptables updates.
   */
  resources: {
    cpu: { request: Cpu.millis(100) },
    memory: { request: Size.mebibytes(50), limit: Size.mebibytes(256) },
  },
  /** The CNI goes first: until it runs, nodes are NotReady and no other pod gets an IP. */
  syncWave: SyncWave.NETWORK,
};

/** The defaults of the CNI agent's own props and of its implementations. */
export const DEFAULTS = {
  /**
   * 5 seconds, not the API's 30 (upstream flannel leaves it unset). flanneld exits on SIGTERM in
   * well under a second and keeps nothing to drain: routes, the VXLAN device and iptables rules
   * stay in the kernel while it restarts. The grace period only bounds how long a hung agent
   * holds up its node's step of a rollout or drain. Not Calico's 0: the API server removes a
   * pod with a zero grace period at once, so the replacement can start while the old process
   * still holds the health port and the iptables lock. Cilium uses 1.
   */
  terminationGracePeriod: Duration.seconds(5),
  /** flannel needs no more than these (kube-flannel.yml adds the same two, unprivileged). */
  capabilities: [Capability.NET_ADMIN, Capability.NET_RAW],
  /** Unprivileged, as upstream flannel. */
  privileged: false,
  /** The install init containers only copy a file. */
  installerResources: {
    cpu: { request: Cpu.millis(10) },
    memory: { request: Size.mebibytes(16), limit: Size.mebibytes(64) },
  },
  /** The ConfigMap key holding the CNI configuration list (kube-flannel.yml's key). */
  cniConfigKey: 'cni-conf.json',
  /** Where the container runtime looks for CNI plugin binaries and configuration. */
  cniBinDirectory: '/opt/cni/bin',
  cniConfDirectory: '/etc/cni/net.d',
  /** The iptables lock the agent shares with kube-proxy and every other iptables user on the node. */
  xtablesLock: '/run/xtables.lock',
  /** The node's kernel modules, mounted only for an agent that can load them. */
  kernelModules: '/lib/modules',
  /** Probe timing of kube-flannel.yml, used for every agent that declares a health endpoint. */
  liveness: { initialDelay: Duration.seconds(10), period: Duration.seconds(30) },
  readiness: { initialDelay: Duration.seconds(5), period: Duration.seconds(10) },

  flannel: {
    version: FlannelVersion.V0_28_9,
    cniPluginVersion: FlannelCniPluginVersion.V1_9_1_FLANNEL3,
    /** kube-flannel.yml's pod network (kubeadm's documented --pod-network-cidr for flannel). */
    podCidr: '10.244.0.0/16',
    /** kube-flannel.yml's backend. */
    backend: FlannelBackend.VXLAN,
    /** kube-flannel.yml's --ip-masq: pods reach destinations outside the pod network from the node's IP. */
    ipMasq: true,
    /** kube-flannel.yml's health port (--healthz-port=8081). */
    healthPort: 8081,
    /** Where kube-flannel.yml mounts its ConfigMap (flanneld reads net-conf.json there). */
    configDirectory: '/etc/kube-flannel',
    /** flanneld writes subnet.env here; the flannel CNI plugin reads it on the node. */
    stateDirectory: '/run/flannel',
    cniConfigFileName: '10-flannel.conflist',
  },
};
