/**
 * Every object the library emits, validated as its consumer reads it: the API server for the
 * built-in kinds (metadata, DaemonSet, Deployment, PodDisruptionBudget, Service, RBAC, ConfigMap,
 * Namespace, ServiceAccount, CSIDriver),
 * Prometheus for ServiceMonitor and PodMonitor durations and PrometheusRule groups
 * (prometheus-rules.ts), the VPA CRD for a VerticalPodAutoscaler, Argo CD for sync waves.
 * Problems carry the field path in the object.
 */
import { verticalPodAutoscalerProblems } from './autoscaler-rules';
import { disruptionBudgetProblems } from './disruption-budget-rules';
import { boolProblems, byteLength, configMapKeyProblems, isInt64String, isJson, Json, listAt, objectAt, stringAt } from './field-rules';
import { finalizersProblems, isBuiltInGroup, metadataOf, metadataProblems } from './metadata-rules';
import { prometheusDurationMillis, prometheusRuleProblems } from './prometheus-rules';
import { bindingProblems, rolesProblems } from './rbac-rules';
import { serviceProblems } from './service-rules';
import { csiDriverProblems } from './storage-rules';
import { daemonSetProblems, deploymentProblems } from './workload-rules';
import { Problem } from '../../base/errors';

const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
// 1 MiB (core.MaxSecretSize), the limit of a ConfigMap's or Secret's data, in bytes.
const DATA_LIMIT = 1024 * 1024;
// What encoding/json decodes into []byte: standard base64 with padding (line breaks ignored).
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/**
 * A ConfigMap's or Secret's data (ValidateConfigMap, ValidateSecret in validation.go, v1.28 as
 * v1.20): keys as IsConfigMapKey, no key in both data and binaryData, base64 binaryData, and
 * 1 MiB of values in all, counted in bytes (binaryData decoded).
 */
function dataProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  let size = 0;
  const fields = obj.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  const seen = new Map<string, string>();
  for (const field of fields) {
    for (const [key, value] of Object.entries(objectAt(obj[field], field, problems) ?? {})) {
      problems.push(...configMapKeyProblems(`${field} key`, key).map(p => ({ ...p, expected: 'Keys are at most 253 letters, digits, "-", "_" and ".", not "." nor starting with "..".' })));
      if (seen.has(key) && obj.kind === 'ConfigMap') problems.push({ property: `${field}[${key}]`, value: key, expected: `The key is in ${seen.get(key)} too: a key may be in data or binaryData, not both.` });
      seen.set(key, field);
      // null decodes as "" (encoding/json leaves the string empty).
      if (value === null) continue;
      if (typeof value !== 'string') {
        problems.push({ property: `${field}[${key}]`, value, expected: 'Values are strings.' });
        continue;
      }
      const binary = field === 'binaryData' || (obj.kind === 'Secret' && field === 'data');
      if (binary) {
        const text = value.replace(/[\r\n]/g, '');
        if (!BASE64.test(text)) problems.push({ property: `${field}[${key}]`, value, expected: 'Values here are base64 (standard alphabet, padded).' });
        else size += (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
      } else {
        size += byteLength(value);
      }
    }
  }
  if (size > DATA_LIMIT) problems.push({ property: 'data', value: `${size} bytes`, expected: 'A ConfigMap or Secret holds at most 1 MiB.' });
  problems.push(...boolProblems('immutable', obj.immutable));
  return problems;
}

/** A Namespace's spec.finalizers (ValidateNamespace: validateFinalizerName for each). */
function namespaceProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const spec = objectAt(obj.spec, 'spec', problems) ?? {};
  problems.push(...finalizersProblems('spec.finalizers', spec.finalizers));
  return problems;
}

function serviceAccountProblems(obj: Json): Problem[] {
  return boolProblems('automountServiceAccountToken', obj.automountServiceAccountToken);
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
  Deployment: deploymentProblems,
  PodDisruptionBudget: disruptionBudgetProblems,
  Service: serviceProblems,
  ClusterRole: rolesProblems,
  Role: rolesProblems,
  ClusterRoleBinding: bindingProblems,
  RoleBinding: bindingProblems,
  ConfigMap: dataProblems,
  Secret: dataProblems,
  Namespace: namespaceProblems,
  ServiceAccount: serviceAccountProblems,
  ServiceMonitor: monitorProblems,
  PodMonitor: monitorProblems,
  PrometheusRule: prometheusRuleProblems,
  VerticalPodAutoscaler: verticalPodAutoscalerProblems,
  CSIDriver: csiDriverProblems,
};

/** Every problem with one emitted object, by field path. */
export function objectProblems(obj: unknown): Problem[] {
  if (!isJson(obj)) return [{ property: '(object)', value: obj, expected: 'A Kubernetes object is a JSON object.' }];
  const problems: Problem[] = [];
  const kind = stringAt(obj.kind, 'kind', problems);
  if (!kind) return [...problems, { property: 'kind', value: obj.kind, expected: 'Every object needs a kind.' }];
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') problems.push({ property: 'apiVersion', value: obj.apiVersion, expected: 'Every object needs an apiVersion.' });
  problems.push(...metadataProblems(kind, obj.metadata, typeof obj.apiVersion !== 'string' || isBuiltInGroup(obj.apiVersion)));
  const wave = metadataOf(obj).annotations;
  if (isJson(wave) && wave[SYNC_WAVE] !== undefined && !(typeof wave[SYNC_WAVE] === 'string' && isInt64String(wave[SYNC_WAVE] as string))) {
    problems.push({ property: `metadata.annotations[${SYNC_WAVE}]`, value: wave[SYNC_WAVE], expected: 'Argo CD reads sync waves as whole numbers, e.g. "-5".' });
  }
  problems.push(...(KIND_RULES[kind]?.(obj) ?? []));
  return problems;
}
