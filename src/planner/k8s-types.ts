/**
 * The parts of the Kubernetes Node and DaemonSet objects the planner reads, as plain JSON shapes.
 * Inputs arrive as `any` (kubectl output, parsed YAML); these types describe what we then rely on.
 * Every field is optional because nothing guarantees hand-written input is complete.
 */

export interface Taint {
  readonly key?: string;
  readonly value?: string;
  readonly effect?: string;
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

export interface NodeSelectorRequirement {
  readonly key?: string;
  readonly operator?: string;
  readonly values?: string[];
}

export interface NodeSelectorTerm {
  readonly matchExpressions?: NodeSelectorRequirement[];
  readonly matchFields?: NodeSelectorRequirement[];
}

export interface NodeSelector {
  readonly nodeSelectorTerms?: NodeSelectorTerm[];
}

export interface ContainerPort {
  readonly containerPort?: number;
  readonly hostPort?: number;
  readonly hostIP?: string;
  readonly protocol?: string;
  readonly name?: string;
}

export interface ResourceRequirements {
  readonly requests?: { [name: string]: string | number };
  readonly limits?: { [name: string]: string | number };
}

export interface Container {
  readonly name?: string;
  readonly ports?: ContainerPort[];
  readonly resources?: ResourceRequirements;
  /** `Always` marks a native sidecar (an init container that keeps running), Kubernetes 1.28+. */
  readonly restartPolicy?: string;
}

export interface PodSpec {
  readonly nodeName?: string;
  readonly nodeSelector?: { [key: string]: string };
  readonly affinity?: {
    readonly nodeAffinity?: {
      readonly requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector | null;
    } | null;
  } | null;
  readonly tolerations?: Toleration[];
  readonly hostNetwork?: boolean;
  /** Its RuntimeClass's pod overhead counts toward the requests (runtime-classes.ts). */
  readonly runtimeClassName?: string;
  /** `os.name`: the kubelet rejects the pod on a node of another OS. */
  readonly os?: { readonly name?: string } | null;
  readonly containers?: Container[];
  readonly initContainers?: Container[];
}

export interface DaemonSetManifest {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: {
    readonly minReadySeconds?: number;
    readonly updateStrategy?: {
      readonly type?: string;
      readonly rollingUpdate?: {
        readonly maxUnavailable?: number | string;
        readonly maxSurge?: number | string;
      } | null;
    } | null;
    readonly template?: { readonly spec?: PodSpec };
  };
}

export interface NodeManifest {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly labels?: { [key: string]: string } };
  readonly spec?: { readonly taints?: Taint[]; readonly unschedulable?: boolean };
  readonly status?: { readonly allocatable?: { [name: string]: string | number } };
}

/** A value is a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
