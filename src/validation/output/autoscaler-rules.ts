/**
 * A VerticalPodAutoscaler as its CRD admits it and its recommender reads it (kubernetes/autoscaler
 * vertical-pod-autoscaler/v1.7.1, deploy/vpa-v1-crd-gen.yaml): a target with a kind and a name,
 * the update and container modes its enums allow, and bounds that are quantities.
 */
import { isJson, Json, listAt, objectAt, stringAt } from './field-rules';
import { compareQuantities, parseQuantity, Quantity } from './quantity';
import { Problem } from '../../base/errors';

const UPDATE_MODES = ['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'InPlace', 'Auto'];
const CONTAINER_MODES = ['Auto', 'Off'];
const CONTROLLED_VALUES = ['RequestsAndLimits', 'RequestsOnly'];

function enumProblems(field: string, v: unknown, allowed: string[], problems: Problem[]): void {
  const text = stringAt(v, field, problems);
  if (text !== undefined && !allowed.includes(text)) problems.push({ property: field, value: text, expected: `The VPA CRD allows ${allowed.join(', ')}.` });
}

function boundsOf(field: string, v: unknown, problems: Problem[]): Record<string, Quantity> {
  const found: Record<string, Quantity> = {};
  for (const [resource, value] of Object.entries(objectAt(v, field, problems) ?? {})) {
    const q = parseQuantity(value);
    if (q === undefined) problems.push({ property: `${field}.${resource}`, value, expected: 'Use a quantity, e.g. "100m" or "128Mi".' });
    else found[resource] = q;
  }
  return found;
}

/** Every problem of a VerticalPodAutoscaler's spec. */
export function verticalPodAutoscalerProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const spec = objectAt(obj.spec, 'spec', problems);
  if (spec === undefined) return [...problems, { property: 'spec', value: obj.spec, expected: 'A VerticalPodAutoscaler needs a spec with a targetRef.' }];
  const target = objectAt(spec.targetRef, 'spec.targetRef', problems);
  for (const key of ['kind', 'name']) {
    const text = stringAt(target?.[key], `spec.targetRef.${key}`, problems);
    if (!text) problems.push({ property: `spec.targetRef.${key}`, value: target?.[key], expected: 'The VPA needs the kind and name of the workload it sizes.' });
  }
  const update = objectAt(spec.updatePolicy, 'spec.updatePolicy', problems);
  enumProblems('spec.updatePolicy.updateMode', update?.updateMode, UPDATE_MODES, problems);
  const policy = objectAt(spec.resourcePolicy, 'spec.resourcePolicy', problems);
  listAt(policy?.containerPolicies, 'spec.resourcePolicy.containerPolicies', problems).forEach((raw, i) => {
    const f = `spec.resourcePolicy.containerPolicies[${i}]`;
    const p = isJson(raw) ? raw : (problems.push({ property: f, value: raw, expected: 'Each container policy is an object.' }), {} as Json);
    enumProblems(`${f}.mode`, p.mode, CONTAINER_MODES, problems);
    enumProblems(`${f}.controlledValues`, p.controlledValues, CONTROLLED_VALUES, problems);
    const min = boundsOf(`${f}.minAllowed`, p.minAllowed, problems);
    const max = boundsOf(`${f}.maxAllowed`, p.maxAllowed, problems);
    for (const resource of Object.keys(min)) {
      if (max[resource] !== undefined && compareQuantities(min[resource], max[resource]) > 0) {
        problems.push({ property: `${f}.minAllowed.${resource}`, value: p.minAllowed && (p.minAllowed as Json)[resource], expected: `The lower bound is above maxAllowed.${resource}: the recommender would have no value to give.` });
      }
    }
  });
  return problems;
}
