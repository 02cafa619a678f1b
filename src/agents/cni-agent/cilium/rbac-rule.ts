import { ApiResource } from 'cdk8s-plus-28';
import { AccessRule, ApiVerb } from '../../../base/access';

/**
 * One RBAC rule of the chart's, as data: the chart's rules are upstream facts, kept in the order
 * and grouping the chart renders so the tests compare them rule by rule.
 */
export interface CiliumRbacRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

/** The rule as a PolicyRule of a ClusterRole or Role. */
export function policyRule(rule: CiliumRbacRule): { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] } {
  return {
    apiGroups: [...rule.apiGroups],
    resources: [...rule.resources],
    verbs: [...rule.verbs],
    ...(rule.resourceNames ? { resourceNames: [...rule.resourceNames] } : {}),
  };
}

/** The rule as the library's AccessRule (one API group per rule; the chart's rules each name one). */
export function accessRule(rule: CiliumRbacRule): AccessRule {
  const [apiGroup] = rule.apiGroups;
  return AccessRule.of({
    verbs: rule.verbs as ApiVerb[],
    resources: rule.resources.map(resourceType => ApiResource.custom({ apiGroup, resourceType })),
    ...(rule.resourceNames ? { resourceNames: [...rule.resourceNames] } : {}),
  });
}
