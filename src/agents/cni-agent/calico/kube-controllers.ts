import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { kubeControllersRules } from './rbac';
import { CalicoVersion } from './version';
import { grantToServiceAccount } from '../../../base/access';
import { assertValid } from '../../../base/errors';
import { mirroredImage, normalizeRegistry, pullSecretProblems, registryProblems } from '../../../base/image-source';
import { recommendedLabels, selectorLabels } from '../../../base/labels';
import { dnsLabelProblems } from '../../../base/names';
import { SyncWave } from '../../../gitops/sync-wave';
import { checkConstruction, instanceOf, isString, listOf, optional, Schema } from '../../../validation/guards';

/** Properties of CalicoKubeControllers. */
export interface CalicoKubeControllersProps {
  /**
   * The Calico release: the same as calico-node's.
   * @default CalicoVersion.V3_32_1
   */
  readonly version?: CalicoVersion;
  /**
   * The namespace of the Deployment, its ServiceAccount and PodDisruptionBudget; it must exist
   * (the CNI agent's, which the agent creates, or kube-system).
   * @default "kube-system"
   */
  readonly namespace?: string;
  /**
   * A registry mirror the image is pulled from, as the agents' `imageRegistry`.
   * @default - quay.io, upstream's registry
   */
  readonly imageRegistry?: string;
  /**
   * Names of `kubernetes.io/dockerconfigjson` Secrets in `namespace` to pull the image with.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * When Argo CD applies it.
   * @default SyncWave.of(-9): one wave after SyncWave.NETWORK, as it runs on the pod network calico-node creates
   */
  readonly syncWave?: SyncWave;
}

/** The runtime shape of CalicoKubeControllersProps. */
export const CALICO_KUBE_CONTROLLERS_PROPS_SCHEMA: Schema<CalicoKubeControllersProps> = {
  version: optional(instanceOf(CalicoVersion, 'CalicoVersion.V3_32_1')),
  namespace: optional(isString),
  imageRegistry: optional(isString),
  imagePullSecrets: optional(listOf(isString)),
  syncWave: optional(instanceOf(SyncWave, 'SyncWave.of(-9)')),
};

/**
 * The wave after the network's: kube-controllers is an ordinary pod on the pod network, so
 * it cannot start before calico-node has installed the CNI on its node. Applied in the network's
 * wave it would only wait there; a wave later, a calico-node that never becomes Healthy is the
 * one thing Argo CD shows as failing.
 */
export const CALICO_KUBE_CONTROLLERS_WAVE = SyncWave.of(SyncWave.NETWORK.wave! + 1);

const NAME = 'calico-kube-controllers';

/**
 * calico-kube-controllers, as manifests/calico.yaml at v3.32.1 runs it: one replica (only one
 * may be active), replaced by Recreate; the node controller (frees the IPAM blocks and
 * addresses of deleted nodes) and the LoadBalancer controller (assigns Service addresses from
 * Calico's pools); exec probes of check-status; system-cluster-critical; its ServiceAccount,
 * ClusterRole and binding, and a PodDisruptionBudget that lets a drain evict it. Besides
 * upstream's `runAsNonRoot`, its container may not escalate privileges and has every capability
 * dropped (it only calls the API), which makes it pass the restricted Pod Security level.
 *
 * @example
 * new CalicoKubeControllers(chart, 'kube-controllers', { namespace: 'calico-system' });
 */
export class CalicoKubeControllers extends Construct {
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The namespace of its namespaced objects. */
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: CalicoKubeControllersProps = {}) {
    checkConstruction(scope, id, props, CALICO_KUBE_CONTROLLERS_PROPS_SCHEMA, 'CalicoKubeControllers');
    super(scope, id);
    const version = props.version ?? CalicoVersion.V3_32_1;
    const namespace = props.namespace ?? 'kube-system';
    const pullSecrets = props.imagePullSecrets ?? [];
    assertValid(this, [
      ...dnsLabelProblems('namespace', namespace),
      ...(props.imageRegistry !== undefined ? registryProblems('imageRegistry', props.imageRegistry) : []),
      ...pullSecretProblems('imagePullSecrets', pullSecrets),
    ]);
    this.namespace = namespace;
    const identity = { name: NAME, instance: 'calico', component: 'controller', version: version.version };
    const labels = recommendedLabels(identity);
    const selector = selectorLabels(identity);
    const metadata = { name: NAME, namespace, labels };
    const upstreamImage = version.kubeControllersImage;
    const image = props.imageRegistry !== undefined ? mirroredImage(upstreamImage, normalizeRegistry(props.imageRegistry)) : upstreamImage;

    // The pod mounts the token it needs; the ServiceAccount grants it to no other pod by default.
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata, automountServiceAccountToken: false });
    grantToServiceAccount(this, { name: NAME, labels, rules: kubeControllersRules, serviceAccount: NAME, namespace });

    const checkStatus = (flag: string) => ({ exec: { command: ['/usr/bin/check-status', flag] } });
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        replicas: 1,
        selector: { matchLabels: selector },
        // Two controllers at once would both act on the same IPAM blocks.
        strategy: { type: 'Recreate' },
        template: {
          metadata: { labels },
          spec: {
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
              { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
            ],
            serviceAccountName: NAME,
            automountServiceAccountToken: true,
            imagePullSecrets: pullSecrets.length > 0 ? pullSecrets.map(name => ({ name })) : undefined,
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            priorityClassName: 'system-cluster-critical',
            containers: [{
              name: NAME,
              image,
              imagePullPolicy: 'IfNotPresent',
              env: [
                { name: 'ENABLED_CONTROLLERS', value: 'node,loadbalancer' },
                { name: 'DATASTORE_TYPE', value: 'kubernetes' },
              ],
              livenessProbe: { ...checkStatus('-l'), periodSeconds: 10, initialDelaySeconds: 10, failureThreshold: 6, timeoutSeconds: 10 },
              readinessProbe: { ...checkStatus('-r'), periodSeconds: 10 },
              securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            }],
          },
        },
      },
    });
    // Lets the cluster autoscaler and drains evict the single replica (upstream's, maxUnavailable 1).
    new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
      metadata,
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
    });
    (props.syncWave ?? CALICO_KUBE_CONTROLLERS_WAVE).applyTo(this);
  }
}
