import { assertValid, Problem } from './errors';
import { sha256 } from './sha256';
import { isInteger, isString } from '../validation/guards';

/** The annotation prefix under which an agent's privilege justifications are written. */
export const JUSTIFICATION_PREFIX = 'justification.cdk8s-daemonsets.io/';

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
// The name part of an annotation key holds at most 63 characters.
const MAX_KEY = 63;

/** A short, stable digest that keeps long keys distinct (the first 8 hex digits of SHA-256). */
function digest(text: string): string {
  return sha256(text).slice(0, 8);
}

/**
 * The key of a privilege on a named thing (`runAsRoot.<container>`). Kubernetes names go up to
 * 63 characters, the key as well: a longer key keeps its start and ends in a digest of the whole,
 * computed the same way when the privilege report reads a manifest back.
 */
export function privilegeKey(kind: string, name: string): string {
  const key = `${kind}.${name}`;
  if (key.length <= MAX_KEY) return key;
  const hash = digest(key);
  return `${key.slice(0, MAX_KEY - hash.length - 1).replace(/[-_.]+$/, '')}-${hash}`;
}

/**
 * A privilege an agent takes beyond the Pod Security Standards' restricted level. Agents
 * justify each one (`NodeAgent.justify`); the justification is written as an annotation on the
 * DaemonSet, so the privilege report (`cdk8s-daemonsets audit`) can read it back from the YAML
 * and flag what nobody justified.
 */
export class Privilege {
  /** Shares the node's network namespace. */
  public static readonly HOST_NETWORK = new Privilege('hostNetwork');
  /** Shares the node's process namespace. */
  public static readonly HOST_PID = new Privilege('hostPID');
  /** Shares the node's IPC namespace. */
  public static readonly HOST_IPC = new Privilege('hostIPC');
  /** Holds a service-account token and calls the Kubernetes API. */
  public static readonly API_ACCESS = new Privilege('apiAccess');
  /** Runs the pod without a seccomp filter (`seccompProfile: Unconfined` in the pod's securityContext). */
  public static readonly POD_SECCOMP_UNCONFINED = new Privilege('seccompUnconfined');

  /** Runs a container privileged. */
  public static privileged(container: string): Privilege {
    assertValid('Privilege.privileged', isString(container, 'container'));
    return new Privilege(privilegeKey('privileged', container));
  }
  /** Adds a Linux capability (e.g. "NET_ADMIN"). */
  public static capability(name: string): Privilege {
    assertValid('Privilege.capability', isString(name, 'name'));
    return new Privilege(privilegeKey('capability', name));
  }
  /** Mounts a node path (by volume name). */
  public static hostPath(volumeName: string): Privilege {
    assertValid('Privilege.hostPath', isString(volumeName, 'volumeName'));
    return new Privilege(privilegeKey('hostPath', volumeName));
  }
  /** Publishes a port on the node. */
  public static hostPort(port: number): Privilege {
    assertValid('Privilege.hostPort', isInteger(port, 'port'));
    return new Privilege(privilegeKey('hostPort', String(port)));
  }
  /**
   * Runs a container without AppArmor confinement (the `unconfined` profile, e.g. through the
   * `container.apparmor.security.beta.kubernetes.io/<container>` pod annotation).
   */
  public static appArmorUnconfined(container: string): Privilege {
    assertValid('Privilege.appArmorUnconfined', isString(container, 'container'));
    return new Privilege(privilegeKey('appArmor', container));
  }
  /**
   * Gives a container SELinux options Pod Security's baseline refuses, e.g. the type `spc_t`
   * (a super-privileged container, unconfined by SELinux).
   */
  public static seLinux(container: string): Privilege {
    assertValid('Privilege.seLinux', isString(container, 'container'));
    return new Privilege(privilegeKey('seLinux', container));
  }
  /** Runs a container as root (user 0 or not required to be non-root). */
  public static runAsRoot(container: string): Privilege {
    assertValid('Privilege.runAsRoot', isString(container, 'container'));
    return new Privilege(privilegeKey('runAsRoot', container));
  }

  private constructor(
    /** The key of the privilege, as written after the annotation prefix. */
    public readonly key: string) {}

  /** The annotation key holding this privilege's justification. */
  public get annotation(): string {
    return `${JUSTIFICATION_PREFIX}${this.key}`;
  }
}

/** What makes a justification unusable. */
export function justificationProblems(privilege: Privilege, reason: string): Problem[] {
  const problems: Problem[] = [];
  if (privilege.key.length > 63 || !KEY.test(privilege.key)) {
    problems.push({ property: 'privilege', value: privilege.key, expected: 'Name the container, capability or volume with letters, digits, "-", "_" and "." (at most 63 characters in all).' });
  }
  if (reason.trim().length === 0) {
    problems.push({ property: `justification of ${privilege.key}`, value: reason, expected: 'Say why the agent needs this privilege, in a sentence a reviewer can check.' });
  }
  return problems;
}
