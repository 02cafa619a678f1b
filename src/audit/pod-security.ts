/**
 * The Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards),
 * evaluated on a pod spec as plain JSON, so the same rules serve the constructs (to label a
 * namespace with the least level its agents need) and the privilege report (on any YAML).
 */
import { privilegeKey } from '../base/privileges';

/** A Pod Security Standards level, from most to least permissive. */
export enum PodSecurityLevel {
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Current pod-hardening best practice. */
  RESTRICTED = 'restricted',
}

/** One control a pod spec fails, and where. */
export interface PodSecurityViolation {
  /** The control, as the standard names it (e.g. "Host Namespaces"). */
  readonly control: string;
  /** The offending field, as a path in the pod spec (e.g. `spec.hostNetwork`). */
  readonly field: string;
  /** The level the control belongs to: failing it rules out this level and the stricter ones. */
  readonly level: PodSecurityLevel;
  /** The key of the privilege this is, under which an agent records its justification. */
  readonly privilege: string;
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

interface Named { kind: string; index: number; c: any }

function containersOf(pod: any): Named[] {
  const out: Named[] = [];
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers']) {
    (pod?.[kind] ?? []).forEach((c: any, index: number) => out.push({ kind, index, c }));
  }
  return out;
}

/** A pod template as it appears in a serialized workload. */
interface PodTemplateJson {
  readonly metadata?: { readonly annotations?: Record<string, string> };
  readonly spec?: unknown;
}

const violationsByTemplate = new WeakMap<object, readonly PodSecurityViolation[]>();

/**
 * The violations of a pod template as serialized ({ metadata, spec }), worked out once per
 * template object: within a synthesis each object's JSON is shared, and both the namespace's Pod
 * Security level and the CNI agent's justification check read the same DaemonSet's template.
 */
export function templateViolations(template: PodTemplateJson): readonly PodSecurityViolation[] {
  let known = violationsByTemplate.get(template);
  if (known === undefined) {
    known = podSecurityViolations(template.spec ?? {}, template.metadata?.annotations ?? {});
    violationsByTemplate.set(template, known);
  }
  return known;
}

/**
 * Every Pod Security Standards control the pod spec fails, in a stable order.
 * `annotations` are the pod template's (for the AppArmor annotation form).
 */
export function podSecurityViolations(pod: any, annotations: Record<string, string> = {}): PodSecurityViolation[] {
  const v: PodSecurityViolation[] = [];
  const add = (control: string, field: string, level: PodSecurityLevel, privilege: string) => v.push({ control, field, level, privilege });
  const B = PodSecurityLevel.BASELINE;
  const R = PodSecurityLevel.RESTRICTED;
  const containers = containersOf(pod);
  const at = (n: Named, rest: string) => `spec.${n.kind}[${n.index}]${rest}`;

  // --- Baseline ---
  if (pod?.securityContext?.windowsOptions?.hostProcess === true) add('HostProcess', 'spec.securityContext.windowsOptions.hostProcess', B, 'hostProcess');
  for (const n of containers) {
    if (n.c.securityContext?.windowsOptions?.hostProcess === true) add('HostProcess', at(n, '.securityContext.windowsOptions.hostProcess'), B, privilegeKey('hostProcess', n.c.name));
  }
  if (pod?.hostNetwork === true) add('Host Namespaces', 'spec.hostNetwork', B, 'hostNetwork');
  if (pod?.hostPID === true) add('Host Namespaces', 'spec.hostPID', B, 'hostPID');
  if (pod?.hostIPC === true) add('Host Namespaces', 'spec.hostIPC', B, 'hostIPC');
  for (const n of containers) {
    if (n.c.securityContext?.privileged === true) add('Privileged Containers', at(n, '.securityContext.privileged'), B, privilegeKey('privileged', n.c.name));
  }
  for (const n of containers) {
    for (const cap of n.c.securityContext?.capabilities?.add ?? []) {
      if (!BASELINE_CAPABILITIES.has(cap)) add('Capabilities', at(n, `.securityContext.capabilities.add[${cap}]`), B, privilegeKey('capability', cap));
    }
  }
  (pod?.volumes ?? []).forEach((vol: any, i: number) => {
    if (vol.hostPath) add('HostPath Volumes', `spec.volumes[${i}].hostPath (${vol.name}: ${vol.hostPath.path})`, B, privilegeKey('hostPath', vol.name));
  });
  for (const n of containers) {
    (n.c.ports ?? []).forEach((p: any, i: number) => {
      if (p.hostPort !== undefined && p.hostPort !== null && p.hostPort !== 0) add('Host Ports', at(n, `.ports[${i}].hostPort (${p.hostPort})`), B, privilegeKey('hostPort', String(p.hostPort)));
    });
  }
  // null is YAML's empty value, which Kubernetes reads as unset.
  const appArmor = (type: unknown) => type !== undefined && type !== null && type !== 'RuntimeDefault' && type !== 'Localhost';
  if (appArmor(pod?.securityContext?.appArmorProfile?.type)) add('AppArmor', 'spec.securityContext.appArmorProfile.type', B, 'appArmor');
  for (const n of containers) {
    if (appArmor(n.c.securityContext?.appArmorProfile?.type)) add('AppArmor', at(n, '.securityContext.appArmorProfile.type'), B, privilegeKey('appArmor', n.c.name));
  }
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      add('AppArmor', `metadata.annotations[${key}]`, B, privilegeKey('appArmor', key.split('/')[1]));
    }
  }
  const seLinux = (o: any) => o !== undefined && o !== null && (!SELINUX_TYPES.has(o.type ?? '') || (o.user ?? '') !== '' || (o.role ?? '') !== '');
  if (seLinux(pod?.securityContext?.seLinuxOptions)) add('SELinux', 'spec.securityContext.seLinuxOptions', B, 'seLinux');
  for (const n of containers) {
    if (seLinux(n.c.securityContext?.seLinuxOptions)) add('SELinux', at(n, '.securityContext.seLinuxOptions'), B, privilegeKey('seLinux', n.c.name));
  }
  for (const n of containers) {
    const procMount = n.c.securityContext?.procMount;
    if (procMount !== undefined && procMount !== null && procMount !== 'Default') add('/proc Mount Type', at(n, '.securityContext.procMount'), B, privilegeKey('procMount', n.c.name));
  }
  if (pod?.securityContext?.seccompProfile?.type === 'Unconfined') add('Seccomp', 'spec.securityContext.seccompProfile.type', B, 'seccompUnconfined');
  for (const n of containers) {
    if (n.c.securityContext?.seccompProfile?.type === 'Unconfined') add('Seccomp', at(n, '.securityContext.seccompProfile.type'), B, privilegeKey('seccompUnconfined', n.c.name));
  }
  (pod?.securityContext?.sysctls ?? []).forEach((s: any, i: number) => {
    if (!SAFE_SYSCTLS.has(s.name)) add('Sysctls', `spec.securityContext.sysctls[${i}] (${s.name})`, B, privilegeKey('sysctl', s.name));
  });

  // --- Restricted ---
  (pod?.volumes ?? []).forEach((vol: any, i: number) => {
    const type = Object.keys(vol).find(k => k !== 'name');
    if (type !== undefined && type !== 'hostPath' && !RESTRICTED_VOLUMES.has(type)) add('Volume Types', `spec.volumes[${i}].${type} (${vol.name})`, R, privilegeKey('volume', vol.name));
  });
  for (const n of containers) {
    if (n.c.securityContext?.privileged !== true && n.c.securityContext?.allowPrivilegeEscalation !== false) {
      add('Privilege Escalation', at(n, '.securityContext.allowPrivilegeEscalation'), R, privilegeKey('privilegeEscalation', n.c.name));
    }
  }
  const podNonRoot = pod?.securityContext?.runAsNonRoot === true;
  const podUser = pod?.securityContext?.runAsUser;
  for (const n of containers) {
    const nonRoot = n.c.securityContext?.runAsNonRoot ?? (podNonRoot ? true : undefined);
    const user = n.c.securityContext?.runAsUser ?? podUser;
    if (nonRoot !== true || user === 0) add('Running as Non-root', at(n, user === 0 ? '.securityContext.runAsUser' : '.securityContext.runAsNonRoot'), R, privilegeKey('runAsRoot', n.c.name));
  }
  const podSeccomp = pod?.securityContext?.seccompProfile?.type;
  for (const n of containers) {
    const type = n.c.securityContext?.seccompProfile?.type ?? podSeccomp;
    if (type !== 'RuntimeDefault' && type !== 'Localhost' && type !== 'Unconfined') {
      add('Seccomp', at(n, '.securityContext.seccompProfile.type'), R, privilegeKey('seccompUnset', n.c.name));
    }
  }
  for (const n of containers) {
    const caps = n.c.securityContext?.capabilities ?? {};
    // A privileged container holds every capability whatever it drops: the privilege to justify is
    // `privileged`, and its justification answers this finding too.
    const cause = n.c.securityContext?.privileged === true ? privilegeKey('privileged', n.c.name) : privilegeKey('capabilitiesNotDropped', n.c.name);
    if (!(caps.drop ?? []).includes('ALL')) add('Capabilities', at(n, '.securityContext.capabilities.drop'), R, cause);
    for (const cap of caps.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE' && BASELINE_CAPABILITIES.has(cap)) add('Capabilities', at(n, `.securityContext.capabilities.add[${cap}]`), R, privilegeKey('capability', cap));
    }
  }
  return v;
}

/** The least permissive level the pod spec satisfies. */
export function podSecurityLevel(violations: readonly PodSecurityViolation[]): PodSecurityLevel {
  if (violations.some(v => v.level === PodSecurityLevel.BASELINE)) return PodSecurityLevel.PRIVILEGED;
  if (violations.length > 0) return PodSecurityLevel.BASELINE;
  return PodSecurityLevel.RESTRICTED;
}

/** The most permissive of several levels: what a namespace holding all of them must allow. */
export function mostPermissive(levels: readonly PodSecurityLevel[]): PodSecurityLevel {
  if (levels.includes(PodSecurityLevel.PRIVILEGED)) return PodSecurityLevel.PRIVILEGED;
  if (levels.includes(PodSecurityLevel.BASELINE)) return PodSecurityLevel.BASELINE;
  return PodSecurityLevel.RESTRICTED;
}
