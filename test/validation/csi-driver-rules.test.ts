/**
 * The output validator's CSIDriver rules, as ValidateCSIDriver (pkg/apis/storage/validation,
 * v1.28 to v1.33) checks the object after defaulting: read from the source, not asked of a
 * server (tools/differential covers the core kinds only).
 */
import { objectProblems } from '../../src/validation/output/object-rules';

const csiDriver = (): any => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'CSIDriver',
  metadata: { name: 'ebs.csi.aws.com' },
  spec: {
    attachRequired: true,
    podInfoOnMount: false,
    fsGroupPolicy: 'File',
    volumeLifecycleModes: ['Persistent', 'Ephemeral'],
    requiresRepublish: false,
    storageCapacity: false,
    seLinuxMount: true,
    tokenRequests: [{ audience: 'vault', expirationSeconds: 3600 }, { audience: '' }],
    nodeAllocatableUpdatePeriodSeconds: 10,
  },
});

function problemsOf(mutate: (o: any) => void): string[] {
  const obj = csiDriver();
  mutate(obj);
  return objectProblems(obj).map(p => p.property);
}

describe('CSIDriver output rules', () => {
  test('accepts every field at a valid value', () => {
    expect(objectProblems(csiDriver())).toEqual([]);
  });

  test('accepts an object without a spec, and a spec without the booleans the API server defaults', () => {
    expect(problemsOf(o => { delete o.spec; })).toEqual([]);
    expect(problemsOf(o => { o.spec = {}; })).toEqual([]);
  });

  test.each([
    ['a name that is not a DNS-1123 subdomain', (o: any) => { o.metadata.name = 'EBS.csi'; }, 'metadata.name'],
    ['a namespace on the cluster-scoped object', (o: any) => { o.metadata.namespace = 'storage'; }, 'metadata.namespace'],
    ['attachRequired "true"', (o: any) => { o.spec.attachRequired = 'true'; }, 'spec.attachRequired'],
    ['podInfoOnMount 1', (o: any) => { o.spec.podInfoOnMount = 1; }, 'spec.podInfoOnMount'],
    ['requiresRepublish "no"', (o: any) => { o.spec.requiresRepublish = 'no'; }, 'spec.requiresRepublish'],
    ['storageCapacity "false"', (o: any) => { o.spec.storageCapacity = 'false'; }, 'spec.storageCapacity'],
    ['seLinuxMount "yes"', (o: any) => { o.spec.seLinuxMount = 'yes'; }, 'spec.seLinuxMount'],
    ['fsGroupPolicy "file" (values are case-sensitive)', (o: any) => { o.spec.fsGroupPolicy = 'file'; }, 'spec.fsGroupPolicy'],
    ['volumeLifecycleModes "Persistent" (a list)', (o: any) => { o.spec.volumeLifecycleModes = 'Persistent'; }, 'spec.volumeLifecycleModes'],
    ['volumeLifecycleModes ["Inline"]', (o: any) => { o.spec.volumeLifecycleModes = ['Inline']; }, 'spec.volumeLifecycleModes[0]'],
    ['two token requests for one audience', (o: any) => { o.spec.tokenRequests = [{ audience: 'a' }, { audience: 'a' }]; }, 'spec.tokenRequests[1].audience'],
    ['a token request of 599 seconds', (o: any) => { o.spec.tokenRequests = [{ audience: 'a', expirationSeconds: 599 }]; }, 'spec.tokenRequests[0].expirationSeconds'],
    ['a token request over 2^32 seconds', (o: any) => { o.spec.tokenRequests = [{ audience: 'a', expirationSeconds: 2 ** 32 + 1 }]; }, 'spec.tokenRequests[0].expirationSeconds'],
    ['a token request audience 5', (o: any) => { o.spec.tokenRequests = [{ audience: 5 }]; }, 'spec.tokenRequests[0].audience'],
    ['nodeAllocatableUpdatePeriodSeconds 9', (o: any) => { o.spec.nodeAllocatableUpdatePeriodSeconds = 9; }, 'spec.nodeAllocatableUpdatePeriodSeconds'],
    ['nodeAllocatableUpdatePeriodSeconds "10"', (o: any) => { o.spec.nodeAllocatableUpdatePeriodSeconds = '10'; }, 'spec.nodeAllocatableUpdatePeriodSeconds'],
  ])('refuses %s', (_name, mutate, property) => {
    expect(problemsOf(mutate)).toEqual([property]);
  });

  test('accepts a token request of exactly 10 minutes and of 2^32 seconds, and a period of exactly 10 seconds', () => {
    expect(problemsOf(o => { o.spec.tokenRequests = [{ audience: 'a', expirationSeconds: 600 }, { audience: 'b', expirationSeconds: 2 ** 32 }]; })).toEqual([]);
    expect(problemsOf(o => { o.spec.nodeAllocatableUpdatePeriodSeconds = 10; })).toEqual([]);
  });
});
