/**
 * Where a pod may run, as the API validates it (validation.go validateTolerations,
 * ValidateNodeSelector, ValidateNodeSelectorRequirement, v1.28), plus what the scheduler needs to
 * use it: a Gt/Lt value it can parse as an int64 (otherwise the term silently never matches).
 */
import { enumProblems, int64Problems, isInt64String, labelsProblems, listAt, objectAt, stringAt } from './field-rules';
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
    const operator = t.operator ?? 'Equal';
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
  if (fields) {
    // matchFields supports one field only.
    if (key !== 'metadata.name') problems.push({ property: `${f}.key`, value: r.key, expected: 'matchFields supports only "metadata.name".' });
  } else {
    problems.push(...(key === undefined ? [{ property: `${f}.key`, value: r.key, expected: 'Give the label key.' }] : qualifiedNameProblems(`${f}.key`, key)));
  }
  problems.push(...enumProblems(`${f}.operator`, r.operator ?? '', NODE_OPERATORS));
  const values = listAt(r.values, `${f}.values`, problems);
  values.forEach((v, i) => stringAt(v, `${f}.values[${i}]`, problems));
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) problems.push({ property: `${f}.values`, value: r.values, expected: `${r.operator} needs at least one value.` });
      if (fields && values.length !== 1) problems.push({ property: `${f}.values`, value: r.values, expected: 'matchFields takes exactly one value.' });
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
  });
  return problems;
}
