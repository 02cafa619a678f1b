/**
 * What the log collector's tests share: building a collector (synthesized and validated by the
 * shared helper, test/support/manifests.ts) and reading its generated Fluent Bit files back.
 */
import { Chart } from 'cdk8s';
import { parse } from 'yaml';
import { LogCollectorDaemonSet, LogCollectorDaemonSetProps, LogOutput } from '../../src';
import { Manifest, newChart, only, synth } from '../support/manifests';

export const LOKI = 'http://loki-gateway.loki.svc.cluster.local';

/** A collector and its objects. */
export interface Built {
  readonly objs: Manifest[];
  readonly collector: LogCollectorDaemonSet;
}

/** A collector shipping to Loki with `props`, synthesized and validated. */
export function build(props: Partial<LogCollectorDaemonSetProps> = {}, chart: Chart = newChart()): Built {
  const collector = new LogCollectorDaemonSet(chart, 'logs', { outputs: [LogOutput.loki({ url: LOKI })], ...props });
  return { objs: synth(chart), collector };
}

/** Builds a collector, for `expect(...).toThrow(...)`. */
export const attempt = (props: Partial<LogCollectorDaemonSetProps>) => (): unknown => build(props);

export const podSpec = (objs: Manifest[]) => only(objs, 'DaemonSet').spec.template.spec;
export const mainContainer = (objs: Manifest[]) => podSpec(objs).containers.find((c: any) => c.name === 'fluent-bit');
export const configData = (objs: Manifest[]): Record<string, string> => only(objs, 'ConfigMap').data;
export const fluentBitConfig = (objs: Manifest[]) => parse(configData(objs)['fluent-bit.yaml']);
export const parsersFile = (objs: Manifest[]) => parse(configData(objs)['parsers.yaml']);
export const input = (objs: Manifest[], name: string) => fluentBitConfig(objs).pipeline.inputs.find((i: any) => i.name === name);
export const filters = (objs: Manifest[]) => fluentBitConfig(objs).pipeline.filters;
export const hostVolume = (objs: Manifest[], path: string) => podSpec(objs).volumes.find((v: any) => v.hostPath?.path === path);
export const mountOf = (objs: Manifest[], name: string) => mainContainer(objs).volumeMounts.find((m: any) => m.name === name);
export const justification = (objs: Manifest[], key: string): string | undefined =>
  only(objs, 'DaemonSet').metadata.annotations[`justification.cdk8s-daemonsets.io/${key}`];
