/**
 * A CSIDriver (storage.k8s.io/v1) as the API server validates it: ValidateCSIDriver in
 * pkg/apis/storage/validation/validation.go, the same from v1.28 to v1.33 for these fields. The
 * name is checked with the other metadata (a DNS-1123 subdomain). The booleans the API requires
 * (attachRequired, podInfoOnMount, storageCapacity) are defaulted before validation, so an
 * absent one is valid.
 */
import { boolProblems, enumProblems, int64Problems, Json, listAt, objectAt, stringAt } from './field-rules';
import { Problem } from '../../base/errors';

const FS_GROUP_POLICIES = ['ReadWriteOnceWithFSType', 'File', 'None'];
const LIFECYCLE_MODES = ['Persistent', 'Ephemeral'];
// validateTokenRequests: from 10 minutes to 2^32 seconds.
const MIN_TOKEN_SECONDS = 600;
const MAX_TOKEN_SECONDS = 2 ** 32;
// validateNodeAllocatableUpdatePeriodSeconds.
const MIN_UPDATE_PERIOD_SECONDS = 10;

function tokenRequestProblems(raw: unknown, problems: Problem[]): void {
  const audiences = new Set<string>();
  listAt(raw, 'spec.tokenRequests', problems).forEach((item, i) => {
    const field = `spec.tokenRequests[${i}]`;
    const request = objectAt(item, field, problems) ?? {};
    const audience = stringAt(request.audience, `${field}.audience`, problems) ?? '';
    if (audiences.has(audience)) problems.push({ property: `${field}.audience`, value: audience, expected: 'Each token request needs an audience of its own: drop the duplicate.' });
    audiences.add(audience);
    const expiration = int64Problems(`${field}.expirationSeconds`, request.expirationSeconds, MIN_TOKEN_SECONDS);
    problems.push(...expiration);
    if (expiration.length === 0 && typeof request.expirationSeconds === 'number' && request.expirationSeconds > MAX_TOKEN_SECONDS) {
      problems.push({ property: `${field}.expirationSeconds`, value: request.expirationSeconds, expected: `Use at most ${MAX_TOKEN_SECONDS} seconds (2^32).` });
    }
  });
}

/** Every problem with a CSIDriver's spec, by field path. */
export function csiDriverProblems(obj: Json): Problem[] {
  const problems: Problem[] = [];
  const spec = objectAt(obj.spec, 'spec', problems) ?? {};
  for (const key of ['attachRequired', 'podInfoOnMount', 'requiresRepublish', 'storageCapacity', 'seLinuxMount']) {
    problems.push(...boolProblems(`spec.${key}`, spec[key]));
  }
  if (spec.fsGroupPolicy !== null) problems.push(...enumProblems('spec.fsGroupPolicy', spec.fsGroupPolicy, FS_GROUP_POLICIES));
  listAt(spec.volumeLifecycleModes, 'spec.volumeLifecycleModes', problems)
    .forEach((mode, i) => problems.push(...enumProblems(`spec.volumeLifecycleModes[${i}]`, mode, LIFECYCLE_MODES)));
  tokenRequestProblems(spec.tokenRequests, problems);
  problems.push(...int64Problems('spec.nodeAllocatableUpdatePeriodSeconds', spec.nodeAllocatableUpdatePeriodSeconds, MIN_UPDATE_PERIOD_SECONDS));
  return problems;
}
