/**
 * The pod template's annotations that the API server reads as pod settings, as
 * ValidatePodSpecificAnnotations and validateSeccompAnnotationsAndFields check them
 * (pkg/apis/core/validation/validation.go, v1.28; the pod deletion cost's grammar in
 * pkg/apis/core/helper/helpers.go): AppArmor profiles for containers the pod has, seccomp
 * profiles in their grammar and agreeing with securityContext.seccompProfile, tolerations given
 * as an annotation, the mirror-pod marker and the pod deletion cost.
 *
 * Values that are not strings are annotationsProblems' to report; they are skipped here.
 */
import { INT32_MAX, isJson, Json, listAt } from './field-rules';
import { tolerationsProblems } from './scheduling-rules';
import { Problem } from '../../base/errors';

const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const TOLERATIONS = 'scheduler.alpha.kubernetes.io/tolerations';
const MIRROR = 'kubernetes.io/config.mirror';
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const INT32_MIN = -INT32_MAX - 1;

/** Problems with a pod template's annotations (`at` is their field path) given its pod spec. */
export function podAnnotationsProblems(at: string, annotations: unknown, pod: Json): Problem[] {
  if (!isJson(annotations)) return [];
  const problems: Problem[] = [];
  // Built only for a pod whose annotations name containers: most agents' pods have none.
  let byName: Map<string, Json> | undefined;
  const containers = () => (byName ??= containersByName(pod));
  for (const [key, value] of Object.entries(annotations)) {
    if (typeof value !== 'string') continue;
    const f = `${at}[${key}]`;
    if (key.startsWith(APPARMOR_PREFIX)) problems.push(...appArmorProblems(f, key.slice(APPARMOR_PREFIX.length), value, containers()));
    if (key === SECCOMP_POD) problems.push(...seccompProblems(f, value, seccompField(pod.securityContext)));
    if (key.startsWith(SECCOMP_CONTAINER_PREFIX)) {
      const container = containers().get(key.slice(SECCOMP_CONTAINER_PREFIX.length));
      problems.push(...seccompProblems(f, value, seccompField(container?.securityContext)));
    }
    if (key === TOLERATIONS && value !== '') problems.push(...tolerationsAnnotationProblems(f, value));
    if (key === MIRROR && (typeof pod.nodeName !== 'string' || pod.nodeName === '')) {
      problems.push({ property: f, value, expected: `${MIRROR} marks a kubelet's static pod and needs spec.nodeName: remove the annotation.` });
    }
    if (key === DELETION_COST && !isDeletionCost(value)) {
      problems.push({ property: f, value, expected: `The pod deletion cost is a whole number from ${INT32_MIN} to ${INT32_MAX}, without a plus sign or leading zeros, e.g. "100".` });
    }
  }
  return problems;
}

/** The pod's containers and init containers by name (podSpecHasContainer looks at both). */
function containersByName(pod: Json): Map<string, Json> {
  const byName = new Map<string, Json>();
  for (const list of [pod.initContainers, pod.containers]) {
    for (const c of listAt(list, '', [])) {
      if (isJson(c) && typeof c.name === 'string') byName.set(c.name, c);
    }
  }
  return byName;
}

function appArmorProblems(f: string, container: string, profile: string, containers: Map<string, Json>): Problem[] {
  const problems: Problem[] = [];
  if (!containers.has(container)) {
    const names = [...containers.keys()].map(n => JSON.stringify(n)).join(', ');
    problems.push({ property: f, value: container, expected: `An AppArmor annotation names a container of the pod (${names}).` });
  }
  // apparmor.ValidateProfileFormat: "" is accepted too.
  if (!['', 'runtime/default', 'unconfined'].includes(profile) && !profile.startsWith('localhost/')) {
    problems.push({ property: f, value: profile, expected: 'An AppArmor profile is "runtime/default", "unconfined" or "localhost/<profile loaded on the node>".' });
  }
  return problems;
}

/** securityContext.seccompProfile, when it is an object. */
function seccompField(securityContext: unknown): Json | undefined {
  return isJson(securityContext) && isJson(securityContext.seccompProfile) ? securityContext.seccompProfile : undefined;
}

/** A seccomp annotation: ValidateSeccompProfile's grammar, then agreement with the field (validateSeccompAnnotationsAndFieldsMatch). */
function seccompProblems(f: string, profile: string, field: Json | undefined): Problem[] {
  const localhost = profile.startsWith('localhost/') ? profile.slice('localhost/'.length) : undefined;
  if (localhost !== undefined ? localhost.startsWith('/') || localhost.split('/').includes('..') : !['runtime/default', 'docker/default', 'unconfined'].includes(profile)) {
    return [{ property: f, value: profile, expected: 'A seccomp profile is "runtime/default", "unconfined" or "localhost/<path relative to the kubelet\'s seccomp folder, without "..">".' }];
  }
  const agrees = field === undefined
    || (field.type === 'Unconfined' && profile === 'unconfined')
    || (field.type === 'RuntimeDefault' && (profile === 'runtime/default' || profile === 'docker/default'))
    || (field.type === 'Localhost' && localhost !== undefined && localhost === field.localhostProfile)
    || !['Unconfined', 'RuntimeDefault', 'Localhost'].includes(field.type as string);
  if (agrees) return [];
  const written = field.type === 'Localhost' ? `Localhost "${String(field.localhostProfile)}"` : String(field.type);
  return [{ property: f, value: profile, expected: `The annotation and securityContext.seccompProfile (${written}) must name the same profile: remove the annotation, which Kubernetes deprecates for the field.` }];
}

/** Tolerations as a JSON list in an annotation (GetTolerationsFromPodAnnotations, then validateTolerations). */
function tolerationsAnnotationProblems(f: string, text: string): Problem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed !== null && !Array.isArray(parsed)) {
    return [{ property: f, value: text, expected: 'This annotation holds tolerations as a JSON list; give them in the pod\'s tolerations instead.' }];
  }
  return tolerationsProblems(f, parsed);
}

/** GetDeletionCostFromPodAnnotations: an int32, its first character "-", a non-zero digit, or "0" alone. */
function isDeletionCost(text: string): boolean {
  if (!/^(-[0-9]+|0|[1-9][0-9]*)$/.test(text)) return false;
  const n = Number(text);
  return n >= INT32_MIN && n <= INT32_MAX;
}
