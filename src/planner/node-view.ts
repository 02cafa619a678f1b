/**
 * A node reduced to what placement and the fit check (node-fit.ts) read, prepared once per node and
 * shared by every DaemonSet: labels in a Map (a plain object would answer `constructor` or
 * `__proto__` lookups), taints that can block (NoSchedule/NoExecute; PreferNoSchedule never does),
 * allocatable resources, whether it runs DaemonSet pods at all, and its OS.
 */
import { hostlessReason } from './hostless';
import type { NodeManifest, Taint } from './k8s-types';

export interface NodeView {
  readonly name: string;
  readonly labels: ReadonlyMap<string, string>;
  /** `spec.taints` with effect NoSchedule or NoExecute, in the node's order. */
  readonly blockingTaints: readonly Taint[];
  /** `status.allocatable`, or undefined when the inventory does not say (no resource warnings then). */
  readonly allocatable: ReadonlyMap<string, number> | undefined;
  /** Why the node runs no DaemonSet pods (hostless.ts), or undefined when it does. */
  readonly hostless: string | undefined;
  /** The node's `kubernetes.io/os` label, whatever rules read (the kubelet holds a pod's spec.os.name against it). */
  readonly os: string | undefined;
}

/** `key=value:Effect`, the way kubectl prints a taint. */
export function formatTaint(t: Taint): string {
  const value = t.value ? `=${t.value}` : '';
  return `${t.key ?? ''}${value}:${t.effect ?? ''}`;
}

/**
 * Builds the view; `allocatable` must already be parsed (see resources.ts). Equal taints of
 * different nodes become one object through `taints`, so per-DaemonSet caches can key on identity.
 * With `labelKeys`, only those labels are kept: the ones the DaemonSets' rules read (a managed
 * cloud's node has thirty labels, the rules read a few).
 */
export function nodeView(
  node: NodeManifest, allocatable: ReadonlyMap<string, number> | undefined, taints: Map<string, Taint>, labelKeys?: ReadonlySet<string>,
): NodeView {
  const labels = new Map<string, string>();
  const given = node.metadata?.labels ?? {};
  for (const k of labelKeys ?? Object.keys(given)) {
    // Most keys read are absent; only a string found is checked for being the node's own.
    const v = given[k];
    if (typeof v === 'string' && Object.prototype.hasOwnProperty.call(given, k)) labels.set(k, v);
  }
  const blockingTaints: Taint[] = [];
  for (const t of node.spec?.taints ?? []) {
    if (!t || (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute')) continue;
    const id = `${t.key ?? ''}\u0000${t.value ?? ''}\u0000${t.effect}`;
    let shared = taints.get(id);
    if (shared === undefined) {
      shared = { key: t.key ?? '', value: t.value ?? '', effect: t.effect };
      taints.set(id, shared);
    }
    blockingTaints.push(shared);
  }
  return { name: node.metadata?.name ?? '', labels, blockingTaints, allocatable, hostless: hostlessReason(node), os: given['kubernetes.io/os'] };
}
