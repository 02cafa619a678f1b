/**
 * The field-level rules of the Kubernetes API server that the output validator applies: value
 * grammars and ranges, each as k8s.io/apimachinery/pkg/util/validation (validation.go) and
 * pkg/apis/core/validation (validation.go) state them at v1.28. Every rule takes the field path
 * and the value as found in the emitted JSON, which may be of any type.
 */
import { isNegative, parseQuantity } from './quantity';
import { Problem } from '../../base/errors';
import { dnsLabelProblems, dnsSubdomainProblems, isLabelValue, isQualifiedName, labelValueProblems, qualifiedNameProblems } from '../../base/names';

/** A JSON object as found in a manifest. */
export type Json = { [key: string]: unknown };

/** Whether `v` is a JSON object (not a list, not null). */
export function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at `v`, or undefined; a value of another type is a problem. */
export function objectAt(v: unknown, field: string, problems: Problem[]): Json | undefined {
  if (v === undefined || v === null) return undefined;
  if (isJson(v)) return v;
  problems.push({ property: field, value: v, expected: 'The API expects an object here.' });
  return undefined;
}

/** The list at `v` ([] when absent); a value of another type is a problem. */
export function listAt(v: unknown, field: string, problems: Problem[]): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  problems.push({ property: field, value: v, expected: 'The API expects a list here.' });
  return [];
}

/** The string at `v`, or undefined; a value of another type is a problem. */
export function stringAt(v: unknown, field: string, problems: Problem[]): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  problems.push({ property: field, value: v, expected: 'The API expects a string here (quote it in YAML).' });
  return undefined;
}

export const INT32_MAX = 2147483647;
const INT64_MAX = 9223372036854775807n;

/** An integer within [min, max] (int32 unless `max` says otherwise). */
export function intProblems(field: string, v: unknown, min: number, max: number = INT32_MAX): Problem[] {
  if (v === undefined || v === null) return [];
  if (typeof v !== 'number' || !Number.isInteger(v)) return [{ property: field, value: v, expected: 'The API expects a whole number here.' }];
  if (v < min || v > max) return [{ property: field, value: v, expected: `Use a whole number from ${min} to ${max}.` }];
  return [];
}

const PERCENT = /^[0-9]+%$/;

/** ValidatePositiveIntOrPercent, and IsNotMoreThan100Percent unless `over100` (a Deployment's maxSurge). */
export function intOrPercentProblems(f: string, v: unknown, over100 = false): Problem[] {
  if (v === undefined) return [];
  if (typeof v === 'number') return intProblems(f, v, 0);
  if (typeof v === 'string' && PERCENT.test(v) && (over100 || parseInt(v, 10) <= 100)) return [];
  const percent = over100 ? 'a percentage such as "25%"' : 'a percentage from "0%" to "100%"';
  return [{ property: f, value: v, expected: `Use a whole number of 0 or more, or ${percent}.` }];
}

/** An int64 (JavaScript numbers beyond 2^53 are already imprecise; they must at least fit). */
export function int64Problems(field: string, v: unknown, min = 0): Problem[] {
  if (v === undefined || v === null) return [];
  if (typeof v !== 'number' || !Number.isInteger(v)) return [{ property: field, value: v, expected: 'The API expects a whole number here.' }];
  if (v < min || BigInt(v) > INT64_MAX) return [{ property: field, value: v, expected: `Use a whole number from ${min} to ${INT64_MAX} (int64).` }];
  return [];
}

/** Whether a string is a base-10 int64, as the scheduler parses Gt/Lt values (strconv.ParseInt). */
export function isInt64String(s: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(s)) return false;
  // Up to 18 digits always fits; only longer ones need the exact comparison.
  if (s.replace(/^[+-]/, '').length <= 18) return true;
  const n = BigInt(s);
  return n <= INT64_MAX && n >= -INT64_MAX - 1n;
}

/** A TCP/UDP/SCTP port number, 1-65535 (IsValidPortNum). */
export function portProblems(field: string, v: unknown): Problem[] {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535) return [];
  return [{ property: field, value: v, expected: 'Use a port number from 1 to 65535.' }];
}

const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9]|-(?=[a-z0-9]))*$/;

/** A port name (IsValidPortName): at most 15 lowercase alphanumerics and single dashes, one letter. */
export function portNameProblems(field: string, v: unknown): Problem[] {
  if (typeof v === 'string' && v.length >= 1 && v.length <= 15 && IANA_SVC_NAME.test(v) && /[a-z]/.test(v)) return [];
  return [{ property: field, value: v, expected: 'Use a port name of at most 15 lowercase letters, digits and single "-", with a letter (an IANA service name), e.g. "metrics".' }];
}

/** A port given by number or by name (probes, targetPort). */
export function intOrPortNameProblems(field: string, v: unknown): Problem[] {
  return typeof v === 'string' ? portNameProblems(field, v) : portProblems(field, v);
}

/** One of a closed set of strings. */
export function enumProblems(field: string, v: unknown, allowed: readonly string[]): Problem[] {
  if (v === undefined) return [];
  if (typeof v === 'string' && allowed.includes(v)) return [];
  return [{ property: field, value: v, expected: `Use one of ${allowed.map(a => JSON.stringify(a)).join(', ')}.` }];
}

/** A label map: qualified-name keys, label values. */
export function labelsProblems(field: string, v: unknown): Problem[] {
  const problems: Problem[] = [];
  const map = objectAt(v, field, problems) ?? {};
  // Checked before any message is built: every object carries labels, nearly always valid.
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (!isQualifiedName(key)) problems.push(...qualifiedNameProblems(`${field} key`, key));
    if (typeof value !== 'string') problems.push({ property: `${field}[${key}]`, value, expected: 'Label values are strings (quote them in YAML).' });
    else if (!isLabelValue(value)) problems.push(...labelValueProblems(`${field}[${key}]`, value));
  }
  return problems;
}

/** Strings the API checks with a name grammar. */
export function nameProblems(field: string, v: unknown, grammar: 'label' | 'subdomain'): Problem[] {
  if (typeof v !== 'string') return [{ property: field, value: v, expected: 'A name is a string.' }];
  return grammar === 'label' ? dnsLabelProblems(field, v) : dnsSubdomainProblems(field, v);
}

/**
 * A resource quantity (resource.ParseQuantity after Quantity.UnmarshalJSON trims it), non-negative
 * as requests, limits and sizes must be (ValidateNonnegativeQuantity). null decodes as unset.
 */
export function quantityProblems(field: string, v: unknown): Problem[] {
  if (v === null) return [];
  const q = parseQuantity(v);
  if (q && !isNegative(q)) return [];
  return [{ property: field, value: v, expected: 'Use a non-negative quantity, e.g. "100m" or "128Mi".' }];
}

/** A true/false field: the API server cannot decode anything else (null decodes as unset). */
export function boolProblems(field: string, v: unknown): Problem[] {
  if (v === undefined || v === null || typeof v === 'boolean') return [];
  return [{ property: field, value: v, expected: 'Use true or false (not a string).' }];
}

/** The length of a string as Go's len() counts it: bytes of UTF-8. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** hasChDirPrefix (apimachinery util/validation): ".", ".." and a leading ".." are refused. */
export function chDirPrefixProblem(s: string): string | undefined {
  if (s === '.' || s === '..') return `may not be "${s}"`;
  if (s.startsWith('..')) return 'may not start with ".."';
  return undefined;
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** A ConfigMap or Secret key, also named by key selectors (IsConfigMapKey). */
export function configMapKeyProblems(field: string, v: unknown): Problem[] {
  const key = typeof v === 'string' ? v : undefined;
  if (key !== undefined && key.length <= 253 && CONFIG_KEY.test(key) && chDirPrefixProblem(key) === undefined) return [];
  return [{ property: field, value: v, expected: 'Use a key of at most 253 letters, digits, "-", "_" and ".", not "." nor starting with "..".' }];
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * A metav1.LabelSelector as ValidateLabelSelector checks it (apimachinery meta/v1/validation,
 * v1.28): matchLabels as labels; each expression with a known operator, values as the operator
 * needs them, a qualified-name key and label-value values (v1.28 checks the values; v1.20 only
 * refused them when it converted the selector).
 */
export function labelSelectorProblems(field: string, raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const selector = objectAt(raw, field, problems);
  if (!selector) return problems;
  problems.push(...labelsProblems(`${field}.matchLabels`, selector.matchLabels));
  listAt(selector.matchExpressions, `${field}.matchExpressions`, problems).forEach((item, i) => {
    const f = `${field}.matchExpressions[${i}]`;
    const e = objectAt(item, f, problems);
    if (!e) return;
    const key = stringAt(e.key, `${f}.key`, problems) ?? '';
    problems.push(...qualifiedNameProblems(`${f}.key`, key));
    const values = listAt(e.values, `${f}.values`, problems);
    if (!SELECTOR_OPERATORS.includes(e.operator as string)) {
      problems.push({ property: `${f}.operator`, value: e.operator, expected: `Use one of ${SELECTOR_OPERATORS.join(', ')}.` });
    } else if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) {
      problems.push({ property: `${f}.values`, value: e.values, expected: `${String(e.operator)} needs at least one value.` });
    } else if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) {
      problems.push({ property: `${f}.values`, value: e.values, expected: `${String(e.operator)} takes no values.` });
    }
    values.forEach((v, j) => {
      const value = stringAt(v, `${f}.values[${j}]`, problems);
      if (value !== undefined) problems.push(...labelValueProblems(`${f}.values[${j}]`, value));
    });
  });
  return problems;
}

/**
 * Whether a label selector matches a label set, as metav1.LabelSelectorAsSelector and
 * Selector.Matches evaluate it; undefined when the selector cannot be converted (the server then
 * skips the comparison). An absent selector matches nothing (labels.Nothing()).
 */
export function selectorMatches(raw: unknown, labels: Json): boolean | undefined {
  if (raw === undefined || raw === null) return false;
  if (!isJson(raw)) return undefined;
  const has = (k: string) => typeof labels[k] === 'string';
  const validKey = (k: unknown) => typeof k === 'string' && qualifiedNameProblems('', k).length === 0;
  const validValue = (v: unknown) => typeof v === 'string' && labelValueProblems('', v).length === 0;
  let matches = true;
  for (const [k, v] of Object.entries(isJson(raw.matchLabels) ? raw.matchLabels : {})) {
    if (!validKey(k) || !validValue(v)) return undefined;
    if (labels[k] !== v) matches = false;
  }
  for (const e of Array.isArray(raw.matchExpressions) ? raw.matchExpressions : []) {
    if (!isJson(e) || !validKey(e.key)) return undefined;
    const key = e.key as string;
    const values = Array.isArray(e.values) ? e.values : [];
    if (!values.every(validValue)) return undefined;
    switch (e.operator) {
      case 'In':
        if (values.length === 0) return undefined;
        if (!has(key) || !values.includes(labels[key])) matches = false;
        break;
      case 'NotIn':
        if (values.length === 0) return undefined;
        if (has(key) && values.includes(labels[key])) matches = false;
        break;
      case 'Exists':
        if (values.length > 0) return undefined;
        if (!has(key)) matches = false;
        break;
      case 'DoesNotExist':
        if (values.length > 0) return undefined;
        if (has(key)) matches = false;
        break;
      default:
        return undefined;
    }
  }
  return matches;
}

const IPV4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

/** Whether `s` is an IPv4 or IPv6 address (net.ParseIP). */
export function isIp(s: string): boolean {
  if (IPV4.test(s)) return true;
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return false;
  const [head, tail, ...rest] = s.split('::');
  if (rest.length > 0) return false;
  const groups = (part: string | undefined) => part === undefined || part === '' ? [] : part.split(':');
  const all = [...groups(head), ...groups(tail)];
  const last = all[all.length - 1];
  const embedsV4 = last !== undefined && last.includes('.');
  if (embedsV4 && !IPV4.test(last)) return false;
  const hexGroups = embedsV4 ? all.slice(0, -1) : all;
  if (!hexGroups.every(g => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const width = hexGroups.length + (embedsV4 ? 2 : 0);
  return tail === undefined ? width === 8 : width < 8;
}

/** An absolute-or-relative path without ".." elements (validatePathNoBacksteps). */
export function noBackstepsProblems(field: string, v: unknown): Problem[] {
  if (typeof v !== 'string') return [{ property: field, value: v, expected: 'A path is a string.' }];
  if (v.includes('..') && v.split('/').includes('..')) return [{ property: field, value: v, expected: 'Kubernetes refuses ".." in this path: write the resolved path.' }];
  return [];
}
