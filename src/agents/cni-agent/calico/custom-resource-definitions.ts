import { Construct } from 'constructs';
import { CalicoCrds } from './crds';
import { tierGetterRules } from './rbac';
import { CalicoVersion } from './version';
import { renderRules } from '../../../base/access';
import { ClusterScopedObject } from '../../../base/cluster-scoped';
import { assertValid } from '../../../base/errors';
import { SyncWave } from '../../../gitops/sync-wave';
import { checkConstruction, instanceOf, optional, Schema } from '../../../validation/guards';

/** Properties of CalicoCustomResourceDefinitions. */
export interface CalicoCustomResourceDefinitionsProps {
  /**
   * The CRDs.
   * @default CalicoCrds.bundled() (Calico 3.32.1's, carried by this package)
   */
  readonly crds?: CalicoCrds;
  /**
   * The Calico release calico-node runs: the bundled CRDs are 3.32.1's, so another release
   * needs its own (`crds: CalicoCrds.fromFile(...)`).
   * @default CalicoVersion.V3_32_1
   */
  readonly version?: CalicoVersion;
  /**
   * When Argo CD applies them.
   * @default SyncWave.of(-11): one wave before SyncWave.NETWORK, so they are established before calico-node starts
   */
  readonly syncWave?: SyncWave;
}

/** The runtime shape of CalicoCustomResourceDefinitionsProps. */
export const CALICO_CRDS_PROPS_SCHEMA: Schema<CalicoCustomResourceDefinitionsProps> = {
  crds: optional(instanceOf(CalicoCrds, 'CalicoCrds.bundled()')),
  version: optional(instanceOf(CalicoVersion, 'CalicoVersion.V3_32_1')),
  syncWave: optional(instanceOf(SyncWave, 'SyncWave.of(-11)')),
};

/**
 * The wave before the network's: with the Kubernetes API datastore, calico-node reads and writes
 * its state in Calico's CRDs from its first start, so Argo CD must have them established
 * (a CRD's health) before it applies calico-node.
 */
export const CALICO_CRDS_WAVE = SyncWave.of(SyncWave.NETWORK.wave! - 1);

/**
 * Calico's CustomResourceDefinitions, which calico-node (`CniImplementation.calico()`), its CNI
 * plugin and CalicoKubeControllers need, and the ClusterRole that lets kube-controller-manager's
 * garbage collector read Calico's tiers (calico-tier-getter, as manifests/calico.yaml at v3.32.1
 * grants it to the User system:kube-controller-manager). All cluster-scoped.
 *
 * @example
 * new CalicoCustomResourceDefinitions(chart, 'crds');
 */
export class CalicoCustomResourceDefinitions extends Construct {
  /** The CRDs, one object each. */
  public readonly crds: ClusterScopedObject[];

  public constructor(scope: Construct, id: string, props: CalicoCustomResourceDefinitionsProps = {}) {
    checkConstruction(scope, id, props, CALICO_CRDS_PROPS_SCHEMA, 'CalicoCustomResourceDefinitions');
    super(scope, id);
    const source = props.crds ?? CalicoCrds.bundled();
    const version = props.version ?? CalicoVersion.V3_32_1;
    const { crds, problems } = source._load('crds');
    assertValid(this, [...problems, ...source._releaseProblems('crds', version)]);
    this.crds = crds.map(crd => new ClusterScopedObject(this, crd.metadata.name, crd));

    const name = 'calico-tier-getter';
    new ClusterScopedObject(this, 'TierGetterRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name },
      rules: renderRules(tierGetterRules()),
    });
    new ClusterScopedObject(this, 'TierGetterBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:kube-controller-manager' }],
    });
    (props.syncWave ?? CALICO_CRDS_WAVE).applyTo(this);
  }
}
