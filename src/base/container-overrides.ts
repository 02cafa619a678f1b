/**
 * Container fields cdk8s-plus-28 cannot write (an SELinux label, the termination message policy)
 * or takes only at construction (lifecycle hooks), which upstream node agents set (Cilium's and
 * Calico's chart and manifest do). NodeAgent writes them into the typed spec it hands the
 * generated mapper, as it does its other extra fields: a JSON patch would run before that mapper,
 * which drops or mangles what it does not know.
 */
import { k8s } from 'cdk8s-plus-28';
import { Problem } from './errors';
import { merged } from './merged';
import { isString, listOf, oneOf, optional, Schema, struct } from '../validation/guards';

/** What the kubelet writes to the container's termination message. */
export enum TerminationMessagePolicy {
  /** The file at terminationMessagePath only (the API's default). */
  FILE = 'File',
  /** The file, or the last lines of the log when the file is empty and the container failed. */
  FALLBACK_TO_LOGS_ON_ERROR = 'FallbackToLogsOnError',
}

/** An SELinux label for a container's processes. */
export interface SeLinuxLabel {
  /**
   * The SELinux type, e.g. "spc_t" (the super-privileged container type).
   * @default - the runtime's
   */
  readonly type?: string;
  /**
   * The SELinux level, e.g. "s0".
   * @default - the runtime's
   */
  readonly level?: string;
  /**
   * The SELinux role.
   * @default - the runtime's
   */
  readonly role?: string;
  /**
   * The SELinux user.
   * @default - the runtime's
   */
  readonly user?: string;
}

/** Fields of one container that NodeAgent writes beyond what cdk8s-plus-28 writes. */
export interface ContainerOverrides {
  /**
   * The SELinux label of the container's processes.
   * @default - the runtime's
   */
  readonly seLinux?: SeLinuxLabel;
  /**
   * What the kubelet reports as the termination message.
   * @default - TerminationMessagePolicy.FILE, as the API defaults it
   */
  readonly terminationMessagePolicy?: TerminationMessagePolicy;
  /**
   * A command the kubelet runs in the container right after it starts.
   * @default - none
   */
  readonly postStartCommand?: string[];
  /**
   * A command the kubelet runs in the container before stopping it.
   * @default - none
   */
  readonly preStopCommand?: string[];
}

/** The runtime shape of ContainerOverrides. */
export const CONTAINER_OVERRIDES_SCHEMA: Schema<ContainerOverrides> = {
  seLinux: optional(struct<SeLinuxLabel>({ type: optional(isString), level: optional(isString), role: optional(isString), user: optional(isString) }, 'SeLinuxLabel')),
  terminationMessagePolicy: optional(oneOf(TerminationMessagePolicy, 'TerminationMessagePolicy')),
  postStartCommand: optional(listOf(isString)),
  preStopCommand: optional(listOf(isString)),
};

/** Value problems of `overrides`, reported under `property`. */
export function containerOverridesProblems(overrides: ContainerOverrides, property: string): Problem[] {
  return (['postStartCommand', 'preStopCommand'] as const)
    .filter(key => overrides[key]?.length === 0)
    .map(key => ({ property: `${property}.${key}`, value: overrides[key], expected: 'Give the command to run, or leave the hook out.' }));
}

/** A hook given both through cdk8s-plus (`lifecycle`) and as an override: neither may silently win. */
export function hookConflicts(rendered: k8s.Container, overrides: ContainerOverrides | undefined, property: string): Problem[] {
  const problems: Problem[] = [];
  if (overrides?.postStartCommand && rendered.lifecycle?.postStart) {
    problems.push({ property: `${property}.postStartCommand`, value: overrides.postStartCommand, expected: 'The container already has a postStart hook (its lifecycle prop): give the hook in one place.' });
  }
  if (overrides?.preStopCommand && rendered.lifecycle?.preStop) {
    problems.push({ property: `${property}.preStopCommand`, value: overrides.preStopCommand, expected: 'The container already has a preStop hook (its lifecycle prop): give the hook in one place.' });
  }
  return problems;
}

/** `container` with the overrides written in (hook conflicts are refused before synthesis: `hookConflicts`). */
export function withOverrides(container: k8s.Container, overrides: ContainerOverrides | undefined): k8s.Container {
  if (!overrides) return container;
  const exec = (command: string[] | undefined): k8s.LifecycleHandler | undefined => (command ? { exec: { command } } : undefined);
  const hooks = overrides.postStartCommand || overrides.preStopCommand;
  const lifecycle = hooks ? {
    postStart: exec(overrides.postStartCommand) ?? container.lifecycle?.postStart,
    preStop: exec(overrides.preStopCommand) ?? container.lifecycle?.preStop,
  } : container.lifecycle;
  return merged(container, {
    lifecycle,
    terminationMessagePolicy: overrides.terminationMessagePolicy ?? container.terminationMessagePolicy,
    securityContext: overrides.seLinux ? merged(container.securityContext, { seLinuxOptions: { ...overrides.seLinux } }) : container.securityContext,
  });
}
