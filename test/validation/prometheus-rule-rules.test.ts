/**
 * The output validator's PrometheusRule rules: each case mutates one valid object and expects the
 * property reported (or none). With PROMTOOL_BIN pointing at a promtool (Debian's `prometheus`
 * package has one: `apt-get download prometheus && dpkg -x prometheus_*.deb x`, then
 * PROMTOOL_BIN=x/usr/bin/promtool), each case's rule groups also go through
 * `promtool check rules`, which must refuse exactly the cases the validator refuses.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { objectProblems } from '../../src/validation/output/object-rules';
import { promqlSyntaxError } from '../support/promql';

type Obj = any;

const prometheusRule = (): Obj => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: { name: 'agent', namespace: 'monitoring' },
  spec: {
    groups: [{
      name: 'agent.rules',
      interval: '1m',
      rules: [
        {
          alert: 'AgentDown',
          expr: 'up{job="agent"} == 0',
          for: '10m',
          keep_firing_for: '5m',
          labels: { severity: 'warning', team: 'platform' },
          annotations: { summary: 'Agent down.', description: 'Agent on {{ $labels.instance }} is down.' },
        },
        { record: 'job:up:sum', expr: 'sum by (job) (up)' },
      ],
    }],
  },
});

const CASES: [string, (o: Obj) => void, string[]][] = [
  ['the valid object', () => undefined, []],
  ['a `for` Prometheus cannot parse', o => { o.spec.groups[0].rules[0].for = '10 minutes'; }, ['spec.groups[0].rules[0].for']],
  ['a keep_firing_for with a unit Prometheus lacks', o => { o.spec.groups[0].rules[0].keep_firing_for = '1.5h'; }, ['spec.groups[0].rules[0].keep_firing_for']],
  ['a group interval without a unit', o => { o.spec.groups[0].interval = '60'; }, ['spec.groups[0].interval']],
  ['a group without a name', o => { o.spec.groups[0].name = ''; }, ['spec.groups[0].name']],
  ['a group name given twice', o => { o.spec.groups.push({ name: 'agent.rules', rules: [{ alert: 'X', expr: 'vector(1)' }] }); }, ['spec.groups[1].name']],
  ['a rule with both alert and record', o => { o.spec.groups[0].rules[1].alert = 'X'; }, ['spec.groups[0].rules[1].record']],
  ['a rule with neither', o => { delete o.spec.groups[0].rules[0].alert; }, ['spec.groups[0].rules[0].alert']],
  ['a rule without an expression', o => { o.spec.groups[0].rules[0].expr = ' '; }, ['spec.groups[0].rules[0].expr']],
  ['a recording rule named unlike a metric', o => { o.spec.groups[0].rules[1].record = 'job-up'; }, ['spec.groups[0].rules[1].record']],
  ['a recording rule with a `for`', o => { o.spec.groups[0].rules[1].for = '5m'; }, ['spec.groups[0].rules[1].for']],
  ['a label name with a dash', o => { o.spec.groups[0].rules[0].labels['team-name'] = 'x'; }, ['spec.groups[0].rules[0].labels key']],
  ['the label __name__', o => { o.spec.groups[0].rules[0].labels.__name__ = 'x'; }, ['spec.groups[0].rules[0].labels key']],
  ['an annotation name with a dot', o => { o.spec.groups[0].rules[0].annotations['runbook.url'] = 'x'; }, ['spec.groups[0].rules[0].annotations key']],
  ['an unclosed template', o => { o.spec.groups[0].rules[0].annotations.description = 'Agent on {{ $labels.instance is down.'; }, ['spec.groups[0].rules[0].annotations[description]']],
  ['a literal "}}" alone (Go templates leave it be)', o => { o.spec.groups[0].rules[0].annotations.summary = 'a }} b'; }, []],
];

describe('PrometheusRule, as Prometheus loads its rule file', () => {
  test.each(CASES)('%s', (_name, mutate, expected) => {
    const o = prometheusRule();
    mutate(o);
    expect(objectProblems(o).map(p => p.property)).toEqual(expected);
  });

  test('a non-list of groups and a non-object rule are reported, not thrown', () => {
    expect(objectProblems({ ...prometheusRule(), spec: { groups: 'x' } }).map(p => p.property)).toEqual(['spec.groups']);
    const o = prometheusRule();
    o.spec.groups[0].rules.push('up == 0');
    expect(objectProblems(o).map(p => p.property)).toEqual(['spec.groups[0].rules[2]']);
  });

  const promtool = process.env.PROMTOOL_BIN;
  (promtool ? describe : describe.skip)(`checked by ${promtool ?? 'promtool (set PROMTOOL_BIN)'}`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test.each(CASES)('%s: promtool agrees', (name, mutate, expected) => {
      const o = prometheusRule();
      mutate(o);
      const file = path.join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
      fs.writeFileSync(file, YAML.stringify(o.spec));
      let refused = false;
      try {
        execFileSync(promtool!, ['check', 'rules', file], { stdio: 'pipe' });
      } catch {
        refused = true;
      }
      expect(refused).toBe(expected.length > 0);
    });
  });
});

describe('the tests\' PromQL parser (Prometheus\'s lezer grammar)', () => {
  test.each([
    ['up{job="a"} == 0', undefined],
    ['sum by (a) (rate(x[5m])) * on (a) group_left (b) max by (a, b) (y) > 0', undefined],
    ['rate(x[5m]) >', 'syntax error'],
    ['up{job="a" == 0', 'syntax error'],
    ['sum by (a (x)', 'syntax error'],
  ])('%s', (expr, error) => {
    const found = promqlSyntaxError(expr);
    if (error === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(error);
  });
});
