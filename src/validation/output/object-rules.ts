/**
 * Every object the library emits, validated as its consumer reads it: the API server for the
 * built-in kinds (metadata, DaemonSet, Service, RBAC, ConfigMap), Prometheus for ServiceMonitor
 * and PodMonitor durations, Argo CD for sync waves. Problems carry the field path in the object.
 */
import { enumProblems, isInt64String, isJson, Json, labelsProblems, listAt, objectAt, portNameProblems, portProblems, intOrPortNameProblems, stringAt } from './field-rules';
import { metadataOf, metadataProblems } from './metadata-rules';
import { daemonSetProblems } from './workload-rules';
import { Problem } from '../../base/errors';

const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
// 1 MiB (core.MaxSecretSize), the limit of a ConfigMap's or Secret's data.
const DATA_LIMIT = 1024 * 1024;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
// Prometheus's model.ParseDuration grammar, which prometheus-operator's CRDs also enforce.
const PROMETHEUS_DURATION = /^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$/;
const PROMETHEUS_UNITS: [RegExp, number][] = [[/([0-9]+)y/, 31536e6], [/([0-9]+)w/, 6048e5], [/([0-9]+)d/, 864e5], [/([0-9]+)h(?!s)/, 36e5], [/([0-9]+)m(?!s)/, 6e4], [/([0-9]+)s/, 1e3], [/([0-9]+)ms/, 1]];

/** Milliseconds of a Prometheus duration, or undefined if Prometheus cannot parse it. */
export function prometheusDurationMillis(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '' || !PROMETHEUS_DURATION.test(text)) return undefined;
  let rest = text;
  let total = 0;
  for (const [unit, ms] of PROMETHEUS_UNITS) {
    const m = unit.exec(rest);
    if (m && rest.startsWith(m[0])) {
      total += Number(m[1]) * ms;
      rest = rest.slice(m[0].length);
    }
  }
  return rest === '' ? total : undefined;
}

function servicePortsProblems(spec: Json): Problem[] {
  const problems: Problem[] = [];
  const ports = listAt(spec.ports, 'spec.ports', problems);
  const names = new Set<string>();
  const pairs = new Set<string>();
  if (ports.length === 0 && spec.clusterIP !== 'None') problems.push({ property: 'spec.ports', value: spec.ports, expected: 'A Service that is not headless needs at least one port.' });
  ports.forEach((raw, i) => {
    const f = `spec.ports[${i}]`;
    const p = objectAt(raw, f, problems);
    if (!p) return;
    problems.push(...portProblems(`${f}.port`, p.port));
    problems.push(...enumProblems(`${f}.protocol`, p.protocol, ['TCP', 'UDP', 'SCTP']));
    if (p.targetPort !== undefined) problems.push(...intOrPortNameProblems(`${f}.targetPort`, p.targetPort));
    if (p.name === undefined && ports.length > 1) problems.push({ property: `${f}.name`, value: undefined, expected: 'A Service with several ports needs a name on each.' });
    if (p.name !== undefined) {
      problems.push(...portNameProblems(`${f}.name`, p.name));
      if (names.has(String(p.name))) problems.push({ property: `${f}.name`, value: p.name, expected: 'Each port of a Service needs a name of its own.' });
      names.add(String(p.name));
    }
    const pair = `${String(p.port)}/${String(p.protocol ?? 'TCP')}`;
    if (pairs.has(pair)) problems.push({ property: `${f}.port`, value: p.port, expected: 'A Service may list a port once per protocol.' });
    pairs.add(pair);
  });
  return problems;
}

function serviceProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const spec = objectAt(obj.spec, 'spec', problems) ?? {};
  problems.push(...servicePortsProblems(spec));
  problems.push(...labelsProblems('spec.selector', spec.selector));
  problems.push(...enumProblems('spec.type', spec.type, ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']));
  problems.push(...enumProblems('spec.internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']));
  return problems;
}

function rulesProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  listAt(obj.rules, 'rules', problems).forEach((raw, i) => {
    const f = `rules[${i}]`;
    const rule = objectAt(raw, f, problems);
    if (!rule) return;
    const verbs = listAt(rule.verbs, `${f}.verbs`, problems);
    if (verbs.length === 0) problems.push({ property: `${f}.verbs`, value: rule.verbs, expected: 'A rule needs at least one verb.' });
    const nonResource = listAt(rule.nonResourceURLs, `${f}.nonResourceURLs`, problems);
    if (nonResource.length === 0) {
      if (listAt(rule.apiGroups, `${f}.apiGroups`, problems).length === 0) problems.push({ property: `${f}.apiGroups`, value: rule.apiGroups, expected: 'A resource rule needs at least one API group ("" is the core group).' });
      if (listAt(rule.resources, `${f}.resources`, problems).length === 0) problems.push({ property: `${f}.resources`, value: rule.resources, expected: 'A resource rule needs at least one resource.' });
    }
    for (const key of ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs']) {
      listAt(rule[key], `${f}.${key}`, problems).forEach((v, j) => stringAt(v, `${f}.${key}[${j}]`, problems));
    }
  });
  return problems;
}

function bindingProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const ref = objectAt(obj.roleRef, 'roleRef', problems) ?? {};
  if (typeof ref.name !== 'string' || ref.name === '') problems.push({ property: 'roleRef.name', value: ref.name, expected: 'Name the role.' });
  problems.push(...enumProblems('roleRef.kind', ref.kind, obj.kind === 'ClusterRoleBinding' ? ['ClusterRole'] : ['Role', 'ClusterRole']));
  listAt(obj.subjects, 'subjects', problems).forEach((raw, i) => {
    const s = objectAt(raw, `subjects[${i}]`, problems);
    if (s?.kind === 'ServiceAccount' && (typeof s.namespace !== 'string' || s.namespace === '') && obj.kind === 'ClusterRoleBinding') {
      problems.push({ property: `subjects[${i}].namespace`, value: s.namespace, expected: 'A ServiceAccount subject needs its namespace.' });
    }
  });
  return problems;
}

function dataProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  let size = 0;
  for (const field of ['data', 'binaryData', 'stringData']) {
    for (const [key, value] of Object.entries(objectAt(obj[field], field, problems) ?? {})) {
      if (key.length > 253 || !CONFIG_KEY.test(key) || key === '.' || key === '..') problems.push({ property: `${field} key`, value: key, expected: 'Keys are at most 253 letters, digits, "-", "_" and ".".' });
      if (typeof value !== 'string') problems.push({ property: `${field}[${key}]`, value, expected: 'Values are strings.' });
      else size += value.length;
    }
  }
  if (size > DATA_LIMIT) problems.push({ property: 'data', value: `${size} bytes`, expected: 'A ConfigMap or Secret holds at most 1 MiB.' });
  return problems;
}

function monitorProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const spec = objectAt(obj.spec, 'spec', problems) ?? {};
  const list = obj.kind === 'PodMonitor' ? 'podMetricsEndpoints' : 'endpoints';
  listAt(spec[list], `spec.${list}`, problems).forEach((raw, i) => {
    const f = `spec.${list}[${i}]`;
    const e = objectAt(raw, f, problems) ?? {};
    const millis: { [k: string]: number | undefined } = {};
    for (const key of ['interval', 'scrapeTimeout']) {
      const text = stringAt(e[key], `${f}.${key}`, problems);
      if (text === undefined) continue;
      millis[key] = prometheusDurationMillis(text);
      if (millis[key] === undefined) problems.push({ property: `${f}.${key}`, value: text, expected: 'Use a Prometheus duration such as "30s", "1m" or "1m30s".' });
    }
    if (millis.interval !== undefined && millis.scrapeTimeout !== undefined && millis.scrapeTimeout > millis.interval) {
      problems.push({ property: `${f}.scrapeTimeout`, value: e.scrapeTimeout, expected: `Prometheus refuses a scrape timeout longer than the interval (${String(e.interval)}).` });
    }
  });
  return problems;
}

const KIND_RULES: { [kind: string]: (obj: Json) => Problem[] } = {
  DaemonSet: daemonSetProblems,
  Service: serviceProblems,
  ClusterRole: rulesProblems,
  Role: rulesProblems,
  ClusterRoleBinding: bindingProblems,
  RoleBinding: bindingProblems,
  ConfigMap: dataProblems,
  Secret: dataProblems,
  ServiceMonitor: monitorProblems,
  PodMonitor: monitorProblems,
};

/** Every problem with one emitted object, by field path. */
export function objectProblems(obj: unknown): Problem[] {
  if (!isJson(obj)) return [{ property: '(object)', value: obj, expected: 'A Kubernetes object is a JSON object.' }];
  const problems: Problem[] = [];
  const kind = stringAt(obj.kind, 'kind', problems);
  if (!kind) return [...problems, { property: 'kind', value: obj.kind, expected: 'Every object needs a kind.' }];
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') problems.push({ property: 'apiVersion', value: obj.apiVersion, expected: 'Every object needs an apiVersion.' });
  problems.push(...metadataProblems(kind, obj.metadata));
  const wave = metadataOf(obj).annotations;
  if (isJson(wave) && wave[SYNC_WAVE] !== undefined && !(typeof wave[SYNC_WAVE] === 'string' && isInt64String(wave[SYNC_WAVE] as string))) {
    problems.push({ property: `metadata.annotations[${SYNC_WAVE}]`, value: wave[SYNC_WAVE], expected: 'Argo CD reads sync waves as whole numbers, e.g. "-5".' });
  }
  problems.push(...(KIND_RULES[kind]?.(obj) ?? []));
  return problems;
}
