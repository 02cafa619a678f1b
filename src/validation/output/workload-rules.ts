/**
 * The workloads the library emits, as pkg/apis/apps/validation/validation.go checks them (v1.28):
 * a DaemonSet (ValidateDaemonSetSpec) and a Deployment (ValidateDeploymentSpec), each a non-empty
 * selector its template's labels satisfy, its update strategy and counts, and the pod template
 * (ValidatePodTemplateSpec, restartPolicy Always, no activeDeadlineSeconds).
 */
import { boolProblems, intOrPercentProblems, intProblems, isJson, Json, labelSelectorProblems, labelsProblems, listAt, objectAt, selectorMatches } from './field-rules';
import { annotationsProblems } from './metadata-rules';
import { podAnnotationsProblems } from './pod-annotation-rules';
import { rememberedPodSpecProblems } from './pod-spec-verdicts';
import { Problem } from '../../base/errors';

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
 * A workload's selector checks: a valid label selector (ValidateLabelSelector), not empty, and
 * matching the template's labels as LabelSelectorAsSelector evaluates it (the server skips the
 * comparison when the selector cannot be converted: labelSelectorProblems reports why).
 */
function selectorProblems(kind: string, spec: Json, templateLabels: Json): Problem[] {
  const problems: Problem[] = [];
  const selector = objectAt(spec.selector, 'spec.selector', problems);
  const matchLabels = objectAt(selector?.matchLabels, 'spec.selector.matchLabels', problems) ?? {};
  const expressions = listAt(selector?.matchExpressions, 'spec.selector.matchExpressions', problems);
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
    problems.push({ property: 'spec.selector', value: spec.selector, expected: `A ${kind} needs a non-empty selector.` });
    return problems;
  }
  problems.push(...labelSelectorProblems('spec.selector', selector));
  if (selectorMatches(selector, templateLabels) !== false) return problems;
  const missing = Object.entries(matchLabels).filter(([key, value]) => templateLabels[key] !== value);
  for (const [key, value] of missing) {
    problems.push({ property: `spec.template.metadata.labels[${key}]`, value: templateLabels[key], expected: `The selector requires ${key}=${String(value)}, so the pod template must carry it.` });
  }
  if (missing.length === 0) {
    problems.push({ property: 'spec.template.metadata.labels', value: templateLabels, expected: `The selector's matchExpressions do not match the pod template's labels: the ${kind} would select none of its pods.` });
  }
  return problems;
}

/**
 * The parts a DaemonSet and a Deployment share: the selector against the template's labels, the
 * template's metadata (ValidatePodTemplateSpec: labels, annotations, those read as pod settings),
 * its pod spec, and what a controller that keeps pods running requires of it.
 */
function workloadProblems(kind: string, spec: Json): Problem[] {
  const problems: Problem[] = [];
  const template = objectAt(spec.template, 'spec.template', problems) ?? {};
  const templateMeta = isJson(template.metadata) ? template.metadata : {};
  const labels = isJson(templateMeta.labels) ? templateMeta.labels : {};
  problems.push(...selectorProblems(kind, spec, labels));
  problems.push(...labelsProblems('spec.template.metadata.labels', templateMeta.labels));
  problems.push(...annotationsProblems('spec.template.metadata.annotations', templateMeta.annotations));
  const pod = objectAt(template.spec, 'spec.template.spec', problems) ?? {};
  problems.push(...podAnnotationsProblems('spec.template.metadata.annotations', templateMeta.annotations, pod));
  problems.push(...rememberedPodSpecProblems('spec.template.spec', pod));
  // An empty restartPolicy is defaulted to Always (SetDefaults_PodSpec).
  if (pod.restartPolicy !== undefined && pod.restartPolicy !== null && pod.restartPolicy !== '' && pod.restartPolicy !== 'Always') {
    problems.push({ property: 'spec.template.spec.restartPolicy', value: pod.restartPolicy, expected: `A ${kind}'s pods always restart: use "Always" or leave it unset.` });
  }
  if (pod.activeDeadlineSeconds !== undefined && pod.activeDeadlineSeconds !== null) {
    problems.push({ property: 'spec.template.spec.activeDeadlineSeconds', value: pod.activeDeadlineSeconds, expected: `A ${kind}'s pods run indefinitely: leave activeDeadlineSeconds unset.` });
  }
  problems.push(...intProblems('spec.revisionHistoryLimit', spec.revisionHistoryLimit, 0));
  problems.push(...intProblems('spec.minReadySeconds', spec.minReadySeconds, 0));
  return problems;
}

/** Problems with a DaemonSet's spec. */
export function daemonSetProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const spec = objectAt(obj.spec, 'spec', problems);
  if (!spec) return [...problems, { property: 'spec', value: obj.spec, expected: 'A DaemonSet needs a spec.' }];
  problems.push(...workloadProblems('DaemonSet', spec));
  problems.push(...updateStrategyProblems(spec.updateStrategy));
  return problems;
}

/**
 * ValidateDeploymentStrategy after SetDefaults_Deployment: an unset type is RollingUpdate, whose
 * unset maxUnavailable and maxSurge are 25%; Recreate takes no rollingUpdate settings.
 */
function deploymentStrategyProblems(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const strategy = objectAt(raw, 'spec.strategy', problems);
  if (!strategy) return problems;
  const type = strategy.type === undefined || strategy.type === null || strategy.type === '' ? 'RollingUpdate' : strategy.type;
  const rolling = objectAt(strategy.rollingUpdate, 'spec.strategy.rollingUpdate', problems);
  if (type === 'Recreate') {
    if (rolling) problems.push({ property: 'spec.strategy.rollingUpdate', value: rolling, expected: 'A Recreate strategy takes no rollingUpdate settings: remove them or use "RollingUpdate".' });
    return problems;
  }
  if (type !== 'RollingUpdate') return [...problems, { property: 'spec.strategy.type', value: type, expected: 'Use "RollingUpdate" or "Recreate".' }];
  if (!rolling) return problems;
  problems.push(...intOrPercentProblems('spec.strategy.rollingUpdate.maxUnavailable', rolling.maxUnavailable));
  problems.push(...intOrPercentProblems('spec.strategy.rollingUpdate.maxSurge', rolling.maxSurge, true));
  if (isZero(rolling.maxUnavailable ?? '25%') && isZero(rolling.maxSurge ?? '25%')) {
    problems.push({ property: 'spec.strategy.rollingUpdate', value: rolling, expected: 'maxUnavailable and maxSurge may not both be 0: the rollout could never replace a pod.' });
  }
  return problems;
}

/** Problems with a Deployment's spec (ValidateDeploymentSpec after SetDefaults_Deployment). */
export function deploymentProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const spec = objectAt(obj.spec, 'spec', problems);
  if (!spec) return [...problems, { property: 'spec', value: obj.spec, expected: 'A Deployment needs a spec.' }];
  problems.push(...workloadProblems('Deployment', spec));
  problems.push(...intProblems('spec.replicas', spec.replicas, 0));
  problems.push(...deploymentStrategyProblems(spec.strategy));
  // An unset deadline is 600 seconds; it must exceed minReadySeconds, or progress could never be seen.
  const deadline = spec.progressDeadlineSeconds ?? 600;
  const deadlineProblems = intProblems('spec.progressDeadlineSeconds', deadline, 0);
  problems.push(...deadlineProblems);
  const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
  if (deadlineProblems.length === 0 && (deadline as number) <= minReady) {
    problems.push({ property: 'spec.progressDeadlineSeconds', value: deadline, expected: `The progress deadline must be longer than minReadySeconds (${minReady}).` });
  }
  problems.push(...boolProblems('spec.paused', spec.paused));
  return problems;
}
