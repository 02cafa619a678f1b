import * as path from 'path';
import type { Document } from 'yaml';
import { FileContent } from './atomic-write';
import { Problem } from '../../base/errors';
import { yaml } from '../../base/yaml-library';

/** A Kubernetes object as read back from YAML. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
};

const MANIFEST = /\.ya?ml$/;

/**
 * Every object of the YAML files among `files`, or the problems that make them unusable:
 * YAML that does not parse (for the current output, a merge conflict left in a committed file),
 * an object without apiVersion, kind or name, the same object twice, a DaemonSet whose selector
 * its pods do not carry or that has no containers. `label` says which output, for messages.
 */
export function parseObjects(files: readonly FileContent[], dir: string, label: string): { objects: KubeObject[]; problems: Problem[] } {
  const objects: KubeObject[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const file of files.filter(f => MANIFEST.test(f.name))) {
    const docs = yaml.parseAllDocuments(file.content.toString('utf8'));
    docs.forEach((doc, i) => {
      const where = `${label} ${path.join(dir, file.name)} document ${i + 1}`;
      const checked = checkDocument(doc, seen);
      if ('expected' in checked) {
        problems.push({ property: where, ...checked });
      } else if (checked.obj !== undefined) {
        if (checked.obj.kind === 'DaemonSet') problems.push(...daemonSetProblems(checked.obj, where));
        objects.push(checked.obj);
      }
    });
  }
  return { objects, problems };
}

/** One YAML document's object (none for an empty document), or what is wrong with it; records its identity in `seen`. */
function checkDocument(doc: Document, seen: Set<string>): Omit<Problem, 'property'> | { obj?: KubeObject } {
  if (doc.errors.length > 0) {
    return {
      value: doc.errors[0].message.split('\n')[0],
      expected: 'Every document must be valid YAML. If this is a committed file, resolve what broke it (a merge conflict?) or delete it: SafeSynth compares the new output with the current one before writing.',
    };
  }
  const obj = doc.toJS();
  if (obj === null || obj === undefined) return {};
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string' || obj.metadata.name === '') {
    return { value: summary(obj), expected: 'Every object needs apiVersion, kind and metadata.name.' };
  }
  const id = `${obj.apiVersion} ${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
  if (seen.has(id)) return { value: `${obj.kind} ${obj.metadata.name}`, expected: `${obj.kind} ${obj.metadata.name} is defined twice: give each object its own kind, namespace and name.` };
  seen.add(id);
  return { obj };
}

function summary(obj: unknown): string {
  return JSON.stringify(obj)?.slice(0, 80) ?? String(obj);
}

function daemonSetProblems(obj: KubeObject, where: string): Problem[] {
  const problems: Problem[] = [];
  const selector: Record<string, string> = obj.spec?.selector?.matchLabels ?? {};
  const labels: Record<string, string> = obj.spec?.template?.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(selector)) {
    if (labels[key] !== value) problems.push({ property: where, value: `${key}=${value}`, expected: `DaemonSet ${obj.metadata.name} selects ${key}=${value}, which its pod template does not carry: the controller would never see its pods.` });
  }
  if ((obj.spec?.template?.spec?.containers ?? []).length === 0) {
    problems.push({ property: where, value: obj.metadata.name, expected: `DaemonSet ${obj.metadata.name} has no containers.` });
  }
  return problems;
}

const COMPONENT = 'app.kubernetes.io/component';
// CniAgentDaemonSet labels its DaemonSet and pods app.kubernetes.io/component=cni
// (src/agents/cni-agent/cni-agent.ts); a DaemonSet of any origin with that label counts too.
const CNI_COMPONENT = 'cni';
// The folders the container runtime reads the pod network from: containerd's CRI plugin defaults
// (containerd docs/cri/config.md, v1.7.x: conf_dir = "/etc/cni/net.d", bin_dir = "/opt/cni/bin"),
// CRI-O's too (cri-o contrib/cni/README.md, v1.30). Whatever writes there is a CNI: flannel's,
// Calico's and Cilium's installers all mount them writable, from manifests of any origin.
const CNI_HOST_FOLDERS = ['/etc/cni', '/opt/cni'];

/** Whether a DaemonSet is a CNI agent: labelled as one, or writing the node's CNI folders. */
export function isCniDaemonSet(ds: KubeObject): boolean {
  const template = ds.spec?.template ?? {};
  if (ds.metadata.labels?.[COMPONENT] === CNI_COMPONENT || template.metadata?.labels?.[COMPONENT] === CNI_COMPONENT) return true;
  const pod = template.spec ?? {};
  const cniVolumes = new Set<string>((pod.volumes ?? [])
    .filter((v: any) => typeof v?.hostPath?.path === 'string' && CNI_HOST_FOLDERS.some(f => isWithin(v.hostPath.path, f)))
    .map((v: any) => v.name));
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])]
    .some((c: any) => (c?.volumeMounts ?? []).some((m: any) => cniVolumes.has(m?.name) && m?.readOnly !== true));
}

function isWithin(p: string, folder: string): boolean {
  const normal = path.posix.normalize(p).replace(/\/+$/, '');
  return normal === folder || normal.startsWith(`${folder}/`);
}

function keyOf(obj: KubeObject): string {
  return obj.metadata.namespace !== undefined ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

/** Options that let a run remove what is normally refused. */
export interface RemovalPermissions {
  readonly allowRemovingAllDaemonSets?: boolean;
  readonly allowRemovingCni?: boolean;
}

/**
 * What the new output would delete from every node, compared with the current one: with Argo CD's
 * automated prune, an object missing from the folder is deleted from the cluster. An output
 * without DaemonSets removes every agent; one without the current CNI DaemonSet leaves every node
 * without a pod network (no pod gets an IP, nodes go NotReady), which also stops the agents that
 * would show why. Each needs its own explicit permission.
 */
export function removalProblems(current: readonly KubeObject[], next: readonly KubeObject[], dir: string, allow: RemovalPermissions): Problem[] {
  const problems: Problem[] = [];
  const currentDaemonSets = current.filter(o => o.kind === 'DaemonSet');
  const nextDaemonSets = next.filter(o => o.kind === 'DaemonSet');
  if (nextDaemonSets.length === 0 && currentDaemonSets.length > 0 && !allow.allowRemovingAllDaemonSets) {
    problems.push({
      property: 'the new output has no DaemonSets',
      value: `the current one has ${currentDaemonSets.length}`,
      expected: `SafeSynth refused to write ${dir}: with Argo CD prune this would delete every node agent from every node. If that is really intended, pass allowRemovingAllDaemonSets: true.`,
    });
  }
  const kept = new Set(nextDaemonSets.map(keyOf));
  const dropped = currentDaemonSets.filter(ds => isCniDaemonSet(ds) && !kept.has(keyOf(ds))).map(keyOf);
  if (dropped.length > 0 && !allow.allowRemovingCni) {
    const others = nextDaemonSets.filter(isCniDaemonSet).map(keyOf);
    const replacement = others.length > 0
      ? ` The new output has another CNI DaemonSet (${others.join(', ')}): switching a cluster's CNI is a migration of its own (drain, remove, install, reboot), not one sync.`
      : '';
    problems.push({
      property: `the new output drops the CNI DaemonSet${dropped.length > 1 ? 's' : ''}`,
      value: dropped.join(', '),
      expected: `SafeSynth refused to write ${dir}: the current output has ${dropped.length > 1 ? 'them' : 'it'}, and with Argo CD prune every node would lose its pod network (no new pod gets an IP, nodes go NotReady).${replacement} If that is really intended, pass allowRemovingCni: true (allowRemovingAllDaemonSets does not imply it).`,
    });
  }
  return problems;
}
