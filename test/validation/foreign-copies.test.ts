/**
 * Objects from another copy of cdk8s or cdk8s-plus (`cdk8s init` installs cdk8s-plus-33, this
 * library takes cdk8s-plus-28): TypeScript refuses them at compile time with a message about
 * private properties; JavaScript callers reach the runtime guard, which must name the package and
 * the import to use, not just "wrong type".
 */
import { NodeExporterDaemonSet } from '../../src';
import { agent } from '../base/fixtures';
import { validationErrorOf } from '../support/errors';
import { newChart } from '../support/manifests';

/** A class that looks like another package's copy of `name`: same class name, other identity. */
function foreignInstance(name: string): object {
  const copy = { [name]: class {} }[name];
  return new copy();
}

describe('objects from another copy of a package', () => {
  test('a Volume from another cdk8s-plus names cdk8s-plus-28 and where to import it from', () => {
    const error = validationErrorOf(() => agent(newChart(), { volumes: [foreignInstance('Volume') as any] }));
    expect(error.problems).toEqual([expect.objectContaining({ property: 'volumes[0]' })]);
    expect(error.message).toContain('Give a Volume, e.g. Volume.fromHostPath(...) from cdk8s-plus-28, the line this library is built on. '
      + 'This Volume comes from another cdk8s-plus (e.g. cdk8s-plus-33, which `cdk8s init` installs): '
      + "import it from 'cdk8s-daemonsets/lib/kplus', the cdk8s-plus-28 this library is built on.");
  });

  test('a Duration from another cdk8s names cdk8s', () => {
    const error = validationErrorOf(() => new NodeExporterDaemonSet(newChart(), 'ne', { minReady: foreignInstance('Duration') as any }));
    expect(error.message).toBe('test/ne: invalid minReady: Duration{}. Give a Duration, e.g. Duration.seconds(10). '
      + 'This Duration comes from another copy of cdk8s: keep one cdk8s in the app (`npm ls cdk8s`, then `npm dedupe`).');
  });

  test('an unrelated object still gets the plain wrong-type message', () => {
    const error = validationErrorOf(() => agent(newChart(), { volumes: [{ name: 'v' } as any] }));
    expect(error.message).toContain('Give a Volume, e.g. Volume.fromHostPath(...)');
    expect(error.message).not.toContain('another copy');
  });

  test('the kplus module is the very cdk8s-plus-28 the library takes', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('../../src/kplus').Volume).toBe(require('cdk8s-plus-28').Volume);
  });
});
