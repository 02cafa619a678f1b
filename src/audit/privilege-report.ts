import { PodSecurityLevel, podSecurityLevel, podSecurityViolations } from './pod-security';
import { JUSTIFICATION_PREFIX } from '../base/privileges';
import { loadObjects } from '../planner/load';

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

/**
 * The privilege report: for every DaemonSet, the Pod Security level it needs, each control it
 * violates with the justification its agent declares (agents of this library justify every
 * privilege they take; anything else is "unjustified"), and the RBAC its ServiceAccount holds.
 * Works on any manifests, not only this library's.
 */
export class PrivilegeAudit {
  /** Audits the DaemonSets among `manifests`, resolving RBAC from the other manifests given. */
  public static audit(manifests: any[]): PrivilegeReport {
    return auditSourced(manifests.map(manifest => ({ manifest, source: '' })));
  }

  /** Audits the manifests in YAML files and folders (folders read recursively). */
  public static fromFiles(paths: string[]): PrivilegeReport {
    return auditSourced(loadObjects(paths, obj => obj.kind === 'DaemonSet' || RBAC_KINDS.has(obj.kind)));
  }

  /** The report as the documented JSON document. */
  public static toJson(report: PrivilegeReport): any {
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
    return report.daemonSets.reduce((n, d) => n
      + d.violations.filter(v => v.justification === UNJUSTIFIED).length
      + d.rbac.filter(r => r.justification === UNJUSTIFIED).length, 0);
  }

  /** The report for people. */
  public static formatText(report: PrivilegeReport, options: AuditTextOptions = {}): string {
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
      const unjustified = PrivilegeAudit.unjustifiedCount({ daemonSets: [d] });
      out.push(unjustified === 0 ? '  every privilege is justified' : paint('31', `  ${unjustified} unjustified`));
      out.push('');
    }
    return out.join('\n');
  }

  private constructor() {}
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
  const violations = podSecurityViolations(pod, template.metadata?.annotations);
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
