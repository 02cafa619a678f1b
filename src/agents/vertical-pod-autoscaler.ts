/**
 * An agent's VerticalPodAutoscaler (autoscaling.k8s.io/v1): the options, their checks, and the
 * object. Its fields and enums are those of the VPA CRD at kubernetes/autoscaler
 * vertical-pod-autoscaler/v1.7.1 (deploy/vpa-v1-crd-gen.yaml).
 */
import { ApiObject, Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Problem } from '../base/errors';
import { NodeAgent } from '../base/node-agent';
import { oneOf, optional, Schema, struct } from '../validation/guards';
import { isCpu, isSize } from '../validation/plus-schemas';

/** When the VPA applies its recommendations (`updatePolicy.updateMode`). */
export enum VpaUpdateMode {
  /** Recommendations only, in the VPA's status: nothing changes on the nodes. */
  OFF = 'Off',
  /** Sets the resources of pods when they are created (a rollout or a node's new pod), never evicts. */
  INITIAL = 'Initial',
  /** Also evicts running pods whose requests are far from the recommendation; each node's agent restarts. */
  RECREATE = 'Recreate',
  /** Resizes running pods in place where the node can, evicting them otherwise (Kubernetes 1.33+ in-place resize). */
  IN_PLACE_OR_RECREATE = 'InPlaceOrRecreate',
}

/** Which of the main container's values the VPA sets (`controlledValues`). */
export enum VpaControlledValues {
  /** Requests, and limits in proportion to them. */
  REQUESTS_AND_LIMITS = 'RequestsAndLimits',
  /** Requests only; limits stay as the agent sets them. */
  REQUESTS_ONLY = 'RequestsOnly',
}

/** CPU and memory bounds of the VPA's recommendations for the main container. */
export interface VpaResources {
  /**
   * The CPU bound.
   * @default - none
   */
  readonly cpu?: Cpu;
  /**
   * The memory bound.
   * @default - none
   */
  readonly memory?: Size;
}

/**
 * An agent's VerticalPodAutoscaler. Give `{}` for recommendations only (the VPA's status then
 * says what each agent really uses, across every node's pod, to size `resources` by). The VPA
 * CRD and its recommender must run in the cluster; the updater and admission controller only
 * for modes other than Off.
 */
export interface VerticalPodAutoscalerOptions {
  /**
   * When recommendations are applied. Off by default: an agent restarting on every node because
   * of a recommendation is a rollout nobody reviewed.
   * @default VpaUpdateMode.OFF
   */
  readonly updateMode?: VpaUpdateMode;
  /**
   * The least the VPA recommends for the main container.
   * @default - no lower bound
   */
  readonly minAllowed?: VpaResources;
  /**
   * The most the VPA recommends for the main container; keep it within what every node can spare.
   * @default - no upper bound
   */
  readonly maxAllowed?: VpaResources;
  /**
   * Which values the VPA sets.
   * @default VpaControlledValues.REQUESTS_AND_LIMITS (the VPA's own default)
   */
  readonly controlledValues?: VpaControlledValues;
}

const VPA_RESOURCES_SCHEMA: Schema<VpaResources> = { cpu: optional(isCpu), memory: optional(isSize) };
const isVpaResources = struct(VPA_RESOURCES_SCHEMA, 'VpaResources');

/** The runtime shape of VerticalPodAutoscalerOptions. */
export const VERTICAL_POD_AUTOSCALER_OPTIONS_SCHEMA: Schema<VerticalPodAutoscalerOptions> = {
  updateMode: optional(oneOf(VpaUpdateMode, 'VpaUpdateMode')),
  minAllowed: optional(isVpaResources),
  maxAllowed: optional(isVpaResources),
  controlledValues: optional(oneOf(VpaControlledValues, 'VpaControlledValues')),
};

/** VerticalPodAutoscalerOptions, as a guard for the options schema. */
export const isVerticalPodAutoscalerOptions = struct(VERTICAL_POD_AUTOSCALER_OPTIONS_SCHEMA, 'VerticalPodAutoscalerOptions');

const CPU = /^([0-9]+(\.[0-9]+)?)(m?)$/;

function millicores(cpu: Cpu): number | undefined {
  const m = CPU.exec(cpu.amount);
  return m ? Number(m[1]) * (m[3] === 'm' ? 1 : 1000) : undefined;
}

function bytes(size: Size): number | undefined {
  try {
    return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
  } catch {
    return undefined;
  }
}

/** Bounds the VPA cannot use: not positive quantities, or a lower bound above the upper one. */
export function verticalPodAutoscalerProblems(options: VerticalPodAutoscalerOptions): Problem[] {
  const problems: Problem[] = [];
  const value = { min: {} as Record<string, number>, max: {} as Record<string, number> };
  for (const [bound, key] of [[options.minAllowed, 'min'], [options.maxAllowed, 'max']] as const) {
    const property = `verticalPodAutoscaler.${key}Allowed`;
    if (bound?.cpu !== undefined) {
      const m = millicores(bound.cpu);
      if (m === undefined || m <= 0) problems.push({ property: `${property}.cpu`, value: bound.cpu.amount, expected: 'Use a positive CPU quantity, e.g. Cpu.millis(50).' });
      else value[key].cpu = m;
    }
    if (bound?.memory !== undefined) {
      const b = bytes(bound.memory);
      if (b === undefined || !Number.isInteger(b) || b <= 0) problems.push({ property: `${property}.memory`, value: bound.memory.toKibibytes({ rounding: SizeRoundingBehavior.NONE }), expected: 'Use a positive whole number of kibibytes or more, e.g. Size.mebibytes(64).' });
      else value[key].memory = b;
    }
  }
  for (const resource of ['cpu', 'memory']) {
    const min = value.min[resource];
    const max = value.max[resource];
    if (min !== undefined && max !== undefined && min > max) {
      problems.push({ property: `verticalPodAutoscaler.minAllowed.${resource}`, value: resource === 'cpu' ? `${min}m` : `${min / 1048576}Mi`, expected: `The lower bound is above maxAllowed.${resource} (${resource === 'cpu' ? `${max}m` : `${max / 1048576}Mi`}): lower minAllowed or raise maxAllowed.` });
    }
  }
  return problems;
}

function resourcesJson(bound: VpaResources | undefined): Record<string, string> | undefined {
  if (bound?.cpu === undefined && bound?.memory === undefined) return undefined;
  const memory = bound.memory ? `${bound.memory.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki` : undefined;
  return { ...(bound.cpu ? { cpu: bound.cpu.amount } : {}), ...(memory ? { memory } : {}) };
}

/** Adds the VPA targeting the agent's DaemonSet; bounds apply to the main container. */
export function addVerticalPodAutoscaler(agent: NodeAgent, mainContainer: string, options: VerticalPodAutoscalerOptions): ApiObject {
  const policy = {
    containerName: mainContainer,
    minAllowed: resourcesJson(options.minAllowed),
    maxAllowed: resourcesJson(options.maxAllowed),
    controlledValues: options.controlledValues,
  };
  const hasPolicy = policy.minAllowed !== undefined || policy.maxAllowed !== undefined || policy.controlledValues !== undefined;
  return new ApiObject(agent, 'VerticalPodAutoscaler', {
    apiVersion: 'autoscaling.k8s.io/v1',
    kind: 'VerticalPodAutoscaler',
    metadata: { name: agent.instance, namespace: agent.namespace, labels: { ...agent.labels } },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: agent.name },
      updatePolicy: { updateMode: options.updateMode ?? VpaUpdateMode.OFF },
      resourcePolicy: hasPolicy ? { containerPolicies: [policy] } : undefined,
    },
  });
}
