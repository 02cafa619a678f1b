/**
 * A node reduced to what placement reads, prepared once per node and shared by every DaemonSet:
 * labels in a Map (a plain object would answer `constructor` or `__proto__` lookups), taints that
 * can block (NoSchedule/NoExecute; PreferNoSchedule never does), allocatable resources.
 */
import type { NodeManifest, Taint } from './k8s-types';

export interface NodeView {
  readonly name: string;
  readonly labels: ReadonlyMap<string, string>;
  /** `spec.taints` with effect NoSchedule or NoExecute, in the node's order. */
  readonly blockingTaints: readonly Taint[];
  /** `status.allocatable`, or undefined when the inventory does not say (no resource warnings then). */
  readonly allocatable: ReadonlyMap<string, number> | undefined;
  /** The allocatable quantities as written, for messages. */
  readonly allocatableText: { readonly [name: string]: string } | undefined;
}

/** `key=value:Effect`, the way kubectl prints a taint. */
export function formatTaint(t: Taint): string {
  const value = t.value ? `=${t.value}` : '';
  return `${t.key ?? ''}${value}:${t.effect ?? ''}`;
}

/** Builds the view; `allocatable` must already be parsed (see resources.ts). */
export function nodeView(node: NodeManifest, allocatable: ReadonlyMap<string, number> | undefined): NodeView {
  const labels = new Map<string, string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (typeof v === 'string') labels.set(k, v);
  }
  const blockingTaints = (node.spec?.taints ?? []).filter(t => t && (t.effect === 'NoSchedule' || t.effect === 'NoExecute'));
  const text = node.status?.allocatable;
  return {
    name: node.metadata?.name ?? '',
    labels,
    blockingTaints,
    allocatable,
    allocatableText: text ? Object.fromEntries(Object.entries(text).map(([k, v]) => [k, String(v)])) : undefined,
  };
}
