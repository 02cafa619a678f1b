/**
 * A pod template as ValidatePodTemplateSpec checks it (validation.go, v1.28): its containers
 * (names unique across init containers too), volumes (unique DNS-label names, at most one source
 * each, host paths without ".."), host ports unique per protocol and IP, host aliases, DNS,
 * placement and security, and the pod-level enums, after the v1 defaults (SetDefaults_PodSpec,
 * SetDefaults_Volume: a volume without a source is an emptyDir; with hostNetwork an unset
 * hostPort is the containerPort).
 */
import { containerProblems, PodContext } from './container-rules';
import {
  boolProblems, enumProblems, int64Problems, intProblems, isIp, isJson, Json, listAt, nameProblems, noBackstepsProblems, objectAt,
  quantityProblems, stringAt,
} from './field-rules';
import { affinityProblems, placementProblems, tolerationsProblems } from './scheduling-rules';
import { securityContextProblems } from './security-rules';
import { Verdicts } from './verdicts';
import { Problem } from '../../base/errors';

const HOST_PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];
const VOLUME_SOURCES = new Set([
  'hostPath', 'emptyDir', 'configMap', 'secret', 'projected', 'downwardAPI', 'persistentVolumeClaim', 'csi', 'ephemeral', 'nfs',
  'iscsi', 'rbd', 'cephfs', 'fc', 'flexVolume', 'azureFile', 'azureDisk', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo',
  'glusterfs', 'cinder', 'flocker', 'vsphereVolume', 'quobyte', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
]);
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

/** A container's display name in field paths: its name where it has one. */
function containerField(at: string, list: string, c: unknown, i: number): string {
  const name = isJson(c) && typeof c.name === 'string' && c.name !== '' ? c.name : String(i);
  return `${at}.${list}[${name}]`;
}

/** validateLocalDescendingPath: relative, without ".." elements. */
export function localDescendingPathProblems(field: string, v: unknown): Problem[] {
  if (typeof v !== 'string') return [{ property: field, value: v, expected: 'A path is a string.' }];
  if (v.startsWith('/')) return [{ property: field, value: v, expected: 'Use a relative path.' }];
  return noBackstepsProblems(field, v);
}

/** validateKeyToPath: a key, and a relative path without ".." that does not start with "..". */
function itemsProblems(f: string, raw: unknown): Problem[] {
  const problems: Problem[] = [];
  listAt(raw, `${f}.items`, problems).forEach((item, i) => {
    const kf = `${f}.items[${i}]`;
    const kp = objectAt(item, kf, problems) ?? {};
    if (typeof kp.key !== 'string' || kp.key === '') problems.push({ property: `${kf}.key`, value: kp.key, expected: 'Name the key to project.' });
    if (typeof kp.path !== 'string' || kp.path === '') {
      problems.push({ property: `${kf}.path`, value: kp.path, expected: 'Give the file name to project the key to.' });
    } else {
      problems.push(...localDescendingPathProblems(`${kf}.path`, kp.path));
      if (kp.path.startsWith('..') && !kp.path.startsWith('../')) problems.push({ property: `${kf}.path`, value: kp.path, expected: 'The path may not start with "..".' });
    }
    problems.push(...intProblems(`${kf}.mode`, kp.mode, 0, 0o777));
  });
  return problems;
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
    // validateVolumeSource; no source at all is defaulted to an emptyDir (SetDefaults_Volume).
    const sources = Object.keys(v).filter(s => VOLUME_SOURCES.has(s) && v[s] !== null && v[s] !== undefined);
    if (sources.length > 1) problems.push({ property: f, value: sources, expected: 'A volume takes one source (hostPath, configMap, emptyDir, ...).' });
    // A valid host path, ConfigMap name or Secret name has a stand-in while the spec is remembered
    // (pod-spec-verdicts.ts): no rule may read them but their own.
    const hostPath = objectAt(v.hostPath, `${f}.hostPath`, problems);
    if (hostPath) {
      if (typeof hostPath.path !== 'string' || hostPath.path === '') problems.push({ property: `${f}.hostPath.path`, value: hostPath.path, expected: 'Give the node path.' });
      else problems.push(...noBackstepsProblems(`${f}.hostPath.path`, hostPath.path));
      problems.push(...enumProblems(`${f}.hostPath.type`, hostPath.type, HOST_PATH_TYPES));
    }
    const emptyDir = objectAt(v.emptyDir, `${f}.emptyDir`, problems);
    if (emptyDir?.sizeLimit !== undefined) problems.push(...quantityProblems(`${f}.emptyDir.sizeLimit`, emptyDir.sizeLimit));
    const configMap = objectAt(v.configMap, `${f}.configMap`, problems);
    if (configMap) {
      if (typeof configMap.name !== 'string' || configMap.name === '') problems.push({ property: `${f}.configMap.name`, value: configMap.name, expected: 'Name the ConfigMap.' });
      problems.push(...intProblems(`${f}.configMap.defaultMode`, configMap.defaultMode, 0, 0o777));
      problems.push(...itemsProblems(`${f}.configMap`, configMap.items));
      problems.push(...boolProblems(`${f}.configMap.optional`, configMap.optional));
    }
    const secret = objectAt(v.secret, `${f}.secret`, problems);
    if (secret) {
      if (typeof secret.secretName !== 'string' || secret.secretName === '') problems.push({ property: `${f}.secret.secretName`, value: secret.secretName, expected: 'Name the Secret.' });
      problems.push(...intProblems(`${f}.secret.defaultMode`, secret.defaultMode, 0, 0o777));
      problems.push(...itemsProblems(`${f}.secret`, secret.items));
      problems.push(...boolProblems(`${f}.secret.optional`, secret.optional));
    }
  });
  return { problems, names };
}

/**
 * Host ports must be unique per (protocol, host IP, port): across the pod's containers, and within
 * each init container (checkHostPortConflicts). With hostNetwork an unset or 0 hostPort is the
 * containerPort (defaultHostNetworkPorts), so two containers listening on the same port collide.
 */
function hostPortProblems(at: string, list: 'containers' | 'initContainers', containers: unknown[], hostNetwork: boolean): Problem[] {
  const problems: Problem[] = [];
  let seen = new Set<string>();
  containers.forEach((c, i) => {
    if (!isJson(c)) return;
    if (list === 'initContainers') seen = new Set<string>();
    (Array.isArray(c.ports) ? c.ports : []).forEach((p: unknown, j: number) => {
      if (!isJson(p)) return;
      const hostPort = (p.hostPort === undefined || p.hostPort === null || p.hostPort === 0) && hostNetwork ? p.containerPort : p.hostPort;
      if (hostPort === undefined || hostPort === null || hostPort === 0) return;
      const protocol = p.protocol === undefined || p.protocol === '' ? 'TCP' : p.protocol;
      const key = `${String(protocol)}/${String(p.hostIP ?? '')}/${String(hostPort)}`;
      if (seen.has(key)) problems.push({ property: `${containerField(at, list, c, i)}.ports[${j}].hostPort`, value: hostPort, expected: `The pod already publishes host port ${String(hostPort)}/${String(protocol)}${hostNetwork ? ' (with hostNetwork every container port is a host port)' : ''}: use another port.` });
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

/** validatePodDNSConfig: dnsPolicy None needs nameservers; at most 3 IPs, 6 search domains, named options. */
function dnsProblems(at: string, spec: Json): Problem[] {
  const problems: Problem[] = [];
  const policy = spec.dnsPolicy === undefined || spec.dnsPolicy === null || spec.dnsPolicy === '' ? 'ClusterFirst' : spec.dnsPolicy;
  problems.push(...enumProblems(`${at}.dnsPolicy`, policy, DNS_POLICIES));
  const config = objectAt(spec.dnsConfig, `${at}.dnsConfig`, problems);
  const nameservers = listAt(config?.nameservers, `${at}.dnsConfig.nameservers`, problems);
  if (policy === 'None' && nameservers.length === 0) problems.push({ property: `${at}.dnsConfig.nameservers`, value: config?.nameservers, expected: 'dnsPolicy None needs dnsConfig with at least one nameserver.' });
  if (!config) return problems;
  if (nameservers.length > 3) problems.push({ property: `${at}.dnsConfig.nameservers`, value: nameservers, expected: 'Give at most 3 nameservers.' });
  nameservers.forEach((ns, i) => {
    if (typeof ns !== 'string' || !isIp(ns)) problems.push({ property: `${at}.dnsConfig.nameservers[${i}]`, value: ns, expected: 'Use an IP address.' });
  });
  const searches = listAt(config.searches, `${at}.dnsConfig.searches`, problems);
  if (searches.length > 6) problems.push({ property: `${at}.dnsConfig.searches`, value: searches, expected: 'Give at most 6 search domains.' });
  if (searches.map(String).join(' ').length > 256) problems.push({ property: `${at}.dnsConfig.searches`, value: searches, expected: 'The search list may hold 256 characters in all.' });
  searches.forEach((d, i) => problems.push(...nameProblems(`${at}.dnsConfig.searches[${i}]`, typeof d === 'string' ? d.replace(/\.$/, '') : d, 'subdomain')));
  listAt(config.options, `${at}.dnsConfig.options`, problems).forEach((o, i) => {
    if (!isJson(o) || typeof o.name !== 'string' || o.name === '') problems.push({ property: `${at}.dnsConfig.options[${i}].name`, value: isJson(o) ? o.name : o, expected: 'Name the resolver option.' });
  });
  return problems;
}

// The placement an agent kind sets repeats on every agent of a fleet (verdicts.ts).
const placementVerdicts = new Verdicts(256, 8);

/** Problems with a pod spec; `at` is its field path, e.g. `spec.template.spec`. */
export function podSpecProblems(at: string, spec: Json): Problem[] {
  const problems: Problem[] = [];
  const volumes = volumesProblems(at, spec.volumes);
  problems.push(...volumes.problems);
  const hostNetwork = spec.hostNetwork === true;
  const context: PodContext = { volumeNames: volumes.names, hostNetwork };
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
    problems.push(...hostPortProblems(at, list, items, hostNetwork));
  }
  problems.push(...hostAliasesProblems(at, spec.hostAliases));
  problems.push(...placementVerdicts.get(at, [spec.tolerations, spec.nodeSelector, spec.affinity], () => [
    ...tolerationsProblems(`${at}.tolerations`, spec.tolerations),
    ...placementProblems(at, spec),
    ...affinityProblems(`${at}.affinity`, spec.affinity),
  ]));
  problems.push(...securityContextProblems(`${at}.securityContext`, spec.securityContext, true));
  problems.push(...dnsProblems(at, spec));
  // Pod-level fields in securityContext's Go struct: ShareProcessNamespace and HostPID exclude each other.
  if (spec.shareProcessNamespace === true && spec.hostPID === true) problems.push({ property: `${at}.shareProcessNamespace`, value: true, expected: 'shareProcessNamespace and hostPID exclude each other.' });
  // Any int64: v1.27+ treats a negative grace period as 1 second, v1.20 stores it.
  problems.push(...int64Problems(`${at}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, -(2 ** 63)));
  // serviceAccountName too has a stand-in (pod-spec-verdicts.ts): no other rule may read it.
  for (const key of ['priorityClassName', 'serviceAccountName', 'nodeName']) {
    if (spec[key] !== undefined && spec[key] !== null && spec[key] !== '') problems.push(...nameProblems(`${at}.${key}`, spec[key], 'subdomain'));
  }
  // ValidateRuntimeClassName checks any value given, "" included.
  if (spec.runtimeClassName !== undefined && spec.runtimeClassName !== null) problems.push(...nameProblems(`${at}.runtimeClassName`, spec.runtimeClassName, 'subdomain'));
  for (const key of ['hostname', 'subdomain']) {
    if (spec[key] !== undefined && spec[key] !== null && spec[key] !== '') problems.push(...nameProblems(`${at}.${key}`, spec[key], 'label'));
  }
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null) problems.push(...enumProblems(`${at}.preemptionPolicy`, spec.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'automountServiceAccountToken', 'enableServiceLinks', 'setHostnameAsFQDN']) {
    problems.push(...boolProblems(`${at}.${key}`, spec[key]));
  }
  return problems;
}
