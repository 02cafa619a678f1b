/**
 * How Calico carries pod traffic between nodes: the encapsulation of the default IP pool and
 * whether BGP (BIRD) distributes the routes. The environment values are calico-node's
 * (manifests/calico.yaml and manifests/calico-vxlan.yaml at v3.32.1).
 */
import { Problem } from '../../../base/errors';

/** How the default IPv4 pool's traffic crosses between nodes. */
export enum CalicoEncapsulation {
  /** IP-in-IP between every pair of nodes (manifests/calico.yaml's default); needs BGP. */
  IPIP = 'IPIP',
  /** IP-in-IP only between nodes in different subnets, plain routing within one; needs BGP. */
  IPIP_CROSS_SUBNET = 'IPIPCrossSubnet',
  /** VXLAN between every pair of nodes; works with or without BGP. */
  VXLAN = 'VXLAN',
  /** VXLAN only between nodes in different subnets (manifests/calico-vxlan.yaml's default). */
  VXLAN_CROSS_SUBNET = 'VXLANCrossSubnet',
  /**
   * No encapsulation: pod addresses are routed as they are, so the network between the nodes
   * must carry them (BGP peering with the fabric, or routes of its own).
   */
  NONE = 'None',
}

/** Where Calico keeps its state. */
export enum CalicoDatastore {
  /**
   * The Kubernetes API (Calico's CRDs): no etcd of Calico's own to run and secure. The only
   * datastore this library installs; an etcd datastore needs etcd's endpoints and TLS
   * credentials, and Calico's own manifests (calico-etcd.yaml) for them.
   */
  KUBERNETES = 'kubernetes',
}

/** The networking backend calico-node runs (calico-config `calico_backend`). */
export enum CalicoBackend {
  /** BIRD distributes routes by BGP. */
  BIRD = 'bird',
  /** Felix programs VXLAN routes itself; no BGP. */
  VXLAN = 'vxlan',
  /** No routing by Calico (policy only, or a fabric that routes pod addresses). */
  NONE = 'none',
}

/** The pool modes calico-node creates its default IPv4 pool with (`CALICO_IPV4POOL_IPIP`, `CALICO_IPV4POOL_VXLAN`). */
export interface PoolModes {
  /** Always, CrossSubnet or Never. */
  readonly ipip: string;
  /** Always, CrossSubnet or Never. */
  readonly vxlan: string;
}

const POOL_MODES: Record<CalicoEncapsulation, PoolModes> = {
  [CalicoEncapsulation.IPIP]: { ipip: 'Always', vxlan: 'Never' },
  [CalicoEncapsulation.IPIP_CROSS_SUBNET]: { ipip: 'CrossSubnet', vxlan: 'Never' },
  [CalicoEncapsulation.VXLAN]: { ipip: 'Never', vxlan: 'Always' },
  [CalicoEncapsulation.VXLAN_CROSS_SUBNET]: { ipip: 'Never', vxlan: 'CrossSubnet' },
  [CalicoEncapsulation.NONE]: { ipip: 'Never', vxlan: 'Never' },
};

/** The pool modes of an encapsulation. */
export function poolModes(encapsulation: CalicoEncapsulation): PoolModes {
  return POOL_MODES[encapsulation];
}

/**
 * The backend: BIRD with BGP; without it, Felix's VXLAN routing for a VXLAN pool (as
 * calico-vxlan.yaml sets `calico_backend: vxlan`), or none.
 */
export function backendOf(encapsulation: CalicoEncapsulation, bgp: boolean): CalicoBackend {
  if (bgp) return CalicoBackend.BIRD;
  const vxlan = encapsulation === CalicoEncapsulation.VXLAN || encapsulation === CalicoEncapsulation.VXLAN_CROSS_SUBNET;
  return vxlan ? CalicoBackend.VXLAN : CalicoBackend.NONE;
}

/**
 * What Calico cannot run: IP-in-IP routes are BIRD's to program, so an IPIP pool without BGP
 * leaves every node without routes to the others' pods.
 */
export function networkProblems(property: string, encapsulation: CalicoEncapsulation, bgp: boolean): Problem[] {
  if (!Object.values(CalicoEncapsulation).includes(encapsulation)) {
    return [{ property: `${property}.encapsulation`, value: encapsulation, expected: `Use one of ${Object.keys(CalicoEncapsulation).map(k => `CalicoEncapsulation.${k}`).join(', ')}.` }];
  }
  const ipip = encapsulation === CalicoEncapsulation.IPIP || encapsulation === CalicoEncapsulation.IPIP_CROSS_SUBNET;
  if (ipip && !bgp) {
    return [{
      property: `${property}.encapsulation`,
      value: encapsulation,
      expected: 'IP-in-IP routes are distributed by BGP: keep bgp: true, or use CalicoEncapsulation.VXLAN or VXLAN_CROSS_SUBNET without BGP (as manifests/calico-vxlan.yaml does).',
    }];
  }
  return [];
}
