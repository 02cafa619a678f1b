import { Duration } from 'cdk8s';
import { agent, podSpecOf } from './fixtures';
import { TaintEffect, Toleration, TolerationOperator } from '../../src';
import { newChart } from '../support/manifests';

function tolerationsOf(...tolerations: Toleration[]): any[] {
  const chart = newChart();
  agent(chart, { tolerations });
  return podSpecOf(chart).tolerations;
}

describe('Toleration', () => {
  test('no tolerations by default: only the controller adds its own', () => {
    const chart = newChart();
    agent(chart);
    expect(podSpecOf(chart).tolerations).toBeUndefined();
  });

  test.each([
    ['everything()', Toleration.everything(), { operator: 'Exists' }],
    ['allWithEffect(NoSchedule)', Toleration.allWithEffect(TaintEffect.NO_SCHEDULE), { operator: 'Exists', effect: 'NoSchedule' }],
    ['controlPlane()', Toleration.controlPlane(), { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
    ['criticalAddonsOnly()', Toleration.criticalAddonsOnly(), { key: 'CriticalAddonsOnly', operator: 'Exists' }],
    ['nvidiaGpu()', Toleration.nvidiaGpu(), { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    ['equal()', Toleration.equal('dedicated', 'logging', TaintEffect.NO_SCHEDULE), { key: 'dedicated', operator: 'Equal', value: 'logging', effect: 'NoSchedule' }],
    ['of() with tolerationSeconds', Toleration.of({ key: 'node.kubernetes.io/unreachable', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_EXECUTE, tolerationSeconds: Duration.minutes(5) }),
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
  ])('%s renders as Kubernetes expects', (_name, toleration, expected) => {
    expect(tolerationsOf(toleration)).toEqual([expected]);
  });

  test('noExecuteConditions() tolerates not-ready and unreachable NoExecute', () => {
    expect(tolerationsOf(...Toleration.noExecuteConditions())).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    ]);
  });

  test('tolerate() appends to the props tolerations in order', () => {
    const chart = newChart();
    const a = agent(chart, { tolerations: [Toleration.controlPlane()] });
    a.tolerate(Toleration.nvidiaGpu());
    expect(podSpecOf(chart).tolerations.map((t: any) => t.key)).toEqual(['node-role.kubernetes.io/control-plane', 'nvidia.com/gpu']);
    expect(a.tolerations).toHaveLength(2);
  });

  describe('rejects', () => {
    test('rejects a value with operator Exists', () => {
      expect(() => agent(newChart(), { tolerations: [Toleration.of({ key: 'a', operator: TolerationOperator.EXISTS, value: 'x' })] }))
        .toThrow(/test\/agent: invalid tolerations\[0\]\.value: "x"\. Operator Exists matches any value and takes none/);
    });
    test('rejects an empty key without Exists', () => {
      expect(() => agent(newChart(), { tolerations: [Toleration.of({ value: 'x' })] }))
        .toThrow(/invalid tolerations\[0\]\.key: undefined\. An empty key matches every taint and needs operator Exists/);
    });
    test('rejects tolerationSeconds without NoExecute', () => {
      expect(() => agent(newChart(), { tolerations: [Toleration.of({ key: 'a', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE, tolerationSeconds: Duration.seconds(30) })] }))
        .toThrow(/invalid tolerations\[0\]\.tolerationSeconds: 30\. tolerationSeconds only applies to NoExecute taints/);
    });
    test('rejects an invalid key', () => {
      expect(() => agent(newChart(), { tolerations: [Toleration.exists('not a key')] }))
        .toThrow(/invalid tolerations\[0\]\.key: "not a key"\. Use a qualified name/);
    });
    test('rejects an invalid value', () => {
      expect(() => agent(newChart(), { tolerations: [Toleration.equal('a', 'bad value')] }))
        .toThrow(/invalid tolerations\[0\]\.value: "bad value"/);
    });
    test('rejects through tolerate() with the index it would take', () => {
      const a = agent(newChart(), { tolerations: [Toleration.everything()] });
      expect(() => a.tolerate(Toleration.of({ value: 'x' }))).toThrow(/invalid tolerations\[1\]\.key/);
    });
  });
});
