/**
 * Fuzz: random apps built from the public API — several charts, several agents, valid props with
 * some replaced by garbage a JavaScript caller could pass (null, NaN, strings for classes, plain
 * objects, huge numbers), and instances that may collide across charts. Whatever the library
 * accepts must synthesize objects that pass the kubernetes-models schema and the API server's
 * rules (test/support, independent of the library's validator); whatever it refuses must be
 * refused with ValidationError, while building or at synth, never any other error.
 *
 * FUZZ_RUNS sets the number of apps (`npx projen test:long` runs many more).
 */
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { agentSpec, buildAgent } from './arbitraries';
import { agentConfigs } from './arbitraries-agents';
import { ValidationError } from '../../src';
import { CNI_AGENT_PROPS_SCHEMA } from '../../src/agents/cni-agent/cni-agent';
import { GPU_MONITOR_PROPS_SCHEMA } from '../../src/agents/gpu-monitor/gpu-monitor';
import { LOG_COLLECTOR_PROPS_SCHEMA } from '../../src/agents/log-collector/props';
import { NODE_EXPORTER_PROPS_SCHEMA } from '../../src/agents/node-exporter/node-exporter';
import { SECURITY_AGENT_PROPS_SCHEMA } from '../../src/agents/security-agent/props';
import { STORAGE_AGENT_PROPS_SCHEMA } from '../../src/agents/storage-agent/storage-agent';
import { NODE_AGENT_PROPS_SCHEMA } from '../../src/base/node-agent-props';
import { Manifest, validateManifests } from '../support/manifests';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/** Every prop of each agent, read from its schema so a new prop is fuzzed too. */
const PROPS: { [agent: string]: string[] } = {
  NodeExporterDaemonSet: Object.keys(NODE_EXPORTER_PROPS_SCHEMA),
  LogCollectorDaemonSet: Object.keys(LOG_COLLECTOR_PROPS_SCHEMA),
  CniAgentDaemonSet: Object.keys(CNI_AGENT_PROPS_SCHEMA),
  GpuMonitorDaemonSet: Object.keys(GPU_MONITOR_PROPS_SCHEMA),
  SecurityAgentDaemonSet: Object.keys(SECURITY_AGENT_PROPS_SCHEMA),
  StorageAgentDaemonSet: Object.keys(STORAGE_AGENT_PROPS_SCHEMA),
};

const garbage = fc.constantFrom<unknown>(
  null, NaN, Infinity, -Infinity, -1, 0, 1.5, 70000, 2 ** 64, '', ' ', 'x y', 'OnDelete', '100m', 'Bad_Name', {}, [], [null], [1],
  true, { amount: 1 }, Duration.seconds(1), Size.mebibytes(1), () => 1, Symbol.for('x'),
);

interface PlannedAgent {
  readonly config: number;
  readonly props: any;
  readonly chart: number;
  readonly broken: Array<[string, unknown]>;
}

const plannedAgent = fc.nat(agentConfigs.length - 1).chain(config => fc.record({
  config: fc.constant(config),
  props: agentConfigs[config].valid,
  chart: fc.nat(2),
  broken: fc.array(fc.tuple(fc.constantFrom(...PROPS[agentConfigs[config].name]), garbage), { maxLength: 2 }),
}));

/** Builds the app the plan describes (throwing what the library refuses while building). */
function build(plan: PlannedAgent[]): ReturnType<typeof Testing.app> {
  const app = Testing.app();
  const charts = [0, 1, 2].map(i => new Chart(app, `c${i}`));
  plan.forEach((p, i) => {
    const props = { ...p.props };
    for (const [key, value] of p.broken) props[key] = value;
    // Each agent in a scope of its own (construct ids must be unique, which constructs enforces);
    // their instances and namespaces may still collide, as careless copies across charts do.
    agentConfigs[p.config].build(new Construct(charts[p.chart], `a${i}`) as Chart, props);
  });
  return app;
}

/**
 * Counts the two outcomes of building and synthesizing an app: refused (which must be a
 * ValidationError) or accepted (whose objects must pass the schema and the API server's rules).
 */
class Outcomes {
  private accepted = 0;
  private refused = 0;

  public judge(synthesize: () => Manifest[]): void {
    let objects: Manifest[];
    try {
      objects = synthesize();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      this.refused++;
      return;
    }
    validateManifests(objects);
    this.accepted++;
  }

  /** Both outcomes must occur, or the fuzz is not exercising the validation. */
  public expectBoth(): void {
    expect(this.accepted).toBeGreaterThan(0);
    expect(this.refused).toBeGreaterThan(0);
  }
}

test('random apps: accepted ones are valid, refused ones raise ValidationError', () => {
  const outcomes = new Outcomes();
  fc.assert(fc.property(fc.array(plannedAgent, { minLength: 1, maxLength: 4 }), plan => {
    outcomes.judge(() => build(plan).charts.flatMap(c => c.toJson()) as Manifest[]);
  }), { numRuns: RUNS });
  outcomes.expectBoth();
});

const CONTAINER_KEYS = ['image', 'name', 'ports', 'command', 'args', 'envVariables', 'resources', 'securityContext', 'readiness', 'liveness', 'imagePullPolicy'];

test('random NodeAgents: garbage in props, containers and ports is refused with ValidationError, the rest is valid', () => {
  const outcomes = new Outcomes();
  fc.assert(fc.property(
    agentSpec,
    fc.array(fc.tuple(fc.constantFrom(...Object.keys(NODE_AGENT_PROPS_SCHEMA)), garbage), { maxLength: 2 }),
    fc.array(fc.tuple(fc.constantFrom(...CONTAINER_KEYS), garbage), { maxLength: 2 }),
    // Container.addPort is cdk8s-plus's own escape hatch: a Symbol fails inside it before the
    // library sees anything, and its mapper writes an empty list as "", which the API server
    // reads as unset (TCP) but the JSON schema's enum refuses; the values kept are the others.
    fc.option(fc.tuple(fc.constantFrom('number', 'hostPort', 'protocol', 'name'), garbage.filter(v => typeof v !== 'symbol' && !(Array.isArray(v) && v.length === 0))), { nil: undefined }),
    (spec, broken, brokenContainer, brokenPort) => {
      const props: any = { ...spec.props, containers: spec.props.containers!.map(c => ({ ...c })) };
      for (const [key, value] of broken) props[key] = value;
      const first = Array.isArray(props.containers) ? props.containers[0] : undefined;
      for (const [key, value] of brokenContainer) if (typeof first === 'object' && first !== null) first[key] = value;
      const chart = new Chart(Testing.app(), 'test');
      outcomes.judge(() => {
        const agent = buildAgent(chart, { ...spec, props });
        // A port added through the cdk8s-plus escape hatch after construction. What cdk8s-plus's
        // own addPort() refuses (a port number it already has) is its error, not the library's.
        if (brokenPort && agent.containers.length > 0) {
          try {
            agent.containers[0].addPort({ number: 8080, [brokenPort[0]]: brokenPort[1] } as any);
          } catch (e) {
            expect((e as Error).message).toMatch(/^Port with (number|name) .* already exists$/);
          }
        }
        return chart.toJson() as Manifest[];
      });
    },
  ), { numRuns: RUNS });
  outcomes.expectBoth();
});
