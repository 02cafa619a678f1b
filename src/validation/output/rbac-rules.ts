/**
 * RBAC objects as pkg/apis/rbac/validation/validation.go checks them (v1.28 as v1.20): policy
 * rules (ValidatePolicyRule), ClusterRole aggregation rules, role references and subjects
 * (ValidateRoleBindingSubject), after the v1 defaults (roleRef.apiGroup and a User's or Group's
 * apiGroup default to rbac.authorization.k8s.io).
 */
import { enumProblems, Json, labelSelectorProblems, listAt, nameProblems, objectAt, stringAt } from './field-rules';
import { Problem } from '../../base/errors';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** ValidateRBACName (path.IsValidPathSegmentName): not "." nor "..", no "/" nor "%". */
export function rbacNameProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `may not be "${name}"`;
  if (/[/%]/.test(name)) return 'may not contain "/" or "%"';
  return undefined;
}

function strings(rule: Json, key: string, f: string, problems: Problem[]): unknown[] {
  const items = listAt(rule[key], `${f}.${key}`, problems);
  items.forEach((v, j) => stringAt(v, `${f}.${key}[${j}]`, problems));
  return items;
}

/** The rules of a Role (namespaced) or ClusterRole, and a ClusterRole's aggregation rule. */
export function rolesProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const namespaced = obj.kind === 'Role';
  listAt(obj.rules, 'rules', problems).forEach((raw, i) => {
    const f = `rules[${i}]`;
    const rule = objectAt(raw, f, problems);
    if (!rule) return;
    if (strings(rule, 'verbs', f, problems).length === 0) problems.push({ property: `${f}.verbs`, value: rule.verbs, expected: 'A rule needs at least one verb.' });
    const apiGroups = strings(rule, 'apiGroups', f, problems);
    const resources = strings(rule, 'resources', f, problems);
    const resourceNames = strings(rule, 'resourceNames', f, problems);
    const nonResource = strings(rule, 'nonResourceURLs', f, problems);
    if (nonResource.length > 0) {
      if (namespaced) problems.push({ property: `${f}.nonResourceURLs`, value: rule.nonResourceURLs, expected: 'A Role\'s rules cannot name non-resource URLs: use a ClusterRole.' });
      if (apiGroups.length + resources.length + resourceNames.length > 0) {
        problems.push({ property: `${f}.nonResourceURLs`, value: rule.nonResourceURLs, expected: 'A rule names either resources or non-resource URLs, not both: split it in two.' });
      }
      return;
    }
    if (apiGroups.length === 0) problems.push({ property: `${f}.apiGroups`, value: rule.apiGroups, expected: 'A resource rule needs at least one API group ("" is the core group).' });
    if (resources.length === 0) problems.push({ property: `${f}.resources`, value: rule.resources, expected: 'A resource rule needs at least one resource.' });
  });
  if (obj.kind === 'ClusterRole' && obj.aggregationRule !== undefined && obj.aggregationRule !== null) {
    const rule = objectAt(obj.aggregationRule, 'aggregationRule', problems) ?? {};
    const selectors = listAt(rule.clusterRoleSelectors, 'aggregationRule.clusterRoleSelectors', problems);
    if (selectors.length === 0) problems.push({ property: 'aggregationRule.clusterRoleSelectors', value: rule.clusterRoleSelectors, expected: 'An aggregation rule needs at least one clusterRoleSelector.' });
    selectors.forEach((s, i) => {
      const f = `aggregationRule.clusterRoleSelectors[${i}]`;
      // ValidateLabelSelector, then LabelSelectorAsSelector, which refuses what the former
      // (before v1.28) let by: labelSelectorProblems checks both.
      problems.push(...labelSelectorProblems(f, s));
    });
  }
  return problems;
}

/** A RoleBinding's or ClusterRoleBinding's roleRef and subjects. */
export function bindingProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const cluster = obj.kind === 'ClusterRoleBinding';
  const ref = objectAt(obj.roleRef, 'roleRef', problems) ?? {};
  const group = stringAt(ref.apiGroup, 'roleRef.apiGroup', problems) ?? '';
  if (group !== '' && group !== RBAC_GROUP) problems.push({ property: 'roleRef.apiGroup', value: group, expected: `Use "${RBAC_GROUP}".` });
  problems.push(...enumProblems('roleRef.kind', ref.kind ?? '', cluster ? ['ClusterRole'] : ['Role', 'ClusterRole']));
  const name = stringAt(ref.name, 'roleRef.name', problems);
  if (name === undefined || name === '') problems.push({ property: 'roleRef.name', value: ref.name, expected: 'Name the role.' });
  else if (rbacNameProblem(name)) problems.push({ property: 'roleRef.name', value: name, expected: `A role name ${rbacNameProblem(name)}.` });
  listAt(obj.subjects, 'subjects', problems).forEach((raw, i) => {
    const f = `subjects[${i}]`;
    const s = objectAt(raw, f, problems);
    if (!s) return;
    const subjectName = stringAt(s.name, `${f}.name`, problems) ?? '';
    if (subjectName === '') problems.push({ property: `${f}.name`, value: s.name, expected: 'Name the subject.' });
    const subjectGroup = stringAt(s.apiGroup, `${f}.apiGroup`, problems) ?? '';
    const namespace = stringAt(s.namespace, `${f}.namespace`, problems) ?? '';
    switch (s.kind) {
      case 'ServiceAccount':
        if (subjectName !== '') problems.push(...nameProblems(`${f}.name`, subjectName, 'subdomain'));
        if (subjectGroup !== '') problems.push({ property: `${f}.apiGroup`, value: subjectGroup, expected: 'A ServiceAccount subject takes apiGroup "" (the core group).' });
        if (cluster && namespace === '') problems.push({ property: `${f}.namespace`, value: s.namespace, expected: 'A ServiceAccount subject needs its namespace.' });
        break;
      case 'User':
      case 'Group':
        if (subjectGroup !== '' && subjectGroup !== RBAC_GROUP) problems.push({ property: `${f}.apiGroup`, value: subjectGroup, expected: `A ${s.kind} subject takes apiGroup "${RBAC_GROUP}".` });
        break;
      default:
        problems.push({ property: `${f}.kind`, value: s.kind, expected: 'Use "ServiceAccount", "User" or "Group".' });
    }
  });
  return problems;
}
