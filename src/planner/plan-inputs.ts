/**
 * What `plan` reads from manifest paths: the DaemonSets, and the RuntimeClasses whose pod overhead
 * the scheduler adds to their pods (runtime-classes.ts), in one pass over the files.
 */
import { loadObjects, type SourcedManifest } from './load';

const PLANNED_KINDS = new Set(['DaemonSet', 'RuntimeClass']);

export interface PlanInputs {
  readonly daemonSets: SourcedManifest[];
  readonly runtimeClasses: unknown[];
}

export function loadPlanInputs(paths: readonly string[]): PlanInputs {
  const objects = loadObjects(paths, obj => PLANNED_KINDS.has(obj.kind));
  return {
    daemonSets: objects.filter(o => o.manifest.kind === 'DaemonSet'),
    runtimeClasses: objects.filter(o => o.manifest.kind === 'RuntimeClass').map(o => o.manifest),
  };
}
