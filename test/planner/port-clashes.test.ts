/**
 * Host-port clashes at fleet size: a DaemonSet that clashes on a node with a few others gets a
 * warning per other DaemonSet; with more, one warning that names the first few and counts the
 * rest, so the warnings stay linear in nodes × DaemonSets (100 DaemonSets on one port made
 * 99 million warnings before).
 */
import { daemonSet, node } from './builders';
import { CoveragePlanner, PlanWarningKind, type CoveragePlan } from '../../src/planner';
import { NAMED_CLASHES } from '../../src/planner/port-clashes';

/** A hostNetwork exporter listening on `port` (with hostNetwork every container port is a host port). */
function exporter(name: string, port: number | number[], podSpec: any = {}): any {
  const ports = (Array.isArray(port) ? port : [port]).map(containerPort => ({ containerPort }));
  return daemonSet(name, { hostNetwork: true, containers: [{ name: 'c', ports }], ...podSpec }, {}, 'monitoring');
}

const exporters = (count: number, port = 9100) => Array.from({ length: count }, (_, i) => exporter(`e${String(i).padStart(3, '0')}`, port));
const nodes = (count: number, labels: Record<string, string> = {}) => Array.from({ length: count }, (_, i) => node(`n${i}`, { labels }));
const messages = (plan: CoveragePlan, ds: number) => plan.daemonSets[ds].warnings.map(w => w.message);
const pairMessage = (other: string) => `hostPort 9100/TCP also claimed by DaemonSet monitoring/${other}, which runs on this node too; one of the two pods stays Pending`;

describe('host-port clashes at fleet size', () => {
  test('100 hostNetwork DaemonSets on one port × 200 nodes: one summarized warning per DaemonSet and node', () => {
    const plan = CoveragePlanner.plan(exporters(100), nodes(200));
    for (const ds of plan.daemonSets) {
      expect(ds.warnings).toHaveLength(200);
      expect(ds.warnings.every(w => w.kind === PlanWarningKind.HOST_PORT_CONFLICT)).toBe(true);
    }
    expect(plan.daemonSets[0].warnings[0]).toEqual({
      kind: PlanWarningKind.HOST_PORT_CONFLICT,
      node: 'n0',
      message: 'hostPort 9100/TCP also claimed by 99 other DaemonSets, which run on this node too (monitoring/e001, monitoring/e002, '
        + 'monitoring/e003, monitoring/e004, monitoring/e005, and 94 more); one pod holds the port and the others that clash with it stay Pending',
      summary: expect.any(String),
    });
    expect(plan.daemonSets[0].warnings[0].summary).toBe(plan.daemonSets[0].warnings[0].message);
    expect(messages(plan, 50)[0]).toContain('(monitoring/e000, monitoring/e001, monitoring/e002, monitoring/e003, monitoring/e004, and 94 more)');
    expect(plan.daemonSets[0].warnings.map(w => w.node)).toEqual(nodes(200).map(n => n.metadata.name));
  });

  test(`up to ${NAMED_CLASHES} others: one warning per other DaemonSet, as for a pair`, () => {
    const plan = CoveragePlanner.plan(exporters(NAMED_CLASHES + 1), nodes(1));
    expect(messages(plan, 0)).toEqual(['e001', 'e002', 'e003', 'e004', 'e005'].map(pairMessage));
    expect(messages(plan, 3)).toEqual(['e000', 'e001', 'e002', 'e004', 'e005'].map(pairMessage));
  });

  test(`more than ${NAMED_CLASHES} others: one warning`, () => {
    const plan = CoveragePlanner.plan(exporters(NAMED_CLASHES + 2), nodes(1));
    expect(messages(plan, 0)).toEqual([expect.stringMatching(/^hostPort 9100\/TCP also claimed by 6 other DaemonSets, .*, and 1 more\); /)]);
  });

  test('each clash is listed node by node, in the order of the other DaemonSets', () => {
    const plan = CoveragePlanner.plan(exporters(3), nodes(2));
    expect(plan.daemonSets[0].warnings.map(w => [w.node, w.message])).toEqual([
      ['n0', pairMessage('e001')], ['n1', pairMessage('e001')], ['n0', pairMessage('e002')], ['n1', pairMessage('e002')],
    ]);
  });

  test('the count is per node: only the DaemonSets that run there', () => {
    const fleet = [...nodes(2, { pool: 'a' }), node('b0', { labels: { pool: 'b' } })];
    const onlyA = Array.from({ length: 10 }, (_, i) => exporter(`a${i}`, 9100, { nodeSelector: { pool: 'a' } }));
    const plan = CoveragePlanner.plan([exporter('everywhere', 9100), ...onlyA, exporter('also-everywhere', 9100)], fleet);
    const everywhere = plan.daemonSets[0].warnings;
    expect(everywhere.map(w => w.node)).toEqual(['n0', 'n1', 'b0']);
    expect(everywhere[0].message).toMatch(/^hostPort 9100\/TCP also claimed by 11 other DaemonSets, .*, and 6 more\)/);
    expect(everywhere[2].message).toBe(pairMessage('also-everywhere'));
  });

  test('a summary names only the ports that clash', () => {
    const many = exporters(NAMED_CLASHES + 1);
    const plan = CoveragePlanner.plan([exporter('two-ports', [8080, 9100]), ...many], nodes(1));
    expect(messages(plan, 0)[0]).toMatch(/^hostPort 9100\/TCP also claimed by 6 other DaemonSets/);
  });

  test('a summary names every port that clashes, in the order they were first claimed, and counts each other DaemonSet once', () => {
    const both = Array.from({ length: NAMED_CLASHES + 1 }, (_, i) => exporter(`both${i}`, [9100, 9101]));
    const plan = CoveragePlanner.plan([exporter('me', [9101, 9100]), ...both], nodes(1));
    expect(messages(plan, 0)[0]).toMatch(/^hostPorts 9101\/TCP, 9100\/TCP also claimed by 6 other DaemonSets/);
  });

  test('host IPs: specific addresses clash with the wildcard, not with each other', () => {
    const at = (name: string, hostIP?: string) => daemonSet(name, { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 80, ...(hostIP ? { hostIP } : {}) }] }] });
    const specific = Array.from({ length: NAMED_CLASHES + 1 }, (_, i) => at(`ip${i}`, `10.0.0.${i + 1}`));
    const plan = CoveragePlanner.plan([at('wildcard'), ...specific], nodes(1));
    expect(messages(plan, 0)).toEqual([expect.stringMatching(/^hostPort 80\/TCP also claimed by 6 other DaemonSets, /)]);
    // Each specific address clashes only with the wildcard (a pair's warning names the first one's claim).
    expect(messages(plan, 1)).toEqual(['hostPort 80/TCP also claimed by DaemonSet default/wildcard, which runs on this node too; one of the two pods stays Pending']);
  });

});
