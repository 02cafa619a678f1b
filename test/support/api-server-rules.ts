/**
 * Rules the API server enforces that a JSON schema cannot express (pkg/apis/apps/validation and
 * pkg/apis/core/validation). Independent of the library's own validation on purpose: a test that
 * reused the library's checks could not catch the library emitting something the server refuses.
 */
import type { Manifest } from './manifests';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?=[a-z0-9]))*$/;
const PERCENT = /^[0-9]+%$/;

function subdomain(name: string, where: string, problems: string[]) {
  if (!name || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) problems.push(`${where}: "${name}" is not a DNS-1123 subdomain`);
}
function label(name: string, where: string, problems: string[]) {
  if (!name || name.length > 63 || !DNS1123_LABEL.test(name)) problems.push(`${where}: "${name}" is not a DNS-1123 label`);
}
function port(n: unknown, where: string, problems: string[]) {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) problems.push(`${where}: port ${String(n)} is outside 1-65535`);
}
function portName(name: string | undefined, where: string, problems: string[]) {
  // "" is an unnamed port (validateContainerPorts checks a name only when there is one).
  if (name !== undefined && name !== '' && (name.length > 15 || !IANA_SVC_NAME.test(name))) problems.push(`${where}: port name "${name}" is not an IANA service name`);
}

function intOrPercentIsZero(v: unknown): boolean {
  return v === 0 || v === '0%';
}

function checkIntOrPercent(v: unknown, where: string, problems: string[]) {
  if (v === undefined) return;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) problems.push(`${where}: ${v} must be an integer >= 0`);
  } else if (typeof v === 'string') {
    if (!PERCENT.test(v)) problems.push(`${where}: "${v}" is not a valid percent`);
    else if (parseInt(v, 10) > 100) problems.push(`${where}: "${v}" must not be greater than 100%`);
  } else {
    problems.push(`${where}: ${JSON.stringify(v)} is neither an integer nor a percent`);
  }
}

function checkUpdateStrategy(spec: any, where: string, problems: string[]) {
  const strategy = spec.updateStrategy;
  if (!strategy) return;
  if (strategy.type !== undefined && strategy.type !== 'RollingUpdate' && strategy.type !== 'OnDelete') {
    problems.push(`${where}.updateStrategy.type: unsupported "${strategy.type}"`);
  }
  if (strategy.type === 'OnDelete' || !strategy.rollingUpdate) return;
  const { maxUnavailable, maxSurge } = strategy.rollingUpdate;
  checkIntOrPercent(maxUnavailable, `${where}.updateStrategy.rollingUpdate.maxUnavailable`, problems);
  checkIntOrPercent(maxSurge, `${where}.updateStrategy.rollingUpdate.maxSurge`, problems);
  // After defaulting, a nil maxUnavailable is 1 and a nil maxSurge is 0.
  const unavailableZero = maxUnavailable === undefined ? false : intOrPercentIsZero(maxUnavailable);
  const surgeZero = maxSurge === undefined ? true : intOrPercentIsZero(maxSurge);
  if (unavailableZero && surgeZero) problems.push(`${where}: maxUnavailable cannot be 0 when maxSurge is 0`);
  if (!unavailableZero && !surgeZero) problems.push(`${where}: maxSurge may not be set when maxUnavailable is non-zero`);
}

function checkTolerations(tolerations: any[] | undefined, where: string, problems: string[]) {
  (tolerations ?? []).forEach((t, i) => {
    const at = `${where}.tolerations[${i}]`;
    const op = t.operator ?? 'Equal';
    if (op !== 'Equal' && op !== 'Exists') problems.push(`${at}: operator "${op}" is not Equal or Exists`);
    if (!t.key && op !== 'Exists') problems.push(`${at}: an empty key requires operator Exists`);
    if (op === 'Exists' && t.value) problems.push(`${at}: operator Exists requires an empty value`);
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') problems.push(`${at}: tolerationSeconds requires effect NoExecute`);
    if (t.effect !== undefined && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)) problems.push(`${at}: unknown effect "${t.effect}"`);
  });
}

function checkSelectorMatches(selector: any, labels: Record<string, string>, where: string, problems: string[]) {
  const matchLabels: Record<string, string> = selector?.matchLabels ?? {};
  if (Object.keys(matchLabels).length === 0 && (selector?.matchExpressions ?? []).length === 0) {
    problems.push(`${where}.selector: must not be empty`);
  }
  for (const [k, v] of Object.entries(matchLabels)) {
    if (labels[k] !== v) problems.push(`${where}.selector: ${k}=${v} does not match the template labels`);
  }
}

function checkPodSpec(pod: any, where: string, problems: string[]) {
  const volumeNames = new Set<string>();
  for (const v of pod.volumes ?? []) {
    label(v.name, `${where}.volumes`, problems);
    if (volumeNames.has(v.name)) problems.push(`${where}.volumes: duplicate name "${v.name}"`);
    volumeNames.add(v.name);
  }
  const containerNames = new Set<string>();
  const all = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  for (const c of all) {
    const at = `${where}.containers[${c.name}]`;
    label(c.name, at, problems);
    if (containerNames.has(c.name)) problems.push(`${at}: duplicate container name`);
    containerNames.add(c.name);
    const mountPaths = new Set<string>();
    for (const m of c.volumeMounts ?? []) {
      if (!volumeNames.has(m.name)) problems.push(`${at}.volumeMounts: "${m.name}" names no volume`);
      if (mountPaths.has(m.mountPath)) problems.push(`${at}.volumeMounts: duplicate mountPath "${m.mountPath}"`);
      mountPaths.add(m.mountPath);
      if (m.mountPropagation === 'Bidirectional' && !c.securityContext?.privileged) {
        problems.push(`${at}.volumeMounts: Bidirectional propagation requires a privileged container`);
      }
    }
    const portNames = new Set<string>();
    for (const p of c.ports ?? []) {
      port(p.containerPort, `${at}.ports`, problems);
      // 0 is the unset value (defaulted to containerPort under hostNetwork).
      if (p.hostPort !== undefined && p.hostPort !== 0) port(p.hostPort, `${at}.ports.hostPort`, problems);
      portName(p.name, `${at}.ports`, problems);
      if (p.name && portNames.has(p.name)) problems.push(`${at}.ports: duplicate name "${p.name}"`);
      if (p.name) portNames.add(p.name);
      if (pod.hostNetwork && p.hostPort !== undefined && p.hostPort !== 0 && p.hostPort !== p.containerPort) {
        problems.push(`${at}.ports: with hostNetwork, hostPort ${p.hostPort} must equal containerPort ${p.containerPort}`);
      }
    }
  }
  checkTolerations(pod.tolerations, where, problems);
  if (pod.restartPolicy !== undefined && pod.restartPolicy !== 'Always') problems.push(`${where}.restartPolicy must be Always for a DaemonSet`);
}

function checkService(obj: Manifest, problems: string[]) {
  const where = `Service/${obj.metadata.name}`;
  if (!DNS1035_LABEL.test(obj.metadata.name) || obj.metadata.name.length > 63) problems.push(`${where}: name is not a DNS-1035 label`);
  const names = new Set<string>();
  for (const p of obj.spec?.ports ?? []) {
    port(p.port, `${where}.ports`, problems);
    portName(p.name, `${where}.ports`, problems);
    if ((obj.spec.ports.length > 1) && !p.name) problems.push(`${where}.ports: every port needs a name when there are several`);
    if (p.name && names.has(p.name)) problems.push(`${where}.ports: duplicate name "${p.name}"`);
    if (p.name) names.add(p.name);
  }
}

/** Every reason the API server would refuse this set of objects; empty when it would accept them. */
export function apiServerProblems(objs: Manifest[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const obj of objs) {
    const id = `${obj.apiVersion}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    if (seen.has(id)) problems.push(`duplicate object ${obj.kind}/${obj.metadata.name}`);
    seen.add(id);
    subdomain(obj.metadata.name, `${obj.kind} name`, problems);
    if (obj.metadata.namespace !== undefined) label(obj.metadata.namespace, `${obj.kind}/${obj.metadata.name} namespace`, problems);
    if (obj.kind === 'DaemonSet') {
      const where = `DaemonSet/${obj.metadata.name}`;
      checkSelectorMatches(obj.spec.selector, obj.spec.template?.metadata?.labels ?? {}, where, problems);
      checkUpdateStrategy(obj.spec, where, problems);
      if ((obj.spec.minReadySeconds ?? 0) < 0) problems.push(`${where}.minReadySeconds must be >= 0`);
      if ((obj.spec.revisionHistoryLimit ?? 0) < 0) problems.push(`${where}.revisionHistoryLimit must be >= 0`);
      checkPodSpec(obj.spec.template.spec, `${where}.template.spec`, problems);
    }
    if (obj.kind === 'Service') checkService(obj, problems);
  }
  return problems;
}
