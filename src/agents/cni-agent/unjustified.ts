/**
 * The CNI agent's promise to the privilege report: whatever configuration it accepts, every
 * privilege its pod takes carries a reason (`audit --fail-on-unjustified` passes). Reasons come
 * from the CNI's description; a privilege the user adds beyond it (a capability in
 * `capabilities`, `privileged: true`, a mount through the escape hatches) needs the user's own,
 * given with `daemonSet.justify(...)` before synth, or synth refuses it, naming that call.
 */
import { ApiObject } from 'cdk8s';
import { templateViolations } from '../../audit/pod-security';
import { Problem } from '../../base/errors';
import { NodeAgent } from '../../base/node-agent';
import { JUSTIFICATION_PREFIX, privilegeKey } from '../../base/privileges';

/** The Privilege factory call that justifies each privilege key the pod can take. */
function factoryCalls(pod: any): Map<string, string> {
  const calls = new Map<string, string>([
    ['hostNetwork', 'Privilege.HOST_NETWORK'],
    ['hostPID', 'Privilege.HOST_PID'],
    ['hostIPC', 'Privilege.HOST_IPC'],
    ['seccompUnconfined', 'Privilege.POD_SECCOMP_UNCONFINED'],
  ]);
  const containers = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  for (const c of containers) {
    for (const [kind, factory] of [['privileged', 'privileged'], ['runAsRoot', 'runAsRoot'], ['appArmor', 'appArmorUnconfined'], ['seLinux', 'seLinux']]) {
      calls.set(privilegeKey(kind, c.name), `Privilege.${factory}('${c.name}')`);
    }
    for (const cap of c.securityContext?.capabilities?.add ?? []) calls.set(privilegeKey('capability', cap), `Privilege.capability('${cap}')`);
    for (const p of c.ports ?? []) if (p.hostPort) calls.set(privilegeKey('hostPort', String(p.hostPort)), `Privilege.hostPort(${p.hostPort})`);
  }
  for (const v of pod.volumes ?? []) calls.set(privilegeKey('hostPath', v.name), `Privilege.hostPath('${v.name}')`);
  return calls;
}

/** Every privilege of the agent's pod that no justification covers, each with the call that would. */
export function unjustifiedPrivilegeProblems(daemonSet: NodeAgent): Problem[] {
  let json: any;
  try {
    json = ApiObject.of(daemonSet).toJson();
  } catch {
    // What cannot serialize is the output validator's to report, with its own message.
    return [];
  }
  const annotations: Record<string, string> = json.metadata?.annotations ?? {};
  const pod = json.spec?.template?.spec ?? {};
  const justified = (key: string) => annotations[`${JUSTIFICATION_PREFIX}${key}`] !== undefined;
  const unjustified = templateViolations(json.spec?.template ?? {}).filter(v => !justified(v.privilege));
  const apiAccess = pod.automountServiceAccountToken && daemonSet.accessRules.length > 0 && !justified('apiAccess');
  // The usual case, every privilege justified, needs no factory call to name.
  if (unjustified.length === 0 && !apiAccess) return [];
  const calls = factoryCalls(pod);
  const missing = new Map<string, string>();
  for (const v of unjustified) {
    if (calls.has(v.privilege)) missing.set(v.privilege, `${v.control}: ${v.field}`);
  }
  if (apiAccess) {
    calls.set('apiAccess', 'Privilege.API_ACCESS');
    missing.set('apiAccess', 'RBAC: the agent\'s ClusterRole');
  }
  return [...missing].map(([key, where]) => ({
    property: key.startsWith('capability.') ? 'capabilities' : 'privileges',
    value: key,
    expected: `Nothing says why the agent takes it (${where}), so the privilege report would flag it: justify it before synth with daemonSet.justify(${calls.get(key)}, 'why'), or drop it.`,
  }));
}
