/**
 * Nodes that are in the inventory but cannot run a DaemonSet pod, whatever it tolerates. The
 * controller creates the pod there (it sees only labels and taints) and it stays Pending:
 *
 * - EKS Fargate: each pod gets its own micro-VM chosen by a Fargate profile; "DaemonSets aren't
 *   supported on Fargate" (EKS user guide, "Fargate considerations"). Fargate nodes carry the label
 *   `eks.amazonaws.com/compute-type: fargate` (and the taint of the same key, which a CNI's
 *   tolerate-everything toleration admits).
 * - virtual-kubelet nodes (AKS virtual nodes on ACI, and other providers): pods are handed to a
 *   container service with no host to share. virtual-kubelet registers its node with the label
 *   `type: virtual-kubelet` and the taint `virtual-kubelet.io/provider` (virtual-kubelet/virtual-kubelet
 *   node/node.go and cmd/virtual-kubelet/internal/commands/root/node.go at v1.11.0).
 */
import type { NodeManifest } from './k8s-types';

/** Why the node runs no DaemonSet pod, or undefined when it can. */
export function hostlessReason(node: NodeManifest): string | undefined {
  const labels = node.metadata?.labels ?? {};
  const label = (k: string) => (Object.prototype.hasOwnProperty.call(labels, k) ? labels[k] : undefined);
  if (label('eks.amazonaws.com/compute-type') === 'fargate') {
    return 'an EKS Fargate node (eks.amazonaws.com/compute-type=fargate) runs no DaemonSet pods; the pod stays Pending';
  }
  const virtualTaint = (node.spec?.taints ?? []).some(t => t?.key === 'virtual-kubelet.io/provider');
  if (label('type') === 'virtual-kubelet' || virtualTaint) {
    return 'a virtual-kubelet node (type=virtual-kubelet or the virtual-kubelet.io/provider taint) runs no DaemonSet pods; the pod stays Pending';
  }
  return undefined;
}
