import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { assertValid, invalid } from '../base/errors';
import { isConstruct, isNumber } from '../validation/guards';
import { prepareForSynth } from '../validation/synth-check';

/** The Argo CD annotation that orders a sync. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** The context key that switches sync-wave annotations off for a whole app (`false`). */
export const SYNC_WAVES_CONTEXT = 'cdk8s-daemonsets:syncWaves';

/**
 * When Argo CD applies an agent's objects, relative to other agents. Argo CD applies the lowest
 * wave first and waits until it is Healthy before the next, so the order encodes dependencies:
 * nodes stay NotReady and no ordinary pod gets an IP until the CNI runs; storage and security
 * agents come next; observability last, so it never blocks the layers it observes.
 */
export class SyncWave {
  /**
   * CNI and other network agents: everything else needs the pod network. A CNI's own CRDs go one
   * wave before it when the agent reads them from its first start (Calico's), and its
   * controllers that run on the pod network one wave after (calico-kube-controllers).
   */
  public static readonly NETWORK = new SyncWave(-10);
  /**
   * Storage (CSI node plugins): after the network, since a node plugin's pod is on the pod
   * network and calls the API; before the workloads, since a pod whose volume's driver is not
   * registered on its node stays ContainerCreating.
   */
  public static readonly STORAGE = new SyncWave(-5);
  /** Security agents (runtime detection, policy): in place before workloads start. */
  public static readonly SECURITY = new SyncWave(-3);
  /** Observability (metrics, logs, GPU monitoring). */
  public static readonly OBSERVABILITY = new SyncWave(0);
  /** No sync-wave annotation, for users without Argo CD. */
  public static readonly NONE = new SyncWave(undefined);

  /** A specific wave. */
  public static of(wave: number): SyncWave {
    // A finite number here; a whole one where it is applied (AgentNamespace, applyTo).
    assertValid('SyncWave.of', isNumber(wave, 'wave'));
    return new SyncWave(wave);
  }

  /** Switches sync-wave annotations off for everything under `scope` (typically the App, before its charts are added). */
  public static disableIn(scope: IConstruct): void {
    assertValid('SyncWave.disableIn', isConstruct(scope, 'scope'));
    scope.node.setContext(SYNC_WAVES_CONTEXT, false);
  }

  private constructor(
    /** The wave number, or undefined for none. */
    public readonly wave?: number) {}

  /**
   * Annotates every Kubernetes object under `scope` with this wave, including objects added after
   * this call (the annotation is applied when the app is synthesized).
   */
  public applyTo(scope: IConstruct): void {
    assertValid('SyncWave.applyTo', isConstruct(scope, 'scope'));
    if (this.wave === undefined) return;
    if (!Number.isInteger(this.wave)) {
      throw invalid(scope, { property: 'syncWave', value: this.wave, expected: 'Argo CD sync waves are whole numbers, e.g. SyncWave.of(-5).' });
    }
    const value = String(this.wave);
    // At synthesis every object of the scope exists, also those added after this call.
    prepareForSynth(scope, () => {
      if (scope.node.tryGetContext(SYNC_WAVES_CONTEXT) === false) return;
      for (const child of scope.node.findAll()) {
        if (child instanceof ApiObject) child.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, value);
      }
    });
  }
}
