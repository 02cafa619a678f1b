import { PodSecurityLevel, podSecurityLevel, podSecurityViolations } from './pod-security';
import { assertValid, Problem } from '../base/errors';
import { JUSTIFICATION_PREFIX } from '../base/privileges';
import { PlannerInputError } from '../planner/errors';
import { loadObjects } from '../planner/load';
import { checkDaemonSet, daemonSetLabel } from '../planner/validate';
import { Guard, isBoolean, isInteger, isString, listOf, mapOf, oneOf, optional, OptionalGuard, propsProblems, RequiredGuard, Schema, shaped, struct } from '../validation/guards';
import { describeProblem } from '../validation/validation-error';

/** What an unjustified privilege reports as its justification. */
export const UNJUSTIFIED = 'unjustified';

/** One Pod Security control a DaemonSet violates, and why its agent says it needs to. */
export interface PrivilegeFinding {
  /** The control (e.g. "Host Namespaces", "HostPath Volumes"). */
  readonly control: string;
  /** Where in the pod template (e.g. `spec.hostNetwork`). */
  readonly field: string;
  /** The justification its agent declares, or "unjustified". */
  readonly justification: string;
  /** The privilege key the justification is recorded under (`justification.cdk8s-daemonsets.io/<key>`). */
  readonly privilege: string;
}

/** One RBAC rule the DaemonSet's ServiceAccount is bound to. */
export interface RbacGrant {
  /** The role, e.g. "ClusterRole/kube-flannel-flannel" or "Role/logging/reader". */
  readonly role: string;
  /** The binding that grants it. */
  readonly binding: string;
  /** API groups ("" is the core group). */
  readonly apiGroups: string[];
  /** Resources. */
  readonly resources: string[];
  /** Verbs. */
  readonly verbs: string[];
  /** Object names the rule is limited to, if any. */
  readonly resourceNames?: string[];
  /** The agent's justification for API access, or "unjustified". */
  readonly justification: string;
  /** Set when the bound role is not among the manifests read, so its rules are unknown. */
  readonly note?: string;
}

/** The privilege report of one DaemonSet. */
export interface DaemonSetAudit {
  /** The DaemonSet name. */
  readonly name: string;
  /** Its namespace. */
  readonly namespace: string;
  /** Where it was read (`file:line`), or "" when given as an object. */
  readonly source: string;
  /** The least permissive Pod Security level its pods satisfy. */
  readonly level: PodSecurityLevel;
  /** Every control it violates at the restricted level. */
  readonly violations: PrivilegeFinding[];
  /** Every RBAC rule bound to its ServiceAccount. */
  readonly rbac: RbacGrant[];
  /** The ServiceAccount its pods run as. */
  readonly serviceAccount: string;
  /** Whether a service-account token is mounted into its pods (false makes any RBAC moot). */
  readonly tokenMounted: boolean;
}

/** The privilege report of a set of manifests. */
export interface PrivilegeReport {
  /** One entry per DaemonSet, in the order read. */
  readonly daemonSets: DaemonSetAudit[];
}

/** Text output options. */
export interface AuditTextOptions {
  /**
   * Colour with ANSI escapes.
   * @default false
   */
  readonly color?: boolean;
}

const RBAC_KINDS = new Set(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ServiceAccount']);

const stringList = listOf(isString);

/** The runtime shape of a PrivilegeFinding. */
export const PRIVILEGE_FINDING_SCHEMA: Schema<PrivilegeFinding> = {
  control: isString,
  field: isString,
  justification: isString,
  privilege: isString,
};

/** The runtime shape of an RbacGrant. */
export const RBAC_GRANT_SCHEMA: Schema<RbacGrant> = {
  role: isString,
  binding: isString,
  apiGroups: stringList,
  resources: stringList,
  verbs: stringList,
  resourceNames: optional(stringList),
  justification: isString,
  note: optional(isString),
};

/** The runtime shape of a DaemonSetAudit. */
export const DAEMON_SET_AUDIT_SCHEMA: Schema<DaemonSetAudit> = {
  name: isString,
  namespace: isString,
  source: isString,
  level: oneOf(PodSecurityLevel, 'PodSecurityLevel'),
  // Reports are the library's own output: fields a caller adds to them are left alone.
  violations: listOf(struct(PRIVILEGE_FINDING_SCHEMA, 'PrivilegeFinding', { allowUnknown: true })),
  rbac: listOf(struct(RBAC_GRANT_SCHEMA, 'RbacGrant', { allowUnknown: true })),
  serviceAccount: isString,
  tokenMounted: isBoolean,
};

/** The runtime shape of a PrivilegeReport (what PrivilegeAudit.audit or fromFiles returned). */
export const PRIVILEGE_REPORT_SCHEMA: Schema<PrivilegeReport> = {
  daemonSets: listOf(struct(DAEMON_SET_AUDIT_SCHEMA, 'DaemonSetAudit', { allowUnknown: true })),
};
const isReport = struct(PRIVILEGE_REPORT_SCHEMA, 'PrivilegeReport', { allowUnknown: true });

/** The runtime shape of AuditTextOptions. */
export const AUDIT_TEXT_OPTIONS_SCHEMA: Schema<AuditTextOptions> = { color: optional(isBoolean) };

/**
 * The privilege report: for every DaemonSet, the Pod Security level it needs, each control it
 * violates with the justification its agent declares (agents of this library justify every
 * privilege they take; anything else is "unjustified"), and the RBAC its ServiceAccount holds.
 * Works on any manifests, not only this library's.
 */
export class PrivilegeAudit {
  /** Audits the DaemonSets among `manifests`, resolving RBAC from the other manifests given. */
  public static audit(manifests: any[]): PrivilegeReport {
    assertValid('PrivilegeAudit.audit', isManifestList(manifests, 'manifests'));
    assertValid('PrivilegeAudit.audit', manifests.flatMap((manifest, i) => manifestProblems(manifest, `manifests[${i}]`)));
    return auditSourced(manifests.map(manifest => ({ manifest, source: '' })));
  }

  /**
   * Audits the manifests in YAML files and folders (folders read recursively, `-` for standard
   * input). A DaemonSet the API server would refuse, or an object given twice, is refused.
   */
  public static fromFiles(paths: string[]): PrivilegeReport {
    assertValid('PrivilegeAudit.fromFiles', stringList(paths, 'paths'));
    const objects = loadObjects(paths, obj => obj.kind === 'DaemonSet' || RBAC_KINDS.has(obj.kind));
    // A DaemonSet the API server would refuse (extensions/v1beta1, a port out of range) is refused
    // as the planner refuses it: auditing it would report on something no cluster runs.
    objects.filter(o => o.manifest.kind === 'DaemonSet').forEach(({ manifest, source }, i) => checkDaemonSet(manifest, daemonSetLabel(manifest, source, i)));
    // A field of the wrong type in a file is bad input, reported like the loader's own errors
    // (file:line), on one line: the first in full and how many more.
    const problems = objects.flatMap(({ manifest, source }) => manifestProblems(manifest, '')
      .map(p => describeProblem({ path: source, property: p.property, value: p.value, fix: p.expected })));
    if (problems.length > 0) throw new PlannerInputError(`${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
    return auditSourced(objects);
  }

  /** The report as the documented JSON document. */
  public static toJson(report: PrivilegeReport): any {
    assertValid('PrivilegeAudit.toJson', isReport(report, 'report'));
    return {
      daemonSets: report.daemonSets.map(d => ({
        name: d.name,
        namespace: d.namespace,
        level: d.level,
        violations: d.violations.map(v => ({ control: v.control, field: v.field, justification: v.justification })),
        rbac: d.rbac.map(r => ({
          role: r.role,
          binding: r.binding,
          apiGroups: r.apiGroups,
          resources: r.resources,
          verbs: r.verbs,
          ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}),
          justification: r.justification,
          ...(r.note ? { note: r.note } : {}),
        })),
        serviceAccount: d.serviceAccount,
        tokenMounted: d.tokenMounted,
      })),
    };
  }

  /** How many violations and grants have no justification. */
  public static unjustifiedCount(report: PrivilegeReport): number {
    assertValid('PrivilegeAudit.unjustifiedCount', isReport(report, 'report'));
    return countUnjustified(report.daemonSets);
  }

  /** The report for people. */
  public static formatText(report: PrivilegeReport, options: AuditTextOptions = {}): string {
    assertValid('PrivilegeAudit.formatText', [
      ...isReport(report, 'report'),
      ...propsProblems(options, AUDIT_TEXT_OPTIONS_SCHEMA, 'AuditTextOptions', false, 'options'),
    ]);
    const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
    const out: string[] = [];
    for (const d of report.daemonSets) {
      out.push(`${paint('1', `DaemonSet ${d.namespace}/${d.name}`)}${d.source ? `  (${d.source})` : ''}`);
      out.push(`  Pod Security level needed: ${paint(d.level === PodSecurityLevel.RESTRICTED ? '32' : '33', d.level)}`);
      for (const v of d.violations) {
        out.push(`  - ${v.control}: ${v.field}`);
        out.push(v.justification === UNJUSTIFIED ? `      ${paint('31', 'UNJUSTIFIED')}` : `      why: ${v.justification}`);
      }
      const token = d.tokenMounted ? 'token mounted' : 'no token mounted';
      if (d.rbac.length === 0) {
        out.push(`  RBAC: none (ServiceAccount ${d.serviceAccount}, ${token})`);
      } else {
        out.push(`  RBAC (ServiceAccount ${d.serviceAccount}, ${token}):`);
        for (const r of d.rbac) {
          const what = r.note ?? `${r.verbs.join(',')} ${r.resources.map(res => (r.apiGroups[0] ? `${r.apiGroups.join(',')}/${res}` : res)).join(', ')}${r.resourceNames ? ` [${r.resourceNames.join(', ')}]` : ''}`;
          out.push(`  - ${r.role} via ${r.binding}: ${what}`);
        }
        const why = d.rbac[0].justification;
        out.push(why === UNJUSTIFIED ? `      ${paint('31', 'UNJUSTIFIED')}` : `      why: ${why}`);
      }
      const unjustified = countUnjustified([d]);
      out.push(unjustified === 0 ? '  every privilege is justified' : paint('31', `  ${unjustified} unjustified`));
      out.push('');
    }
    return out.join('\n');
  }

  private constructor() {}
}

/** Whether a props check's problem is about the whole argument (reported unnamed or as "props"), not one of its fields. */

function countUnjustified(daemonSets: readonly DaemonSetAudit[]): number {
  return daemonSets.reduce((n, d) => n
    + d.violations.filter(v => v.justification === UNJUSTIFIED).length
    + d.rbac.filter(r => r.justification === UNJUSTIFIED).length, 0);
}

/** Accepts undefined and null too: YAML's empty value, which Kubernetes reads as unset. */
function nullable(inner: Guard): OptionalGuard {
  const check = (value: unknown, property: string): Problem[] => (value === undefined || value === null ? [] : inner(value, property));
  return Object.assign(check, { describe: inner.describe, optional: true as const });
}

/** An object (of any prototype) whose listed fields pass their guards; the audit does not read the others. */
function fields(describe: string, schema: Record<string, Guard>): RequiredGuard {
  const check = (value: unknown, property: string): Problem[] => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ property, value, expected: `Give ${describe}.` }];
    return Object.entries(schema).flatMap(([key, guard]) => guard((value as Record<string, unknown>)[key], property ? `${property}.${key}` : key));
  };
  return Object.assign(check, { describe });
}

/** A list of Kubernetes objects as plain JSON (each document of a YAML file is one). */
const isManifestList: RequiredGuard = Object.assign((value: unknown, property: string): Problem[] => {
  const element = shaped('a Kubernetes object (plain JSON)', v => typeof v === 'object' && v !== null && !Array.isArray(v));
  return Array.isArray(value)
    ? value.flatMap((item, i) => element(item, `${property}[${i}]`))
    : [{ property, value, expected: 'Give a list of Kubernetes objects (plain JSON), e.g. the documents of a YAML file.' }];
}, { describe: 'a list of Kubernetes objects (plain JSON)' });

// The fields the audit reads, each of the type Kubernetes gives it: a wrong type would otherwise
// crash the audit or be misread (a capability list written as one string, `privileged: "true"`).
const str = nullable(isString);
const bool = nullable(isBoolean);
const strings = nullable(stringList);
const profile = (name: string) => nullable(fields(`a ${name} object`, { type: str }));
const SECURITY_FIELDS = {
  runAsNonRoot: bool,
  runAsUser: nullable(isInteger),
  seccompProfile: profile('SeccompProfile'),
  appArmorProfile: profile('AppArmorProfile'),
  seLinuxOptions: nullable(fields('an SELinuxOptions object', { type: str, user: str, role: str })),
  windowsOptions: nullable(fields('a WindowsSecurityContextOptions object', { hostProcess: bool })),
};
const CONTAINER = fields('a Container object', {
  name: str,
  ports: nullable(listOf(fields('a ContainerPort object', { hostPort: nullable(isInteger) }))),
  securityContext: nullable(fields('a SecurityContext object', {
    ...SECURITY_FIELDS,
    privileged: bool,
    allowPrivilegeEscalation: bool,
    procMount: str,
    capabilities: nullable(fields('a Capabilities object', { add: strings, drop: strings })),
  })),
});
const POD_SPEC = fields('a PodSpec object', {
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  initContainers: nullable(listOf(CONTAINER)),
  containers: nullable(listOf(CONTAINER)),
  ephemeralContainers: nullable(listOf(CONTAINER)),
  volumes: nullable(listOf(fields('a Volume object', { name: str, hostPath: nullable(fields('a HostPathVolumeSource object', { path: str })) }))),
  securityContext: nullable(fields('a PodSecurityContext object', {
    ...SECURITY_FIELDS,
    sysctls: nullable(listOf(fields('a Sysctl object', { name: str }))),
  })),
  serviceAccountName: str,
  serviceAccount: str,
  automountServiceAccountToken: bool,
});
const METADATA = nullable(fields('an ObjectMeta object', { name: str, namespace: str, annotations: nullable(mapOf(isString)) }));
const DAEMON_SET = fields('a DaemonSet object', {
  metadata: METADATA,
  spec: nullable(fields('a DaemonSetSpec object', { template: nullable(fields('a PodTemplateSpec object', { metadata: METADATA, spec: nullable(POD_SPEC) })) })),
});
const RBAC_OBJECT = fields('an RBAC object', {
  metadata: nullable(fields('an ObjectMeta object', { name: str, namespace: str })),
  subjects: nullable(listOf(fields('a Subject object', { kind: str, name: str, namespace: str }))),
  roleRef: nullable(fields('a RoleRef object', { kind: str, name: str })),
  rules: nullable(listOf(fields('a PolicyRule object', { apiGroups: strings, resources: strings, nonResourceURLs: strings, verbs: strings, resourceNames: strings }))),
  automountServiceAccountToken: bool,
});

/** What in a DaemonSet or RBAC object has a type the audit cannot read. */
function manifestProblems(manifest: any, property: string): Problem[] {
  if (manifest.kind === 'DaemonSet') return DAEMON_SET(manifest, property);
  if (RBAC_KINDS.has(manifest.kind)) return RBAC_OBJECT(manifest, property);
  return [];
}

interface Sourced { manifest: any; source: string }

function auditSourced(objects: Sourced[]): PrivilegeReport {
  const rbac = objects.map(o => o.manifest).filter(m => RBAC_KINDS.has(m?.kind));
  return {
    daemonSets: objects.filter(o => o.manifest?.kind === 'DaemonSet').map(o => auditOne(o.manifest, o.source, rbac)),
  };
}

function auditOne(ds: any, source: string, rbac: any[]): DaemonSetAudit {
  const namespace = ds.metadata?.namespace ?? 'default';
  const template = ds.spec?.template ?? {};
  const pod = template.spec ?? {};
  const justifications: Record<string, string> = {};
  for (const [key, value] of Object.entries<string>(ds.metadata?.annotations ?? {})) {
    if (key.startsWith(JUSTIFICATION_PREFIX)) justifications[key.slice(JUSTIFICATION_PREFIX.length)] = value;
  }
  // `annotations:` left empty in YAML is null, which Kubernetes reads as none.
  const violations = podSecurityViolations(pod, template.metadata?.annotations ?? {});
  const serviceAccount = pod.serviceAccountName ?? pod.serviceAccount ?? 'default';
  const account = rbac.find(o => o.kind === 'ServiceAccount' && o.metadata?.name === serviceAccount && (o.metadata?.namespace ?? 'default') === namespace);
  return {
    name: ds.metadata?.name ?? '',
    namespace,
    source,
    level: podSecurityLevel(violations),
    violations: violations.map(v => ({
      control: v.control, field: v.field, privilege: v.privilege, justification: justifications[v.privilege] ?? UNJUSTIFIED,
    })),
    rbac: grantsFor(serviceAccount, namespace, rbac, justifications.apiAccess ?? UNJUSTIFIED),
    serviceAccount: `${namespace}/${serviceAccount}`,
    tokenMounted: pod.automountServiceAccountToken ?? account?.automountServiceAccountToken ?? true,
  };
}

/** Does a binding subject name this ServiceAccount (directly or through its groups)? */
function subjectMatches(subject: any, bindingNamespace: string | undefined, account: string, namespace: string): boolean {
  if (subject?.kind === 'ServiceAccount') return subject.name === account && (subject.namespace ?? bindingNamespace) === namespace;
  if (subject?.kind === 'Group') return subject.name === 'system:serviceaccounts' || subject.name === `system:serviceaccounts:${namespace}`;
  return false;
}

function grantsFor(account: string, namespace: string, rbac: any[], justification: string): RbacGrant[] {
  const grants: RbacGrant[] = [];
  for (const binding of rbac) {
    const cluster = binding.kind === 'ClusterRoleBinding';
    if (!cluster && binding.kind !== 'RoleBinding') continue;
    if (!cluster && (binding.metadata?.namespace ?? 'default') !== namespace) continue;
    if (!(binding.subjects ?? []).some((s: any) => subjectMatches(s, binding.metadata?.namespace, account, namespace))) continue;
    const ref = binding.roleRef ?? {};
    const roleNamespace = ref.kind === 'Role' ? (binding.metadata?.namespace ?? 'default') : undefined;
    const role = rbac.find(o => o.kind === ref.kind && o.metadata?.name === ref.name && (roleNamespace === undefined || (o.metadata?.namespace ?? 'default') === roleNamespace));
    const roleName = roleNamespace ? `Role/${roleNamespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
    const bindingName = cluster ? `ClusterRoleBinding/${binding.metadata?.name}` : `RoleBinding/${binding.metadata?.namespace ?? 'default'}/${binding.metadata?.name}`;
    if (!role) {
      grants.push({ role: roleName, binding: bindingName, apiGroups: [], resources: [], verbs: [], justification, note: 'the role is not among the manifests read, so its rules are unknown' });
      continue;
    }
    for (const rule of role.rules ?? []) {
      grants.push({
        role: roleName,
        binding: bindingName,
        apiGroups: rule.apiGroups ?? [],
        resources: rule.resources ?? rule.nonResourceURLs ?? [],
        verbs: rule.verbs ?? [],
        ...(rule.resourceNames?.length ? { resourceNames: rule.resourceNames } : {}),
        justification,
      });
    }
  }
  return grants;
}
