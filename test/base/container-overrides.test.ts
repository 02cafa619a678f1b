/**
 * NodeAgent.overrideContainer: the container fields cdk8s-plus-28 cannot write reach the YAML
 * through the typed spec (never a JSON patch), and a hook given twice is refused, not replaced.
 */
import { Handler } from 'cdk8s-plus-28';
import { agent, agentContainer, daemonSetOf } from './fixtures';
import { TerminationMessagePolicy } from '../../src';
import { validationErrorOf } from '../support/errors';
import { newChart } from '../support/manifests';

describe('NodeAgent.overrideContainer', () => {
  test('every field reaches the container, init containers included', () => {
    const chart = newChart();
    const a = agent(chart);
    const init = a.addInitContainer(agentContainer({ name: 'setup' }));
    a.overrideContainer(a.containers[0], {
      seLinux: { type: 'spc_t', level: 's0' },
      terminationMessagePolicy: TerminationMessagePolicy.FALLBACK_TO_LOGS_ON_ERROR,
      postStartCommand: ['/start'],
    });
    // A second call adds fields and keeps the earlier ones.
    a.overrideContainer(a.containers[0], { preStopCommand: ['/stop', '--now'] });
    a.overrideContainer(init, { terminationMessagePolicy: TerminationMessagePolicy.FILE });
    const pod = daemonSetOf(chart).spec.template.spec;
    const main = pod.containers[0];
    expect(main.securityContext.seLinuxOptions).toEqual({ type: 'spc_t', level: 's0' });
    expect(main.securityContext.runAsUser).toBe(65534);
    expect(main.terminationMessagePolicy).toBe('FallbackToLogsOnError');
    expect(main.lifecycle).toEqual({ postStart: { exec: { command: ['/start'] } }, preStop: { exec: { command: ['/stop', '--now'] } } });
    expect(pod.initContainers[0].terminationMessagePolicy).toBe('File');
    expect(pod.initContainers[0].lifecycle).toBeUndefined();
  });

  test('a hook the container already has through cdk8s-plus is refused at synth, not replaced', () => {
    const chart = newChart();
    const a = agent(chart, { containers: [agentContainer({ lifecycle: { preStop: Handler.fromCommand(['/plus-stop']) } })] });
    a.overrideContainer(a.containers[0], { preStopCommand: ['/stop'] });
    expect(validationErrorOf(() => daemonSetOf(chart)).message).toContain(
      'invalid container agent overrides.preStopCommand: ["/stop"]. The container already has a preStop hook (its lifecycle prop): give the hook in one place.');
  });

  test('a container of another agent and an empty command are refused, naming each', () => {
    const chart = newChart();
    const a = agent(chart);
    const other = agent(chart, {}, 'other');
    expect(validationErrorOf(() => a.overrideContainer(other.containers[0], { preStopCommand: [] })).message).toBe([
      'test/agent: invalid container agent overrides: "agent". Give a container of this agent (added with addContainer or addInitContainer).',
      'test/agent: invalid container agent overrides.preStopCommand: []. Give the command to run, or leave the hook out.',
    ].join('\n'));
  });
});
