import { Duration } from 'cdk8s';
import { FlannelBackend } from './net-conf';
import { FlannelCniPluginVersion, FlannelVersion } from './version';

/**
 * Every default of flannel, in one place: each is documented with `@default` on FlannelOptions
 * and pinned by a test; upstream is kube-flannel.yml of flannel v0.28.9
 * (shared/reference/upstream-agents.md §5).
 */
export const FLANNEL_DEFAULTS = {
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
  /** kube-flannel.yml's probe timing. */
  liveness: { initialDelay: Duration.seconds(10), period: Duration.seconds(30) },
  readiness: { initialDelay: Duration.seconds(5), period: Duration.seconds(10) },
  /** Where kube-flannel.yml mounts its ConfigMap (flanneld reads net-conf.json there). */
  configDirectory: '/etc/kube-flannel',
  /** flanneld writes subnet.env here; the flannel CNI plugin reads it on the node. */
  stateDirectory: '/run/flannel',
  cniConfigFileName: '10-flannel.conflist',
  /** The iptables lock flanneld shares with kube-proxy and every other iptables user on the node. */
  xtablesLock: '/run/xtables.lock',
};
