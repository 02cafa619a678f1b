/**
 * A PodDisruptionBudget as ValidatePodDisruptionBudgetSpec checks it
 * (pkg/apis/policy/validation/validation.go, v1.28): minAvailable or maxUnavailable, not both,
 * each a whole number or a percentage up to 100%; a valid label selector; a known
 * unhealthyPodEvictionPolicy.
 */
import { enumProblems, intOrPercentProblems, Json, labelSelectorProblems, objectAt } from './field-rules';
import { Problem } from '../../base/errors';

/** Problems with a PodDisruptionBudget's spec. */
export function disruptionBudgetProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const spec = objectAt(obj.spec, 'spec', problems) ?? {};
  const set = (v: unknown) => v !== undefined && v !== null;
  if (set(spec.minAvailable) && set(spec.maxUnavailable)) {
    problems.push({ property: 'spec.maxUnavailable', value: spec.maxUnavailable, expected: 'Give minAvailable or maxUnavailable, not both.' });
  }
  if (set(spec.minAvailable)) problems.push(...intOrPercentProblems('spec.minAvailable', spec.minAvailable));
  if (set(spec.maxUnavailable)) problems.push(...intOrPercentProblems('spec.maxUnavailable', spec.maxUnavailable));
  if (set(spec.selector)) problems.push(...labelSelectorProblems('spec.selector', spec.selector));
  if (set(spec.unhealthyPodEvictionPolicy)) problems.push(...enumProblems('spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, ['IfHealthyBudget', 'AlwaysAllow']));
  return problems;
}
