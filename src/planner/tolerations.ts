/**
 * Taints against tolerations (reference §2.3), with the tolerations the DaemonSet controller adds to
 * every daemon pod (§3). The defaults are why a cordoned node still gets a daemon pod and why a
 * NotReady node keeps its pod but gets no new one.
 */
import type { Taint, Toleration } from './k8s-types';

/**
 * The default DaemonSet tolerations (`AddOrUpdateDaemonPodTolerations`), all `Exists` with no
 * `tolerationSeconds`. not-ready and unreachable only for NoExecute: the node lifecycle controller's
 * NoSchedule variants of those taints are *not* tolerated, so no new pod lands on a NotReady node.
 */
export const DEFAULT_DAEMONSET_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/** Added only for `hostNetwork: true` pods: they do not need the pod network to start. */
export const HOST_NETWORK_TOLERATION: Toleration = { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' };

/**
 * The tolerations the simulated daemon pod carries: the user's plus the defaults. Upstream replaces a
 * user toleration identical in key/effect/operator/value with the default (dropping its
 * tolerationSeconds); for matching that is the same as appending, which is what we do.
 */
export function daemonPodTolerations(user: readonly Toleration[] | undefined, hostNetwork: boolean): Toleration[] {
  const all = [...(user ?? []).filter(t => t), ...DEFAULT_DAEMONSET_TOLERATIONS];
  if (hostNetwork) all.push(HOST_NETWORK_TOLERATION);
  return all;
}

/** `Toleration.ToleratesTaint` as of 1.28–1.33 (Equal/Exists; any other operator tolerates nothing). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? '';
  if (op === '' || op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return op === 'Exists';
}

/** Any toleration tolerates the taint (`TolerationsTolerateTaint`). */
export function tolerated(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (let i = 0; i < tolerations.length; i++) if (toleratesTaint(tolerations[i], taint)) return true;
  return false;
}

/**
 * `FindMatchingUntoleratedTaint`: the first taint, in the node's order, tolerated by none of the
 * tolerations; undefined when there is none. `taints` must already be limited to NoSchedule and
 * NoExecute (see NodeView.blockingTaints); `noExecuteOnly` narrows it to NoExecute.
 */
export function firstUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], noExecuteOnly: boolean): Taint | undefined {
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i];
    if (noExecuteOnly && taint.effect !== 'NoExecute') continue;
    if (!tolerated(tolerations, taint)) return taint;
  }
  return undefined;
}
