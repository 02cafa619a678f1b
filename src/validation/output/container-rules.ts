/**
 * One container as validateContainers checks it (pkg/apis/core/validation/validation.go, v1.28):
 * name, image, ports, env, resources, probes, mounts, security context.
 */
import {
  enumProblems, int64Problems, intOrPortNameProblems, intProblems, isJson, Json, listAt, nameProblems, objectAt, portNameProblems,
  portProblems, quantityProblems, stringAt,
} from './field-rules';
import { securityContextProblems } from './security-rules';
import { Problem } from '../../base/errors';
import { envNameProblems } from '../../base/names';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROPAGATIONS = ['None', 'HostToContainer', 'Bidirectional'];
const ENV_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'];
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

/** What a container is checked against: its pod's volumes and host network setting. */
export interface PodContext {
  readonly volumeNames: ReadonlySet<string>;
  readonly hostNetwork: boolean;
}

function portsProblems(at: string, ports: unknown[], hostNetwork: boolean): Problem[] {
  const problems: Problem[] = [];
  const names = new Set<string>();
  ports.forEach((raw, i) => {
    const f = `${at}.ports[${i}]`;
    const port = objectAt(raw, f, problems);
    if (!port) return;
    problems.push(...portProblems(`${f}.containerPort`, port.containerPort));
    if (port.hostPort !== undefined && port.hostPort !== 0) problems.push(...portProblems(`${f}.hostPort`, port.hostPort));
    problems.push(...enumProblems(`${f}.protocol`, port.protocol, PROTOCOLS));
    if (port.name !== undefined) {
      problems.push(...portNameProblems(`${f}.name`, port.name));
      if (names.has(String(port.name))) problems.push({ property: `${f}.name`, value: port.name, expected: 'Each port of a container needs a name of its own.' });
      names.add(String(port.name));
    }
    // With hostNetwork the container port is the node's port; the API refuses another hostPort
    // (0 stands for unset, which the API server defaults to containerPort: v1 defaults.go).
    if (hostNetwork && port.hostPort !== undefined && port.hostPort !== 0 && port.hostPort !== port.containerPort) {
      problems.push({ property: `${f}.hostPort`, value: port.hostPort, expected: `With hostNetwork, hostPort must equal containerPort (${String(port.containerPort)}): drop hostPort or make them equal.` });
    }
  });
  return problems;
}

function envProblems(at: string, env: unknown[]): Problem[] {
  const problems: Problem[] = [];
  env.forEach((raw, i) => {
    const f = `${at}.env[${i}]`;
    const entry = objectAt(raw, f, problems);
    if (!entry) return;
    const name = stringAt(entry.name, `${f}.name`, problems);
    if (name === undefined) problems.push({ property: `${f}.name`, value: entry.name, expected: 'Every environment variable needs a name.' });
    else problems.push(...envNameProblems(`${f}.name`, [name]));
    if (entry.value !== undefined) stringAt(entry.value, `${f}.value`, problems);
    const from = objectAt(entry.valueFrom, `${f}.valueFrom`, problems);
    if (from) {
      const sources = ENV_SOURCES.filter(s => from[s] !== undefined);
      if (sources.length !== 1) problems.push({ property: `${f}.valueFrom`, value: sources, expected: `Give exactly one of ${ENV_SOURCES.join(', ')}.` });
      if (entry.value !== undefined && entry.value !== '') problems.push({ property: `${f}.value`, value: entry.value, expected: 'A variable takes value or valueFrom, not both.' });
    }
  });
  return problems;
}

function resourcesProblems(at: string, raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const resources = objectAt(raw, `${at}.resources`, problems);
  if (!resources) return problems;
  const requests = objectAt(resources.requests, `${at}.resources.requests`, problems) ?? {};
  const limits = objectAt(resources.limits, `${at}.resources.limits`, problems) ?? {};
  for (const [name, q] of Object.entries(requests)) problems.push(...quantityProblems(`${at}.resources.requests.${name}`, q));
  for (const [name, q] of Object.entries(limits)) problems.push(...quantityProblems(`${at}.resources.limits.${name}`, q));
  return problems;
}

/** A probe: exactly one handler, a valid port, non-negative timings. */
export function probeProblems(f: string, raw: unknown, liveness: boolean): Problem[] {
  const problems: Problem[] = [];
  const probe = objectAt(raw, f, problems);
  if (!probe) return problems;
  const handlers = PROBE_HANDLERS.filter(h => probe[h] !== undefined);
  if (handlers.length !== 1) problems.push({ property: f, value: handlers, expected: `A probe needs exactly one handler: ${PROBE_HANDLERS.join(', ')}.` });
  const http = objectAt(probe.httpGet, `${f}.httpGet`, problems);
  if (http) {
    problems.push(...intOrPortNameProblems(`${f}.httpGet.port`, http.port));
    problems.push(...enumProblems(`${f}.httpGet.scheme`, http.scheme, ['HTTP', 'HTTPS']));
  }
  const tcp = objectAt(probe.tcpSocket, `${f}.tcpSocket`, problems);
  if (tcp) problems.push(...intOrPortNameProblems(`${f}.tcpSocket.port`, tcp.port));
  const grpc = objectAt(probe.grpc, `${f}.grpc`, problems);
  if (grpc) problems.push(...portProblems(`${f}.grpc.port`, grpc.port));
  for (const key of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    problems.push(...intProblems(`${f}.${key}`, probe[key], 0));
  }
  problems.push(...int64Problems(`${f}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 1));
  if (liveness && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    problems.push({ property: `${f}.successThreshold`, value: probe.successThreshold, expected: 'A liveness probe\'s successThreshold must be 1.' });
  }
  return problems;
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
    problems.push(...enumProblems(`${f}.mountPropagation`, mount.mountPropagation, PROPAGATIONS));
    if (mount.mountPropagation === 'Bidirectional' && !privileged) {
      problems.push({ property: `${f}.mountPropagation`, value: 'Bidirectional', expected: 'Bidirectional propagation is allowed only in a privileged container.' });
    }
  });
  return problems;
}

/** Problems with one container; `at` names it, e.g. `spec.template.spec.containers[fluent-bit]`. */
export function containerProblems(at: string, container: Json, context: PodContext, init: boolean): Problem[] {
  const problems: Problem[] = [];
  problems.push(...nameProblems(`${at}.name`, container.name, 'label'));
  const image = stringAt(container.image, `${at}.image`, problems);
  if (!image || image.trim() !== image) problems.push({ property: `${at}.image`, value: container.image, expected: 'Give an image reference without surrounding spaces, e.g. "quay.io/prometheus/node-exporter:v1.12.1".' });
  problems.push(...portsProblems(at, listAt(container.ports, `${at}.ports`, problems), context.hostNetwork));
  problems.push(...envProblems(at, listAt(container.env, `${at}.env`, problems)));
  problems.push(...resourcesProblems(at, container.resources));
  problems.push(...enumProblems(`${at}.imagePullPolicy`, container.imagePullPolicy, PULL_POLICIES));
  for (const key of ['command', 'args']) {
    listAt(container[key], `${at}.${key}`, problems).forEach((a, i) => stringAt(a, `${at}.${key}[${i}]`, problems));
  }
  const security = isJson(container.securityContext) ? container.securityContext : undefined;
  problems.push(...securityContextProblems(`${at}.securityContext`, container.securityContext, false));
  problems.push(...mountsProblems(at, listAt(container.volumeMounts, `${at}.volumeMounts`, problems), context, security?.privileged === true));
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (container[kind] === undefined) continue;
    // Init containers run to completion; the API refuses probes on them (unless restartable).
    if (init && container.restartPolicy !== 'Always') problems.push({ property: `${at}.${kind}`, value: kind, expected: 'Init containers may not have probes.' });
    else problems.push(...probeProblems(`${at}.${kind}`, container[kind], kind === 'livenessProbe' || kind === 'startupProbe'));
  }
  return problems;
}
