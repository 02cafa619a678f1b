import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { NodeSelection } from '../../base/node-selection';
import { Toleration } from '../../base/tolerations';
import { UpdateLimit, UpdateStrategy } from '../../base/update-strategy';
import { SyncWave } from '../../gitops/sync-wave';
import { AgentDefaults } from '../agent-base';

/**
 * Every default of the CNI agent, in one place: the shared options' here, its own below. Each is
 * documented with `@default` on its prop (CniAgentDaemonSetProps) and pinned by a test; a comment
 * says why wherever it differs from upstream (shared/reference/upstream-agents.md §5). Each
 * implementation keeps its own in its folder (flannel/defaults.ts).
 */
export const AGENT_DEFAULTS: AgentDefaults = {
  /** kube-flannel.yml's namespace. */
  namespace: 'kube-flannel',
  /**
   * Linux nodes, as kube-flannel.yml selects them (through node affinity; a nodeSelector is the
   * same), except virtual ones (EKS Fargate, virtual-kubelet), which run no DaemonSet pods: the
   * agent tolerates every taint, so without this its pod would wait there forever.
   */
  nodeSelection: NodeSelection.linux().and(NodeSelection.excludeVirtualNodes()),
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

/** The defaults of the CNI agent's own props. */
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
  /** The installers only copy files (and fill in a few placeholders). */
  installerResources: {
    cpu: { request: Cpu.millis(10) },
    memory: { request: Size.mebibytes(16), limit: Size.mebibytes(64) },
  },
  /** The ConfigMap key holding the CNI configuration list (kube-flannel.yml's key). */
  cniConfigKey: 'cni-conf.json',
  /** Where the container runtime looks for CNI plugin binaries and configuration. */
  cniBinDirectory: '/opt/cni/bin',
  cniConfDirectory: '/etc/cni/net.d',
  /** The node's kernel modules, mounted only for an agent that can load them. */
  kernelModules: '/lib/modules',
};
