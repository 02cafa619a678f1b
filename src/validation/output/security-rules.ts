/**
 * Security contexts as the API validates them (validation.go ValidateSecurityContext and
 * validatePodSpecSecurityContext, v1.28): user and group IDs within 0-2147483647, known
 * seccomp profile types, and privilege escalation never denied to a privileged container.
 */
import { enumProblems, intProblems, listAt, objectAt, stringAt } from './field-rules';
import { Problem } from '../../base/errors';

const SECCOMP_TYPES = ['RuntimeDefault', 'Unconfined', 'Localhost'];
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

function seccompProblems(f: string, raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const profile = objectAt(raw, f, problems);
  if (!profile) return problems;
  problems.push(...enumProblems(`${f}.type`, profile.type, SECCOMP_TYPES));
  if (profile.type === 'Localhost' && !profile.localhostProfile) problems.push({ property: `${f}.localhostProfile`, value: profile.localhostProfile, expected: 'A Localhost profile needs localhostProfile.' });
  if (profile.type !== 'Localhost' && profile.localhostProfile !== undefined) problems.push({ property: `${f}.localhostProfile`, value: profile.localhostProfile, expected: 'localhostProfile goes only with type Localhost.' });
  return problems;
}

/** A container's (pod: false) or a pod's (pod: true) security context. */
export function securityContextProblems(f: string, raw: unknown, pod: boolean): Problem[] {
  const problems: Problem[] = [];
  const sc = objectAt(raw, f, problems);
  if (!sc) return problems;
  problems.push(...intProblems(`${f}.runAsUser`, sc.runAsUser, 0));
  problems.push(...intProblems(`${f}.runAsGroup`, sc.runAsGroup, 0));
  problems.push(...seccompProblems(`${f}.seccompProfile`, sc.seccompProfile));
  if (pod) {
    problems.push(...intProblems(`${f}.fsGroup`, sc.fsGroup, 0));
    listAt(sc.supplementalGroups, `${f}.supplementalGroups`, problems).forEach((g, i) => problems.push(...intProblems(`${f}.supplementalGroups[${i}]`, g, 0)));
    problems.push(...enumProblems(`${f}.fsGroupChangePolicy`, sc.fsGroupChangePolicy, ['OnRootMismatch', 'Always']));
    listAt(sc.sysctls, `${f}.sysctls`, problems).forEach((raw2, i) => {
      const s = objectAt(raw2, `${f}.sysctls[${i}]`, problems);
      const name = stringAt(s?.name, `${f}.sysctls[${i}].name`, problems);
      if (s && (name === undefined || name.length > 253 || !SYSCTL_NAME.test(name))) problems.push({ property: `${f}.sysctls[${i}].name`, value: s.name, expected: 'Use a sysctl name such as "net.ipv4.ip_forward".' });
    });
    return problems;
  }
  if (sc.privileged === true && sc.allowPrivilegeEscalation === false) {
    problems.push({ property: `${f}.allowPrivilegeEscalation`, value: false, expected: 'A privileged container always has privilege escalation: drop allowPrivilegeEscalation: false or privileged.' });
  }
  const caps = objectAt(sc.capabilities, `${f}.capabilities`, problems);
  for (const key of ['add', 'drop']) {
    listAt(caps?.[key], `${f}.capabilities.${key}`, problems).forEach((c, i) => stringAt(c, `${f}.capabilities.${key}[${i}]`, problems));
  }
  problems.push(...enumProblems(`${f}.procMount`, sc.procMount, ['Default', 'Unmasked']));
  return problems;
}
