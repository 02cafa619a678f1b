import { Problem } from './errors';
import { isString, optional, Schema } from '../validation/guards';

/** Who an agent is, as the Kubernetes recommended labels say it. */
export interface AgentLabelsProps {
  /** The application name (`app.kubernetes.io/name`), e.g. "node-exporter". */
  readonly name: string;
  /** This installation (`app.kubernetes.io/instance`). */
  readonly instance: string;
  /**
   * The application version (`app.kubernetes.io/version`).
   * @default - no version label
   */
  readonly version?: string;
  /**
   * The role within the architecture (`app.kubernetes.io/component`), e.g. "exporter".
   * @default - no component label
   */
  readonly component?: string;
  /**
   * The larger application this is part of (`app.kubernetes.io/part-of`).
   * @default - no part-of label
   */
  readonly partOf?: string;
}

/**
 * The runtime shape of AgentLabelsProps (the label grammar is checked by the agent that uses them;
 * NodeAgent checks these fields as part of its own props, the helpers below are internal).
 */
export const AGENT_LABELS_PROPS_SCHEMA: Schema<AgentLabelsProps> = {
  name: isString,
  instance: isString,
  version: optional(isString),
  component: optional(isString),
  partOf: optional(isString),
};

/** The tool that manages the objects (`app.kubernetes.io/managed-by`). */
export const MANAGED_BY = 'cdk8s';

/** Every recommended label, for every object and the pod template. */
export function recommendedLabels(props: AgentLabelsProps): Record<string, string> {
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': props.name,
    'app.kubernetes.io/instance': props.instance,
  };
  if (props.version) labels['app.kubernetes.io/version'] = props.version;
  if (props.component) labels['app.kubernetes.io/component'] = props.component;
  if (props.partOf) labels['app.kubernetes.io/part-of'] = props.partOf;
  labels['app.kubernetes.io/managed-by'] = MANAGED_BY;
  return labels;
}

/**
 * The labels a selector may use. Only name and instance: Kubernetes forbids changing a
 * DaemonSet's selector, so it must never contain a version or anything derived from code layout.
 */
export function selectorLabels(props: AgentLabelsProps): Record<string, string> {
  return {
    'app.kubernetes.io/name': props.name,
    'app.kubernetes.io/instance': props.instance,
  };
}

/** Pod labels that differ from the selector's: the API server refuses such a DaemonSet. */
export function podLabelConflicts(selector: { [key: string]: string }, podLabels: { [key: string]: string }): Problem[] {
  return Object.entries(selector)
    .filter(([key, value]) => key in podLabels && podLabels[key] !== value)
    .map(([key, value]) => ({
      property: `podMetadata.labels[${key}]`,
      value: podLabels[key],
      expected: `The DaemonSet selects ${key}=${value}, so every pod must carry it: drop the label, or set ${key === 'app.kubernetes.io/name' ? 'name' : 'instance'} instead.`,
    }));
}
