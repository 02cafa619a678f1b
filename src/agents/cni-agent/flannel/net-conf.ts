import { Problem } from '../../../base/errors';

/** How flannel carries pod traffic between nodes (net-conf.json `Backend.Type`). */
export enum FlannelBackend {
  /** Encapsulates in VXLAN: works on any network that routes the nodes' IPs (flannel's default). */
  VXLAN = 'vxlan',
  /** Routes pod subnets to the nodes directly: faster, but needs every node on one layer-2 network. */
  HOST_GW = 'host-gw',
  /** Encrypts traffic between nodes with WireGuard (the node kernel needs WireGuard). */
  WIREGUARD = 'wireguard',
  /** Userspace UDP encapsulation: slow, for debugging only (flannel's docs). */
  UDP = 'udp',
}

const IPV4_CIDR = /^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\/([0-9]{1,2})$/;

/**
 * flannel's net-conf.json: the cluster's pod network and the backend that carries traffic
 * between nodes. Key order follows kube-flannel.yml so a diff against upstream stays readable.
 */
export function renderFlannelNetConf(podCidr: string, backend: FlannelBackend): string {
  const conf = {
    Network: podCidr,
    // flannel 0.28.9's own default, written out as upstream does: iptables, not nftables.
    EnableNFTables: false,
    Backend: { Type: backend },
  };
  return `${JSON.stringify(conf, undefined, 2)}\n`;
}

/**
 * What flannel would refuse or misread in the pod network: it must be an IPv4 network in CIDR
 * form (flannel parses it with net.ParseCIDR) and written as its network address, because a
 * CIDR with host bits set (e.g. "10.244.1.0/16") is most often a typo for another network.
 */
export function ipv4CidrProblems(property: string, cidr: string): Problem[] {
  const example = 'Use an IPv4 network in CIDR form that contains every node\'s spec.podCIDR (kube-controller-manager --cluster-cidr), e.g. "10.244.0.0/16".';
  const m = IPV4_CIDR.exec(cidr);
  if (!m) return [{ property, value: cidr, expected: example }];
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some(o => o > 255) || prefix > 32 || prefix < 1) return [{ property, value: cidr, expected: example }];
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  if (network !== address) {
    const canonical = [24, 16, 8, 0].map(shift => Math.floor(network / 2 ** shift) % 256).join('.');
    return [{ property, value: cidr, expected: `The address has bits set beyond the /${prefix} prefix: write the network address, "${canonical}/${prefix}", or fix the prefix length.` }];
  }
  return [];
}
