/**
 * The apps the SafeSynth tests synthesize, shared by the tests and the child process they kill.
 * Only cdk8s classes, passed in, so the child's bundle stays small and starts fast.
 */
import type { ApiObject, App, Chart } from 'cdk8s';

/** The two outputs the kill test alternates between. */
export type Version = 'A' | 'B';

function daemonSet(name: string, namespace: string, image: string, component?: string) {
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
  const meta = { ...labels, ...(component ? { 'app.kubernetes.io/component': component } : {}) };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace, labels: meta },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels: meta }, spec: { containers: [{ name, image }] } },
    },
  };
}

/**
 * Version A and B share two charts whose content differs (the CNI and an agent) and each has one
 * chart of its own, so going from one to the other replaces, adds and removes files. A large
 * ConfigMap makes each write long enough for a kill to land inside it.
 */
export function killTestApp(app: App, version: Version, cdk8s: { ApiObject: typeof ApiObject; Chart: typeof Chart }): void {
  const { ApiObject: Obj, Chart: ChartClass } = cdk8s;
  const tag = version === 'A' ? 'v1.0.0' : 'v2.0.0';
  const cni = new ChartClass(app, 'cni');
  new Obj(cni, 'ds', daemonSet('flannel', 'kube-flannel', `registry.example.com/flannel:${tag}`, 'cni'));
  const agents = new ChartClass(app, 'agents');
  new Obj(agents, 'ds', daemonSet('node-exporter', 'monitoring', `registry.example.com/node-exporter:${tag}`));
  const filler = `${version}`.repeat(48 * 1024);
  new Obj(agents, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'monitoring' }, data: { filler } });
  const own = new ChartClass(app, version === 'A' ? 'extra-a' : 'extra-b');
  new Obj(own, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `extra-${version.toLowerCase()}`, namespace: 'monitoring' }, data: { filler } });
}

/** A raw DaemonSet manifest, for the tests' own apps. */
export const rawDaemonSet = daemonSet;
