import * as path from 'path';
import { yaml } from '../../src/base/yaml-library';

test('the library parses and writes YAML with the copy cdk8s loads, so an app loads one', () => {
  const cdk8sCopy = require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s/package.json'))] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(yaml).toBe(require(cdk8sCopy));
  expect(new yaml.Document({ a: 'on' }).toString()).toBe('a: on\n');
});
