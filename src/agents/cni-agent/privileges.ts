import { Capability } from 'cdk8s-plus-28';
import { Problem } from '../../base/errors';
import { isString, listOf, oneOf, Schema, struct } from '../../validation/guards';
import { checkCall } from '../agent-guards';

/** A Linux capability a CNI container adds, and why: the privilege report shows the reason. */
export interface CniCapability {
  /** The capability, e.g. Capability.NET_ADMIN. */
  readonly capability: Capability;
  /** Why the container needs it, in a sentence a reviewer can check. */
  readonly justification: string;
}

/** The runtime shape of CniCapability. */
export const CNI_CAPABILITY_SCHEMA: Schema<CniCapability> = {
  capability: oneOf(Capability, 'Capability'),
  justification: isString,
};

/**
 * What a container of a CNI may do beyond an ordinary root process: added capabilities, each
 * with its reason, or privileged mode with its reason. The reasons are the CNI's own (written by
 * whoever describes the CNI), so no CNI inherits another's; the privilege report reads them back.
 *
 * @example
 * CniPrivileges.capabilities([{ capability: Capability.NET_ADMIN, justification: 'Creates the VXLAN device and the routes to other nodes.' }])
 * CniPrivileges.privileged('Mounts the BPF filesystem on the node with Bidirectional propagation.')
 */
export class CniPrivileges {
  /** Every capability dropped but these (none: an ordinary root process). */
  public static capabilities(capabilities: CniCapability[]): CniPrivileges {
    checkCall('CniPrivileges.capabilities', listOf(struct(CNI_CAPABILITY_SCHEMA, 'CniCapability'))(capabilities, 'capabilities'));
    return new CniPrivileges(false, capabilities.map(c => ({ ...c })));
  }

  /**
   * Privileged: every capability and device, for what capabilities do not give (publishing
   * mounts to the node with Bidirectional propagation, which Kubernetes allows only to privileged
   * containers; loading kernel modules).
   */
  public static privileged(justification: string): CniPrivileges {
    checkCall('CniPrivileges.privileged', isString(justification, 'justification'));
    return new CniPrivileges(true, [], justification);
  }

  private constructor(
    /** Whether the container runs privileged. */
    public readonly isPrivileged: boolean,
    private readonly added: CniCapability[],
    /** Why it runs privileged, if it does. */
    public readonly privilegedJustification?: string) {}

  /** The capabilities added, in the order given (none when privileged). */
  public get addedCapabilities(): Capability[] {
    return [...new Set(this.added.map(c => c.capability))];
  }

  /** @internal The reason given for each capability (several for one capability are joined). */
  public _reasons(): Map<Capability, string> {
    const reasons = new Map<Capability, string>();
    for (const c of this.added) reasons.set(c.capability, reasons.has(c.capability) ? `${reasons.get(c.capability)} ${c.justification}` : c.justification);
    return reasons;
  }

  /** @internal What the API server refuses, or what would leave a privilege unexplained. */
  public _problems(property: string): Problem[] {
    const problems: Problem[] = [];
    if (this.privilegedJustification !== undefined && this.privilegedJustification.trim() === '') {
      problems.push({ property: `${property}.justification`, value: this.privilegedJustification, expected: 'Say why the container must be privileged, in a sentence a reviewer can check.' });
    }
    this.added.forEach((c, i) => {
      if (c.capability === Capability.ALL) {
        problems.push({ property: `${property}.capabilities[${i}]`, value: c.capability, expected: 'Adding ALL is privileged in all but name: list the capabilities the container needs, or use CniPrivileges.privileged(\'why\').' });
      }
      if (c.justification.trim() === '') {
        problems.push({ property: `${property}.capabilities[${i}].justification`, value: c.justification, expected: `Say why the container needs ${c.capability}, in a sentence a reviewer can check.` });
      }
    });
    return problems;
  }
}
