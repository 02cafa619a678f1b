import { assertValid, Problem } from './errors';
import { isInteger, isString } from '../validation/guards';

/** The annotation prefix under which an agent's privilege justifications are written. */
export const JUSTIFICATION_PREFIX = 'justification.cdk8s-daemonsets.io/';

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

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

  /** Runs a container privileged. */
  public static privileged(container: string): Privilege {
    assertValid('Privilege.privileged', isString(container, 'container'));
    return new Privilege(`privileged.${container}`);
  }
  /** Adds a Linux capability (e.g. "NET_ADMIN"). */
  public static capability(name: string): Privilege {
    assertValid('Privilege.capability', isString(name, 'name'));
    return new Privilege(`capability.${name}`);
  }
  /** Mounts a node path (by volume name). */
  public static hostPath(volumeName: string): Privilege {
    assertValid('Privilege.hostPath', isString(volumeName, 'volumeName'));
    return new Privilege(`hostPath.${volumeName}`);
  }
  /** Publishes a port on the node. */
  public static hostPort(port: number): Privilege {
    assertValid('Privilege.hostPort', isInteger(port, 'port'));
    return new Privilege(`hostPort.${port}`);
  }
  /** Runs a container as root (user 0 or not required to be non-root). */
  public static runAsRoot(container: string): Privilege {
    assertValid('Privilege.runAsRoot', isString(container, 'container'));
    return new Privilege(`runAsRoot.${container}`);
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
