/**
 * A DaemonSet as ValidateDaemonSetSpec checks it (pkg/apis/apps/validation/validation.go, v1.28):
 * a non-empty selector its template's labels satisfy, the update strategy, the counts, and the
 * pod template (restartPolicy Always).
 */
import { intProblems, isJson, Json, labelSelectorProblems, labelsProblems, listAt, objectAt, selectorMatches } from './field-rules';
import { annotationsProblems } from './metadata-rules';
import { rememberedPodSpecProblems } from './pod-spec-verdicts';
import { Problem } from '../../base/errors';

const PERCENT = /^[0-9]+%$/;

function intOrPercentProblems(f: string, v: unknown): Problem[] {
  if (v === undefined) return [];
  if (typeof v === 'number') return intProblems(f, v, 0);
  if (typeof v === 'string' && PERCENT.test(v) && parseInt(v, 10) <= 100) return [];
  return [{ property: f, value: v, expected: 'Use a whole number of 0 or more, or a percentage from "0%" to "100%".' }];
}

function isZero(v: unknown): boolean {
  return v === 0 || (typeof v === 'string' && /^0+%$/.test(v));
}

/**
 * ValidateDaemonSetUpdateStrategy after SetDefaults_DaemonSet: an unset type is RollingUpdate, an
 * unset maxUnavailable is 1; OnDelete ignores (and the API accepts) rollingUpdate settings.
 */
function updateStrategyProblems(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const strategy = objectAt(raw, 'spec.updateStrategy', problems);
  if (!strategy) return problems;
  const type = strategy.type === undefined || strategy.type === null || strategy.type === '' ? 'RollingUpdate' : strategy.type;
  if (type !== 'RollingUpdate' && type !== 'OnDelete') problems.push({ property: 'spec.updateStrategy.type', value: type, expected: 'Use "RollingUpdate" or "OnDelete".' });
  const rolling = objectAt(strategy.rollingUpdate, 'spec.updateStrategy.rollingUpdate', problems);
  if (!rolling || type !== 'RollingUpdate') return problems;
  problems.push(...intOrPercentProblems('spec.updateStrategy.rollingUpdate.maxUnavailable', rolling.maxUnavailable));
  problems.push(...intOrPercentProblems('spec.updateStrategy.rollingUpdate.maxSurge', rolling.maxSurge));
  const unavailable = rolling.maxUnavailable ?? 1;
  const surge = rolling.maxSurge ?? 0;
  if (isZero(unavailable) && isZero(surge)) problems.push({ property: 'spec.updateStrategy.rollingUpdate', value: rolling, expected: 'maxUnavailable and maxSurge may not both be 0: the rollout could never replace a pod.' });
  if (!isZero(unavailable) && !isZero(surge)) problems.push({ property: 'spec.updateStrategy.rollingUpdate.maxSurge', value: surge, expected: 'maxSurge may be set only when maxUnavailable is 0.' });
  return problems;
}

/**
 * ValidateDaemonSetSpec's selector checks: a valid label selector (ValidateLabelSelector), not
 * empty, and matching the template's labels as LabelSelectorAsSelector evaluates it (the server
 * skips the comparison when the selector cannot be converted: labelSelectorProblems reports why).
 */
function selectorProblems(spec: Json, templateLabels: Json): Problem[] {
  const problems: Problem[] = [];
  const selector = objectAt(spec.selector, 'spec.selector', problems);
  const matchLabels = objectAt(selector?.matchLabels, 'spec.selector.matchLabels', problems) ?? {};
  const expressions = listAt(selector?.matchExpressions, 'spec.selector.matchExpressions', problems);
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
    problems.push({ property: 'spec.selector', value: spec.selector, expected: 'A DaemonSet needs a non-empty selector.' });
    return problems;
  }
  problems.push(...labelSelectorProblems('spec.selector', selector));
  if (selectorMatches(selector, templateLabels) !== false) return problems;
  const missing = Object.entries(matchLabels).filter(([key, value]) => templateLabels[key] !== value);
  for (const [key, value] of missing) {
    problems.push({ property: `spec.template.metadata.labels[${key}]`, value: templateLabels[key], expected: `The selector requires ${key}=${String(value)}, so the pod template must carry it.` });
  }
  if (missing.length === 0) {
    problems.push({ property: 'spec.template.metadata.labels', value: templateLabels, expected: 'The selector\'s matchExpressions do not match the pod template\'s labels: the DaemonSet would select none of its pods.' });
  }
  return problems;
}

/** Problems with a DaemonSet's spec. */
export function daemonSetProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const spec = objectAt(obj.spec, 'spec', problems);
  if (!spec) return [...problems, { property: 'spec', value: obj.spec, expected: 'A DaemonSet needs a spec.' }];
  const template = objectAt(spec.template, 'spec.template', problems) ?? {};
  const templateMeta = isJson(template.metadata) ? template.metadata : {};
  const labels = isJson(templateMeta.labels) ? templateMeta.labels : {};
  problems.push(...selectorProblems(spec, labels));
  problems.push(...labelsProblems('spec.template.metadata.labels', templateMeta.labels));
  problems.push(...annotationsProblems('spec.template.metadata.annotations', templateMeta.annotations));
  problems.push(...updateStrategyProblems(spec.updateStrategy));
  problems.push(...intProblems('spec.revisionHistoryLimit', spec.revisionHistoryLimit, 0));
  problems.push(...intProblems('spec.minReadySeconds', spec.minReadySeconds, 0));
  const pod = objectAt(template.spec, 'spec.template.spec', problems) ?? {};
  problems.push(...rememberedPodSpecProblems('spec.template.spec', pod));
  // An empty restartPolicy is defaulted to Always (SetDefaults_PodSpec).
  if (pod.restartPolicy !== undefined && pod.restartPolicy !== null && pod.restartPolicy !== '' && pod.restartPolicy !== 'Always') {
    problems.push({ property: 'spec.template.spec.restartPolicy', value: pod.restartPolicy, expected: 'A DaemonSet\'s pods always restart: use "Always" or leave it unset.' });
  }
  if (pod.activeDeadlineSeconds !== undefined && pod.activeDeadlineSeconds !== null) problems.push({ property: 'spec.template.spec.activeDeadlineSeconds', value: pod.activeDeadlineSeconds, expected: 'A DaemonSet\'s pods run indefinitely: leave activeDeadlineSeconds unset.' });
  return problems;
}
