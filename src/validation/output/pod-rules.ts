/**
 * A pod template as ValidatePodTemplateSpec checks it (validation.go, v1.28): its containers
 * (names unique across init containers too), volumes (unique DNS-label names, one source each,
 * host paths without ".."), host ports unique per protocol and IP, host aliases, placement and
 * security, and the pod-level enums.
 */
import { containerProblems, PodContext } from './container-rules';
import {
  enumProblems, int64Problems, isIp, isJson, Json, listAt, nameProblems, noBackstepsProblems, objectAt, stringAt,
} from './field-rules';
import { placementProblems, tolerationsProblems } from './scheduling-rules';
import { securityContextProblems } from './security-rules';
import { Problem } from '../../base/errors';

const HOST_PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];
const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'configMap', 'secret', 'projected', 'downwardAPI', 'persistentVolumeClaim', 'csi', 'ephemeral', 'nfs',
  'iscsi', 'rbd', 'cephfs', 'fc', 'flexVolume', 'azureFile', 'azureDisk', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo',
  'glusterfs', 'cinder', 'flocker', 'vsphereVolume', 'quobyte', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

/** A container's display name in field paths: its name where it has one. */
function containerField(at: string, list: string, c: unknown, i: number): string {
  const name = isJson(c) && typeof c.name === 'string' && c.name !== '' ? c.name : String(i);
  return `${at}.${list}[${name}]`;
}

function volumesProblems(at: string, raw: unknown): { problems: Problem[]; names: Set<string> } {
  const problems: Problem[] = [];
  const names = new Set<string>();
  listAt(raw, `${at}.volumes`, problems).forEach((item, i) => {
    const f = `${at}.volumes[${i}]`;
    const v = objectAt(item, f, problems);
    if (!v) return;
    problems.push(...nameProblems(`${f}.name`, v.name, 'label'));
    if (typeof v.name === 'string') {
      if (names.has(v.name)) problems.push({ property: `${f}.name`, value: v.name, expected: 'Each volume of a pod needs a name of its own.' });
      names.add(v.name);
    }
    const sources = VOLUME_SOURCES.filter(s => v[s] !== undefined);
    if (sources.length !== 1) problems.push({ property: f, value: sources, expected: 'A volume needs exactly one source (hostPath, configMap, emptyDir, ...).' });
    const hostPath = objectAt(v.hostPath, `${f}.hostPath`, problems);
    if (hostPath) {
      if (typeof hostPath.path !== 'string' || hostPath.path === '') problems.push({ property: `${f}.hostPath.path`, value: hostPath.path, expected: 'Give the node path.' });
      else problems.push(...noBackstepsProblems(`${f}.hostPath.path`, hostPath.path));
      problems.push(...enumProblems(`${f}.hostPath.type`, hostPath.type, HOST_PATH_TYPES));
    }
  });
  return { problems, names };
}

/** Host ports must be unique per (port, protocol, host IP) across the pod's containers. */
function hostPortProblems(containers: unknown[], at: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  containers.forEach((c, i) => {
    if (!isJson(c)) return;
    (Array.isArray(c.ports) ? c.ports : []).forEach((p: unknown, j: number) => {
      if (!isJson(p) || p.hostPort === undefined || p.hostPort === 0) return;
      const key = `${String(p.hostPort)}/${String(p.protocol ?? 'TCP')}/${String(p.hostIP ?? '')}`;
      if (seen.has(key)) problems.push({ property: `${containerField(at, 'containers', c, i)}.ports[${j}].hostPort`, value: p.hostPort, expected: 'Another container of the pod already publishes this host port and protocol: use another port.' });
      seen.add(key);
    });
  });
  return problems;
}

function hostAliasesProblems(at: string, raw: unknown): Problem[] {
  const problems: Problem[] = [];
  listAt(raw, `${at}.hostAliases`, problems).forEach((item, i) => {
    const f = `${at}.hostAliases[${i}]`;
    const alias = objectAt(item, f, problems);
    if (!alias) return;
    const ip = stringAt(alias.ip, `${f}.ip`, problems);
    if (ip === undefined || !isIp(ip)) problems.push({ property: `${f}.ip`, value: alias.ip, expected: 'Use an IPv4 or IPv6 address, e.g. "10.0.0.1".' });
    listAt(alias.hostnames, `${f}.hostnames`, problems).forEach((h, j) => problems.push(...nameProblems(`${f}.hostnames[${j}]`, h, 'subdomain')));
  });
  return problems;
}

/** Problems with a pod spec; `at` is its field path, e.g. `spec.template.spec`. */
export function podSpecProblems(at: string, spec: Json): Problem[] {
  const problems: Problem[] = [];
  const volumes = volumesProblems(at, spec.volumes);
  problems.push(...volumes.problems);
  const context: PodContext = { volumeNames: volumes.names, hostNetwork: spec.hostNetwork === true };
  const containers = listAt(spec.containers, `${at}.containers`, problems);
  const initContainers = listAt(spec.initContainers, `${at}.initContainers`, problems);
  if (containers.length === 0) problems.push({ property: `${at}.containers`, value: spec.containers ?? [], expected: 'A pod runs at least one container.' });
  const names = new Set<string>();
  for (const [list, items] of [['initContainers', initContainers], ['containers', containers]] as const) {
    items.forEach((c, i) => {
      const f = containerField(at, list, c, i);
      if (!isJson(c)) {
        problems.push({ property: f, value: c, expected: 'A container is an object.' });
        return;
      }
      problems.push(...containerProblems(f, c, context, list === 'initContainers'));
      if (typeof c.name === 'string') {
        if (names.has(c.name)) problems.push({ property: `${f}.name`, value: c.name, expected: 'Each container of the pod needs a name of its own, init containers included.' });
        names.add(c.name);
      }
    });
  }
  problems.push(...hostPortProblems(containers, at));
  problems.push(...hostAliasesProblems(at, spec.hostAliases));
  problems.push(...tolerationsProblems(`${at}.tolerations`, spec.tolerations));
  problems.push(...placementProblems(at, spec));
  problems.push(...securityContextProblems(`${at}.securityContext`, spec.securityContext, true));
  problems.push(...enumProblems(`${at}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  problems.push(...int64Problems(`${at}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds));
  for (const key of ['priorityClassName', 'runtimeClassName', 'serviceAccountName']) {
    if (spec[key] !== undefined) problems.push(...nameProblems(`${at}.${key}`, spec[key], 'subdomain'));
  }
  return problems;
}
