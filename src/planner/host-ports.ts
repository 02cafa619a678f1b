/**
 * The host-port warning (reference §6, NodePorts): two DaemonSets that both run on a node and both
 * claim the same host port and protocol cannot both start there; the second pod stays Pending.
 * Claims are what the scheduler sees after API defaulting: a container port with a hostPort, and with
 * `hostNetwork: true` every containerPort (its hostPort defaults to the containerPort).
 */
import type { Container, PodSpec } from './k8s-types';

export interface HostPortClaim {
  readonly port: number;
  readonly protocol: string;
  /** `0.0.0.0` when unset; a wildcard clashes with every address. */
  readonly hostIP: string;
}

const WILDCARD = '0.0.0.0';

/** The host ports a pod template claims (regular containers, as the NodePorts filter counts them), deduplicated. */
export function hostPortClaims(spec: PodSpec): HostPortClaim[] {
  const seen = new Set<string>();
  const claims: HostPortClaim[] = [];
  const hostNetwork = spec.hostNetwork === true;
  const containers: Container[] = spec.containers ?? [];
  for (const c of containers) {
    for (const p of c?.ports ?? []) {
      const port = p.hostPort || (hostNetwork ? p.containerPort : undefined);
      if (!port) continue;
      const claim = { port, protocol: p.protocol || 'TCP', hostIP: p.hostIP || WILDCARD };
      const id = `${claim.hostIP}:${claim.port}/${claim.protocol}`;
      if (seen.has(id)) continue;
      seen.add(id);
      claims.push(claim);
    }
  }
  return claims;
}

/** Same port and protocol, and the addresses overlap (equal, or either is the wildcard). */
export function claimsConflict(a: HostPortClaim, b: HostPortClaim): boolean {
  return a.port === b.port && a.protocol === b.protocol && (a.hostIP === b.hostIP || a.hostIP === WILDCARD || b.hostIP === WILDCARD);
}

/** `9100/TCP`, with the address when it is not the wildcard. */
export function formatClaim(c: HostPortClaim): string {
  return c.hostIP === WILDCARD ? `${c.port}/${c.protocol}` : `${c.hostIP}:${c.port}/${c.protocol}`;
}

/**
 * Every pair of DaemonSets (by index) whose claims conflict, with the conflicting claims of the
 * first one. Quadratic in DaemonSets that claim ports, which are few; independent of nodes.
 */
export function conflictingPairs(claims: readonly (readonly HostPortClaim[])[]): Array<{ a: number; b: number; ports: HostPortClaim[] }> {
  const byPort = new Map<string, number[]>();
  claims.forEach((list, i) => {
    for (const c of list) {
      const key = `${c.port}/${c.protocol}`;
      const owners = byPort.get(key) ?? [];
      if (owners[owners.length - 1] !== i) owners.push(i);
      byPort.set(key, owners);
    }
  });
  const pairs = new Map<string, { a: number; b: number; ports: HostPortClaim[] }>();
  for (const [key, owners] of byPort) {
    for (let x = 0; x < owners.length; x++) {
      for (let y = x + 1; y < owners.length; y++) {
        const a = owners[x];
        const b = owners[y];
        for (const ca of claims[a]) {
          if (`${ca.port}/${ca.protocol}` !== key || !claims[b].some(cb => claimsConflict(ca, cb))) continue;
          const id = `${a},${b}`;
          const pair = pairs.get(id) ?? { a, b, ports: [] };
          pair.ports.push(ca);
          pairs.set(id, pair);
        }
      }
    }
  }
  return [...pairs.values()];
}
