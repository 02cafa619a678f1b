import { CalicoCrds } from './crds';
import { CalicoIpAutodetection } from './ip-autodetection';
import { CalicoDatastore, CalicoEncapsulation } from './network';
import { CalicoVersion } from './version';
import { instanceOf, isBoolean, isString, oneOf, optional, Schema } from '../../../validation/guards';
import { count } from '../../agent-guards';

/** Options for Calico (calico-node with the Kubernetes API datastore). */
export interface CalicoOptions {
  /**
   * The Calico release: the calico/node, calico/cni and calico/kube-controllers images.
   * @default CalicoVersion.V3_32_1
   */
  readonly version?: CalicoVersion;
  /**
   * The default IPv4 pool calico-node creates on its first start, if there is no pool yet
   * (`CALICO_IPV4POOL_CIDR`). It should lie within kube-controller-manager's `--cluster-cidr`.
   * Changing it later changes nothing: pools are Calico objects, edited with calicoctl or kubectl.
   * @default - calico-node's choice: kubeadm's podSubnet (read from the kubeadm-config ConfigMap), else 192.168.0.0/16
   */
  readonly podCidr?: string;
  /**
   * The prefix length of the address blocks the pool hands each node (`CALICO_IPV4POOL_BLOCK_SIZE`).
   * @default 26
   */
  readonly blockSize?: number;
  /**
   * How pod traffic crosses between nodes.
   * @default CalicoEncapsulation.IPIP
   */
  readonly encapsulation?: CalicoEncapsulation;
  /**
   * Distribute routes by BGP (BIRD, with its liveness and readiness checks). Without BGP, a VXLAN
   * pool is routed by Felix (`calico_backend: vxlan`).
   * @default true
   */
  readonly bgp?: boolean;
  /**
   * The MTU of pod interfaces and tunnels (calico-config `veth_mtu`), e.g. 1450 for VXLAN on a
   * 1500-byte network.
   * @default - detected by calico-node from the node's interfaces, less the encapsulation's overhead (`veth_mtu: "0"`)
   */
  readonly mtu?: number;
  /**
   * How calico-node picks the node's address for BGP and tunnels.
   * @default CalicoIpAutodetection.firstFound()
   */
  readonly ipAutodetection?: CalicoIpAutodetection;
  /**
   * Where Calico keeps its state.
   * @default CalicoDatastore.KUBERNETES
   */
  readonly datastore?: CalicoDatastore;
  /**
   * Calico's CRDs, installed with the agent one sync wave before it (CalicoCustomResourceDefinitions).
   * @default CalicoCrds.bundled() (Calico 3.32.1's, which this package carries)
   */
  readonly crds?: CalicoCrds;
  /**
   * Install calico-kube-controllers with the agent, one sync wave after it (CalicoKubeControllers):
   * it frees the IPAM blocks of deleted nodes, which are otherwise lost to the pool.
   * @default true
   */
  readonly kubeControllers?: boolean;
}

/** The runtime shape of CalicoOptions. */
export const CALICO_OPTIONS_SCHEMA: Schema<CalicoOptions> = {
  version: optional(instanceOf(CalicoVersion, 'CalicoVersion.V3_32_1')),
  podCidr: optional(isString),
  blockSize: optional(count('a prefix length from 20 to 32, e.g. 26')),
  encapsulation: optional(oneOf(CalicoEncapsulation, 'CalicoEncapsulation')),
  bgp: optional(isBoolean),
  mtu: optional(count('an MTU in bytes, e.g. 1450')),
  ipAutodetection: optional(instanceOf(CalicoIpAutodetection, 'CalicoIpAutodetection.kubernetesInternalIp()')),
  datastore: optional(oneOf(CalicoDatastore, 'CalicoDatastore')),
  crds: optional(instanceOf(CalicoCrds, 'CalicoCrds.bundled()')),
  kubeControllers: optional(isBoolean),
};

/** Every default of CalicoOptions, in one place; each is documented with `@default` on its option. */
export const CALICO_DEFAULTS = {
  version: CalicoVersion.V3_32_1,
  /** Calico's own (CALICO_IPV4POOL_BLOCK_SIZE unset in manifests/calico.yaml at v3.32.1). */
  blockSize: 26,
  /** manifests/calico.yaml at v3.32.1: CALICO_IPV4POOL_IPIP=Always. */
  encapsulation: CalicoEncapsulation.IPIP,
  /** manifests/calico.yaml at v3.32.1: calico_backend "bird". */
  bgp: true,
  /** veth_mtu "0": calico-node detects it (manifests/calico.yaml at v3.32.1). */
  mtu: 0,
  ipAutodetection: CalicoIpAutodetection.firstFound(),
  datastore: CalicoDatastore.KUBERNETES,
  /** manifests/calico.yaml installs it. */
  kubeControllers: true,
};
