/**
 * Mutations of the objects around a workload's pods that mutations.ts does not cover: a
 * Deployment's strategy and counts, a PodDisruptionBudget's spec, and the pod template's
 * annotations that the API server reads as pod settings (AppArmor, seccomp, tolerations, the
 * mirror-pod marker). Same contract as mutations.ts: edit in place, say what changed, mix valid
 * and invalid values, set only fields a 1.20 server knows.
 */
import { INT_OR_PERCENT, Mutation, pod, Rng, show, WORKLOADS } from './mutations';
import type { Obj } from './seeds';

// A Deployment's maxSurge may exceed 100%.
const SURGE_OR_PERCENT: unknown[] = [...INT_OR_PERCENT, '200%'];
const COUNTS: unknown[] = [-1, 0, 5, 600, 601, 2 ** 31, '10', 1.5];

const APPARMOR = 'container.apparmor.security.beta.kubernetes.io/';
const APPARMOR_PROFILES = ['runtime/default', 'unconfined', 'localhost/agent', 'localhost/', '', 'foo', 'Unconfined', 'docker/default'];
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const SECCOMP_PROFILES = ['runtime/default', 'docker/default', 'unconfined', 'localhost/a.json', 'localhost/profiles/a.json', 'localhost/../a.json', 'localhost//a.json', 'localhost/', 'foo', ''];
const SECCOMP_FIELDS: unknown[] = [
  undefined, { type: 'RuntimeDefault' }, { type: 'Unconfined' }, { type: 'Localhost', localhostProfile: 'a.json' }, { type: 'Localhost', localhostProfile: 'b.json' },
];
const TOLERATION_TEXTS = [
  '[{"key":"k","operator":"Exists"}]', '[{"operator":"Exists"}]', '[{"operator":"Equal","value":"x"}]', '[{"key":"a b","operator":"Exists"}]',
  'not json', '{"key":"k"}', 'null', '[]', '[{"key":"k","operator":"Exists","effect":"Foo"}]', '[{"key":"k","tolerationSeconds":"5"}]',
];

/** A container name of the pod, or one it does not have. */
function containerName(o: Obj, r: Rng): string {
  const p = pod(o);
  const names = ['initContainers', 'containers'].flatMap(list => (Array.isArray(p?.[list]) ? p[list] : []).map((c: any) => c?.name));
  return r.chance(0.75) && names.length > 0 ? r.pick(names) : r.pick(['ghost', 'Agent', '']);
}

function annotate(o: Obj, key: string, value: string): void {
  o.spec.template.metadata ??= {};
  o.spec.template.metadata.annotations = { ...(o.spec.template.metadata.annotations ?? {}), [key]: value };
}

export const WORKLOAD_MUTATIONS: Mutation[] = [
  {
    name: 'deployment.strategy',
    kinds: ['Deployment'],
    apply(o, r) {
      switch (r.int(4)) {
        case 0: {
          const type = r.pick(['Recreate', 'RollingUpdate', 'Foo', '', 'recreate']);
          o.spec.strategy = r.chance(0.5) ? { type } : { type, rollingUpdate: { maxUnavailable: 1 } };
          return `spec.strategy = ${show(o.spec.strategy)}`;
        }
        case 1: {
          const rolling: any = {};
          if (r.chance(0.8)) rolling.maxUnavailable = r.pick(INT_OR_PERCENT);
          if (r.chance(0.8)) rolling.maxSurge = r.pick(SURGE_OR_PERCENT);
          o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: rolling };
          return `spec.strategy.rollingUpdate = ${show(rolling)}`;
        }
        case 2:
          o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: r.pick([0, '0%']), maxSurge: r.pick([0, '0%', 1]) } };
          return `spec.strategy.rollingUpdate = ${show(o.spec.strategy.rollingUpdate)}`;
        default:
          o.spec.strategy = r.pick<unknown>([{}, null, { rollingUpdate: null }]);
          return `spec.strategy = ${show(o.spec.strategy)}`;
      }
    },
  },
  {
    name: 'deployment.counts',
    kinds: ['Deployment'],
    apply(o, r) {
      const key = r.pick(['replicas', 'progressDeadlineSeconds', 'minReadySeconds', 'paused', 'deadline and minReady']);
      if (key === 'paused') {
        o.spec.paused = r.pick<unknown>([true, false, 'yes']);
        return `spec.paused = ${show(o.spec.paused)}`;
      }
      if (key === 'deadline and minReady') {
        o.spec.minReadySeconds = r.pick([0, 10, 600, 700]);
        o.spec.progressDeadlineSeconds = r.pick<unknown>([undefined, 10, 11, 600]);
        return `spec.minReadySeconds = ${o.spec.minReadySeconds}, progressDeadlineSeconds = ${show(o.spec.progressDeadlineSeconds)}`;
      }
      o.spec[key] = r.pick(COUNTS);
      return `spec.${key} = ${show(o.spec[key])}`;
    },
  },
  {
    name: 'pdb.spec',
    kinds: ['PodDisruptionBudget'],
    apply(o, r) {
      const spec = o.spec ?? {};
      o.spec = spec;
      switch (r.int(3)) {
        case 0: {
          delete spec.minAvailable;
          delete spec.maxUnavailable;
          const keys = r.pick([['minAvailable'], ['maxUnavailable'], ['minAvailable', 'maxUnavailable']]);
          for (const key of keys) spec[key] = r.pick(INT_OR_PERCENT);
          return keys.map(key => `spec.${key} = ${show(spec[key])}`).join(', ');
        }
        case 1: {
          const key = r.pick(['app.kubernetes.io/name', 'a b', 'example.com/x']);
          spec.selector = { matchLabels: { [key]: r.pick(['x', 'a b', '']) } };
          return `spec.selector = ${show(spec.selector)}`;
        }
        default:
          spec.selector = { matchExpressions: [{ key: 'app', operator: r.pick(['In', 'Exists', 'Gt', 'in']), values: r.pick([[], ['a'], ['a b']]) }] };
          return `spec.selector = ${show(spec.selector)}`;
      }
    },
  },
  {
    name: 'pod.annotations',
    kinds: WORKLOADS,
    apply(o, r) {
      switch (r.int(5)) {
        case 0: {
          const key = APPARMOR + containerName(o, r);
          const value = r.pick(APPARMOR_PROFILES);
          annotate(o, key, value);
          return `template annotation ${key} = ${show(value)}`;
        }
        case 1: {
          const value = r.pick(SECCOMP_PROFILES);
          annotate(o, SECCOMP_POD, value);
          const field = r.pick(SECCOMP_FIELDS);
          const p = pod(o);
          if (field !== undefined) p.securityContext = { ...(p.securityContext ?? {}), seccompProfile: field };
          return `template annotation ${SECCOMP_POD} = ${show(value)}${field !== undefined ? `, pod seccompProfile = ${show(field)}` : ''}`;
        }
        case 2: {
          const name = containerName(o, r);
          const value = r.pick(SECCOMP_PROFILES);
          annotate(o, SECCOMP_CONTAINER + name, value);
          const field = r.pick(SECCOMP_FIELDS);
          const c = (pod(o)?.containers ?? []).concat(pod(o)?.initContainers ?? []).find((x: any) => x?.name === name);
          if (c && field !== undefined) c.securityContext = { ...(c.securityContext ?? {}), seccompProfile: field };
          return `template annotation ${SECCOMP_CONTAINER}${name} = ${show(value)}${c && field !== undefined ? `, its seccompProfile = ${show(field)}` : ''}`;
        }
        case 3: {
          const value = r.pick(TOLERATION_TEXTS);
          annotate(o, 'scheduler.alpha.kubernetes.io/tolerations', value);
          return `template annotation scheduler.alpha.kubernetes.io/tolerations = ${show(value)}`;
        }
        default: {
          annotate(o, 'kubernetes.io/config.mirror', 'x');
          const withNode = r.chance(0.3);
          if (withNode) pod(o).nodeName = 'node-1';
          return `template annotation kubernetes.io/config.mirror = "x"${withNode ? ', nodeName = "node-1"' : ''}`;
        }
      }
    },
  },
];
