import { LabelRequirement, labelKeyProblem, parseInt64 } from '../../src/planner/label-requirement';

const labels = (l: Record<string, string>) => new Map(Object.entries(l));

function parse(key: string, operator: string, values?: any[]): LabelRequirement {
  const r = LabelRequirement.parse({ key, operator, values });
  if (typeof r === 'string') throw new Error(r);
  return r;
}

describe('LabelRequirement.matches (reference §2.2 operator table)', () => {
  test.each([
    // operator, values, node labels, matches
    ['In', ['gpu', 'tpu'], { type: 'gpu' }, true],
    ['In', ['gpu'], { type: 'cpu' }, false],
    ['In', ['gpu'], {}, false],
    ['In', [''], { type: '' }, true],
    ['NotIn', ['gpu'], { type: 'cpu' }, true],
    ['NotIn', ['gpu'], { type: 'gpu' }, false],
    ['NotIn', ['gpu'], {}, true], // NotIn on a missing label matches
    ['Exists', [], { type: '' }, true], // any value, including the empty one
    ['Exists', [], {}, false],
    ['DoesNotExist', [], {}, true],
    ['DoesNotExist', [], { type: '' }, false],
    ['Gt', ['5'], { type: '6' }, true],
    ['Gt', ['5'], { type: '5' }, false], // strict
    ['Gt', ['5'], { type: '0206' }, true], // leading zeros parse: 206 > 5
    ['Gt', ['100'], { type: '0099' }, false],
    ['Gt', ['5'], { type: 'abc' }, false], // a non-integer label is false, not an error
    ['Gt', ['5'], { type: '6.0' }, false],
    ['Gt', ['5'], { type: ' 6' }, false],
    ['Gt', ['5'], {}, false],
    ['Gt', ['0'], { type: '-3' }, false],
    ['Gt', ['0'], { type: '+3' }, true], // ParseInt accepts a sign
    ['Lt', ['5'], { type: '4' }, true],
    ['Lt', ['5'], { type: '5' }, false],
    ['Lt', ['5'], { type: '-4' }, true],
    ['Lt', ['5'], { type: 'x' }, false],
    ['Gt', ['9223372036854775806'], { type: '9223372036854775807' }, true], // int64 max, compared exactly
    ['Lt', ['9223372036854775807'], { type: '9223372036854775806' }, true],
    ['Gt', ['1'], { type: '9223372036854775808' }, false], // overflows int64: ParseInt errors, so false
  ])('%s %j on %j → %s', (operator, values, nodeLabels, expected) => {
    expect(parse('type', operator, values).matches(labels(nodeLabels))).toBe(expected);
  });
});

describe('LabelRequirement.parse rejects what the API machinery rejects', () => {
  test.each([
    [{ key: 'type', operator: 'In', values: [] }, 'operator In needs at least one value'],
    [{ key: 'type', operator: 'NotIn' }, 'operator NotIn needs at least one value'],
    [{ key: 'type', operator: 'Exists', values: ['x'] }, 'operator Exists takes no values'],
    [{ key: 'type', operator: 'DoesNotExist', values: [''] }, 'operator DoesNotExist takes no values'],
    [{ key: 'type', operator: 'Gt', values: ['1', '2'] }, 'operator Gt needs exactly one value'],
    [{ key: 'type', operator: 'Lt', values: [] }, 'operator Lt needs exactly one value'],
    [{ key: 'type', operator: 'Gt', values: ['1.5'] }, 'operator Gt needs an integer value, got "1.5"'],
    [{ key: 'type', operator: 'Gt', values: ['9223372036854775808'] }, 'operator Gt needs an integer value'],
    [{ key: 'type', operator: 'Gt', values: ['-1'] }, 'value "-1" is not a valid label value'],
    [{ key: 'type', operator: 'Equals', values: ['x'] }, 'operator "Equals" is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt'],
    [{ key: 'type', operator: 'in', values: ['x'] }, 'operator "in" is not one of'],
    [{ key: 'type', operator: 'In', values: ['has space'] }, 'value "has space" is not a valid label value'],
    [{ key: 'type', operator: 'In', values: ['x'.repeat(64)] }, 'is not a valid label value'],
    [{ key: 'type', operator: 'In', values: [5] }, 'value 5 is not a string'],
    [{ key: '', operator: 'Exists' }, 'key "" is not a valid label key: the name must not be empty'],
    [{ key: 'a/b/c', operator: 'Exists' }, 'at most one "/"'],
    [{ key: 'Example.COM/x', operator: 'Exists' }, 'prefix "Example.COM" is not a DNS-1123 subdomain'],
    [{ key: '-x', operator: 'Exists' }, 'start and end with an alphanumeric'],
  ])('%j: %s', (req: any, message) => {
    expect(LabelRequirement.parse(req)).toContain(message);
  });

  test('accepts prefixed keys and empty values', () => {
    expect(parse('node-role.kubernetes.io/control-plane', 'In', ['']).toString()).toBe('node-role.kubernetes.io/control-plane In []');
    expect(parse('example.com/gen', 'Gt', ['0042']).toString()).toBe('example.com/gen Gt 0042');
  });
});

describe('mismatch explanations', () => {
  test.each([
    [['type', 'In', ['gpu']], {}, 'node has no label type'],
    [['type', 'In', ['gpu']], { type: 'cpu' }, 'node has type=cpu'],
    [['gen', 'Gt', ['4']], { gen: 'new' }, 'node has gen=new, not an integer'],
  ])('%j on %j', ([key, op, values]: any, nodeLabels, message) => {
    expect(parse(key, op, values).mismatch(labels(nodeLabels))).toBe(message);
  });
});

describe('labelKeyProblem and parseInt64', () => {
  test.each([
    ['kubernetes.io/os', undefined],
    ['a', undefined],
    ['A_b.c-D', undefined],
    ['/x', 'the prefix before "/" must not be empty'],
    ['x/', 'the name must not be empty'],
    ['x'.repeat(64), 'the name must be at most 63 characters'],
  ])('key %j', (key, problem) => {
    expect(labelKeyProblem(key)).toBe(problem);
  });

  test.each([
    ['0206', 206],
    ['-12', -12],
    ['+7', 7],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
    ['9223372036854775808', undefined],
    ['1_000', undefined],
    ['', undefined],
    ['0x10', undefined],
  ])('parseInt64(%j) = %s', (text, value) => {
    expect(parseInt64(text)).toBe(value);
  });
});
