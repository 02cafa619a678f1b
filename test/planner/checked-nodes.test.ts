/**
 * Nodes are checked once on the way from a file to a plan, and every list from code is checked.
 */
import * as path from 'path';
import { errorOf } from './builders';
import { CoveragePlanner } from '../../src/planner/coverage-planner';
import * as validate from '../../src/planner/validate';

const FIXTURES = path.join(__dirname, 'fixtures');
const NODES = path.join(FIXTURES, 'nodes.json');
const DAEMONSETS = path.join(FIXTURES, 'daemonsets.yaml');

afterEach(() => jest.restoreAllMocks());

describe('nodes are checked', () => {
  test('once, from a file to a plan', () => {
    const check = jest.spyOn(validate, 'checkNodes');
    CoveragePlanner.fromFiles([DAEMONSETS], NODES);
    expect(check).toHaveBeenCalledTimes(1);
  });

  test('again when a list from CoveragePlanner.loadNodes is planned: the caller may have changed it', () => {
    const nodes = CoveragePlanner.loadNodes(NODES);
    nodes.push({ kind: 'Node', metadata: {} });
    const daemonSets = CoveragePlanner.loadDaemonSets([DAEMONSETS]);
    expect(errorOf(() => CoveragePlanner.plan(daemonSets, nodes))).toBe(`nodes: item ${nodes.length - 1}: metadata.name: a node needs a name`);
  });
});
