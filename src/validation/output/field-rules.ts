/**
 * The field-level rules of the Kubernetes API server that the output validator applies: value
 * grammars and ranges, each as k8s.io/apimachinery/pkg/util/validation (validation.go) and
 * pkg/apis/core/validation (validation.go) state them at v1.28. Every rule takes the field path
 * and the value as found in the emitted JSON, which may be of any type.
 */
import { Problem } from '../../base/errors';
import { dnsLabelProblems, dnsSubdomainProblems, labelValueProblems, qualifiedNameProblems } from '../../base/names';

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

const INT32_MAX = 2147483647;
const INT64_MAX = 9223372036854775807n;

/** An integer within [min, max] (int32 unless `max` says otherwise). */
export function intProblems(field: string, v: unknown, min: number, max: number = INT32_MAX): Problem[] {
  if (v === undefined || v === null) return [];
  if (typeof v !== 'number' || !Number.isInteger(v)) return [{ property: field, value: v, expected: 'The API expects a whole number here.' }];
  if (v < min || v > max) return [{ property: field, value: v, expected: `Use a whole number from ${min} to ${max}.` }];
  return [];
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
  const map = objectAt(v, field, problems);
  for (const [key, value] of Object.entries(map ?? {})) {
    problems.push(...qualifiedNameProblems(`${field} key`, key));
    if (typeof value !== 'string') problems.push({ property: `${field}[${key}]`, value, expected: 'Label values are strings (quote them in YAML).' });
    else problems.push(...labelValueProblems(`${field}[${key}]`, value));
  }
  return problems;
}

/** Strings the API checks with a name grammar. */
export function nameProblems(field: string, v: unknown, grammar: 'label' | 'subdomain'): Problem[] {
  if (typeof v !== 'string') return [{ property: field, value: v, expected: 'A name is a string.' }];
  return grammar === 'label' ? dnsLabelProblems(field, v) : dnsSubdomainProblems(field, v);
}

const QUANTITY = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

/** A resource quantity (resource.ParseQuantity), non-negative as requests and limits must be. */
export function quantityProblems(field: string, v: unknown): Problem[] {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return [];
  if (typeof v === 'string' && QUANTITY.test(v) && !v.startsWith('-')) return [];
  return [{ property: field, value: v, expected: 'Use a non-negative quantity, e.g. "100m" or "128Mi".' }];
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
  if (v.split('/').includes('..')) return [{ property: field, value: v, expected: 'Kubernetes refuses ".." in this path: write the resolved path.' }];
  return [];
}
