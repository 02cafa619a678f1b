/**
 * Field-by-field mutations of valid objects, each drawn with a seeded random generator. A mutation
 * edits a deep copy in place and returns what it did ("spec.x = 5"), or undefined when it does not
 * apply to that object. Values mix invalid and valid choices on purpose: a rule too strict shows
 * only on valid values, a hole only on invalid ones. Only fields a 1.20 API server knows are set
 * (a field it does not know would be dropped silently and compared as something else).
 */
import type { Obj } from './seeds';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  weighted<T extends { weight?: number }>(items: readonly T[]): T {
    const total = items.reduce((n, i) => n + (i.weight ?? 1), 0);
    let x = this.next() * total;
    for (const i of items) {
      x -= i.weight ?? 1;
      if (x < 0) return i;
    }
    return items[items.length - 1];
  }
}

export interface Mutation {
  /** The family, e.g. `container.ports.containerPort`; the report groups by it. */
  readonly name: string;
  /** The kinds it applies to; all kinds when absent. */
  readonly kinds?: readonly string[];
  /** How often it is drawn relative to the others (1 when absent). */
  readonly weight?: number;
  /** Edits `o` in place; returns what it did, or undefined when it does not apply. */
  apply(o: Obj, r: Rng): string | undefined;
}

export const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 240 ? `${s.slice(0, 200)}...(${s.length} chars)` : s;
};

// ---- value pools -------------------------------------------------------------------------------

const A = (n: number, c = 'a') => c.repeat(n);

const NAMES = [
  'abc', 'Abc', 'UPPER', 'a1', '1a', '123', A(63), A(64), A(253), A(254), 'a.b', 'a..b', 'a.b.c', '.a', 'a.', '', '-a', 'a-', 'a_b',
  'a/b', 'a%b', '.', '..', 'a b', 'é', 'a:b', `${A(62)}.b`, `${A(63)}.b`, `${A(64)}.b`, 'a-b', 'a--b', 'system:x-agent', 'x@y',
];

const LABEL_KEYS = [
  'foo', 'Foo', 'foo bar', A(63), A(64), 'example.com/x', 'Example.com/x', 'example.com/', '/x', 'a/b/c', '-x', 'x-', 'x_y', 'x.y', '_x',
  'kubernetes.io/foo', `${A(253)}/x`, `${A(254)}/x`, 'ex_ample.com/x', `example.com/${A(63)}`, `example.com/${A(64)}`, 'x:y', '', 'é',
  'EXAMPLE.COM/Bar', '1.2.3.4/x', 'a..b/x', '-a.com/x', 'app.kubernetes.io/part-of',
];

const LABEL_VALUES: unknown[] = [
  '', 'ok', 'a b', A(63), A(64), '-a', 'a-', 'A_b.C', 'x/y', '_a', 'a_', '1', 'é', 5, true, 'a..b', 'a__b', 'a:b',
];

const ANNOTATION_VALUES: unknown[] = ['', 'anything: spaces / slashes {json}', 5, true, A(100, 'é'), 'line\nbreak'];

// The API server's limit on the sum of annotation key and value lengths (in bytes).
const ANNOTATION_LIMIT = 256 * 1024;
const DATA_LIMIT = 1024 * 1024;

const PORTS: unknown[] = [0, 1, -1, 80, 8080, 65535, 65536, 70000, '8080', 8080.5, 2 ** 31];
const PORT_NAMES: unknown[] = ['metrics', 'Metrics', A(15), A(16), '123', 'a1', 'a--b', 'a-b', '-a', 'a-', 'http', '', 'web_ui', 'http.x', 5];
const PROTOCOLS: unknown[] = ['TCP', 'UDP', 'SCTP', 'HTTP', 'tcp', 'udp', '', 'Tcp'];
const QUANTITIES: unknown[] = [
  '100m', '1', '0', '1.5', '1.5.3', '-1', 'abc', '1e3', '1E', '1e', '0.5Gi', '1Ki', '1ki', '1KI', ' 1', '1 ', '+1', '1.', '.5', 'Infinity', '1m', '10Mi',
  '1Pi', '1Ei', '1Mb', 0.5, -1, 1, 100, '', '0x10', '1_000', '9223372036854775807', '99999999999999999999Ei', '1e-3', '5e-9', '1n', '1u',
  '.', '+', '-0', '1.0Gi', '0.5Ki', '1e1000', '1e3Ki', '1.Gi', '1mm', null,
];
const RESOURCE_NAMES = ['cpu', 'memory', 'ephemeral-storage', 'foo', 'example.com/gpu', 'nvidia.com/gpu', 'hugepages-2Mi', 'CPU', 'kubernetes.io/foo', 'requests.cpu'];
const ENV_NAMES: unknown[] = ['FOO', 'foo', 'foo.bar', 'foo-bar', '_x', '1ABC', 'A B', 'A=B', '', 'é', 'a:b', '.', '..', '..a', '-x', 5];
const FIELD_PATHS = [
  'metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.hostIP', 'status.podIP', 'status.podIPs', 'spec.foo', 'metadata.labels', "metadata.labels['x']",
  "metadata.annotations['a b']", "metadata.annotations['Foo/Bar']", "metadata.labels['Foo/Bar']", "metadata.labels['a b']", 'metadata.uid', 'spec.serviceAccountName',
  '', 'spec.host', 'status.phase', 'spec.restartPolicy', "spec.nodeName['x']",
];
const HOST_PATHS = ['/var/log', 'var/log', '/a/../b', '..', '/a/..', '/a/..b', '', '/', '/a//b', '/a/./b', 'C:\\x', '/a b'];
const HOST_PATH_TYPES: unknown[] = ['', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket', 'CharDevice', 'BlockDevice', 'Dir', 'directory', 5];
const MOUNT_PATHS = ['/x', 'x', '', '/a/../b', '..', '/a:b', '/host/proc'];
const SUB_PATHS = ['x', '../x', '/x', 'a/../b', 'a/..', '..a', '', 'a/b'];
const IDS: unknown[] = [-1, 0, 1000, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 65534, '1000', 1.5];
const IPS = ['999.1.1.1', '10.0.0.1', '::1', '1.2.3', '', 'fe80::1', '1.2.3.04', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8:9', 'localhost', '0.0.0.0', '2001:db8::/32'];
const TAINT_KEYS = ['', 'node-role.kubernetes.io/control-plane', 'Foo bar', 'example.com/x', 'a/b/c', A(64), 'x'];
const TOLERATION_OPERATORS: unknown[] = [undefined, 'Exists', 'Equal', 'exists', 'equal', 'In', ''];
const EFFECTS: unknown[] = [undefined, '', 'NoSchedule', 'PreferNoSchedule', 'NoExecute', 'noschedule', 'Foo'];
const NODE_OPERATORS: unknown[] = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt', 'in', 'Foo', ''];
const NODE_VALUES: unknown[][] = [[], ['a'], ['a', 'b'], ['1'], ['1', '2'], ['abc'], ['-5'], ['99999999999999999999'], ['9223372036854775807'], ['a b'], [A(64)], [''], ['1.5']];
export const INT_OR_PERCENT: unknown[] = [0, 1, 5, -1, '0%', '1%', '50%', '100%', '101%', '150%', '50', '5%', 'abc', '%', ' 10%', '10 %', '-10%', 1.5, '0', '010%'];

// ---- object access -----------------------------------------------------------------------------

/** The kinds with a pod template. */
export const WORKLOADS = ['DaemonSet', 'Deployment'];

export function pod(o: Obj): any {
  return WORKLOADS.includes(o.kind) ? o.spec?.template?.spec : undefined;
}

/** Every container of a workload's pod: [path, container]. */
function containers(o: Obj): [string, any][] {
  const p = pod(o);
  if (!p) return [];
  const out: [string, any][] = [];
  for (const list of ['initContainers', 'containers']) {
    (Array.isArray(p[list]) ? p[list] : []).forEach((c: any, i: number) => out.push([`spec.template.spec.${list}[${i}]`, c]));
  }
  return out;
}

function mainContainers(o: Obj): [string, any][] {
  return containers(o).filter(([path]) => path.includes('.containers['));
}

/** Picks a container; runs `f` on it with its path. */
function onContainer(o: Obj, r: Rng, f: (c: any, at: string) => string | undefined, main = false): string | undefined {
  const list = main ? mainContainers(o) : containers(o);
  if (list.length === 0) return undefined;
  const [at, c] = r.pick(list);
  return f(c, at);
}

/** A field that exists on the object: a mutation on it. */
function metadataTarget(o: Obj, r: Rng): [string, any] {
  if (WORKLOADS.includes(o.kind) && r.chance(0.35)) {
    o.spec.template.metadata ??= {};
    return ['spec.template.metadata', o.spec.template.metadata];
  }
  return ['metadata', o.metadata];
}

function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function annotationBytes(a: { [k: string]: unknown } | undefined): number {
  return Object.entries(a ?? {}).reduce((n, [k, v]) => n + utf8Bytes(k) + (typeof v === 'string' ? utf8Bytes(v) : 0), 0);
}

// ---- mutations ---------------------------------------------------------------------------------

const DS = ['DaemonSet'];

export const MUTATIONS: Mutation[] = [
  // metadata, every kind
  {
    name: 'metadata.name',
    apply(o, r) {
      const v = r.pick(NAMES);
      o.metadata.name = v;
      return `metadata.name = ${show(v)}`;
    },
  },
  {
    name: 'metadata.namespace',
    weight: 0.4,
    apply(o, r) {
      // Only values the server can judge without the namespace existing: cluster-scoped objects
      // given one, or namespaced objects given an invalid one.
      if (o.metadata.namespace === undefined) {
        const v = r.pick(['monitoring', 'Foo', '']);
        o.metadata.namespace = v;
        return `metadata.namespace = ${show(v)} (cluster-scoped kind)`;
      }
      const v = r.pick(['Foo', 'a.b', A(64), 'a_b']);
      o.metadata.namespace = v;
      return `metadata.namespace = ${show(v)}`;
    },
  },
  {
    name: 'metadata.labels',
    apply(o, r) {
      const [at, meta] = metadataTarget(o, r);
      const key = r.pick(LABEL_KEYS);
      const value = r.pick(LABEL_VALUES);
      meta.labels = { ...(meta.labels ?? {}), [key]: value };
      return `${at}.labels[${show(key)}] = ${show(value)}`;
    },
  },
  {
    name: 'metadata.labels.replace',
    weight: 0.4,
    apply(o, r) {
      const [at, meta] = metadataTarget(o, r);
      const v = r.pick<unknown>([{}, null, [], 'a=b']);
      meta.labels = v;
      return `${at}.labels = ${show(v)}`;
    },
  },
  {
    name: 'metadata.annotations',
    apply(o, r) {
      const [at, meta] = metadataTarget(o, r);
      const key = r.chance(0.8) ? r.pick(LABEL_KEYS) : r.pick(['Foo/Bar', 'EXAMPLE.COM/x', 'Example.com/Foo_Bar']);
      const value = r.pick(ANNOTATION_VALUES);
      meta.annotations = { ...(meta.annotations ?? {}), [key]: value };
      return `${at}.annotations[${show(key)}] = ${show(value)}`;
    },
  },
  {
    name: 'metadata.annotations.huge',
    weight: 0.6,
    apply(o, r) {
      const [at, meta] = metadataTarget(o, r);
      const key = 'example.com/huge';
      if (meta.annotations) delete meta.annotations[key];
      const current = annotationBytes(meta.annotations);
      const delta = r.pick([-1, 0, 1, 4096]);
      const multibyte = r.chance(0.4);
      const budget = ANNOTATION_LIMIT + delta - current - key.length;
      // 'é' is two bytes in UTF-8 (what the server counts) and one UTF-16 unit (String.length).
      const value = multibyte ? A(Math.floor(budget / 2), 'é') + A(budget % 2) : A(budget);
      meta.annotations = { ...(meta.annotations ?? {}), [key]: value };
      return `${at}.annotations total = ${ANNOTATION_LIMIT + delta} bytes (limit ${ANNOTATION_LIMIT}${delta > 0 ? ' + ' + delta : delta < 0 ? ' - 1' : ''})${multibyte ? ', value of 2-byte "é" characters' : ''}`;
    },
  },
  {
    name: 'metadata.finalizers',
    weight: 0.4,
    apply(o, r) {
      const v = r.pick<unknown>(['example.com/cleanup', 'foo', 'kubernetes', 'Foo/bar', 'a b', '', 'orphan', 'foregroundDeletion', ['orphan', 'foregroundDeletion'], ['x.io/a', 'x.io/a']]);
      o.metadata.finalizers = Array.isArray(v) ? v : [v];
      return `metadata.finalizers = ${show(o.metadata.finalizers)}`;
    },
  },

  // DaemonSet spec
  {
    name: 'workload.selector',
    kinds: WORKLOADS,
    apply(o, r) {
      const sel = o.spec.selector;
      const keys = Object.keys(sel.matchLabels ?? {});
      const labels = o.spec.template.metadata?.labels ?? {};
      switch (r.int(8)) {
        case 0: {
          const k = r.pick(keys);
          sel.matchLabels[k] = 'other';
          return `spec.selector.matchLabels[${show(k)}] = "other" (template says ${show(labels[k])})`;
        }
        case 1:
          sel.matchLabels['example.com/extra'] = 'x';
          return 'spec.selector.matchLabels["example.com/extra"] = "x" (not in the template)';
        case 2: {
          const k = r.pick(keys);
          delete sel.matchLabels[k];
          return `delete spec.selector.matchLabels[${show(k)}] (still a subset)`;
        }
        case 3:
          o.spec.selector = r.pick([{}, { matchLabels: {} }, null]);
          return `spec.selector = ${show(o.spec.selector)}`;
        case 4: {
          const k = r.pick(keys);
          const v = r.pick([labels[k], 'other']);
          sel.matchExpressions = [{ key: k, operator: 'In', values: [v] }];
          return `spec.selector.matchExpressions = [${k} In [${show(v)}]] (template has ${show(labels[k])})`;
        }
        case 5: {
          const op = r.pick(['In', 'NotIn', 'Exists', 'DoesNotExist', 'in', 'Gt']);
          const values = r.pick(NODE_VALUES);
          sel.matchExpressions = [{ key: r.pick(['app.kubernetes.io/name', 'Foo bar', 'example.com/y']), operator: op, values }];
          return `spec.selector.matchExpressions = [${show(sel.matchExpressions[0])}]`;
        }
        case 6: {
          const k = r.pick(LABEL_KEYS);
          const v = r.pick(LABEL_VALUES);
          sel.matchLabels[k] = v;
          o.spec.template.metadata.labels = { ...labels, [k]: v };
          return `spec.selector.matchLabels and template labels [${show(k)}] = ${show(v)}`;
        }
        default: {
          const k = r.pick(keys);
          delete o.spec.template.metadata.labels[k];
          return `delete spec.template.metadata.labels[${show(k)}] (selected by the selector)`;
        }
      }
    },
  },
  {
    name: 'daemonset.updateStrategy',
    kinds: DS,
    apply(o, r) {
      const s = o.spec.updateStrategy ?? {};
      o.spec.updateStrategy = s;
      switch (r.int(5)) {
        case 0:
          s.type = r.pick(['Foo', 'OnDelete', 'RollingUpdate', 'rollingUpdate', '']);
          return `spec.updateStrategy.type = ${show(s.type)}${s.rollingUpdate ? ' (rollingUpdate kept)' : ''}`;
        case 1:
          s.rollingUpdate = { ...(s.rollingUpdate ?? {}), maxUnavailable: r.pick(INT_OR_PERCENT) };
          delete s.rollingUpdate.maxSurge;
          return `spec.updateStrategy.rollingUpdate.maxUnavailable = ${show(s.rollingUpdate.maxUnavailable)}`;
        case 2:
          s.rollingUpdate = { maxUnavailable: r.pick([0, '0%']), maxSurge: r.pick([0, '0%']) };
          return `spec.updateStrategy.rollingUpdate = ${show(s.rollingUpdate)} (both 0)`;
        case 3:
          s.rollingUpdate = { maxUnavailable: r.pick(INT_OR_PERCENT), maxSurge: r.pick(INT_OR_PERCENT) };
          return `spec.updateStrategy.rollingUpdate = ${show(s.rollingUpdate)} (maxSurge stripped for 1.20)`;
        default:
          s.rollingUpdate = r.pick([{}, null]);
          return `spec.updateStrategy.rollingUpdate = ${show(s.rollingUpdate)}`;
      }
    },
  },
  {
    name: 'workload.counts',
    kinds: WORKLOADS,
    apply(o, r) {
      const key = r.pick(['revisionHistoryLimit', 'minReadySeconds']);
      const v = r.pick<unknown>([-1, 0, 5, 2 ** 31, '10', 1.5]);
      o.spec[key] = v;
      return `spec.${key} = ${show(v)}`;
    },
  },

  // pod spec
  {
    name: 'pod.fields',
    kinds: WORKLOADS,
    apply(o, r) {
      const p = pod(o);
      const [key, values] = r.pick<[string, unknown[]]>([
        ['restartPolicy', ['Never', 'OnFailure', 'Always', 'Foo', '']],
        ['activeDeadlineSeconds', [10, 0, -1]],
        ['terminationGracePeriodSeconds', [-1, 0, 30, 2 ** 31]],
        ['dnsPolicy', ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None', 'Foo', '']],
        ['priorityClassName', ['Foo', 'system-node-critical', 'a.b', 'a_b', '']],
        ['runtimeClassName', ['Foo', 'nvidia', 'a.b', '']],
        ['serviceAccountName', ['Foo', 'a.b', 'a_b', A(254), '']],
        ['hostname', ['Foo', 'a.b', 'abc', A(64)]],
        ['subdomain', ['Foo', 'a.b', 'abc', A(64)]],
        ['schedulerName', ['Foo', 'default-scheduler', 'a b']],
        ['hostNetwork', [true, false]],
        ['hostPID', [true, false]],
        ['hostIPC', [true, false]],
        ['shareProcessNamespace', [true]],
        ['priority', [1000]],
        ['preemptionPolicy', ['Never', 'Foo']],
        ['nodeName', ['Foo', 'node-1', 'a b']],
        ['setHostnameAsFQDN', [true]],
        ['automountServiceAccountToken', ['yes', true]],
        ['enableServiceLinks', [false]],
      ]);
      const v = r.pick(values);
      p[key] = v;
      return `spec.template.spec.${key} = ${show(v)}${key === 'hostNetwork' ? ' (ports keep their hostPorts)' : ''}`;
    },
  },
  {
    name: 'pod.dnsConfig',
    kinds: WORKLOADS,
    apply(o, r) {
      const p = pod(o);
      const v = r.pick<unknown>([
        { nameservers: ['1.1.1.1'] }, { nameservers: ['999.1.1.1'] }, { searches: ['a b'] }, { options: [{ name: '' }] }, {},
        { nameservers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4'] }, { nameservers: ['1.1.1.1'], searches: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] },
        { nameservers: ['::1'], searches: ['example.com.'] }, { searches: [`${A(60)}.${A(60)}.${A(60)}`, `${A(60)}.${A(60)}.${A(60)}`] }, { options: [{ name: 'ndots', value: '2' }] },
      ]);
      p.dnsConfig = v;
      if (r.chance(0.5)) p.dnsPolicy = 'None';
      return `spec.template.spec.dnsConfig = ${show(v)}${p.dnsPolicy === 'None' ? ', dnsPolicy None' : ''}`;
    },
  },
  {
    name: 'pod.nodeSelector',
    kinds: WORKLOADS,
    apply(o, r) {
      const p = pod(o);
      const k = r.chance(0.3) ? r.pick(LABEL_KEYS) : 'kubernetes.io/os';
      const v = r.pick<unknown>([...LABEL_VALUES, 'linux', 'a b', 'linux ']);
      p.nodeSelector = { ...(p.nodeSelector ?? {}), [k]: v };
      return `spec.template.spec.nodeSelector[${show(k)}] = ${show(v)}`;
    },
  },
  {
    name: 'pod.tolerations',
    kinds: WORKLOADS,
    apply(o, r) {
      const p = pod(o);
      const t: any = {};
      const key = r.pick(TAINT_KEYS);
      if (key !== '' || r.chance(0.5)) t.key = key;
      const op = r.pick(TOLERATION_OPERATORS);
      if (op !== undefined) t.operator = op;
      const value = r.pick<unknown>([undefined, '', 'x', 'a b', A(64), 5]);
      if (value !== undefined) t.value = value;
      const effect = r.pick(EFFECTS);
      if (effect !== undefined) t.effect = effect;
      if (r.chance(0.3)) t.tolerationSeconds = r.pick<unknown>([-1, 0, 300, 'x', 1.5]);
      p.tolerations = [...(p.tolerations ?? []), t];
      return `spec.template.spec.tolerations += ${show(t)}`;
    },
  },
  {
    name: 'pod.affinity.required',
    kinds: WORKLOADS,
    apply(o, r) {
      const p = pod(o);
      let selector: any;
      switch (r.int(5)) {
        case 0:
          selector = r.pick<unknown>([{ nodeSelectorTerms: [] }, {}, { nodeSelectorTerms: [{}] }, { nodeSelectorTerms: [{ matchExpressions: [] }] }]);
          break;
        case 1: {
          const op = r.pick(['In', 'NotIn', 'Exists', 'Gt', 'Lt', 'DoesNotExist']);
          const key = r.pick(['metadata.name', 'metadata.name', 'metadata.uid', 'spec.nodeName', 'metadata.labels']);
          selector = { nodeSelectorTerms: [{ matchFields: [{ key, operator: op, values: r.pick([...NODE_VALUES, ['Foo'], ['node-1'], ['node.example.com']]) }] }] };
          break;
        }
        default: {
          const op = r.pick(NODE_OPERATORS);
          const key = r.chance(0.7) ? r.pick(['example.com/rank', 'kubernetes.io/os']) : r.pick(LABEL_KEYS);
          const req: any = { key, operator: op };
          if (r.chance(0.9)) req.values = r.pick(NODE_VALUES);
          selector = { nodeSelectorTerms: [{ matchExpressions: [req] }] };
        }
      }
      p.affinity = { ...(p.affinity ?? {}), nodeAffinity: { ...(p.affinity?.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: selector } };
      return `spec.template.spec.affinity.nodeAffinity.required = ${show(selector)}`;
    },
  },
  {
    name: 'pod.affinity.preferred',
    kinds: WORKLOADS,
    apply(o, r) {
      const p = pod(o);
      const weight = r.pick<unknown>([0, 1, 50, 100, 101, -1]);
      const op = r.pick(NODE_OPERATORS);
      const preference = r.pick<unknown>([{}, { matchExpressions: [{ key: 'example.com/rank', operator: op, values: r.pick(NODE_VALUES) }] }]);
      const term = { weight, preference };
      p.affinity = { ...(p.affinity ?? {}), nodeAffinity: { ...(p.affinity?.nodeAffinity ?? {}), preferredDuringSchedulingIgnoredDuringExecution: [term] } };
      return `spec.template.spec.affinity.nodeAffinity.preferred = [${show(term)}]`;
    },
  },
  {
    name: 'pod.affinity.podAffinity',
    kinds: WORKLOADS,
    apply(o, r) {
      const p = pod(o);
      const topologyKey = r.pick(['kubernetes.io/hostname', '', 'Foo bar', 'topology.kubernetes.io/zone']);
      const labelSelector = r.pick<unknown>([
        { matchLabels: { app: r.pick(['x', 'a b']) } }, { matchExpressions: [{ key: 'app', operator: r.pick(['In', 'Exists', 'Gt']), values: r.pick([[], ['x'], ['a b']]) }] }, undefined,
      ]);
      const term: any = { topologyKey };
      if (labelSelector !== undefined) term.labelSelector = labelSelector;
      if (r.chance(0.2)) term.namespaces = [r.pick(['monitoring', 'Foo', 'a.b'])];
      const kind = r.pick(['podAntiAffinity', 'podAffinity']);
      const preferred = r.chance(0.3);
      const weight = r.pick([0, 1, 100, 101]);
      p.affinity = { ...(p.affinity ?? {}), [kind]: preferred ? { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, podAffinityTerm: term }] } : { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
      return `spec.template.spec.affinity.${kind}.${preferred ? `preferred = [{weight: ${weight}, podAffinityTerm: ${show(term)}}]` : `required = [${show(term)}]`}`;
    },
  },
  {
    name: 'pod.hostAliases',
    kinds: WORKLOADS,
    apply(o, r) {
      const p = pod(o);
      const alias = { ip: r.pick(IPS), hostnames: [r.pick(['foo', 'Foo', 'a.b', '', 'a_b', 'foo.local'])] };
      p.hostAliases = [alias];
      return `spec.template.spec.hostAliases = [${show(alias)}]`;
    },
  },
  {
    name: 'pod.securityContext',
    kinds: WORKLOADS,
    apply(o, r) {
      const p = pod(o);
      p.securityContext ??= {};
      const sc = p.securityContext;
      const [key, values] = r.pick<[string, unknown[]]>([
        ['runAsUser', IDS], ['runAsGroup', IDS], ['fsGroup', IDS], ['supplementalGroups', [[-1], [0, 1000], [2 ** 31]]],
        ['sysctls', [[{ name: 'net.ipv4.ip_forward', value: '1' }], [{ name: 'foo bar', value: '1' }], [{ name: '', value: '1' }], [{ name: 'net.core.somaxconn', value: '1' }, { name: 'net.core.somaxconn', value: '2' }]]],
        ['seccompProfile', [{ type: 'Foo' }, { type: 'Localhost' }, { type: 'Localhost', localhostProfile: 'p.json' }, { type: 'RuntimeDefault', localhostProfile: 'p.json' }, { type: 'Unconfined' }, {}]],
        ['fsGroupChangePolicy', ['OnRootMismatch', 'Always', 'Foo']],
        ['runAsNonRoot', [true, 'yes']],
        ['seLinuxOptions', [{ level: 's0:c123,c456' }, { type: 'a b' }]],
      ]);
      const v = r.pick(values);
      sc[key] = v;
      return `spec.template.spec.securityContext.${key} = ${show(v)}`;
    },
  },
  {
    name: 'pod.volumes',
    kinds: WORKLOADS,
    apply(o, r) {
      const p = pod(o);
      p.volumes ??= [];
      const vols: any[] = p.volumes;
      switch (r.int(7)) {
        case 0: {
          if (vols.length < 2) return undefined;
          const [a, b] = [r.int(vols.length), r.int(vols.length)];
          if (a === b) return undefined;
          vols[b].name = vols[a].name;
          return `spec.template.spec.volumes[${b}].name = ${show(vols[a].name)} (duplicate)`;
        }
        case 1: {
          if (vols.length === 0) return undefined;
          const i = r.int(vols.length);
          const extra = r.pick<[string, unknown]>([['emptyDir', {}], ['hostPath', { path: '/tmp' }], ['configMap', { name: 'x' }], ['secret', { secretName: 'x' }]]);
          if (vols[i][extra[0]] !== undefined) return undefined;
          vols[i][extra[0]] = extra[1];
          return `spec.template.spec.volumes[${i}].${extra[0]} = ${show(extra[1])} (second source)`;
        }
        case 2: {
          const path = r.pick(HOST_PATHS);
          const vol: any = { name: 'extra', hostPath: { path } };
          if (r.chance(0.5)) vol.hostPath.type = r.pick(HOST_PATH_TYPES);
          vols.push(vol);
          return `spec.template.spec.volumes += ${show(vol)}`;
        }
        case 3: {
          const name = r.pick(NAMES);
          vols.push({ name, emptyDir: {} });
          return `spec.template.spec.volumes += {name: ${show(name)}, emptyDir: {}}`;
        }
        case 4: {
          vols.push({ name: 'extra' });
          return 'spec.template.spec.volumes += {name: "extra"} (no source)';
        }
        case 5: {
          if (r.chance(0.3)) {
            const secret: any = { secretName: r.pick(['x', '', 'Foo']) };
            if (r.chance(0.5)) secret.items = [{ key: r.pick(['k', '']), path: r.pick(['p', '..p', '../p', 'a/..']), ...(r.chance(0.4) ? { mode: r.pick([0o644, 0o1000, -1]) } : {}) }];
            vols.push({ name: 'extra', secret });
            return `spec.template.spec.volumes += {name: "extra", secret: ${show(secret)}}`;
          }
          const cm: any = { name: r.pick(['x', 'Foo', '', 'a.b']) };
          if (r.chance(0.5)) cm.items = [{ key: r.pick(['k', 'a b', '']), path: r.pick(['p', '../p', '/p', 'a/../b', '..p', '']) }];
          if (r.chance(0.3)) cm.defaultMode = r.pick([0o644, 0o777, 0o1000, -1, 420]);
          vols.push({ name: 'extra', configMap: cm });
          return `spec.template.spec.volumes += {name: "extra", configMap: ${show(cm)}}`;
        }
        default: {
          const ed: any = r.pick<unknown>([{ medium: 'Memory' }, { medium: 'Foo' }, { sizeLimit: '1Gi' }, { sizeLimit: 'abc' }, { sizeLimit: '-1Gi' }, { sizeLimit: 5 }, { sizeLimit: '0' }, { sizeLimit: ' 1Gi' }]);
          vols.push({ name: 'extra', emptyDir: ed });
          return `spec.template.spec.volumes += {name: "extra", emptyDir: ${show(ed)}}`;
        }
      }
    },
  },

  // containers
  {
    name: 'container.name',
    kinds: WORKLOADS,
    apply(o, r) {
      return onContainer(o, r, (c, at) => {
        if (r.chance(0.4)) {
          const others = containers(o).filter(([, x]) => x !== c);
          if (others.length === 0) return undefined;
          c.name = r.pick(others)[1].name;
          return `${at}.name = ${show(c.name)} (duplicate)`;
        }
        c.name = r.pick(NAMES);
        return `${at}.name = ${show(c.name)}`;
      });
    },
  },
  {
    name: 'container.fields',
    kinds: WORKLOADS,
    apply(o, r) {
      return onContainer(o, r, (c, at) => {
        const [key, values] = r.pick<[string, unknown[]]>([
          ['image', ['', ' nginx', 'nginx ', 'nginx:1.25', 'UPPER/Case:tag', 'a b']],
          ['imagePullPolicy', ['Always', 'always', 'Never', 'IfNotPresent', 'Foo', '']],
          ['terminationMessagePolicy', ['File', 'FallbackToLogsOnError', 'Foo']],
          ['terminationMessagePath', ['/dev/termination-log', 'relative', '']],
          ['workingDir', ['/x', 'relative', '']],
          ['command', [[], [''], ['a', 5]]],
          ['args', [['--x'], [5], 'not-a-list']],
          ['stdin', [true]],
        ]);
        const v = r.pick(values);
        c[key] = v;
        return `${at}.${key} = ${show(v)}`;
      });
    },
  },
  {
    name: 'container.ports',
    kinds: WORKLOADS,
    apply(o, r) {
      return onContainer(o, r, (c, at) => {
        c.ports ??= [];
        const ports: any[] = c.ports;
        const hostNetwork = pod(o).hostNetwork === true;
        const net = hostNetwork ? ' (hostNetwork)' : ' (no hostNetwork)';
        switch (r.int(8)) {
          case 0: {
            if (ports.length === 0) return undefined;
            const i = r.int(ports.length);
            ports[i].containerPort = r.pick(PORTS);
            return `${at}.ports[${i}].containerPort = ${show(ports[i].containerPort)}${net}`;
          }
          case 1: {
            if (ports.length === 0) return undefined;
            const i = r.int(ports.length);
            ports[i].hostPort = r.pick([...PORTS, ports[i].containerPort]);
            return `${at}.ports[${i}].hostPort = ${show(ports[i].hostPort)} (containerPort ${show(ports[i].containerPort)})${net}`;
          }
          case 2: {
            if (ports.length === 0) return undefined;
            const i = r.int(ports.length);
            ports[i].protocol = r.pick(PROTOCOLS);
            return `${at}.ports[${i}].protocol = ${show(ports[i].protocol)}`;
          }
          case 3: {
            if (ports.length === 0) return undefined;
            const i = r.int(ports.length);
            ports[i].name = r.pick(PORT_NAMES);
            return `${at}.ports[${i}].name = ${show(ports[i].name)}`;
          }
          case 4: {
            // a second port: same name, or same container port, maybe another protocol
            if (ports.length === 0) return undefined;
            const first = ports[0];
            const second: any = { containerPort: r.pick([first.containerPort, 9999]), name: r.pick([first.name, 'other']), protocol: r.pick(['TCP', 'UDP', undefined]) };
            if (first.hostPort !== undefined && r.chance(0.5)) second.hostPort = second.containerPort;
            if (second.protocol === undefined) delete second.protocol;
            ports.push(second);
            return `${at}.ports += ${show(second)} (first: ${show(first)})${net}`;
          }
          case 5: {
            // the same port in another container: a host port conflict (hostNetwork defaults hostPort)
            const others = containers(o).filter(([, x]) => x !== c);
            const withPorts = containers(o).filter(([, x]) => x !== c && Array.isArray(x.ports) && x.ports.length > 0);
            if (others.length === 0) return undefined;
            const source = withPorts.length > 0 ? r.pick(withPorts)[1].ports[0] : { containerPort: 7777, hostPort: 7777 };
            if (withPorts.length === 0) r.pick(others)[1].ports = [{ ...source }];
            const copy: any = { containerPort: source.containerPort };
            if (r.chance(0.5) && source.hostPort !== undefined) copy.hostPort = source.hostPort;
            if (r.chance(0.3)) copy.protocol = 'UDP';
            ports.push(copy);
            return `${at}.ports += ${show(copy)}, as another container publishes ${show(source)}${net}`;
          }
          case 6: {
            const port: any = { containerPort: r.pick([9999, 9100, 8081]), hostPort: r.pick([9998, 0, 9999, 30000]) };
            ports.push(port);
            return `${at}.ports += ${show(port)}${net}`;
          }
          default: {
            if (ports.length === 0) return undefined;
            const i = r.int(ports.length);
            ports[i].hostIP = r.pick(IPS);
            if (ports[i].hostPort === undefined && r.chance(0.5)) ports[i].hostPort = ports[i].containerPort;
            return `${at}.ports[${i}].hostIP = ${show(ports[i].hostIP)}${ports[i].hostPort !== undefined ? ' hostPort ' + show(ports[i].hostPort) : ''}`;
          }
        }
      });
    },
  },
  {
    name: 'container.env',
    kinds: WORKLOADS,
    apply(o, r) {
      return onContainer(o, r, (c, at) => {
        c.env ??= [];
        const env: any = {};
        switch (r.int(6)) {
          case 0:
            env.name = r.pick(ENV_NAMES);
            env.value = 'x';
            break;
          case 1:
            env.name = 'X';
            env.valueFrom = { fieldRef: { fieldPath: 'metadata.name' }, configMapKeyRef: { name: 'x', key: 'k' } };
            break;
          case 2:
            env.name = 'X';
            env.value = r.pick(['x', '']);
            env.valueFrom = { fieldRef: { fieldPath: 'metadata.name' } };
            break;
          case 3:
            env.name = 'X';
            env.valueFrom = { fieldRef: { fieldPath: r.pick(FIELD_PATHS), ...(r.chance(0.2) ? { apiVersion: r.pick(['v1', 'v2', '']) } : {}) } };
            break;
          case 4:
            env.name = 'X';
            env.valueFrom = r.pick<unknown>([
              {}, { resourceFieldRef: { resource: r.pick(['limits.cpu', 'requests.memory', 'cpu', 'limits.foo']) } },
              { resourceFieldRef: { resource: r.pick(['limits.cpu', 'requests.cpu']), divisor: r.pick(['1m', '1', '3', 'abc', '1000m', '0.001', '1e-3', '0', '1Ki']) } },
              { resourceFieldRef: { resource: r.pick(['limits.memory', 'requests.ephemeral-storage']), divisor: r.pick(['1', '1k', '1000', '1024', '1Ki', '1024Ki', '1e3', '1Mi', '2Mi', '1m']) } },
              { configMapKeyRef: { name: r.pick(['x', '']), key: r.pick(['k', 'a b', '', '..k']) } },
              { secretKeyRef: { name: r.pick(['x', '', 'Foo']), key: r.pick(['k', 'a/b', '']) } },
            ]);
            break;
          default: {
            const from: any = r.pick<unknown>([
              { prefix: r.pick(['P_', '1P', 'a b', '']), configMapRef: { name: 'x' } },
              { configMapRef: { name: r.pick(['x', '', 'Foo']) } },
              { secretRef: { name: 'x' }, configMapRef: { name: 'x' } },
              {},
            ]);
            c.envFrom = [...(c.envFrom ?? []), from];
            return `${at}.envFrom += ${show(from)}`;
          }
        }
        c.env.push(env);
        return `${at}.env += ${show(env)}`;
      });
    },
  },
  {
    name: 'container.resources',
    kinds: WORKLOADS,
    apply(o, r) {
      return onContainer(o, r, (c, at) => {
        c.resources ??= {};
        const res = c.resources;
        switch (r.int(4)) {
          case 0: {
            const kind = r.pick(['requests', 'limits']);
            const name = r.pick(['cpu', 'memory']);
            const q = r.pick(QUANTITIES);
            res[kind] = { ...(res[kind] ?? {}), [name]: q };
            return `${at}.resources.${kind}.${name} = ${show(q)}`;
          }
          case 1: {
            const name = r.pick(['cpu', 'memory']);
            const [req, lim] = r.pick<[string, string]>([['200m', '100m'], ['1', '1000m'], ['1Gi', '1G'], ['129Mi', '128Mi'], ['100m', '200m'], ['1Gi', '1024Mi']]);
            res.requests = { ...(res.requests ?? {}), [name]: req };
            res.limits = { ...(res.limits ?? {}), [name]: lim };
            return `${at}.resources.requests.${name} = ${show(req)}, limits.${name} = ${show(lim)}`;
          }
          case 2: {
            if (r.chance(0.15)) {
              const q = r.pick(['2Mi', '4Mi', '1Gi']);
              c.resources = r.pick<unknown>([{ limits: { 'hugepages-2Mi': q }, requests: { 'hugepages-2Mi': q } }, { limits: { 'hugepages-2Mi': q, memory: '1Gi' } }]);
              return `${at}.resources = ${show(c.resources)}`;
            }
            const name = r.pick(RESOURCE_NAMES);
            const q = r.pick(['1', '2', '100m', '1Gi', '0', '1.5', '1000m', '0.5', '2Mi']);
            const kind = r.pick(['requests', 'limits', 'both']);
            if (kind !== 'limits') res.requests = { ...(res.requests ?? {}), [name]: q };
            if (kind !== 'requests') res.limits = { ...(res.limits ?? {}), [name]: r.chance(0.7) ? q : '3' };
            return `${at}.resources ${kind === 'both' ? 'requests and limits' : kind}[${show(name)}] = ${show(q)}${kind === 'both' && res.limits[name] !== q ? ` (limit ${show(res.limits[name])})` : ''}`;
          }
          default: {
            const v = r.pick<unknown>([{}, { requests: null }, { requests: [] }, { limits: { cpu: null } }]);
            c.resources = v;
            return `${at}.resources = ${show(v)}`;
          }
        }
      });
    },
  },
  {
    name: 'container.probes',
    kinds: WORKLOADS,
    apply(o, r) {
      return onContainer(o, r, (c, at) => {
        const kind = r.pick(['livenessProbe', 'readinessProbe', 'startupProbe']);
        const base = c[kind] ?? { httpGet: { path: '/', port: 8080 } };
        const probe: any = JSON.parse(JSON.stringify(base));
        switch (r.int(6)) {
          case 0:
            if (r.chance(0.3)) {
              delete probe.httpGet;
              delete probe.tcpSocket;
              probe.exec = { command: r.pick<unknown>([[], ['true'], null]) };
              break;
            }
            probe.exec = { command: ['true'] };
            if (probe.httpGet === undefined) probe.tcpSocket = { port: 8080 };
            break;
          case 1:
            delete probe.httpGet;
            delete probe.tcpSocket;
            delete probe.exec;
            break;
          case 2: {
            const port = r.pick<unknown>([0, 70000, -1, 'metrics', 'Metrics', 'no-such-port', A(16), '8080', 8080]);
            if (probe.httpGet && r.chance(0.7)) probe.httpGet.port = port;
            else {
              delete probe.httpGet;
              delete probe.exec;
              probe.tcpSocket = { port };
            }
            break;
          }
          case 3: {
            const key = r.pick(['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']);
            probe[key] = r.pick<unknown>([-1, 0, 1, 2, 2 ** 31]);
            break;
          }
          case 4:
            probe.httpGet = { ...(probe.httpGet ?? {}), port: probe.httpGet?.port ?? 8080 };
            delete probe.tcpSocket;
            delete probe.exec;
            if (r.chance(0.5)) probe.httpGet.scheme = r.pick(['http', 'HTTPS', 'HTTP', 'Foo']);
            else probe.httpGet.httpHeaders = [{ name: r.pick(['X-Foo', 'a b', '', 'X_Foo']), value: 'v' }];
            break;
          default:
            probe.httpGet = { ...(probe.httpGet ?? {}), port: probe.httpGet?.port ?? 8080, path: r.pick(['', 'relative', '/ok', '/a b']) };
            delete probe.tcpSocket;
            delete probe.exec;
        }
        c[kind] = probe;
        return `${at}.${kind} = ${show(probe)}`;
      });
    },
  },
  {
    name: 'container.lifecycle',
    kinds: WORKLOADS,
    apply(o, r) {
      return onContainer(o, r, (c, at) => {
        const handler = r.pick<unknown>([{ exec: { command: ['sleep', '1'] } }, {}, { exec: { command: ['x'] }, httpGet: { port: 80 } }, { tcpSocket: { port: 0 } }, { httpGet: { port: 'Web' } }]);
        c.lifecycle = { [r.pick(['preStop', 'postStart'])]: handler };
        return `${at}.lifecycle = ${show(c.lifecycle)}`;
      }, true);
    },
  },
  {
    name: 'container.volumeMounts',
    kinds: WORKLOADS,
    apply(o, r) {
      return onContainer(o, r, (c, at) => {
        c.volumeMounts ??= [];
        const mounts: any[] = c.volumeMounts;
        const volumes: string[] = (pod(o).volumes ?? []).map((v: any) => v.name);
        switch (r.int(5)) {
          case 0: {
            const m = { name: r.pick(['missing', ...volumes.slice(0, 1)]), mountPath: '/extra' };
            mounts.push(m);
            return `${at}.volumeMounts += ${show(m)}`;
          }
          case 1: {
            if (mounts.length === 0 || volumes.length === 0) return undefined;
            const m = { name: r.pick(volumes), mountPath: r.pick(mounts).mountPath };
            mounts.push(m);
            return `${at}.volumeMounts += ${show(m)} (mountPath already used)`;
          }
          case 2: {
            if (mounts.length === 0) return undefined;
            const i = r.int(mounts.length);
            const privileged = r.chance(0.3);
            mounts[i].mountPropagation = r.pick(['Bidirectional', 'HostToContainer', 'None', 'bidirectional', 'Foo']);
            if (privileged) c.securityContext = { ...(c.securityContext ?? {}), privileged: true, allowPrivilegeEscalation: true };
            return `${at}.volumeMounts[${i}].mountPropagation = ${show(mounts[i].mountPropagation)}${privileged ? ' (container made privileged)' : ` (privileged: ${show(c.securityContext?.privileged)})`}`;
          }
          case 3: {
            if (mounts.length === 0) return undefined;
            const i = r.int(mounts.length);
            const key = r.pick(['subPath', 'subPathExpr', 'both']);
            const v = r.pick(SUB_PATHS);
            if (key === 'both') {
              mounts[i].subPath = v;
              mounts[i].subPathExpr = '$(POD_NAME)';
            } else mounts[i][key] = v;
            return `${at}.volumeMounts[${i}].${key === 'both' ? 'subPath and subPathExpr' : key} = ${show(v)}`;
          }
          default: {
            if (mounts.length === 0) return undefined;
            const i = r.int(mounts.length);
            mounts[i].mountPath = r.pick(MOUNT_PATHS);
            return `${at}.volumeMounts[${i}].mountPath = ${show(mounts[i].mountPath)}`;
          }
        }
      });
    },
  },
  {
    name: 'container.securityContext',
    kinds: WORKLOADS,
    apply(o, r) {
      return onContainer(o, r, (c, at) => {
        c.securityContext ??= {};
        const sc = c.securityContext;
        const [key, values] = r.pick<[string, unknown[]]>([
          ['runAsUser', IDS], ['runAsGroup', IDS],
          ['privileged', [true, false]],
          ['allowPrivilegeEscalation', [true, false]],
          ['capabilities', [{ add: ['foo bar'] }, { add: ['SYS_ADMIN'] }, { drop: [5] }, { add: 'NET_ADMIN' }, { add: ['CAP_SYS_ADMIN'] }]],
          ['procMount', ['Default', 'Unmasked', 'Foo']],
          ['seccompProfile', [{ type: 'Foo' }, { type: 'Localhost' }, { type: 'Localhost', localhostProfile: 'p.json' }, { type: 'RuntimeDefault', localhostProfile: 'p.json' }, { type: 'Localhost', localhostProfile: '/p.json' }, { type: 'Localhost', localhostProfile: 'a/../p.json' }, {}]],
          ['readOnlyRootFilesystem', [true, 'yes']],
          ['seLinuxOptions', [{ level: 's0' }, { user: 'a b' }]],
        ]);
        const v = r.pick(values);
        sc[key] = v;
        return `${at}.securityContext.${key} = ${show(v)} (privileged: ${show(sc.privileged)}, allowPrivilegeEscalation: ${show(sc.allowPrivilegeEscalation)})`;
      });
    },
  },

  // Service
  {
    name: 'service.ports',
    kinds: ['Service'],
    apply(o, r) {
      const ports: any[] = Array.isArray(o.spec.ports) ? o.spec.ports : [];
      if (ports.length === 0) return undefined;
      switch (r.int(7)) {
        case 0: {
          const i = r.int(ports.length);
          ports[i].port = r.pick(PORTS);
          return `spec.ports[${i}].port = ${show(ports[i].port)}`;
        }
        case 1: {
          const i = r.int(ports.length);
          ports[i].targetPort = r.pick([...PORTS, ...PORT_NAMES]);
          return `spec.ports[${i}].targetPort = ${show(ports[i].targetPort)}`;
        }
        case 2: {
          const i = r.int(ports.length);
          ports[i].protocol = r.pick(PROTOCOLS);
          return `spec.ports[${i}].protocol = ${show(ports[i].protocol)}`;
        }
        case 3: {
          const i = r.int(ports.length);
          ports[i].name = r.pick(PORT_NAMES);
          return `spec.ports[${i}].name = ${show(ports[i].name)}`;
        }
        case 4: {
          const second: any = { port: r.pick([ports[0].port, 9999, 10250]), protocol: r.pick(['TCP', 'UDP']) };
          if (second.port === 10250 && r.chance(0.6)) {
            o.spec.type = 'LoadBalancer';
            delete o.spec.clusterIP;
          }
          const name = r.pick([ports[0].name, 'other', undefined]);
          if (name !== undefined) second.name = name;
          ports.push(second);
          return `spec.ports += ${show(second)} (first: ${show(ports[0])})`;
        }
        case 5: {
          const i = r.int(ports.length);
          let second = '';
          if (r.chance(0.2)) {
            const extra = { name: 'second', port: 9999, nodePort: 30080, protocol: r.pick(['TCP', 'UDP']) };
            ports.push(extra);
            ports[i].name ??= 'first';
            second = `; spec.ports += ${show(extra)}`;
          }
          ports[i].nodePort = r.pick([80, 30080, 32767, 32768, 0, -1]);
          if (r.chance(0.6)) o.spec.type = 'NodePort';
          // The library's Services are headless; a NodePort Service cannot be.
          const dropped = r.chance(0.7) && o.spec.clusterIP !== undefined;
          if (dropped) delete o.spec.clusterIP;
          return `spec.ports[${i}].nodePort = ${show(ports[i].nodePort)}, type ${show(o.spec.type ?? 'ClusterIP')}${dropped ? ', clusterIP removed' : ''}${second}`;
        }
        default: {
          const i = r.int(ports.length);
          ports[i].appProtocol = r.pick(['http', 'HTTP', 'example.com/proto', 'a b', '']);
          return `spec.ports[${i}].appProtocol = ${show(ports[i].appProtocol)}`;
        }
      }
    },
  },
  {
    name: 'service.spec',
    kinds: ['Service'],
    apply(o, r) {
      const [key, values] = r.pick<[string, unknown[]]>([
        ['type', ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'Foo', 'clusterIP', '']],
        ['clusterIP', ['None', 'abc', '10.96.0.50', '10.0.0.1', '']],
        ['ports', [[], null]],
        ['sessionAffinity', ['ClientIP', 'None', 'Foo']],
        ['sessionAffinityConfig', [{ clientIP: { timeoutSeconds: 0 } }, { clientIP: { timeoutSeconds: 86401 } }, { clientIP: { timeoutSeconds: 60 } }, { clientIP: {} }]],
        ['externalTrafficPolicy', ['Local', 'Cluster', 'Foo']],
        ['internalTrafficPolicy', ['Local', 'Foo']],
        ['externalName', ['example.com', 'a b']],
        ['publishNotReadyAddresses', [true, 'yes']],
        ['loadBalancerSourceRanges', [['10.0.0.0/8'], ['abc'], ['10.0.0.0/33'], [' 10.0.0.0/8'], ['::/0'], ['10.0.0.1']]],
        ['externalIPs', [['1.2.3.4'], ['999.1.1.1'], ['127.0.0.1'], ['169.254.1.1'], ['0.0.0.0'], ['224.0.0.1'], ['::1'], ['fe80::1'], ['10.0.0.1', '10.0.0.1']]],
        ['healthCheckNodePort', [30000]],
      ]);
      const v = r.pick(values);
      o.spec[key] = v;
      if (key === 'sessionAffinityConfig' && r.chance(0.7)) o.spec.sessionAffinity = 'ClientIP';
      const dropped = ['type', 'externalTrafficPolicy', 'healthCheckNodePort', 'loadBalancerSourceRanges'].includes(key) && r.chance(0.5) && o.spec.clusterIP !== undefined;
      if (dropped) delete o.spec.clusterIP;
      if (key !== 'type' && r.chance(0.3)) o.spec.type = r.pick(['NodePort', 'LoadBalancer']);
      return `spec.${key} = ${show(v)}${o.spec.type !== undefined && key !== 'type' ? `, type ${show(o.spec.type)}` : ''}${dropped ? ', clusterIP removed' : ''}${key === 'sessionAffinityConfig' ? `, sessionAffinity ${show(o.spec.sessionAffinity)}` : ''}`;
    },
  },
  {
    name: 'service.selector',
    kinds: ['Service'],
    apply(o, r) {
      const k = r.pick(LABEL_KEYS);
      const v = r.pick(LABEL_VALUES);
      o.spec.selector = { ...(o.spec.selector ?? {}), [k]: v };
      return `spec.selector[${show(k)}] = ${show(v)}`;
    },
  },

  // ServiceAccount
  {
    name: 'serviceaccount.fields',
    kinds: ['ServiceAccount'],
    apply(o, r) {
      const [key, values] = r.pick<[string, unknown[]]>([
        ['automountServiceAccountToken', [true, false, 'yes']],
        ['secrets', [[{ name: 'x' }], [{ name: '' }], [{}]]],
        ['imagePullSecrets', [[{ name: 'x' }], [{ name: '' }], [{ name: 'Foo' }]]],
      ]);
      const v = r.pick(values);
      o[key] = v;
      return `${key} = ${show(v)}`;
    },
  },

  // ClusterRole
  {
    name: 'clusterrole.rules',
    kinds: ['ClusterRole', 'Role'],
    apply(o, r) {
      o.rules ??= [];
      const rules: any[] = o.rules;
      const rule: any = {};
      const shape = r.int(6);
      if (shape !== 0) rule.verbs = r.pick<unknown>([['get'], [], ['*'], ['Get'], [''], ['get', 5]]);
      if (shape === 1) rule.apiGroups = r.pick<unknown>([[''], [], ['apps'], ['*']]);
      if (shape <= 2) {
        rule.resources = r.pick<unknown>([['pods'], [], ['*'], ['pods/log']]);
        if (shape === 2 && r.chance(0.5)) rule.apiGroups = [''];
      }
      if (shape === 3) rule.nonResourceURLs = r.pick<unknown>([['/metrics'], ['/metrics', '/healthz/*'], [], ['metrics']]);
      if (shape === 4) {
        rule.nonResourceURLs = ['/metrics'];
        rule.resources = ['pods'];
        rule.apiGroups = [''];
      }
      if (shape === 5) {
        rule.apiGroups = [''];
        rule.resources = ['pods'];
        rule.resourceNames = r.pick<unknown>([['x'], [''], ['a/b']]);
      }
      rules.push(rule);
      return `rules += ${show(rule)}`;
    },
  },
  {
    name: 'clusterrole.aggregation',
    kinds: ['ClusterRole'],
    apply(o, r) {
      const v = r.pick<unknown>([{ clusterRoleSelectors: [{ matchLabels: { 'example.com/agg': 'true' } }] }, { clusterRoleSelectors: [{ matchLabels: { 'a b': 'true' } }] }, { clusterRoleSelectors: [] }]);
      o.aggregationRule = v;
      return `aggregationRule = ${show(v)}`;
    },
  },

  // ClusterRoleBinding
  {
    name: 'binding.roleRef',
    kinds: ['ClusterRoleBinding', 'RoleBinding'],
    apply(o, r) {
      const [key, values] = r.pick<[string, unknown[]]>([
        ['name', ['', 'Foo', 'a/b', 'a%b', 'x', undefined]],
        ['kind', ['Role', 'ClusterRole', 'Foo', '']],
        ['apiGroup', ['rbac.authorization.k8s.io', '', 'foo', undefined]],
      ]);
      const v = r.pick(values);
      if (v === undefined) delete o.roleRef[key];
      else o.roleRef[key] = v;
      return `roleRef.${key} = ${show(v)}`;
    },
  },
  {
    name: 'binding.subjects',
    kinds: ['ClusterRoleBinding', 'RoleBinding'],
    apply(o, r) {
      const s: any = {};
      s.kind = r.pick(['ServiceAccount', 'User', 'Group', 'Foo', '']);
      const name = r.pick(['x', 'Foo', '', 'a:b', 'system:serviceaccounts', undefined]);
      if (name !== undefined) s.name = name;
      const ns = r.pick(['monitoring', '', 'Foo', undefined]);
      if (ns !== undefined) s.namespace = ns;
      const group = r.pick(['rbac.authorization.k8s.io', '', 'foo', undefined]);
      if (group !== undefined) s.apiGroup = group;
      o.subjects = r.chance(0.3) ? [s] : [...(o.subjects ?? []), s];
      return `subjects ${o.subjects.length === 1 ? '=' : '+='} ${show(s)}`;
    },
  },

  // ConfigMap
  {
    name: 'configmap.data',
    kinds: ['ConfigMap'],
    apply(o, r) {
      o.data ??= {};
      switch (r.int(4)) {
        case 0: {
          const key = r.pick(['a b', 'a/b', '.', '..', '..x', '.x', 'x..y', A(253), A(254), '', 'a_b-c.d', 'é', 'x:y']);
          o.data[key] = 'v';
          return `data[${show(key)}] = "v"`;
        }
        case 1: {
          const key = r.pick(Object.keys(o.data).concat(['k']));
          o.binaryData = { [key]: r.pick(['aGVsbG8=', 'not base64!']) };
          return `binaryData[${show(key)}] = ${show(o.binaryData[key])}${o.data[key] !== undefined ? ' (also a data key)' : ''}`;
        }
        case 2: {
          delete o.data.huge;
          const current = Object.values(o.data as { [k: string]: unknown }).reduce((n: number, v) => n + (typeof v === 'string' ? utf8Bytes(v) : 0), 0);
          const delta = r.pick([-1, 0, 1]);
          const multibyte = r.chance(0.4);
          const budget = DATA_LIMIT + delta - current;
          o.data.huge = multibyte ? A(Math.floor(budget / 2), 'é') + A(budget % 2) : A(budget);
          return `data values total = ${DATA_LIMIT + delta} bytes (limit ${DATA_LIMIT})${multibyte ? ', value of 2-byte "é" characters' : ''}`;
        }
        default: {
          const v = r.pick<unknown>([5, true, null, { a: 1 }]);
          const key = r.pick(Object.keys(o.data).concat(['k']));
          o.data[key] = v;
          return `data[${show(key)}] = ${show(v)}`;
        }
      }
    },
  },
  {
    name: 'configmap.immutable',
    kinds: ['ConfigMap'],
    apply(o, r) {
      o.immutable = r.pick<unknown>([true, false, 'yes']);
      return `immutable = ${show(o.immutable)}`;
    },
  },

  // Namespace
  {
    name: 'namespace.spec',
    kinds: ['Namespace'],
    apply(o, r) {
      const v = r.pick(['kubernetes', 'example.com/x', 'foo', 'a b', '']);
      o.spec = { finalizers: [v] };
      return `spec.finalizers = [${show(v)}]`;
    },
  },
];
