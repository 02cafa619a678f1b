import { Problem } from './errors';
import { Remembered } from './remembered';

// Kubernetes name and label grammars (k8s.io/apimachinery/pkg/util/validation).
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9]|-(?=[a-z0-9]))*$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** A DNS-1123 label: the form of namespace, container, volume and most object names. */
export function dnsLabelProblems(property: string, value: string): Problem[] {
  if (value.length <= 63 && DNS1123_LABEL.test(value)) return [];
  return [{ property, value, expected: 'Use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit (a DNS-1123 label), e.g. "node-exporter".' }];
}

/** A DNS-1123 subdomain: the form of most object names. */
export function dnsSubdomainProblems(property: string, value: string): Problem[] {
  if (value.length <= 253 && DNS1123_SUBDOMAIN.test(value)) return [];
  return [{ property, value, expected: 'Use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit (a DNS-1123 subdomain), e.g. "node-exporter".' }];
}

/** A DNS-1035 label: the form of Service names. */
export function serviceNameProblems(property: string, value: string): Problem[] {
  if (value.length <= 63 && DNS1035_LABEL.test(value)) return [];
  return [{ property, value, expected: 'Use at most 63 lowercase letters, digits and "-", starting with a letter (a DNS-1035 label), e.g. "node-exporter".' }];
}

/** Whether `value` is a valid label value. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** A label value (also a node-selector value). */
export function labelValueProblems(property: string, value: string): Problem[] {
  if (isLabelValue(value)) return [];
  return [{ property, value, expected: 'Use at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit (or an empty string).' }];
}

/**
 * Keys already checked: an app writes the same few label and annotation keys on thousands of
 * objects, and this check runs for each of them at construction and again at synth.
 */
const qualifiedNames = new Remembered<string, boolean>(4096);

/** Whether `value` is a qualified name (see qualifiedNameProblems). */
export function isQualifiedName(value: string): boolean {
  return qualifiedNames.get(value, checkQualifiedName);
}

function checkQualifiedName(value: string): boolean {
  const parts = value.split('/');
  return (parts.length === 1 || parts.length === 2)
    && parts[parts.length - 1].length <= 63 && QUALIFIED_NAME_PART.test(parts[parts.length - 1])
    && (parts.length === 1 || (parts[0].length <= 253 && DNS1123_SUBDOMAIN.test(parts[0])));
}

/** A qualified name, the form of label, annotation and taint keys: `[prefix/]name`. */
export function qualifiedNameProblems(property: string, value: string): Problem[] {
  if (isQualifiedName(value)) return [];
  return [{ property, value, expected: 'Use a qualified name "[prefix/]name": an optional DNS subdomain prefix and a name of at most 63 letters, digits, "-", "_" and ".", e.g. "kubernetes.io/os".' }];
}

/** A map of labels: each key a qualified name, each value a label value. */
export function labelMapProblems(property: string, labels: { [key: string]: string } | undefined): Problem[] {
  return Object.entries(labels ?? {}).flatMap(([key, value]) => [
    ...qualifiedNameProblems(`${property} key`, key),
    ...labelValueProblems(`${property}[${key}]`, value),
  ]);
}

/** Environment variable names the kubelet accepts (IsEnvVarName). */
export function envNameProblems(property: string, names: readonly string[]): Problem[] {
  return names.filter(name => !ENV_VAR_NAME.test(name)).map(name => ({
    property, value: name, expected: 'Use an environment variable name of letters, digits, "_", "-" and ".", not starting with a digit, e.g. "GOMAXPROCS".',
  }));
}

/** An IANA service name, the form of port names. */
export function portNameProblems(property: string, value: string): Problem[] {
  if (value.length >= 1 && value.length <= 15 && IANA_SVC_NAME.test(value) && /[a-z]/.test(value)) return [];
  return [{ property, value, expected: 'Use at most 15 lowercase letters, digits and single "-", with at least one letter (an IANA service name), e.g. "metrics".' }];
}

/** A TCP/UDP port number. */
export function portNumberProblems(property: string, value: number): Problem[] {
  if (Number.isInteger(value) && value >= 1 && value <= 65535) return [];
  return [{ property, value, expected: 'Use an integer port from 1 to 65535.' }];
}
