import { Problem } from '../../../base/errors';

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * What Cilium refuses in an IPv4 CIDR it is given (Go's net.ParsePrefix, then the network address
 * check the cluster-pool allocator and the native-routing CIDR both rely on). `what` says which
 * network it is, for the fix.
 */
export function ipv4CidrProblems(property: string, cidr: string, what: string): Problem[] {
  const fix = `Use ${what} as an IPv4 network in CIDR form, e.g. "10.0.0.0/8".`;
  const m = IPV4_CIDR.exec(cidr);
  if (!m) return [{ property, value: cidr, expected: fix }];
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some(o => o > 255) || prefix > 32 || prefix < 1 || m.slice(1, 5).some(o => o.length > 1 && o.startsWith('0'))) {
    return [{ property, value: cidr, expected: fix }];
  }
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  if (network === address) return [];
  const canonical = [24, 16, 8, 0].map(shift => Math.floor(network / 2 ** shift) % 256).join('.');
  return [{ property, value: cidr, expected: `The address has bits set beyond the /${prefix} prefix: write the network address, "${canonical}/${prefix}".` }];
}

/** The prefix length of a CIDR `ipv4CidrProblems` accepted. */
export function prefixLength(cidr: string): number {
  return Number(cidr.split('/')[1]);
}
