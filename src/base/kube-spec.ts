/**
 * Small transformations of the typed Kubernetes spec cdk8s-plus produces, applied by NodeAgent
 * before the generated mapper turns it into JSON.
 */
import { k8s } from 'cdk8s-plus-28';
import { merged } from './merged';
import type { ContainerProbes } from './probes';
import type { UpdateStrategy } from './update-strategy';

/** A count or a percentage as the mapper expects it (a plain "10%" string would be dropped). */
export function intOrString(value: number | string): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

/** cdk8s-plus writes `type: ""` for an unchecked hostPath; leaving it out means the same and reads clearly. */
export function withoutEmptyHostPathType(volume: k8s.Volume): k8s.Volume {
  if (volume.hostPath?.type !== '') return volume;
  return merged(volume, { hostPath: { path: volume.hostPath.path } });
}

/** Undefined for an empty list, so the field is left out. */
export function undefinedIfEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/** Adds the agent's required node-affinity terms to whatever cdk8s-plus scheduling produced (ANDed). */
export function combineAffinity(affinity: k8s.Affinity | undefined, terms: any[] | undefined): k8s.Affinity | undefined {
  if (terms === undefined) return affinity;
  const existing = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const combined = existing === undefined ? terms : existing.flatMap(a => terms.map(b => ({
    matchExpressions: [...(a.matchExpressions ?? []), ...(b.matchExpressions ?? [])],
    matchFields: a.matchFields,
  })));
  return merged(affinity, {
    nodeAffinity: merged(affinity?.nodeAffinity, { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: combined } }),
  });
}

/** With hostNetwork the container port is the node port: write it so readers (and planners) see it. */
export function withPublishedPorts(container: k8s.Container, hostNetwork: boolean): k8s.Container {
  if (!container.ports) return container;
  return merged(container, {
    ports: container.ports.map(p => merged(p, {
      // hostPort 0 means unset, as the API server reads it.
      hostPort: hostNetwork ? p.hostPort || p.containerPort : p.hostPort,
      // cdk8s-plus's mapper writes a protocol it cannot read (an escape hatch's [] or null) as
      // "", which the API server defaults to TCP but the published schema refuses: leave it unset.
      protocol: p.protocol || undefined,
    })),
  });
}

/** The update strategy, with its counts and percentages as the mapper expects them. */
export function kubeUpdateStrategy(strategy: UpdateStrategy): k8s.DaemonSetUpdateStrategy {
  const json = strategy.toJson();
  if (!json.rollingUpdate) return { type: json.type };
  return {
    type: json.type,
    rollingUpdate: {
      maxUnavailable: intOrString(json.rollingUpdate.maxUnavailable),
      maxSurge: intOrString(json.rollingUpdate.maxSurge),
    },
  };
}

/** The container with the probes NodeAgent.probe() set, each replacing cdk8s-plus's of its kind. */
export function withProbes(container: k8s.Container, probes: ContainerProbes | undefined): k8s.Container {
  if (!probes) return container;
  return merged(container, {
    livenessProbe: probes.liveness?._toKube() ?? container.livenessProbe,
    readinessProbe: probes.readiness?._toKube() ?? container.readinessProbe,
    startupProbe: probes.startup?._toKube() ?? container.startupProbe,
  });
}
