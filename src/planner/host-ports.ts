/**
 * Host-port claims (reference §6, NodePorts): two DaemonSets that both run on a node and both
 * claim the same host port and protocol cannot both start there; the second pod stays Pending
 * (port-clashes.ts turns clashes into warnings). Claims are what the scheduler sees after API
 * defaulting: a container port with a hostPort, and with `hostNetwork: true` every containerPort
 * (its hostPort defaults to the containerPort).
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
