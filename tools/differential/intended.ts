/**
 * Where the output validator is stricter than kube-apiserver v1.20.2 on purpose. A refusal the
 * server does not share is "intended" when every problem the validator reports matches one of
 * these; otherwise it is "too strict" and a rule to fix.
 */
import type { Problem } from '../../src/base/errors';

export interface IntendedRule {
  readonly id: string;
  readonly reason: string;
  /** Whether the rule covers problem `p` of an object of `kind`. */
  matches(p: Problem, kind: string): boolean;
}

export const INTENDED: IntendedRule[] = [
  {
    id: 'argocd-sync-wave',
    reason: 'Argo CD parses argocd.argoproj.io/sync-wave as an integer (strconv.Atoi); the API server stores any string.',
    matches: p => p.property === 'metadata.annotations[argocd.argoproj.io/sync-wave]',
  },
  {
    id: 'gt-lt-int64',
    reason: 'Gt/Lt node-selector values: the API server (1.20 and 1.28) only counts them, the scheduler parses them with strconv.ParseInt and a term with an unparsable value never matches any node.',
    matches: p => /\.(matchExpressions|matchFields)\[\d+\]\.values$/.test(p.property) && /integer value within int64/.test(p.expected),
  },
  {
    id: 'template-image-whitespace',
    reason: 'An image with surrounding spaces: validateContainersOnlyForPod (1.20 and 1.28) refuses it for Pods only, so the DaemonSet is stored and every pod its controller creates is refused.',
    matches: p => /\.image$/.test(p.property) && typeof p.value === 'string' && p.value !== '' && p.value.trim() !== p.value,
  },
  {
    id: 'cluster-scoped-namespace',
    reason: 'A namespace on a cluster-scoped object (Namespace, ClusterRole, ClusterRoleBinding): the API server (1.20 and 1.28) silently clears it (rest.BeforeCreate); the validator refuses it because the manifest would then say something the cluster does not store. A judgement call, not an API rule.',
    matches: p => p.property === 'metadata.namespace' && /cluster-scoped/.test(p.expected),
  },
  {
    id: 'proc-mount-gate',
    reason: 'securityContext.procMount: validated only while the ProcMountType feature gate is on (alpha, off by default in 1.20 and 1.28, when the server drops the field); clusters with the gate on refuse values other than Default and Unmasked.',
    matches: p => /\.securityContext\.procMount$/.test(p.property),
  },
  {
    id: 'selector-expression-values',
    reason: 'Label selector matchExpressions values must be label values: 1.28 ValidateLabelSelector checks them; 1.20 only did when it converted the selector, and for a DaemonSet selector it then skipped the selector/template comparison instead of refusing.',
    matches: p => /\.matchExpressions\[\d+\]\.values\[\d+\]$/.test(p.property) && /^Use at most 63 characters/.test(p.expected),
  },
  {
    id: 'pdb-metadata',
    reason: 'A PodDisruptionBudget\'s name and finalizers: kube-apiserver (1.20 and 1.28) runs no ValidateObjectMeta for PodDisruptionBudgets, only the generic checks (a name that is a path segment, qualified-name finalizers; kubernetes/kubernetes#133726 proposes the rest); the validator holds them to what every other namespaced object of the library must satisfy: a DNS-1123 subdomain name and fully qualified finalizers.',
    matches: (p, kind) => kind === 'PodDisruptionBudget' && (p.property === 'metadata.name' || p.property.startsWith('metadata.finalizers')),
  },
  {
    id: 'prometheus-duration',
    reason: 'Prometheus durations in ServiceMonitor/PodMonitor (not served by a bare API server).',
    matches: p => /Prometheus/.test(p.expected),
  },
];

/** The intended rule covering a problem of an object of `kind`, if any. */
export function intendedFor(p: Problem, kind: string): IntendedRule | undefined {
  return INTENDED.find(rule => rule.matches(p, kind));
}
