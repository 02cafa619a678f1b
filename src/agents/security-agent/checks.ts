/**
 * Checks of the security agent's props beyond each building block's own: combinations Falco
 * would refuse, or accept and then never act on. Internal: each returns problems for the
 * construct to throw with its path.
 */
import { FalcoContainerRuntime } from './container-runtime';
import { FalcoOutput } from './outputs';
import { FalcoRulesFile } from './rules';
import { Problem } from '../../base/errors';
import { ManagedSetting } from '../agent-base';

/** The props the checks read, resolved to the agent's values. */
export interface CheckedSettings {
  readonly privileged: boolean;
  readonly unconfinedAppArmor?: boolean;
  readonly defaultRules: boolean;
  readonly rulesFiles: readonly FalcoRulesFile[];
  readonly outputs: readonly FalcoOutput[];
  readonly outputsGiven: boolean;
  readonly jsonOutput: boolean;
  readonly containerRuntimes: readonly FalcoContainerRuntime[];
  readonly metrics: boolean;
  readonly serviceMonitorRequested: boolean;
}

/** Every problem of the agent's own props, each building block's included. */
export function settingsProblems(s: CheckedSettings): Problem[] {
  const problems: Problem[] = [];
  s.rulesFiles.forEach((f, i) => {
    problems.push(...f._problems(`rulesFiles[${i}]`));
    if (s.rulesFiles.findIndex(o => o.name === f.name) < i) {
      problems.push({ property: `rulesFiles[${i}].name`, value: f.name, expected: 'Each rules file needs a name of its own (they share one directory): rename one.' });
    }
  });
  if (!s.defaultRules && s.rulesFiles.length === 0) {
    problems.push({ property: 'defaultRules', value: false, expected: 'Falco would start without a single rule and detect nothing: give rulesFiles, or keep the default rules.' });
  }
  if (s.outputsGiven && s.outputs.length === 0) {
    problems.push({ property: 'outputs', value: [], expected: 'Falco would detect and tell no one: give at least one output, e.g. [FalcoOutput.stdout()].' });
  }
  s.outputs.forEach((o, i) => {
    problems.push(...o._problems(`outputs[${i}]`));
    if (s.outputs.findIndex(other => other.channel === o.channel) < i) {
      problems.push({ property: `outputs[${i}]`, value: o.channel, expected: `Falco has one ${o.channel} output: give it once (falcosidekick is the http output, so it excludes another webhook).` });
    }
    if (o._needsJson && !s.jsonOutput) {
      problems.push({ property: 'jsonOutput', value: false, expected: 'falcosidekick parses JSON alerts: keep jsonOutput true, or send to a plain webhook with FalcoOutput.http().' });
    }
  });
  s.containerRuntimes.forEach((r, i) => {
    problems.push(...r._problems(`containerRuntimes[${i}]`));
    if (s.containerRuntimes.findIndex(o => o.socketPath === r.socketPath) < i) {
      problems.push({ property: `containerRuntimes[${i}]`, value: r.socketPath, expected: 'The socket is already listed: give each runtime once.' });
    }
  });
  if (s.privileged && s.unconfinedAppArmor !== undefined) {
    problems.push({ property: 'unconfinedAppArmor', value: s.unconfinedAppArmor, expected: 'The kernel-module driver runs Falco privileged, which no AppArmor profile confines: drop unconfinedAppArmor.' });
  }
  if (!s.metrics && s.serviceMonitorRequested) {
    problems.push({ property: 'serviceMonitor', value: true, expected: 'With metrics: false Falco serves no /metrics to scrape: set metrics: true, or drop the ServiceMonitor.' });
  }
  return problems;
}

/** The falco.yaml keys the agent's props write, and the prop that sets each. */
const MANAGED_KEYS: Record<string, ManagedSetting> = {
  config_files: { reason: 'the agent\'s falco.yaml is the whole configuration' },
  watch_config_files: { reason: 'a configuration change rolls the pods through the update strategy' },
  rules_files: { reason: 'it lists the rules files', prop: 'defaultRules and rulesFiles' },
  rules: { reason: 'it selects the rules', prop: 'ruleSelection' },
  engine: { reason: 'the driver sets the containers\' privileges', prop: 'driver' },
  load_plugins: { reason: 'the container plugin reads the mounted runtime sockets', prop: 'containerRuntimes' },
  plugins: { reason: 'the container plugin reads the mounted runtime sockets', prop: 'containerRuntimes' },
  priority: { reason: 'it is the alert threshold', prop: 'minimumPriority' },
  json_output: { reason: 'it is the alert format', prop: 'jsonOutput' },
  stdout_output: { reason: 'it is an output', prop: 'outputs' },
  syslog_output: { reason: 'it is an output, and syslog needs the node\'s socket mounted', prop: 'outputs' },
  file_output: { reason: 'it is an output, and a file needs its node directory mounted', prop: 'outputs' },
  http_output: { reason: 'it is an output', prop: 'outputs' },
  program_output: { reason: 'it is an output', prop: 'outputs' },
  webserver: { reason: 'the probes, the Service and the metrics use the webserver on port 8765', prop: 'metrics' },
  metrics: { reason: 'the Service and the ServiceMonitor scrape them', prop: 'metrics' },
};

/** The top-level key of an `-o key=value` option (Falco 0.44 reads "\." as a literal dot). */
function topLevelKey(option: string): string {
  const key = option.split('=')[0];
  return key.split(/(?<!\\)[.[]/)[0].replace(/\\(.)/g, '$1');
}

/**
 * The problems of `-o`/`--option` overrides in extraArgs that set a key the agent writes: Falco
 * applies them over falco.yaml, so the prop's value would be lost without a word.
 */
export function optionArgProblems(extraArgs: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  extraArgs.forEach((arg, i) => {
    let option: string | undefined;
    if ((arg === '-o' || arg === '--option') && i + 1 < extraArgs.length) option = extraArgs[i + 1];
    else if (arg.startsWith('--option=')) option = arg.slice('--option='.length);
    else if (/^-o[^-]/.test(arg)) option = arg.slice(2);
    if (option === undefined) return;
    const key = topLevelKey(option);
    const managed = MANAGED_KEYS[key];
    if (!managed) return;
    const fix = managed.prop !== undefined ? `use ${managed.prop} instead` : 'drop it from extraArgs';
    problems.push({ property: `extraArgs[${i}]`, value: arg, expected: `The agent writes ${key} in falco.yaml (${managed.reason}), and -o would override it: ${fix}.` });
  });
  return problems;
}
