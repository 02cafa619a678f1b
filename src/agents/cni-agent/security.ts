/**
 * The security contexts of the CNI's containers. Every one runs as root (the node paths it
 * writes are root-owned, and capabilities take effect only for uid 0: Kubernetes grants no
 * ambient capabilities to other users), with every capability dropped but those it declares.
 */
import { Capability, ContainerSecurityContextProps } from 'cdk8s-plus-28';
import { Problem } from '../../base/errors';

/** The agent's installers need nothing but root: `cp` writes only into the mounted host directory. */
export const INSTALLER_SECURITY: ContainerSecurityContextProps = {
  ensureNonRoot: false,
  user: 0,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: [Capability.ALL] },
};

/** A container of the CNI: privileged, or every capability dropped but `capabilities`. */
export function cniSecurity(privileged: boolean, capabilities: readonly Capability[], readOnlyRoot: boolean): ContainerSecurityContextProps {
  return {
    ensureNonRoot: false,
    user: 0,
    readOnlyRootFilesystem: readOnlyRoot,
    privileged,
    // Kubernetes refuses allowPrivilegeEscalation: false on a privileged container.
    allowPrivilegeEscalation: privileged,
    // A privileged container has every capability anyway.
    capabilities: privileged ? undefined : { drop: [Capability.ALL], add: capabilities.length > 0 ? [...capabilities] : undefined },
  };
}

/** The agent's `privileged` and `capabilities` props together. */
export function capabilityProblems(capabilities: readonly Capability[], privileged: boolean, explicit: boolean): Problem[] {
  if (privileged && explicit) {
    return [{ property: 'capabilities', value: capabilities, expected: 'A privileged container has every capability: drop capabilities, or set privileged: false to grant only these.' }];
  }
  if (capabilities.includes(Capability.ALL)) {
    return [{ property: 'capabilities', value: capabilities, expected: 'Adding ALL is privileged in all but name: list the capabilities the agent needs (e.g. [Capability.NET_ADMIN, Capability.NET_RAW]), or set privileged: true.' }];
  }
  return [];
}

/** The reasons a container gives for the capabilities it adds. */
export interface ContainerReasons {
  readonly container: string;
  readonly reasons: ReadonlyMap<Capability, string>;
}

/**
 * The reason for each capability, from every container that adds it: the privilege report keys a
 * capability by name, not by container, so one reason must cover them all.
 */
export function capabilityReasons(byContainer: readonly ContainerReasons[]): Map<Capability, string> {
  const all = new Map<Capability, Array<{ container: string; reason: string }>>();
  for (const { container, reasons } of byContainer) {
    for (const [capability, reason] of reasons) all.set(capability, [...(all.get(capability) ?? []), { container, reason }]);
  }
  const joined = (list: Array<{ container: string; reason: string }>) => list.length === 1 ? list[0].reason : list.map(r => `${r.container}: ${r.reason}`).join(' ');
  return new Map([...all].map(([capability, list]) => [capability, joined(list)]));
}
