/**
 * Security contexts as the API validates them (validation.go ValidateSecurityContext and
 * ValidatePodSecurityContext, v1.28): user and group IDs within 0-2147483647, seccomp profiles
 * (validateSeccompProfileField), sysctls (validateSysctls), and privilege escalation never
 * denied to a privileged container or one adding CAP_SYS_ADMIN.
 */
import { boolProblems, enumProblems, intProblems, listAt, objectAt, stringAt } from './field-rules';
import { Problem } from '../../base/errors';

const SECCOMP_TYPES = ['RuntimeDefault', 'Unconfined', 'Localhost'];
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

function seccompProblems(f: string, raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const profile = objectAt(raw, f, problems);
  if (!profile) return problems;
  if (profile.type === undefined || profile.type === null || profile.type === '') problems.push({ property: `${f}.type`, value: profile.type, expected: 'Give the profile type: RuntimeDefault, Unconfined or Localhost.' });
  else problems.push(...enumProblems(`${f}.type`, profile.type, SECCOMP_TYPES));
  const local = profile.localhostProfile;
  if (profile.type === 'Localhost') {
    if (local === undefined || local === null) problems.push({ property: `${f}.localhostProfile`, value: local, expected: 'A Localhost profile needs localhostProfile.' });
    else if (typeof local !== 'string' || local.startsWith('/') || local.split('/').includes('..')) problems.push({ property: `${f}.localhostProfile`, value: local, expected: 'Give the profile\'s path relative to the kubelet\'s seccomp directory, without "..".' });
  } else if (local !== undefined && local !== null) {
    problems.push({ property: `${f}.localhostProfile`, value: local, expected: 'localhostProfile goes only with type Localhost.' });
  }
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
  problems.push(...boolProblems(`${f}.runAsNonRoot`, sc.runAsNonRoot));
  if (pod) {
    problems.push(...intProblems(`${f}.fsGroup`, sc.fsGroup, 0));
    listAt(sc.supplementalGroups, `${f}.supplementalGroups`, problems).forEach((g, i) => problems.push(...intProblems(`${f}.supplementalGroups[${i}]`, g, 0)));
    problems.push(...enumProblems(`${f}.fsGroupChangePolicy`, sc.fsGroupChangePolicy, ['OnRootMismatch', 'Always']));
    const sysctls = new Set<string>();
    listAt(sc.sysctls, `${f}.sysctls`, problems).forEach((raw2, i) => {
      const s = objectAt(raw2, `${f}.sysctls[${i}]`, problems);
      const name = stringAt(s?.name, `${f}.sysctls[${i}].name`, problems);
      if (s && (name === undefined || name.length > 253 || !SYSCTL_NAME.test(name))) problems.push({ property: `${f}.sysctls[${i}].name`, value: s.name, expected: 'Use a sysctl name such as "net.ipv4.ip_forward".' });
      else if (name !== undefined && sysctls.has(name)) problems.push({ property: `${f}.sysctls[${i}].name`, value: name, expected: 'Set each sysctl once.' });
      if (name !== undefined) sysctls.add(name);
    });
    return problems;
  }
  for (const key of ['privileged', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem']) problems.push(...boolProblems(`${f}.${key}`, sc[key]));
  if (sc.privileged === true && sc.allowPrivilegeEscalation === false) {
    problems.push({ property: `${f}.allowPrivilegeEscalation`, value: false, expected: 'A privileged container always has privilege escalation: drop allowPrivilegeEscalation: false or privileged.' });
  }
  const caps = objectAt(sc.capabilities, `${f}.capabilities`, problems);
  for (const key of ['add', 'drop']) {
    listAt(caps?.[key], `${f}.capabilities.${key}`, problems).forEach((c, i) => stringAt(c, `${f}.capabilities.${key}[${i}]`, problems));
  }
  if (sc.allowPrivilegeEscalation === false && Array.isArray(caps?.add) && caps.add.includes('CAP_SYS_ADMIN')) {
    problems.push({ property: `${f}.allowPrivilegeEscalation`, value: false, expected: 'Adding CAP_SYS_ADMIN grants privilege escalation: drop allowPrivilegeEscalation: false or the capability.' });
  }
  // Checked only while the ProcMountType feature gate is on (alpha: off by default in v1.20 and
  // v1.28, when the API server drops the field): refused here as such clusters refuse it.
  problems.push(...enumProblems(`${f}.procMount`, sc.procMount, ['Default', 'Unmasked']));
  return problems;
}
