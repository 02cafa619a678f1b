/**
 * `ToleratesTaint` (reference §2.3) and the default DaemonSet tolerations (§3), at the level of
 * single tolerations; the placement rows in should-run.test.ts show the same rules end to end.
 */
import { DEFAULT_DAEMONSET_TOLERATIONS, HOST_NETWORK_TOLERATION, daemonPodTolerations, firstUntoleratedTaint, toleratesTaint } from '../../src/planner/tolerations';

describe('toleratesTaint', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  test.each([
    [{ operator: 'Exists' }, true], // empty key + Exists: every taint
    [{ key: 'dedicated', operator: 'Exists' }, true], // empty effect: every effect
    [{ key: 'dedicated', operator: 'Exists', value: 'other' }, true], // Exists ignores the value
    [{ key: 'dedicated', operator: 'Equal', value: 'gpu' }, true],
    [{ key: 'dedicated', value: 'gpu' }, true], // operator "" is Equal
    [{ key: 'dedicated', operator: 'Equal', value: 'cpu' }, false],
    [{ key: 'dedicated', operator: 'Equal' }, false], // "" ≠ "gpu"
    [{ key: 'other', operator: 'Exists' }, false],
    [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, true],
    [{ operator: 'Equal', value: 'gpu' }, true], // empty key with Equal (validation forbids it) still compares values
    [{ key: 'dedicated', operator: 'Gt', value: '1' }, false], // unknown operators tolerate nothing (1.28–1.33)
    [{ key: 'dedicated', operator: 'exists' }, false], // operators are case-sensitive
  ])('%j → %s', (toleration, expected) => {
    expect(toleratesTaint(toleration, taint)).toBe(expected);
  });
});

describe('default DaemonSet tolerations', () => {
  test('the six defaults, exactly', () => {
    expect(DEFAULT_DAEMONSET_TOLERATIONS.map(t => `${t.key}:${t.operator}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:Exists:NoExecute',
      'node.kubernetes.io/unreachable:Exists:NoExecute',
      'node.kubernetes.io/disk-pressure:Exists:NoSchedule',
      'node.kubernetes.io/memory-pressure:Exists:NoSchedule',
      'node.kubernetes.io/pid-pressure:Exists:NoSchedule',
      'node.kubernetes.io/unschedulable:Exists:NoSchedule',
    ]);
    expect(DEFAULT_DAEMONSET_TOLERATIONS.every(t => t.tolerationSeconds === undefined)).toBe(true);
  });

  test('network-unavailable only with hostNetwork', () => {
    expect(daemonPodTolerations([], true)).toContain(HOST_NETWORK_TOLERATION);
    expect(daemonPodTolerations([], false)).not.toContain(HOST_NETWORK_TOLERATION);
  });

  test('user tolerations come first and are kept', () => {
    const user = { key: 'x', operator: 'Exists' };
    expect(daemonPodTolerations([user], false)[0]).toBe(user);
  });

  test('firstUntoleratedTaint returns the first in node order, or only NoExecute ones', () => {
    const a = { key: 'a', effect: 'NoSchedule' };
    const b = { key: 'b', effect: 'NoExecute' };
    expect(firstUntoleratedTaint([a, b], [], false)).toBe(a);
    expect(firstUntoleratedTaint([a, b], [], true)).toBe(b);
    expect(firstUntoleratedTaint([a, b], [{ operator: 'Exists' }], false)).toBeUndefined();
  });
});
