/**
 * The rolling-update arithmetic (reference §7.2) and the strategy validation the API server applies
 * (§8). The planner resolves counts for the nodes where the DaemonSet should run.
 */
import { daemonSet, errorOf, node } from './builders';
import { CoveragePlanner, type RolloutPlan } from '../../src/planner';
import { planRollout, resolveUpdateStrategy, scaledValue } from '../../src/planner/rollout';

function nodes(count: number): any[] {
  return Array.from({ length: count }, (_, i) => node(`n${i}`));
}

function rolloutFor(desired: number, spec: any): RolloutPlan {
  return CoveragePlanner.plan([daemonSet('ds', {}, spec)], nodes(desired)).daemonSets[0].rollout;
}

const rolling = (rollingUpdate: any, extra: any = {}) => ({ updateStrategy: { type: 'RollingUpdate', rollingUpdate }, ...extra });

describe('worked examples (§7.2)', () => {
  test.each([
    // description, desired nodes, spec, [maxUnavailable, maxSurge, waves]
    ['10 nodes, maxUnavailable 25% → 3, waves 3,3,3,1', 10, rolling({ maxUnavailable: '25%' }), [3, 0, 4]],
    ['7 nodes, maxSurge 30%, maxUnavailable 0 → 3 extra pods, waves 3,3,1', 7, rolling({ maxUnavailable: 0, maxSurge: '30%' }), [0, 3, 3]],
    ['3 nodes, 50% → 2', 3, rolling({ maxUnavailable: '50%' }), [2, 0, 2]],
    ['3 nodes, 33% → 1', 3, rolling({ maxUnavailable: '33%' }), [1, 0, 3]],
    ['3 nodes, 34% → 2', 3, rolling({ maxUnavailable: '34%' }), [2, 0, 2]],
    ['1 node, 10% → 1', 1, rolling({ maxUnavailable: '10%' }), [1, 0, 1]],
    ['29 nodes, 10% → 3', 29, rolling({ maxUnavailable: '10%' }), [3, 0, 10]],
    ['30 nodes, 10% → 3', 30, rolling({ maxUnavailable: '10%' }), [3, 0, 10]],
    ['TestDaemonSetUpdatesPods: 5 nodes, maxUnavailable 2 → 2,2,1', 5, rolling({ maxUnavailable: 2 }), [2, 0, 3]],
    ['TestDaemonSetUpdatesPodsWithMaxSurge: 5 nodes, maxSurge 2 → 2,2,1', 5, rolling({ maxUnavailable: 0, maxSurge: 2 }), [0, 2, 3]],
    ['an int is not capped by desired', 3, rolling({ maxUnavailable: 5 }), [5, 0, 1]],
    ['100% → all at once', 4, rolling({ maxUnavailable: '100%' }), [4, 0, 1]],
    ['0 nodes → 0, 0 waves', 0, rolling({ maxUnavailable: '25%' }), [0, 0, 0]],
    ['0 nodes with an int → 0 waves', 0, rolling({ maxUnavailable: 3 }), [3, 0, 0]],
    ['"0%" maxUnavailable with maxSurge 10% on 9 nodes', 9, rolling({ maxUnavailable: '0%', maxSurge: '10%' }), [0, 1, 9]],
  ])('%s', (_d, desired, spec, [maxUnavailable, maxSurge, waves]) => {
    const r = rolloutFor(desired, spec);
    expect([r.desiredNumberScheduled, r.maxUnavailable, r.maxSurge, r.waves]).toEqual([desired, maxUnavailable, maxSurge, waves]);
  });
});

describe('defaults and OnDelete', () => {
  test.each([
    ['no updateStrategy: RollingUpdate, maxUnavailable 1, maxSurge 0', {}, ['RollingUpdate', 1, 0, 6]],
    ['type omitted: RollingUpdate', { updateStrategy: { rollingUpdate: { maxUnavailable: 2 } } }, ['RollingUpdate', 2, 0, 3]],
    ['type "" is defaulted as omitted', { updateStrategy: { type: '', rollingUpdate: { maxUnavailable: 2 } } }, ['RollingUpdate', 2, 0, 3]],
    ['RollingUpdate without rollingUpdate: defaults', { updateStrategy: { type: 'RollingUpdate' } }, ['RollingUpdate', 1, 0, 6]],
    ['rollingUpdate without maxUnavailable: 1', { updateStrategy: { rollingUpdate: {} } }, ['RollingUpdate', 1, 0, 6]],
    ['OnDelete: 0 and 0, no automatic waves', { updateStrategy: { type: 'OnDelete' } }, ['OnDelete', 0, 0, 0]],
    ['OnDelete ignores (and does not validate) rollingUpdate', { updateStrategy: { type: 'OnDelete', rollingUpdate: { maxUnavailable: '500%' } } }, ['OnDelete', 0, 0, 0]],
  ])('%s', (_d, spec, [strategy, maxUnavailable, maxSurge, waves]) => {
    const r = rolloutFor(6, spec);
    expect([r.strategy, r.maxUnavailable, r.maxSurge, r.waves]).toEqual([strategy, maxUnavailable, maxSurge, waves]);
  });

  test('desired counts only nodes where the DaemonSet should run', () => {
    const plan = CoveragePlanner.plan(
      [daemonSet('ds', { nodeSelector: { pool: 'a' } }, rolling({ maxUnavailable: '50%' }))],
      [node('a1', { labels: { pool: 'a' } }), node('a2', { labels: { pool: 'a' } }), node('a3', { labels: { pool: 'a' } }), node('b1'), node('cp', { labels: { pool: 'a' }, taints: [{ key: 'x', effect: 'NoSchedule' }] })],
    );
    expect(plan.daemonSets[0].rollout).toMatchObject({ desiredNumberScheduled: 3, maxUnavailable: 2, waves: 2 });
  });
});

describe('minimum duration', () => {
  test.each([
    ['4 waves × 30 s', 10, rolling({ maxUnavailable: '25%' }, { minReadySeconds: 30 }), 120],
    ['3 surge waves × 10 s', 7, rolling({ maxUnavailable: 0, maxSurge: '30%' }, { minReadySeconds: 10 }), 30],
    ['minReadySeconds unset → 0', 10, rolling({ maxUnavailable: 1 }), 0],
    ['OnDelete → 0', 10, { updateStrategy: { type: 'OnDelete' }, minReadySeconds: 60 }, 0],
    ['no nodes → 0', 0, { minReadySeconds: 60 }, 0],
  ])('%s', (_d, desired, spec, seconds) => {
    expect(rolloutFor(desired, spec).minDurationSeconds).toBe(seconds);
  });
});

describe('the controller arithmetic below validation', () => {
  const strategy = (maxUnavailable: number | string, maxSurge?: number | string) => ({ type: 'RollingUpdate' as const, maxUnavailable, maxSurge, minReadySeconds: 0 });

  test.each([
    ['both 0 on 2 nodes → maxUnavailable 1 (the impossible-configuration fallback)', strategy(0, 0), 2, [1, 0, 2]],
    ['both 0, maxSurge absent → fallback', strategy(0), 2, [1, 0, 2]],
    ['both 0 on 0 nodes → no fallback', strategy(0, 0), 0, [0, 0, 0]],
    ['"0%" and "0%" → fallback', strategy('0%', '0%'), 5, [1, 0, 5]],
  ])('%s', (_d, s, desired, [maxUnavailable, maxSurge, waves]) => {
    const r = planRollout(s, desired);
    expect([r.maxUnavailable, r.maxSurge, r.waves]).toEqual([maxUnavailable, maxSurge, waves]);
  });

  test.each([
    ['25%', 10, 3], ['10%', 29, 3], ['33%', 3, 1], ['34%', 3, 2], [7, 3, 7], ['0%', 10, 0], ['100%', 0, 0],
  ])('scaledValue(%j, %d) = %d (rounds up)', (v, total, expected) => {
    expect(scaledValue(v, total)).toBe(expected);
  });
});

describe('rejects a strategy the API server rejects', () => {
  const where = 'DaemonSet default/ds';
  test.each([
    [{ updateStrategy: { type: 'Recreate' } }, 'spec.updateStrategy.type: unsupported value "Recreate"; supported values: "OnDelete", "RollingUpdate"'],
    [{ updateStrategy: { rollingUpdate: { maxUnavailable: '10' } } }, 'maxUnavailable: "10" is not valid: a valid percent string must be a numeric string followed by an ending \'%\''],
    [{ updateStrategy: { rollingUpdate: { maxUnavailable: 'abc%' } } }, 'maxUnavailable: "abc%" is not valid'],
    [{ updateStrategy: { rollingUpdate: { maxUnavailable: -1 } } }, 'maxUnavailable: -1 must be an integer >= 0'],
    [{ updateStrategy: { rollingUpdate: { maxUnavailable: 1.5 } } }, 'maxUnavailable: 1.5 must be an integer >= 0'],
    [{ updateStrategy: { rollingUpdate: { maxUnavailable: '150%' } } }, 'maxUnavailable: "150%" must not be greater than 100%'],
    [{ updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: '101%' } } }, 'maxSurge: "101%" must not be greater than 100%'],
    [{ updateStrategy: { rollingUpdate: { maxSurge: 1 } } }, 'maxSurge: 1 may not be set when maxUnavailable is non-zero (maxUnavailable defaults to 1: set maxUnavailable: 0 to surge)'],
    [{ updateStrategy: { rollingUpdate: { maxUnavailable: 2, maxSurge: '10%' } } }, 'maxSurge: "10%" may not be set when maxUnavailable is non-zero'],
    [{ updateStrategy: { rollingUpdate: { maxUnavailable: 0 } } }, 'spec.updateStrategy.rollingUpdate.maxUnavailable: cannot be 0 when maxSurge is 0'],
    [{ updateStrategy: { rollingUpdate: { maxUnavailable: '0%', maxSurge: 0 } } }, 'cannot be 0 when maxSurge is 0'],
    [{ minReadySeconds: -5 }, 'spec.minReadySeconds: -5 must be an integer >= 0'],
    [{ minReadySeconds: '10' }, 'spec.minReadySeconds: "10" must be an integer >= 0'],
  ])('%j', (spec, message) => {
    const error = errorOf(() => resolveUpdateStrategy(daemonSet('ds', {}, spec), where));
    expect(error.startsWith(`${where}: spec.`)).toBe(true);
    expect(error).toContain(message);
  });

  test('the plan names the DaemonSet', () => {
    expect(errorOf(() => CoveragePlanner.plan([daemonSet('agent', {}, { updateStrategy: { rollingUpdate: { maxSurge: 1 } } }, 'kube-system')], nodes(1))))
      .toBe('DaemonSet kube-system/agent: invalid spec.updateStrategy.rollingUpdate.maxSurge: 1. maxSurge may be set only when maxUnavailable is 0.');
  });
});
