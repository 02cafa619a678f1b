/**
 * Checks of the parts of a CNI description, for the implementations to apply to what their user
 * gave (each names the property as the user wrote it). The agent applies only the checks that
 * involve its own props; the output validator checks every object at synth in any case.
 */
import { MountPropagation } from 'cdk8s-plus-28';
import { DEFAULTS } from './defaults';
import { CniPluginBinary } from './description';
import { CniInitStep, CniInitStepKind } from './init-step';
import { pluginName } from './installers';
import { CniHostPath, justificationTextProblems } from './node-access';
import { CniPrivileges } from './privileges';
import { Problem } from '../../base/errors';
import { dnsLabelProblems, envNameProblems } from '../../base/names';
import { ContainerProbes } from '../../base/probes';

// A file name the container runtime loads from /etc/cni/net.d (it reads *.conf, *.conflist, *.json).
const CONFLIST_FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.conflist$/;
// A ConfigMap key (k8s.io/apimachinery IsConfigMapKey).
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
// A CNI plugin binary name, as a conflist's "type" names it.
const PLUGIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** An absolute path below "/", as Kubernetes takes host and mount paths. */
export function absolutePathProblems(property: string, path: string): Problem[] {
  if (path.startsWith('/') && path.length > 1 && !path.split('/').includes('..')) return [];
  return [{ property, value: path, expected: 'Use an absolute path below "/", without "..", e.g. "/var/run/calico".' }];
}

/** The configuration list's file name in /etc/cni/net.d, and the agent's own files' names. */
export function configFileProblems(property: string, cniConfigFileName: string, configFiles: { [name: string]: string }): Problem[] {
  const problems: Problem[] = [];
  if (!CONFLIST_FILE.test(cniConfigFileName) || cniConfigFileName.length > 253) {
    problems.push({ property: `${property}.cniConfigFileName`, value: cniConfigFileName, expected: 'Use a file name ending in ".conflist", without "/", e.g. "10-flannel.conflist".' });
  }
  for (const key of Object.keys(configFiles)) {
    if (key === DEFAULTS.cniConfigKey) {
      problems.push({ property: `${property}.configFiles`, value: key, expected: `The ConfigMap key "${DEFAULTS.cniConfigKey}" holds the CNI configuration: give the file another name, or pass it as cniConfig.` });
    } else if (!CONFIG_MAP_KEY.test(key) || key.length > 253) {
      problems.push({ property: `${property}.configFiles`, value: key, expected: 'Name each file with letters, digits, "-", "_" and "." only (a ConfigMap key), e.g. "config.yaml".' });
    }
  }
  return problems;
}

/** Plugin binaries: absolute paths in their images, names a conflist can give as `type`, each name once. */
export function pluginProblems(property: string, plugins: readonly CniPluginBinary[]): Problem[] {
  const problems: Problem[] = [];
  plugins.forEach((plugin, i) => {
    problems.push(...absolutePathProblems(`${property}[${i}].path`, plugin.path));
    const name = pluginName(plugin);
    if (!PLUGIN_NAME.test(name ?? '')) {
      problems.push({ property: `${property}[${i}].name`, value: name, expected: 'Name the binary as the conflist\'s plugin "type" names it: letters, digits, "_", "." and "-", e.g. "flannel".' });
    } else if (plugins.findIndex(p => pluginName(p) === name) < i) {
      problems.push({ property: `${property}[${i}].name`, value: name, expected: 'Each binary is installed under its own name: drop the repeated one, or give it another name.' });
    }
  });
  return problems;
}

/**
 * Host paths of one container: names, absolute paths, a reason each, and Bidirectional
 * propagation only where the container is privileged (the API server refuses it otherwise).
 */
export function hostPathProblems(property: string, hostPaths: readonly CniHostPath[], privileged: boolean, privilegedFix: string): Problem[] {
  const problems: Problem[] = [];
  hostPaths.forEach((h, i) => {
    const at = `${property}[${i}]`;
    problems.push(...dnsLabelProblems(`${at}.name`, h.name), ...absolutePathProblems(`${at}.hostPath`, h.hostPath));
    if (h.mountPath !== undefined) problems.push(...absolutePathProblems(`${at}.mountPath`, h.mountPath));
    problems.push(...justificationTextProblems(`${at}.justification`, h.justification, `the node's ${h.hostPath}`));
    if (h.propagation === MountPropagation.BIDIRECTIONAL && !privileged) {
      problems.push({ property: `${at}.propagation`, value: h.propagation, expected: `Kubernetes accepts Bidirectional propagation only in a privileged container: ${privilegedFix}, or use MountPropagation.HOST_TO_CONTAINER if the container only needs to see the node's mounts.` });
    }
    if (hostPaths.findIndex(o => o.name === h.name) < i) {
      problems.push({ property: `${at}.name`, value: h.name, expected: 'Each host path of a container needs a volume name of its own: choose another name.' });
    }
  });
  return problems;
}

/** The probes' values, under the names the user gave them. */
export function probesProblems(property: string, probes: ContainerProbes): Problem[] {
  return (['liveness', 'readiness', 'startup'] as const).flatMap(kind => probes[kind]?._problems(`${property}.${kind}`, kind) ?? []);
}

/**
 * The init steps: the agent's installers once each, the plugin installer exactly when there are
 * plugins; each container of the CNI's own with a DNS-label name of its own and reasons for
 * what it takes.
 */
export function initStepProblems(property: string, steps: readonly CniInitStep[], hasPlugins: boolean): Problem[] {
  const problems: Problem[] = [];
  const count = (kind: CniInitStepKind) => steps.filter(s => s.kind === kind).length;
  if (count(CniInitStepKind.INSTALL_CONFIG) !== 1) {
    problems.push({ property, value: `${count(CniInitStepKind.INSTALL_CONFIG)} × CniInitStep.installConfig()`, expected: 'Place CniInitStep.installConfig() once, where the configuration list must reach the node (the runtime uses the network as soon as it is there).' });
  }
  const plugins = count(CniInitStepKind.INSTALL_PLUGINS);
  if (plugins !== (hasPlugins ? 1 : 0)) {
    problems.push({
      property,
      value: `${plugins} × CniInitStep.installPlugins()`,
      expected: hasPlugins ? 'Place CniInitStep.installPlugins() once, where the plugin binaries must reach the node.' : 'There are no plugins to install: drop CniInitStep.installPlugins(), or give plugins.',
    });
  }
  const reserved = new Set(['install-cni', 'install-cni-plugin']);
  steps.forEach((step, i) => {
    const c = step.containerProps;
    if (!c) return;
    const at = `${property}[${i}]`;
    const privileges = c.privileges ?? CniPrivileges.capabilities([]);
    problems.push(
      ...dnsLabelProblems(`${at}.name`, c.name),
      ...envNameProblems(`${at}.env`, Object.keys(c.env ?? {})),
      ...privileges._problems(`${at}.privileges`),
      ...hostPathProblems(`${at}.hostPaths`, c.hostPaths ?? [], privileges.isPrivileged, 'give the container privileges: CniPrivileges.privileged(\'why\')'),
      ...justificationTextProblems(`${at}.justification`, c.justification, `container ${c.name} to run as root`),
    );
    if (reserved.has(c.name) || c.name.startsWith('install-cni-plugin-')) {
      problems.push({ property: `${at}.name`, value: c.name, expected: 'The agent\'s installers take the names install-cni and install-cni-plugin[-n]: choose another name.' });
    }
  });
  return problems;
}
