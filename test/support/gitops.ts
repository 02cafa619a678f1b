import type { Manifest } from './manifests';

/** The Argo CD sync-wave annotation. */
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/** The Pod Security admission labels of a Namespace at one level. */
export function psaLabels(level: string): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/warn': level,
    'pod-security.kubernetes.io/audit': level,
  };
}

/** Each object's sync wave, by kind/name. */
export function wavesOf(objs: Manifest[]): Record<string, string | undefined> {
  return Object.fromEntries(objs.map(o => [`${o.kind}/${o.metadata.name}`, o.metadata.annotations?.[SYNC_WAVE]]));
}

/** The same objects, all in one wave. */
export function everyObjectIn(objs: Manifest[], wave: string): Record<string, string> {
  return Object.fromEntries(objs.map(o => [`${o.kind}/${o.metadata.name}`, wave]));
}
