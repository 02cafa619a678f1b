import { Chart, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdApplication } from './argocd-application';
import { SyncWave } from './sync-wave';
import { assertValid } from '../base/errors';
import { assertValidConstruction, instanceOf, isBoolean, isString, optional, propsProblems, Schema } from '../validation/guards';

/** Properties of the Applications for a set of agent charts. */
export interface AgentApplicationsProps {
  /** The git repository holding the synthesized manifests. */
  readonly repoUrl: string;
  /** The folder the manifests are synthesized to, relative to the repository root (e.g. "dist"). */
  readonly path: string;
  /**
   * The branch, tag or commit.
   * @default "HEAD"
   */
  readonly targetRevision?: string;
  /**
   * The namespace Argo CD watches for Applications.
   * @default "argocd"
   */
  readonly argoCdNamespace?: string;
  /**
   * The Argo CD project.
   * @default "default"
   */
  readonly project?: string;
  /**
   * Also emit a root Application (app of apps) that applies the chart holding these Applications,
   * so bootstrapping is one `kubectl apply` of that chart's file.
   * @default true
   */
  readonly appOfApps?: boolean;
}

/** The runtime shape of AgentApplicationsProps (the values are checked by each Application). */
export const AGENT_APPLICATIONS_PROPS_SCHEMA: Schema<AgentApplicationsProps> = {
  repoUrl: isString,
  path: isString,
  targetRevision: optional(isString),
  argoCdNamespace: optional(isString),
  project: optional(isString),
  appOfApps: optional(isBoolean),
};

/**
 * One Argo CD Application per agent chart, each applying only its chart's file from the
 * synthesized folder, ordered by sync wave (CNI first), plus an optional app-of-apps root.
 *
 * Separate Applications keep layers independent: inside one Application a wave waits for the
 * previous one to be Healthy, so a CNI that never becomes available would block the observability
 * agents that would show why. Note that Argo CD only waits for an Application's health within an
 * app of apps if the `argoproj.io/Application` health check is enabled in `argocd-cm`.
 *
 * File names follow cdk8s's default (one `<chart id>.k8s.yaml` per chart, charts without dependencies).
 */
export class AgentApplications extends Construct {
  /** The Applications, in the order added. */
  public readonly applications: ArgoCdApplication[] = [];
  /** The root Application, if `appOfApps` is set. */
  public readonly root?: ArgoCdApplication;
  private readonly props: AgentApplicationsProps;

  public constructor(scope: Construct, id: string, props: AgentApplicationsProps) {
    assertValidConstruction(scope, id, 'AgentApplications', propsProblems(props, AGENT_APPLICATIONS_PROPS_SCHEMA, 'AgentApplicationsProps', true)
      .map(p => (p.property === '' ? { ...p, property: 'props' } : p)));
    super(scope, id);
    this.props = props;
    if (props.appOfApps ?? true) {
      const own = Chart.of(this);
      this.root = this.application(`${Names.toDnsLabel(own)}-root`, own, SyncWave.NONE);
    }
  }

  /** Adds an Application for a chart, applied in the given wave. */
  public addChart(chart: Chart, syncWave: SyncWave = SyncWave.OBSERVABILITY): ArgoCdApplication {
    assertValid(this, [
      ...instanceOf(Chart, 'new Chart(app, "node-exporter")')(chart, 'chart'),
      ...instanceOf(SyncWave, 'SyncWave.NETWORK or SyncWave.of(-5)')(syncWave, 'syncWave'),
    ]);
    const application = this.application(Names.toDnsLabel(chart), chart, syncWave);
    this.applications.push(application);
    return application;
  }

  private application(name: string, chart: Chart, syncWave: SyncWave): ArgoCdApplication {
    return new ArgoCdApplication(this, name, {
      name,
      source: {
        repoUrl: this.props.repoUrl,
        path: this.props.path,
        targetRevision: this.props.targetRevision,
        include: `${Names.toDnsLabel(chart)}.k8s.yaml`,
      },
      argoCdNamespace: this.props.argoCdNamespace,
      project: this.props.project,
      syncWave,
    });
  }
}
