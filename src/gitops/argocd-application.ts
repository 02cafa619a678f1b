import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { SyncWave } from './sync-wave';
import { assertValid, Problem } from '../base/errors';
import { dnsLabelProblems, dnsSubdomainProblems } from '../base/names';
import { assertValidConstruction, instanceOf, isBoolean, isNumber, isString, optional, propsProblems, Schema, struct } from '../validation/guards';

/** Where an Application's manifests live in git. */
export interface ManifestSource {
  /** The git repository URL, e.g. "https://github.com/acme/platform-gitops.git". */
  readonly repoUrl: string;
  /** The folder within the repository, e.g. "dist". */
  readonly path: string;
  /**
   * The branch, tag or commit.
   * @default "HEAD"
   */
  readonly targetRevision?: string;
  /**
   * Only the files in `path` matching this glob, e.g. "node-exporter.k8s.yaml".
   * @default - every manifest in `path`
   */
  readonly include?: string;
}

/** Properties of an Argo CD Application for node agents. */
export interface ArgoCdApplicationProps {
  /** The Application name. */
  readonly name: string;
  /** The manifests it applies. */
  readonly source: ManifestSource;
  /**
   * The namespace objects without one are applied to.
   * @default - none (every object of ours names its namespace)
   */
  readonly destinationNamespace?: string;
  /**
   * The cluster API server.
   * @default "https://kubernetes.default.svc" (the cluster Argo CD runs in)
   */
  readonly destinationServer?: string;
  /**
   * The Argo CD project.
   * @default "default"
   */
  readonly project?: string;
  /**
   * The namespace Argo CD watches for Applications.
   * @default "argocd"
   */
  readonly argoCdNamespace?: string;
  /**
   * Delete objects that are no longer in git. Safe only with a synth that can never produce an
   * empty output (see SafeSynth).
   * @default true
   */
  readonly prune?: boolean;
  /**
   * Revert changes made to the cluster by hand.
   * @default true
   */
  readonly selfHeal?: boolean;
  /**
   * Apply server-side, so fields other managers own (e.g. a CNI's node annotations) are not fought over.
   * @default true
   */
  readonly serverSideApply?: boolean;
  /**
   * Let Argo CD create the destination namespace. Our charts emit their Namespaces themselves,
   * with Pod Security labels, so this is off by default.
   * @default false
   */
  readonly createNamespace?: boolean;
  /**
   * How many times a failed sync is retried (with exponential backoff from 5 s, at most 3 min).
   * @default 5
   */
  readonly retryLimit?: number;
  /**
   * The sync wave of the Application itself, for ordering in an app-of-apps.
   * @default SyncWave.NONE
   */
  readonly syncWave?: SyncWave;
}

/** The runtime shape of ManifestSource. */
export const MANIFEST_SOURCE_SCHEMA: Schema<ManifestSource> = {
  repoUrl: isString,
  path: isString,
  targetRevision: optional(isString),
  include: optional(isString),
};

/** The runtime shape of ArgoCdApplicationProps (the values are checked by the constructor's rules). */
export const ARGO_CD_APPLICATION_PROPS_SCHEMA: Schema<ArgoCdApplicationProps> = {
  name: isString,
  source: struct(MANIFEST_SOURCE_SCHEMA, 'ManifestSource'),
  destinationNamespace: optional(isString),
  destinationServer: optional(isString),
  project: optional(isString),
  argoCdNamespace: optional(isString),
  prune: optional(isBoolean),
  selfHeal: optional(isBoolean),
  serverSideApply: optional(isBoolean),
  createNamespace: optional(isBoolean),
  retryLimit: optional(isNumber),
  syncWave: optional(instanceOf(SyncWave, 'SyncWave.NETWORK or SyncWave.of(-5)')),
};

/**
 * An Argo CD `Application` that applies synthesized manifests from git, with the sync policy
 * node agents want: automated with prune and self-heal, server-side apply, and retries.
 *
 * Use one Application per layer (or per agent) rather than one for everything: within one
 * Application each sync wave waits for the previous to be Healthy, so a CNI DaemonSet that never
 * becomes available would block every later agent, including the ones that would show why.
 */
export class ArgoCdApplication extends Construct {
  /** The Application object. */
  public readonly apiObject: ApiObject;
  /** The Application name. */
  public readonly name: string;

  public constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    assertValidConstruction(scope, id, 'ArgoCdApplication', propsProblems(props, ARGO_CD_APPLICATION_PROPS_SCHEMA, 'ArgoCdApplicationProps', true)
      .map(p => (p.property === '' ? { ...p, property: 'props' } : p)));
    super(scope, id);
    assertValid(this, applicationProblems(props));
    this.name = props.name;
    const syncOptions = [
      ...(props.serverSideApply ?? true ? ['ServerSideApply=true'] : []),
      ...(props.createNamespace ?? false ? ['CreateNamespace=true'] : []),
      // Prune last, after the new objects are healthy: a renamed agent never leaves a node uncovered.
      'PruneLast=true',
    ];
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: props.name,
        namespace: props.argoCdNamespace ?? 'argocd',
        // Deleting the Application also deletes what it applied, instead of orphaning it.
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: props.project ?? 'default',
        source: {
          repoURL: props.source.repoUrl,
          path: props.source.path,
          targetRevision: props.source.targetRevision ?? 'HEAD',
          ...(props.source.include ? { directory: { include: props.source.include } } : {}),
        },
        destination: {
          server: props.destinationServer ?? 'https://kubernetes.default.svc',
          ...(props.destinationNamespace ? { namespace: props.destinationNamespace } : {}),
        },
        syncPolicy: {
          automated: { prune: props.prune ?? true, selfHeal: props.selfHeal ?? true },
          syncOptions,
          retry: {
            limit: props.retryLimit ?? 5,
            backoff: { duration: duration(Duration.seconds(5)), factor: 2, maxDuration: duration(Duration.minutes(3)) },
          },
        },
      },
    });
    (props.syncWave ?? SyncWave.NONE).applyTo(this);
  }
}

function duration(d: Duration): string {
  return `${d.toSeconds()}s`;
}

function applicationProblems(props: ArgoCdApplicationProps): Problem[] {
  const problems = dnsSubdomainProblems('name', props.name);
  if (!/^(https?:\/\/|ssh:\/\/|git@)[^\s]+$/.test(props.source.repoUrl)) {
    problems.push({ property: 'source.repoUrl', value: props.source.repoUrl, expected: 'Use a git URL: "https://host/org/repo.git", "ssh://git@host/org/repo.git" or "git@host:org/repo.git".' });
  }
  if (props.source.path.startsWith('/') || props.source.path.split('/').includes('..')) {
    problems.push({ property: 'source.path', value: props.source.path, expected: 'Use a path relative to the repository root, without "..", e.g. "dist".' });
  }
  // Written into the Application as given: the API server refuses a bad metadata.namespace, and
  // Argo CD cannot sync to a destination or under a project it cannot name.
  if (props.argoCdNamespace !== undefined) problems.push(...dnsLabelProblems('argoCdNamespace', props.argoCdNamespace));
  if (props.destinationNamespace !== undefined) problems.push(...dnsLabelProblems('destinationNamespace', props.destinationNamespace));
  if (props.project !== undefined) problems.push(...dnsSubdomainProblems('project', props.project));
  if (props.destinationServer !== undefined && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(props.destinationServer)) {
    problems.push({ property: 'destinationServer', value: props.destinationServer, expected: 'Use the cluster API server\'s URL as Argo CD knows it, e.g. "https://kubernetes.default.svc" (the cluster Argo CD runs in).' });
  }
  if (props.retryLimit !== undefined && (!Number.isInteger(props.retryLimit) || props.retryLimit < 0)) {
    problems.push({ property: 'retryLimit', value: props.retryLimit, expected: 'Use a whole number of 0 or more.' });
  }
  return problems;
}
