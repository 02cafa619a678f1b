/**
 * One container as validateContainers checks it (pkg/apis/core/validation/validation.go, v1.28):
 * name, image, ports, env and envFrom, resources, probes and lifecycle handlers, mounts, security
 * context, after the v1 defaults (SetDefaults_Container, SetDefaults_Probe,
 * SetDefaults_HTTPGetAction: empty enums and zero probe settings are unset).
 */
import {
  boolProblems, chDirPrefixProblem, configMapKeyProblems, enumProblems, int64Problems, intOrPortNameProblems, intProblems, isJson, Json, listAt,
  nameProblems, objectAt, portNameProblems, portProblems, quantityProblems, stringAt,
} from './field-rules';
import { compareQuantities, equalsOneOf, isNegative, isWhole, parseQuantity, Quantity } from './quantity';
import { securityContextProblems } from './security-rules';
import { Verdicts } from './verdicts';
import { Problem } from '../../base/errors';
import { envNameProblems, qualifiedNameProblems } from '../../base/names';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROPAGATIONS = ['None', 'HostToContainer', 'Bidirectional'];
const ENV_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'];
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket'];
// validEnvDownwardAPIFieldPathExpressions; metadata.labels['k'] and metadata.annotations['k'] too.
const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.podIP', 'status.podIPs'];
// ConvertDownwardAPIFieldLabel: what the server can convert at all; spec.host, the old name of
// spec.nodeName, is converted to it and so accepted.
const CONVERTIBLE_FIELD_PATHS = [...ENV_FIELD_PATHS, 'metadata.annotations', 'metadata.labels', 'spec.restartPolicy', 'spec.schedulerName', 'status.phase', 'spec.host'];
const RESOURCE_FIELDS = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];
const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;

/** What a container is checked against: its pod's volumes and host network setting. */
export interface PodContext {
  readonly volumeNames: ReadonlySet<string>;
  readonly hostNetwork: boolean;
}

const unset = (v: unknown) => v === undefined || v === null || v === '';

function portsProblems(at: string, ports: unknown[], hostNetwork: boolean): Problem[] {
  const problems: Problem[] = [];
  const names = new Set<string>();
  ports.forEach((raw, i) => {
    const f = `${at}.ports[${i}]`;
    const port = objectAt(raw, f, problems);
    if (!port) return;
    problems.push(...portProblems(`${f}.containerPort`, port.containerPort));
    // An integer field: "" is not unset here but a string the server cannot decode.
    if (port.hostPort !== undefined && port.hostPort !== null && port.hostPort !== 0) problems.push(...portProblems(`${f}.hostPort`, port.hostPort));
    // An empty protocol is TCP (SetDefaults_ContainerPort); an empty name is no name.
    problems.push(...enumProblems(`${f}.protocol`, unset(port.protocol) ? 'TCP' : port.protocol, PROTOCOLS));
    if (!unset(port.name)) {
      problems.push(...portNameProblems(`${f}.name`, port.name));
      if (names.has(String(port.name))) problems.push({ property: `${f}.name`, value: port.name, expected: 'Each port of a container needs a name of its own.' });
      names.add(String(port.name));
    }
    // With hostNetwork the container port is the node's port; the API refuses another hostPort
    // (0 stands for unset, which the API server defaults to containerPort: v1 defaults.go).
    // validateHostNetwork checks the pod's containers, not its init containers.
    if (hostNetwork && !unset(port.hostPort) && port.hostPort !== 0 && port.hostPort !== port.containerPort) {
      problems.push({ property: `${f}.hostPort`, value: port.hostPort, expected: `With hostNetwork, hostPort must equal containerPort (${String(port.containerPort)}): drop hostPort or make them equal.` });
    }
  });
  return problems;
}

/** IsEnvVarName: the grammar, and not ".", ".." nor starting with "..". */
function envVarNameProblems(field: string, name: string): Problem[] {
  const grammar = envNameProblems(field, [name]);
  if (grammar.length > 0) return grammar;
  const chdir = chDirPrefixProblem(name);
  return chdir ? [{ property: field, value: name, expected: `An environment variable name ${chdir}.` }] : [];
}

/** Divisors the server accepts (validateContainerResourceDivisor), compared by value and format. */
function divisorProblems(f: string, resource: string, raw: unknown): Problem[] {
  if (raw === undefined || raw === null) return [];
  const divisor = parseQuantity(raw);
  if (!divisor) return [{ property: f, value: raw, expected: 'Use a quantity such as "1m" or "1Mi".' }];
  if (divisor.num === 0n) return [];
  const q = (num: bigint, exp10: number): Quantity => ({ num, exp10, format: 'DecimalSI' });
  // The canonical form keeps the format: "1e3" stays "1e3", which no list holds; value 1 is "1" in any format.
  const ok = (values: Quantity[]) => equalsOneOf(divisor, [q(1n, 0)]) || (divisor.format !== 'DecimalExponent' && equalsOneOf(divisor, values));
  if (resource.endsWith('.cpu')) {
    if (ok([q(1n, -3)]) && divisor.format !== 'BinarySI') return [];
    return [{ property: f, value: raw, expected: 'For cpu the divisor is "1m" or "1".' }];
  }
  const decimal = [3, 6, 9, 12, 15, 18].map(e => q(1n, e));
  const binary = [10, 20, 30, 40, 50, 60].map(b => q(2n ** BigInt(b), 0));
  if (ok(divisor.format === 'BinarySI' ? binary : decimal)) return [];
  return [{ property: f, value: raw, expected: 'Use a divisor of 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi or 1Ei.' }];
}

/** A ConfigMap or Secret key selector: a DNS-subdomain name and a ConfigMap key. */
function keySelectorProblems(f: string, raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const sel = objectAt(raw, f, problems) ?? {};
  problems.push(...nameProblems(`${f}.name`, sel.name ?? '', 'subdomain'));
  if (unset(sel.key)) problems.push({ property: `${f}.key`, value: sel.key, expected: 'Name the key.' });
  else problems.push(...configMapKeyProblems(`${f}.key`, sel.key));
  problems.push(...boolProblems(`${f}.optional`, sel.optional));
  return problems;
}

function valueFromProblems(f: string, from: Json, value: unknown): Problem[] {
  const problems: Problem[] = [];
  const sources = ENV_SOURCES.filter(s => from[s] !== undefined && from[s] !== null);
  if (sources.length === 0) problems.push({ property: f, value: sources, expected: `Give one of ${ENV_SOURCES.join(', ')}.` });
  else if (!unset(value)) problems.push({ property: f.replace(/valueFrom$/, 'value'), value, expected: 'A variable takes value or valueFrom, not both.' });
  else if (sources.length > 1) problems.push({ property: f, value: sources, expected: `Give exactly one of ${ENV_SOURCES.join(', ')}.` });
  const fieldRef = objectAt(from.fieldRef, `${f}.fieldRef`, problems);
  if (fieldRef) {
    const path = stringAt(fieldRef.fieldPath, `${f}.fieldRef.fieldPath`, problems) ?? '';
    const subscripted = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(path);
    if (!unset(fieldRef.apiVersion) && fieldRef.apiVersion !== 'v1') {
      problems.push({ property: `${f}.fieldRef.apiVersion`, value: fieldRef.apiVersion, expected: 'Use "v1" (or leave it unset).' });
    } else if (path === '') {
      problems.push({ property: `${f}.fieldRef.fieldPath`, value: fieldRef.fieldPath, expected: 'Name the pod field, e.g. "spec.nodeName".' });
    } else if (subscripted) {
      const key = subscripted[1] === 'metadata.annotations' ? subscripted[2].toLowerCase() : subscripted[2];
      problems.push(...qualifiedNameProblems(`${f}.fieldRef.fieldPath`, key).map(p => ({ ...p, value: path })));
    } else if (!ENV_FIELD_PATHS.includes(path) && path !== 'spec.host') {
      problems.push({ property: `${f}.fieldRef.fieldPath`, value: path, expected: `Use one of ${ENV_FIELD_PATHS.join(', ')}, or metadata.labels['key'] / metadata.annotations['key'].${CONVERTIBLE_FIELD_PATHS.includes(path) ? '' : ' (The server does not know this field at all.)'}` });
    }
  }
  const resourceRef = objectAt(from.resourceFieldRef, `${f}.resourceFieldRef`, problems);
  if (resourceRef) {
    const resource = stringAt(resourceRef.resource, `${f}.resourceFieldRef.resource`, problems) ?? '';
    if (!RESOURCE_FIELDS.includes(resource)) problems.push({ property: `${f}.resourceFieldRef.resource`, value: resourceRef.resource, expected: `Use one of ${RESOURCE_FIELDS.join(', ')}.` });
    else problems.push(...divisorProblems(`${f}.resourceFieldRef.divisor`, resource, resourceRef.divisor));
  }
  for (const key of ['configMapKeyRef', 'secretKeyRef']) {
    if (from[key] !== undefined && from[key] !== null) problems.push(...keySelectorProblems(`${f}.${key}`, from[key]));
  }
  return problems;
}

function envProblems(at: string, env: unknown[]): Problem[] {
  const problems: Problem[] = [];
  env.forEach((raw, i) => {
    const f = `${at}.env[${i}]`;
    const entry = objectAt(raw, f, problems);
    if (!entry) return;
    const name = stringAt(entry.name, `${f}.name`, problems);
    if (name === undefined || name === '') problems.push({ property: `${f}.name`, value: entry.name, expected: 'Every environment variable needs a name.' });
    else problems.push(...envVarNameProblems(`${f}.name`, name));
    if (entry.value !== undefined) stringAt(entry.value, `${f}.value`, problems);
    const from = objectAt(entry.valueFrom, `${f}.valueFrom`, problems);
    if (from) problems.push(...valueFromProblems(`${f}.valueFrom`, from, entry.value));
  });
  return problems;
}

/** ValidateEnvFrom: an optional variable-name prefix and exactly one of configMapRef, secretRef. */
function envFromProblems(at: string, envFrom: unknown[]): Problem[] {
  const problems: Problem[] = [];
  envFrom.forEach((raw, i) => {
    const f = `${at}.envFrom[${i}]`;
    const source = objectAt(raw, f, problems);
    if (!source) return;
    const prefix = stringAt(source.prefix, `${f}.prefix`, problems);
    if (prefix) problems.push(...envVarNameProblems(`${f}.prefix`, prefix));
    const refs = ['configMapRef', 'secretRef'].filter(k => source[k] !== undefined && source[k] !== null);
    if (refs.length !== 1) problems.push({ property: f, value: refs, expected: 'Give exactly one of configMapRef, secretRef.' });
    for (const ref of refs) {
      const r = objectAt(source[ref], `${f}.${ref}`, problems) ?? {};
      if (unset(r.name)) problems.push({ property: `${f}.${ref}.name`, value: r.name, expected: 'Name the ConfigMap or Secret.' });
      else problems.push(...nameProblems(`${f}.${ref}.name`, r.name, 'subdomain'));
    }
  });
  return problems;
}

/** validateContainerResourceName: a standard container resource, or a qualified extended resource. */
function resourceNameProblems(f: string, name: string): Problem[] {
  const grammar = qualifiedNameProblems(f, name);
  if (grammar.length > 0) return grammar;
  if (!name.includes('/')) {
    if (STANDARD_CONTAINER_RESOURCES.includes(name) || name.startsWith('hugepages-')) return [];
    return [{ property: f, value: name, expected: 'Use cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed extended resource such as "nvidia.com/gpu".' }];
  }
  if (isNative(name)) return [];
  if (name.startsWith('requests.') || qualifiedNameProblems(f, `requests.${name}`).length > 0) {
    return [{ property: f, value: name, expected: 'An extended resource name is "domain/name", short enough to be prefixed with "requests.".' }];
  }
  return [];
}

/** IsNativeResource: no domain, or the kubernetes.io domain. */
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/**
 * ValidateResourceRequirements: valid names, non-negative quantities, whole numbers for extended
 * resources, requests at most the limits, and for resources that cannot be overcommitted
 * (extended resources, hugepages) a limit equal to the request.
 */
function resourcesProblems(at: string, raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const f = `${at}.resources`;
  const resources = objectAt(raw, f, problems);
  if (!resources) return problems;
  const requests = objectAt(resources.requests, `${f}.requests`, problems) ?? {};
  const limits = objectAt(resources.limits, `${f}.limits`, problems) ?? {};
  const parsed: { [kind: string]: { [name: string]: Quantity | undefined } } = { requests: {}, limits: {} };
  for (const [kind, map] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, v] of Object.entries(map)) {
      const qf = `${f}.${kind}.${name}`;
      problems.push(...resourceNameProblems(qf, name));
      const quantityIssues = quantityProblems(qf, v);
      problems.push(...quantityIssues);
      const q = v === null ? parseQuantity('0') : parseQuantity(v);
      parsed[kind][name] = q;
      if (q && quantityIssues.length === 0 && name.includes('/') && !isNative(name) && !isWhole(q)) {
        problems.push({ property: qf, value: v, expected: 'Extended resources are counted in whole units, e.g. "1".' });
      }
    }
  }
  for (const [name, request] of Object.entries(parsed.requests)) {
    const overcommit = isNative(name) && !name.startsWith('hugepages-');
    const limit = parsed.limits[name];
    if (!(name in limits)) {
      if (!overcommit) problems.push({ property: `${f}.limits.${name}`, value: undefined, expected: `${name} cannot be overcommitted: set its limit, equal to the request.` });
      continue;
    }
    if (!request || !limit || isNegative(request) || isNegative(limit)) continue;
    const cmp = compareQuantities(request, limit);
    const shown = limits[name] === null ? 'null, which is 0' : String(limits[name]);
    if (!overcommit && cmp !== 0) {
      problems.push({ property: `${f}.requests.${name}`, value: requests[name], expected: `${name} cannot be overcommitted: its request must equal its limit (${shown}).` });
    } else if (cmp > 0) {
      problems.push({ property: `${f}.requests.${name}`, value: requests[name], expected: `A request may not exceed its limit (${shown}).` });
    }
  }
  const names = [...Object.keys(requests), ...Object.keys(limits)];
  if (names.some(n => n.startsWith('hugepages-')) && !names.some(n => n === 'cpu' || n === 'memory')) {
    problems.push({ property: f, value: names, expected: 'Hugepages need a cpu or memory request or limit as well.' });
  }
  return problems;
}

/** A handler of a probe or lifecycle hook (validateHandler): exactly one, each valid. */
function handlerProblems(f: string, handler: Json, kinds: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const handlers = kinds.filter(h => handler[h] !== undefined && handler[h] !== null);
  if (handlers.length !== 1) problems.push({ property: f, value: handlers, expected: `Give exactly one handler: ${kinds.join(', ')}.` });
  const exec = objectAt(handler.exec, `${f}.exec`, problems);
  if (exec && listAt(exec.command, `${f}.exec.command`, problems).length === 0) problems.push({ property: `${f}.exec.command`, value: exec.command, expected: 'Give the command to run.' });
  const http = objectAt(handler.httpGet, `${f}.httpGet`, problems);
  if (http) {
    problems.push(...intOrPortNameProblems(`${f}.httpGet.port`, http.port));
    problems.push(...enumProblems(`${f}.httpGet.scheme`, unset(http.scheme) ? 'HTTP' : http.scheme, ['HTTP', 'HTTPS']));
    listAt(http.httpHeaders, `${f}.httpGet.httpHeaders`, problems).forEach((h, i) => {
      const name = isJson(h) ? h.name : undefined;
      if (typeof name !== 'string' || !HTTP_HEADER_NAME.test(name)) problems.push({ property: `${f}.httpGet.httpHeaders[${i}].name`, value: name, expected: 'Use an HTTP header name of letters, digits and "-", e.g. "X-Probe".' });
    });
  }
  const tcp = objectAt(handler.tcpSocket, `${f}.tcpSocket`, problems);
  if (tcp) problems.push(...intOrPortNameProblems(`${f}.tcpSocket.port`, tcp.port));
  const grpc = objectAt(handler.grpc, `${f}.grpc`, problems);
  if (grpc) problems.push(...portProblems(`${f}.grpc.port`, grpc.port));
  return problems;
}

/** A probe: exactly one handler, a valid port, non-negative timings (0 is unset and defaulted). */
export function probeProblems(f: string, raw: unknown, liveness: boolean): Problem[] {
  const problems: Problem[] = [];
  const probe = objectAt(raw, f, problems);
  if (!probe) return problems;
  problems.push(...handlerProblems(f, probe, PROBE_HANDLERS));
  for (const key of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    problems.push(...intProblems(`${f}.${key}`, probe[key], 0));
  }
  problems.push(...int64Problems(`${f}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 1));
  if (liveness && !unset(probe.successThreshold) && probe.successThreshold !== 0 && probe.successThreshold !== 1) {
    problems.push({ property: `${f}.successThreshold`, value: probe.successThreshold, expected: 'A liveness or startup probe\'s successThreshold must be 1.' });
  }
  return problems;
}

/** validateLocalDescendingPath: relative, without ".." elements. */
function descendingPathProblems(field: string, path: string): Problem[] {
  if (path.startsWith('/')) return [{ property: field, value: path, expected: 'Use a path relative to the volume.' }];
  if (path.split('/').includes('..')) return [{ property: field, value: path, expected: 'Kubernetes refuses ".." in this path.' }];
  return [];
}

function mountsProblems(at: string, mounts: unknown[], context: PodContext, privileged: boolean): Problem[] {
  const problems: Problem[] = [];
  const paths = new Set<string>();
  mounts.forEach((raw, i) => {
    const f = `${at}.volumeMounts[${i}]`;
    const mount = objectAt(raw, f, problems);
    if (!mount) return;
    const name = stringAt(mount.name, `${f}.name`, problems);
    if (name === undefined || !context.volumeNames.has(name)) problems.push({ property: `${f}.name`, value: mount.name, expected: 'A mount must name one of the pod\'s volumes.' });
    const path = stringAt(mount.mountPath, `${f}.mountPath`, problems);
    if (!path) problems.push({ property: `${f}.mountPath`, value: mount.mountPath, expected: 'Give the path inside the container.' });
    else if (paths.has(path)) problems.push({ property: `${f}.mountPath`, value: path, expected: 'Each mount path may be used once per container.' });
    if (path) paths.add(path);
    const subPath = stringAt(mount.subPath, `${f}.subPath`, problems) ?? '';
    const subPathExpr = stringAt(mount.subPathExpr, `${f}.subPathExpr`, problems) ?? '';
    if (subPath !== '') problems.push(...descendingPathProblems(`${f}.subPath`, subPath));
    if (subPathExpr !== '') {
      if (subPath !== '') problems.push({ property: `${f}.subPathExpr`, value: subPathExpr, expected: 'Give subPath or subPathExpr, not both.' });
      problems.push(...descendingPathProblems(`${f}.subPathExpr`, subPathExpr));
    }
    problems.push(...boolProblems(`${f}.readOnly`, mount.readOnly));
    problems.push(...enumProblems(`${f}.mountPropagation`, mount.mountPropagation, PROPAGATIONS));
    if (mount.mountPropagation === 'Bidirectional' && !privileged) {
      problems.push({ property: `${f}.mountPropagation`, value: 'Bidirectional', expected: 'Bidirectional propagation is allowed only in a privileged container.' });
    }
  });
  return problems;
}

// The same few containers repeat on every agent of a fleet (verdicts.ts).
const verdicts = new Verdicts(256, 8);

/** Problems with one container; `at` names it, e.g. `spec.template.spec.containers[fluent-bit]`. */
export function containerProblems(at: string, container: Json, context: PodContext, init: boolean): Problem[] {
  const key = `${at}\0${init}\0${context.hostNetwork}\0${[...context.volumeNames].join('\0')}`;
  return verdicts.get(key, container, () => checkContainer(at, container, context, init));
}

function checkContainer(at: string, container: Json, context: PodContext, init: boolean): Problem[] {
  const problems: Problem[] = [];
  problems.push(...nameProblems(`${at}.name`, container.name, 'label'));
  const image = stringAt(container.image, `${at}.image`, problems);
  if (!image || image.trim() !== image) problems.push({ property: `${at}.image`, value: container.image, expected: 'Give an image reference without surrounding spaces, e.g. "quay.io/prometheus/node-exporter:v1.12.1".' });
  problems.push(...portsProblems(at, listAt(container.ports, `${at}.ports`, problems), context.hostNetwork && !init));
  problems.push(...envProblems(at, listAt(container.env, `${at}.env`, problems)));
  problems.push(...envFromProblems(at, listAt(container.envFrom, `${at}.envFrom`, problems)));
  problems.push(...resourcesProblems(at, container.resources));
  problems.push(...enumProblems(`${at}.imagePullPolicy`, unset(container.imagePullPolicy) ? 'IfNotPresent' : container.imagePullPolicy, PULL_POLICIES));
  problems.push(...enumProblems(`${at}.terminationMessagePolicy`, unset(container.terminationMessagePolicy) ? 'File' : container.terminationMessagePolicy, ['File', 'FallbackToLogsOnError']));
  for (const key of ['command', 'args']) {
    listAt(container[key], `${at}.${key}`, problems).forEach((a, i) => stringAt(a, `${at}.${key}[${i}]`, problems));
  }
  for (const key of ['stdin', 'stdinOnce', 'tty']) problems.push(...boolProblems(`${at}.${key}`, container[key]));
  const security = isJson(container.securityContext) ? container.securityContext : undefined;
  problems.push(...securityContextProblems(`${at}.securityContext`, container.securityContext, false));
  problems.push(...mountsProblems(at, listAt(container.volumeMounts, `${at}.volumeMounts`, problems), context, security?.privileged === true));
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (container[kind] === undefined || container[kind] === null) continue;
    // Init containers run to completion; the API refuses probes on them (unless restartable).
    if (init && container.restartPolicy !== 'Always') problems.push({ property: `${at}.${kind}`, value: kind, expected: 'Init containers may not have probes.' });
    else problems.push(...probeProblems(`${at}.${kind}`, container[kind], kind === 'livenessProbe' || kind === 'startupProbe'));
  }
  const lifecycle = objectAt(container.lifecycle, `${at}.lifecycle`, problems);
  if (lifecycle && init) problems.push({ property: `${at}.lifecycle`, value: lifecycle, expected: 'Init containers may not have lifecycle hooks.' });
  for (const hook of ['postStart', 'preStop']) {
    const handler = objectAt(lifecycle?.[hook], `${at}.lifecycle.${hook}`, problems);
    if (handler) problems.push(...handlerProblems(`${at}.lifecycle.${hook}`, handler, LIFECYCLE_HANDLERS));
  }
  return problems;
}
