/**
 * The node pool a node belongs to, for the footprint report: the labels the managed platforms put
 * on every node of a pool, else the instance type (nodes of one type take the same DaemonSet tax).
 */
import type { NodeManifest } from './k8s-types';

/**
 * In order of preference. EKS managed node groups (EKS user guide, "Managed node groups": the
 * `eks.amazonaws.com/nodegroup` label), Karpenter (`karpenter.sh/nodepool`, karpenter
 * pkg/apis/v1/labels.go), GKE (`cloud.google.com/gke-nodepool`, GKE docs "Node pools"), AKS
 * (`kubernetes.azure.com/agentpool`, AKS docs "Use labels"), then the well-known instance type label.
 */
export const POOL_LABELS: readonly string[] = [
  'eks.amazonaws.com/nodegroup',
  'karpenter.sh/nodepool',
  'cloud.google.com/gke-nodepool',
  'kubernetes.azure.com/agentpool',
  'node.kubernetes.io/instance-type',
];

/** The node's pool label and its value; both empty when it has none of POOL_LABELS. */
export function poolOf(node: NodeManifest): { readonly label: string; readonly pool: string } {
  const labels = node.metadata?.labels ?? {};
  for (const label of POOL_LABELS) {
    const value = Object.prototype.hasOwnProperty.call(labels, label) ? labels[label] : undefined;
    if (typeof value === 'string') return { label, pool: value };
  }
  return { label: '', pool: '' };
}
