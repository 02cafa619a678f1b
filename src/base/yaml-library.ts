/**
 * The YAML library, as the copy cdk8s itself loads (it bundles one), so that an app loads one
 * YAML library, not two: loading yaml takes about 28 ms, a tenth of loading this package. This
 * package's own dependency serves where cdk8s's cannot be found or lacks what is used here.
 */
import * as path from 'path';

type YamlLibrary = typeof import('yaml');

const USED: Array<keyof YamlLibrary> = ['Document', 'Lexer', 'LineCounter', 'parseAllDocuments', 'parseDocument', 'visit', 'isMap', 'isSeq', 'isAlias', 'isCollection'];

function cdk8sCopy(): YamlLibrary | undefined {
  try {
    const cdk8sDir = path.dirname(require.resolve('cdk8s/package.json'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const library = require(require.resolve('yaml', { paths: [cdk8sDir] })) as Partial<YamlLibrary>;
    return USED.every(name => library[name] !== undefined) ? library as YamlLibrary : undefined;
  } catch {
    return undefined;
  }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const yaml: YamlLibrary = cdk8sCopy() ?? (require('yaml') as YamlLibrary);
