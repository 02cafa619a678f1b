import { agent, daemonSetOf } from './fixtures';
import { UpdateLimit, UpdateStrategy, ValidationError } from '../../src';
import { newChart, synth } from '../support/manifests';

function strategyOf(updateStrategy?: UpdateStrategy): any {
  const chart = newChart();
  agent(chart, { updateStrategy });
  return daemonSetOf(chart).spec.updateStrategy;
}

describe('UpdateStrategy', () => {
  test('defaults to a rolling update one node at a time, written out in full', () => {
    expect(strategyOf()).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  });

  test('a percentage reaches the YAML as a string (cdk8s-plus would mangle a patched one to {})', () => {
    expect(strategyOf(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(10) })).rollingUpdate)
      .toEqual({ maxUnavailable: '10%', maxSurge: 0 });
  });

  test('maxSurge alone means create first: maxUnavailable is written as 0', () => {
    expect(strategyOf(UpdateStrategy.rollingUpdate({ maxSurge: UpdateLimit.nodes(2) })).rollingUpdate)
      .toEqual({ maxUnavailable: 0, maxSurge: 2 });
  });

  test('maxSurge as a percentage with maxUnavailable 0', () => {
    expect(strategyOf(UpdateStrategy.rollingUpdate({ maxSurge: UpdateLimit.percent(25), maxUnavailable: UpdateLimit.nodes(0) })).rollingUpdate)
      .toEqual({ maxUnavailable: 0, maxSurge: '25%' });
  });

  test('parse() reads YAML-style values', () => {
    expect(UpdateLimit.parse('3').toJson()).toBe(3);
    expect(UpdateLimit.parse('30%').toJson()).toBe('30%');
  });

  test('onDelete() writes only the type', () => {
    expect(strategyOf(UpdateStrategy.onDelete())).toEqual({ type: 'OnDelete' });
  });

  test('minReadySeconds and revisionHistoryLimit reach the YAML', () => {
    const chart = newChart();
    agent(chart, { minReadySeconds: 15, revisionHistoryLimit: 3 });
    const spec = daemonSetOf(chart).spec;
    expect(spec.minReadySeconds).toBe(15);
    expect(spec.revisionHistoryLimit).toBe(3);
  });

  test('revisionHistoryLimit defaults to 10, written out', () => {
    const chart = newChart();
    agent(chart);
    expect(daemonSetOf(chart).spec.revisionHistoryLimit).toBe(10);
  });

  describe('rejects', () => {
    const rejects = (strategy: UpdateStrategy) => () => agent(newChart(), { updateStrategy: strategy });
    test('rejects maxSurge on an agent that publishes a host port (hostNetwork), at synth, with the fix', () => {
      const chart = newChart();
      agent(chart, { hostNetwork: true, updateStrategy: UpdateStrategy.rollingUpdate({ maxSurge: UpdateLimit.nodes(1) }) })
        .containers[0].addPort({ number: 9100 });
      expect(() => synth(chart)).toThrow(ValidationError);
      expect(() => synth(chart)).toThrow(/^test\/agent: invalid updateStrategy\.maxSurge: 1\. The agent publishes host port 9100, which the old and the surge pod cannot both hold on one node, so the rollout would never progress: use UpdateStrategy\.rollingUpdate\(\{ maxUnavailable: \.\.\. \}\) instead\.$/);
    });
    test('accepts maxSurge on an agent without host ports', () => {
      const chart = newChart();
      agent(chart, { hostNetwork: true, updateStrategy: UpdateStrategy.rollingUpdate({ maxSurge: UpdateLimit.nodes(1) }) });
      expect(synth(chart)).toHaveLength(2);
    });
    test('rejects both limits zero', () => {
      expect(rejects(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(0) })))
        .toThrow(/test\/agent: invalid updateStrategy\.maxUnavailable: 0\. maxUnavailable cannot be 0 when maxSurge is 0/);
    });
    test('rejects both limits zero when one is 0%', () => {
      expect(rejects(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(0), maxSurge: UpdateLimit.nodes(0) })))
        .toThrow(/maxUnavailable cannot be 0 when maxSurge is 0/);
    });
    test('rejects both limits non-zero and says which to write', () => {
      expect(rejects(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(1), maxSurge: UpdateLimit.percent(10) })))
        .toThrow(/invalid updateStrategy\.maxSurge: "10%"\. maxSurge may not be set when maxUnavailable is non-zero \(1\): choose one, e\.g\. \{ maxSurge: "10%" \} alone/);
    });
    test('rejects a percentage over 100%', () => {
      expect(rejects(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(150) })))
        .toThrow(/invalid updateStrategy\.maxUnavailable: "150%"\. A percentage must not be greater than 100%/);
    });
    test('rejects a negative count', () => {
      expect(rejects(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(-1) })))
        .toThrow(/invalid updateStrategy\.maxUnavailable: -1\. Use a whole number of nodes of 0 or more/);
    });
    test('rejects a fractional count', () => {
      expect(rejects(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.nodes(1.5) })))
        .toThrow(/invalid updateStrategy\.maxUnavailable: 1\.5/);
    });
    test('rejects a malformed percentage', () => {
      expect(rejects(UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.parse('10 %') })))
        .toThrow(/invalid updateStrategy\.maxUnavailable: "10 %"\. Use a whole percentage from 0% to 100%/);
    });
    test('rejects a fractional percentage', () => {
      expect(rejects(UpdateStrategy.rollingUpdate({ maxSurge: UpdateLimit.percent(2.5) })))
        .toThrow(/invalid updateStrategy\.maxSurge: "2\.5%"/);
    });
    test('rejects a negative minReadySeconds', () => {
      expect(() => agent(newChart(), { minReadySeconds: -5 })).toThrow(/invalid minReadySeconds: -5\. Use a whole number of 0 or more/);
    });
    test('rejects a negative revisionHistoryLimit', () => {
      expect(() => agent(newChart(), { revisionHistoryLimit: -1 })).toThrow(/invalid revisionHistoryLimit: -1/);
    });
  });
});
