/**
 * The DaemonSet fields cdk8s-plus-28 has no API for, added as JSON patches on its typed spec
 * (camelCase, `IntOrString` values): its generated mapper runs after the patches and drops what
 * it does not know, so a patch in Kubernetes' own spelling (`hostPID`) would vanish.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { DaemonSet, k8s } from 'cdk8s-plus-28';

/** The pod and DaemonSet fields cdk8s-plus-28 cannot set. */
export interface DaemonSetExtras {
  readonly maxUnavailable: k8s.IntOrString;
  readonly nodeSelector: Record<string, string>;
  readonly securityContext: k8s.PodSecurityContext;
  readonly hostPid?: boolean;
  readonly runtimeClassName?: string;
  /** Indexes of hostPath volumes without a type, for which cdk8s-plus writes `type: ""`. */
  readonly untypedHostPaths?: number[];
}

export function patchDaemonSet(ds: DaemonSet, extras: DaemonSetExtras): void {
  const pod = '/spec/template/spec';
  const optional = (path: string, value: unknown) => (value === undefined ? [] : [JsonPatch.add(path, value)]);
  ApiObject.of(ds).addJsonPatch(
    JsonPatch.add('/spec/revisionHistoryLimit', 10),
    JsonPatch.add('/spec/updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(0), maxUnavailable: extras.maxUnavailable } }),
    // cdk8s-plus labels pods with their construct path, which would restart every agent whenever
    // the code is reorganised; our constructs drop it too.
    JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
    JsonPatch.add(`${pod}/nodeSelector`, extras.nodeSelector),
    JsonPatch.add(`${pod}/priorityClassName`, 'system-node-critical'),
    JsonPatch.replace(`${pod}/securityContext`, extras.securityContext),
    ...optional(`${pod}/hostPid`, extras.hostPid),
    ...optional(`${pod}/runtimeClassName`, extras.runtimeClassName),
    ...(extras.untypedHostPaths ?? []).map(i => JsonPatch.remove(`${pod}/volumes/${i}/hostPath/type`)),
    // cdk8s-plus writes `hostNetwork: false` when it is off.
    ...(ds.hostNetwork ? [] : [JsonPatch.remove(`${pod}/hostNetwork`)]),
  );
}
