/**
 * Where a pod may run, as the API validates it (validation.go validateTolerations,
 * ValidateNodeSelector, ValidateNodeSelectorRequirement, ValidateNodeFieldSelectorRequirement,
 * validatePodAffinityTerm, v1.28), plus what the scheduler needs to use it: a Gt/Lt value it can
 * parse as an int64 (otherwise the term silently never matches).
 */
import { enumProblems, int64Problems, isInt64String, labelSelectorProblems, labelsProblems, listAt, nameProblems, objectAt, stringAt } from './field-rules';
import { Problem } from '../../base/errors';
import { labelValueProblems, qualifiedNameProblems } from '../../base/names';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

/** Tolerations: operator, key, value and effect rules; tolerationSeconds only with NoExecute. */
export function tolerationsProblems(at: string, raw: unknown): Problem[] {
  const problems: Problem[] = [];
  listAt(raw, at, problems).forEach((item, i) => {
    const f = `${at}[${i}]`;
    const t = objectAt(item, f, problems);
    if (!t) return;
    const key = stringAt(t.key, `${f}.key`, problems) ?? '';
    // An empty operator means Equal.
    const operator = t.operator === undefined || t.operator === null || t.operator === '' ? 'Equal' : t.operator;
    problems.push(...enumProblems(`${f}.operator`, operator, ['Equal', 'Exists']));
    if (key !== '') problems.push(...qualifiedNameProblems(`${f}.key`, key));
    if (key === '' && operator !== 'Exists') problems.push({ property: `${f}.operator`, value: t.operator, expected: 'A toleration without a key must use operator Exists (it matches every taint).' });
    const value = stringAt(t.value, `${f}.value`, problems) ?? '';
    if (operator === 'Exists' && value !== '') problems.push({ property: `${f}.value`, value, expected: 'A toleration with operator Exists takes no value.' });
    if (operator === 'Equal') problems.push(...labelValueProblems(`${f}.value`, value));
    if (t.effect !== undefined && t.effect !== '') problems.push(...enumProblems(`${f}.effect`, t.effect, EFFECTS));
    if (t.tolerationSeconds !== undefined) {
      problems.push(...int64Problems(`${f}.tolerationSeconds`, t.tolerationSeconds, -(2 ** 63)));
      if (t.effect !== 'NoExecute') problems.push({ property: `${f}.tolerationSeconds`, value: t.tolerationSeconds, expected: 'tolerationSeconds applies only to effect NoExecute.' });
    }
  });
  return problems;
}

function requirementProblems(f: string, raw: unknown, fields: boolean): Problem[] {
  const problems: Problem[] = [];
  const r = objectAt(raw, f, problems);
  if (!r) return problems;
  const key = stringAt(r.key, `${f}.key`, problems);
  const values = listAt(r.values, `${f}.values`, problems);
  values.forEach((v, i) => stringAt(v, `${f}.values[${i}]`, problems));
  if (fields) {
    // matchFields supports one field, metadata.name, with In or NotIn and one node name.
    if (key !== 'metadata.name') problems.push({ property: `${f}.key`, value: r.key, expected: 'matchFields supports only "metadata.name".' });
    if (r.operator !== 'In' && r.operator !== 'NotIn') problems.push({ property: `${f}.operator`, value: r.operator, expected: 'matchFields supports only In and NotIn.' });
    else if (values.length !== 1) problems.push({ property: `${f}.values`, value: r.values, expected: 'matchFields takes exactly one value.' });
    if (key === 'metadata.name') values.forEach((v, i) => problems.push(...nameProblems(`${f}.values[${i}]`, v, 'subdomain')));
    return problems;
  }
  problems.push(...(key === undefined ? [{ property: `${f}.key`, value: r.key, expected: 'Give the label key.' }] : qualifiedNameProblems(`${f}.key`, key)));
  problems.push(...enumProblems(`${f}.operator`, r.operator ?? '', NODE_OPERATORS));
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) problems.push({ property: `${f}.values`, value: r.values, expected: `${r.operator} needs at least one value.` });
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) problems.push({ property: `${f}.values`, value: r.values, expected: `${r.operator} takes no values.` });
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1 || typeof values[0] !== 'string' || !isInt64String(values[0])) {
        problems.push({ property: `${f}.values`, value: r.values, expected: `${r.operator} takes exactly one integer value within int64, which the scheduler compares with the label's.` });
      }
      break;
  }
  return problems;
}

/** A NodeSelector (required node affinity): at least one term, each requirement valid. */
export function nodeSelectorProblems(f: string, raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const selector = objectAt(raw, f, problems);
  if (!selector) return problems;
  const terms = listAt(selector.nodeSelectorTerms, `${f}.nodeSelectorTerms`, problems);
  if (terms.length === 0) problems.push({ property: `${f}.nodeSelectorTerms`, value: selector.nodeSelectorTerms, expected: 'Give at least one term.' });
  terms.forEach((rawTerm, i) => {
    const tf = `${f}.nodeSelectorTerms[${i}]`;
    const term = objectAt(rawTerm, tf, problems);
    if (!term) return;
    listAt(term.matchExpressions, `${tf}.matchExpressions`, problems).forEach((r, j) => problems.push(...requirementProblems(`${tf}.matchExpressions[${j}]`, r, false)));
    listAt(term.matchFields, `${tf}.matchFields`, problems).forEach((r, j) => problems.push(...requirementProblems(`${tf}.matchFields[${j}]`, r, true)));
  });
  return problems;
}

/** A pod's nodeSelector and node affinity. */
export function placementProblems(at: string, pod: { nodeSelector?: unknown; affinity?: unknown }): Problem[] {
  const problems: Problem[] = [...labelsProblems(`${at}.nodeSelector`, pod.nodeSelector)];
  const affinity = objectAt(pod.affinity, `${at}.affinity`, problems);
  const nodeAffinity = objectAt(affinity?.nodeAffinity, `${at}.affinity.nodeAffinity`, problems);
  if (nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined) {
    problems.push(...nodeSelectorProblems(`${at}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`, nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution));
  }
  listAt(nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution, `${at}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution`, problems).forEach((raw, i) => {
    const f = `${at}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    const p = objectAt(raw, f, problems);
    if (!p) return;
    if (typeof p.weight !== 'number' || !Number.isInteger(p.weight) || p.weight < 1 || p.weight > 100) problems.push({ property: `${f}.weight`, value: p.weight, expected: 'Use a weight from 1 to 100.' });
    const pref = objectAt(p.preference, `${f}.preference`, problems);
    listAt(pref?.matchExpressions, `${f}.preference.matchExpressions`, problems).forEach((r, j) => problems.push(...requirementProblems(`${f}.preference.matchExpressions[${j}]`, r, false)));
    listAt(pref?.matchFields, `${f}.preference.matchFields`, problems).forEach((r, j) => problems.push(...requirementProblems(`${f}.preference.matchFields[${j}]`, r, true)));
  });
  return problems;
}

/** validatePodAffinityTerm: a valid label selector, namespaces as DNS labels, a topology key. */
function podAffinityTermProblems(f: string, raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const term = objectAt(raw, f, problems);
  if (!term) return problems;
  problems.push(...labelSelectorProblems(`${f}.labelSelector`, term.labelSelector));
  listAt(term.namespaces, `${f}.namespaces`, problems).forEach((n, i) => problems.push(...nameProblems(`${f}.namespaces[${i}]`, n, 'label')));
  const topologyKey = stringAt(term.topologyKey, `${f}.topologyKey`, problems) ?? '';
  if (topologyKey === '') problems.push({ property: `${f}.topologyKey`, value: term.topologyKey, expected: 'Give the topology key, e.g. "kubernetes.io/hostname".' });
  else problems.push(...qualifiedNameProblems(`${f}.topologyKey`, topologyKey));
  return problems;
}

/** A pod's podAffinity and podAntiAffinity (validatePodAffinity, validatePodAntiAffinity). */
export function affinityProblems(at: string, raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const affinity = objectAt(raw, at, problems);
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = objectAt(affinity?.[kind], `${at}.${kind}`, problems);
    if (!a) continue;
    const required = `${at}.${kind}.requiredDuringSchedulingIgnoredDuringExecution`;
    listAt(a.requiredDuringSchedulingIgnoredDuringExecution, required, problems).forEach((t, i) => problems.push(...podAffinityTermProblems(`${required}[${i}]`, t)));
    const preferred = `${at}.${kind}.preferredDuringSchedulingIgnoredDuringExecution`;
    listAt(a.preferredDuringSchedulingIgnoredDuringExecution, preferred, problems).forEach((raw2, i) => {
      const w = objectAt(raw2, `${preferred}[${i}]`, problems);
      if (!w) return;
      if (typeof w.weight !== 'number' || !Number.isInteger(w.weight) || w.weight < 1 || w.weight > 100) problems.push({ property: `${preferred}[${i}].weight`, value: w.weight, expected: 'Use a weight from 1 to 100.' });
      problems.push(...podAffinityTermProblems(`${preferred}[${i}].podAffinityTerm`, w.podAffinityTerm));
    });
  }
  return problems;
}
