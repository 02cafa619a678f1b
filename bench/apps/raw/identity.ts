/**
 * What a cdk8s-plus-28 user derives by hand for every agent, as our constructs do: the
 * recommended labels, the Argo CD sync wave, the privilege-report annotations, config checksums.
 */
import { createHash } from 'crypto';

/** Who an agent is: its labels, object names and sync wave derive from this. */
export interface Identity {
  readonly name: string;
  readonly instance: string;
  readonly version: string;
  readonly component: string;
  readonly namespace: string;
  readonly wave: number;
}

export const WAVE = 'argocd.argoproj.io/sync-wave';
const JUSTIFICATION = 'justification.cdk8s-daemonsets.io';

export function labels(id: Identity): Record<string, string> {
  return {
    'app.kubernetes.io/name': id.name,
    'app.kubernetes.io/instance': id.instance,
    'app.kubernetes.io/version': id.version,
    'app.kubernetes.io/component': id.component,
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
}

export function selectorLabels(id: Identity): Record<string, string> {
  return { 'app.kubernetes.io/name': id.name, 'app.kubernetes.io/instance': id.instance };
}

/** Metadata of one of the agent's objects: labels and sync wave, plus any annotations given. */
export function metadata(id: Identity, name: string, annotations: Record<string, string> = {}) {
  return { name, namespace: id.namespace, labels: labels(id), annotations: { [WAVE]: String(id.wave), ...annotations } };
}

/** The privilege-report annotations: [privilege, reason] pairs. */
export function justifications(reasons: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  return Object.fromEntries(reasons.map(([privilege, reason]) => [`${JUSTIFICATION}/${privilege}`, reason]));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The pod annotation that rolls the pods when their ConfigMap changes: a hash of its sorted entries. */
export function configChecksum(data: Record<string, string>): string {
  return sha256(JSON.stringify(Object.keys(data).sort().map(k => [k, data[k]])));
}
