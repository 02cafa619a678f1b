/**
 * Wrong types at the constructs of Calico's install, CalicoKubeControllers and
 * CalicoCustomResourceDefinitions (their factories' rows are in
 * wrong-types-agents-factories.test.ts). Each wrong value, derived from the parameter's shape,
 * must be refused with ValidationError naming the construct, the property and the value as
 * given, before anything is built.
 */
import { CLASS, chart, constructorParams, EntryPoint, listOf, Shape, STRING, wrongTypes } from './entry-points';
import { CalicoCustomResourceDefinitions, CalicoKubeControllers } from '../../src';

const optional = (shape: Shape) => ({ shape, optional: true });

const entries: EntryPoint[] = [
  {
    api: 'CalicoKubeControllers',
    where: 'test/kube-controllers',
    params: [...constructorParams('CalicoKubeControllers'), {
      name: 'props',
      optional: true,
      shape: {
        kind: 'struct',
        bare: true,
        valid: {},
        fields: {
          version: optional(CLASS),
          namespace: optional(STRING),
          imageRegistry: optional(STRING),
          imagePullSecrets: optional(listOf(STRING)),
          syncWave: optional(CLASS),
        },
      },
    }],
    setup: () => ({ call: (...a: any[]) => new CalicoKubeControllers(a[0], a[1], a[2]), args: [chart(), 'kube-controllers', {}] }),
  },
  {
    api: 'CalicoCustomResourceDefinitions',
    where: 'test/crds',
    params: [...constructorParams('CalicoCustomResourceDefinitions'), {
      name: 'props',
      optional: true,
      shape: {
        kind: 'struct',
        bare: true,
        valid: {},
        fields: { crds: optional(CLASS), version: optional(CLASS), syncWave: optional(CLASS) },
      },
    }],
    setup: () => ({ call: (...a: any[]) => new CalicoCustomResourceDefinitions(a[0], a[1], a[2]), args: [chart(), 'crds', {}] }),
  },
];

describe('Calico\'s constructs', () => wrongTypes(entries));
