/**
 * Small builders for planner tests: a Node and a DaemonSet as plain JSON, and `placeOn` to ask the
 * public planner what one DaemonSet does on one node.
 */
import { CoveragePlanner, type NodePlacement } from '../../src/planner';

export interface NodeOptions {
  readonly labels?: Record<string, string>;
  readonly taints?: Array<{ key?: string; value?: string; effect?: string }>;
  readonly unschedulable?: boolean;
  readonly conditions?: Array<{ type: string; status: string }>;
  /** `null`: the node reports no allocatable. */
  readonly allocatable?: Record<string, string> | null;
}

/** A roomy node's allocatable, so that tests about placement are not about resources. */
export const ROOMY: Record<string, string> = { cpu: '16', memory: '64Gi', pods: '110' };

export function node(name: string, opts: NodeOptions = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } },
    spec: {
      ...(opts.taints ? { taints: opts.taints } : {}),
      ...(opts.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      ...(opts.allocatable === null ? {} : { allocatable: opts.allocatable ?? ROOMY }),
      ...(opts.conditions ? { conditions: opts.conditions } : {}),
    },
  };
}

const IMAGE = 'example.com/agent:1.0';

/** Containers as given, each with an image when it has none (the API server requires one). */
function withImages(containers: any): any {
  return Array.isArray(containers) ? containers.map(c => (c && typeof c === 'object' && c.image === undefined ? { image: IMAGE, ...c } : c)) : containers;
}

/**
 * A DaemonSet whose pod template spec is `podSpec`: a container is added when none is given, and
 * an image to each container without one, so tests state only what they are about.
 */
export function daemonSet(name: string, podSpec: any = {}, spec: any = {}, namespace?: string): any {
  const pod = { ...podSpec };
  for (const group of ['containers', 'initContainers']) if (group in pod) pod[group] = withImages(pod[group]);
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    spec: {
      selector: { matchLabels: { app: name } },
      ...spec,
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'agent', image: IMAGE }], ...pod },
      },
    },
  };
}

/** What a DaemonSet with this pod spec does on this node, according to the planner. */
export function placeOn(podSpec: any, n: any): NodePlacement {
  return CoveragePlanner.plan([daemonSet('ds', podSpec)], [n]).daemonSets[0].nodes[0];
}

/** Required node affinity with the given terms. */
export function requiredAffinity(...nodeSelectorTerms: any[]): any {
  return { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } } };
}

/** The error message a function throws (fails the test when it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('expected an error, none was thrown');
}
