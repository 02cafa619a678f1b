/**
 * Calico's default IPv4 pool, which calico-node creates on its first start if no pool exists
 * (`CALICO_IPV4POOL_CIDR`, `CALICO_IPV4POOL_BLOCK_SIZE`). Changing either later has no effect
 * on the pool already created (manifests/calico.yaml at v3.32.1 says the same of the CIDR).
 */
import { Problem } from '../../../base/errors';

const IPV4_CIDR = /^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\/([0-9]{1,2})$/;

/** The prefix length of a valid IPv4 network in CIDR form, or undefined. */
function prefixOf(cidr: string): number | undefined {
  const m = IPV4_CIDR.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some(o => o > 255) || prefix > 32) return undefined;
  return prefix;
}

/**
 * What calico-node refuses in an IPv4 network, or silently reads as another: it must be in CIDR
 * form and written as its network address (calico-node masks host bits away, so
 * "10.244.1.0/16" is 10.244.0.0/16, most often not what was meant).
 */
export function ipv4NetworkProblems(property: string, cidr: string): Problem[] {
  const prefix = prefixOf(cidr);
  if (prefix === undefined) return [{ property, value: cidr, expected: 'Use an IPv4 network in CIDR form, e.g. "10.244.0.0/16".' }];
  const octets = cidr.split('/')[0].split('.').map(Number);
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  if (network === address) return [];
  const canonical = [24, 16, 8, 0].map(shift => Math.floor(network / 2 ** shift) % 256).join('.');
  return [{ property, value: cidr, expected: `The address has bits set beyond the /${prefix} prefix: write the network address, "${canonical}/${prefix}", or fix the prefix length.` }];
}

/**
 * What calico-node refuses in the default pool: the block size is 20 to 32 for IPv4 (Calico's
 * IPPool validation at v3.32.1), and a pool smaller than one block has no block to hand out.
 */
export function ipPoolProblems(property: string, cidr: string | undefined, blockSize: number): Problem[] {
  const problems: Problem[] = [];
  if (cidr !== undefined) problems.push(...ipv4NetworkProblems(`${property}.podCidr`, cidr));
  if (!Number.isInteger(blockSize) || blockSize < 20 || blockSize > 32) {
    problems.push({ property: `${property}.blockSize`, value: blockSize, expected: 'Use a prefix length from 20 to 32 for each node\'s address blocks, e.g. 26 (64 addresses, Calico\'s default).' });
  } else if (cidr !== undefined && problems.length === 0 && prefixOf(cidr)! > blockSize) {
    problems.push({ property: `${property}.blockSize`, value: blockSize, expected: `The pool ${cidr} is smaller than one /${blockSize} block: use a block size of ${prefixOf(cidr)} or more, or a larger pool.` });
  }
  return problems;
}
