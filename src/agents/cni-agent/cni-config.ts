import { CniConfigValue, CniConfigValueKind } from './config-value';
import { Problem } from '../../base/errors';
import { shaped } from '../../validation/guards';
import { checkCall, isPlainObject, text } from '../agent-guards';

// The CNI spec's network name grammar (containernetworking/cni SPEC.md, "Configuration format").
const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
// Every version of the CNI spec published, as libcni knows them (containernetworking/cni v1.3.0,
// pkg/version/version.go, `All`): a plugin answers any other with "incompatible CNI versions".
const SPEC_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'];

const IS_CONFLIST_OBJECT = shaped('an object, e.g. { name: "cbr0", cniVersion: "0.3.1", plugins: [{ type: "flannel" }] }', isPlainObject);

/**
 * The CNI network configuration list (a `.conflist`) the agent installs into the node's
 * /etc/cni/net.d, where the container runtime reads it for every pod it creates.
 *
 * Given as an object or as JSON text; either way it is checked against the parts of the CNI
 * spec a runtime refuses (a name, a cniVersion, a non-empty plugin chain with a type on each
 * plugin) and written out normalized, so the same configuration always renders the same bytes.
 *
 * @example
 * CniConfig.flannel()
 * CniConfig.fromObject({ name: 'cbr0', cniVersion: '0.3.1', plugins: [{ type: 'flannel', delegate: { isDefaultGateway: true } }] })
 */
export class CniConfig {
  /**
   * flannel's configuration, as kube-flannel.yml ships it: network "cbr0", CNI 0.3.1, the
   * flannel plugin delegating to the bridge plugin with hairpin mode (a pod can reach itself
   * through a Service) and the bridge as default gateway, then portmap for `hostPort`s.
   */
  public static flannel(): CniConfig {
    return new CniConfig({
      name: 'cbr0',
      cniVersion: '0.3.1',
      plugins: [
        { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    });
  }

  /** A configuration list given as an object (`{ name, cniVersion, plugins: [...] }`). */
  public static fromObject(conflist: { [key: string]: any }): CniConfig {
    checkCall('CniConfig.fromObject', IS_CONFLIST_OBJECT(conflist, 'conflist'));
    let copy: unknown;
    try {
      copy = JSON.parse(JSON.stringify(conflist));
    } catch (e) {
      // A cycle or a BigInt: JSON cannot hold it, so no runtime could read it either.
      checkCall('CniConfig.fromObject', [{ property: 'conflist', value: conflist, expected: `Give an object JSON can represent (${(e as Error).message}).` }]);
    }
    return new CniConfig(copy);
  }

  /** A configuration list given as JSON text, e.g. read from an upstream manifest. */
  public static fromJson(json: string): CniConfig {
    checkCall('CniConfig.fromJson', text('{"name": "cbr0", "cniVersion": "0.3.1", "plugins": [{"type": "flannel"}]}')(json, 'json'));
    try {
      return new CniConfig(JSON.parse(json));
    } catch (e) {
      return new CniConfig(undefined, `${(e as Error).message}`);
    }
  }

  private rendered?: string;

  private constructor(private readonly conflist: any, private readonly parseError?: string) {}

  /** The network name (`name`), or undefined when the configuration has none. */
  public get networkName(): string | undefined {
    return typeof this.conflist?.name === 'string' ? this.conflist.name : undefined;
  }

  /** The plugin types of the chain, in order (e.g. ["flannel", "portmap"]). */
  public get pluginTypes(): string[] {
    const plugins = this.conflist?.plugins;
    return Array.isArray(plugins) ? plugins.map(p => p?.type) : [];
  }

  /** The file content: the configuration as indented JSON, with its placeholders (CniConfigValue) as strings. */
  public render(): string {
    // Rendered once: the configuration cannot change (a private copy, its values immutable), and
    // an agent reads it several times (its ConfigMap, its placeholders, its checks).
    this.rendered ??= `${JSON.stringify(this.conflist, undefined, 2)}\n`;
    return this.rendered;
  }

  /** The values the installer fills in on each node, once each. */
  public get placeholders(): CniConfigValue[] {
    return CniConfigValue._findAll(this.render());
  }

  /** @internal What a container runtime would refuse in this configuration list. */
  public _problems(property: string): Problem[] {
    if (this.parseError !== undefined) {
      return [{ property, value: this.parseError, expected: 'CniConfig.fromJson needs valid JSON text: fix the syntax, or build it with CniConfig.fromObject({...}).' }];
    }
    const c = this.conflist;
    if (c === null || typeof c !== 'object' || Array.isArray(c)) {
      return [{ property, value: c, expected: 'A CNI configuration list is a JSON object: { "name": ..., "cniVersion": ..., "plugins": [...] }.' }];
    }
    const problems: Problem[] = [];
    if (typeof c.name !== 'string' || !NETWORK_NAME.test(c.name)) {
      problems.push({ property: `${property}.name`, value: c.name, expected: 'Name the network with letters, digits, "_", "." and "-", starting with a letter or digit (the CNI spec), e.g. "cbr0".' });
    }
    if (typeof c.cniVersion !== 'string' || !SPEC_VERSIONS.includes(c.cniVersion)) {
      problems.push({ property: `${property}.cniVersion`, value: c.cniVersion, expected: `Give a version of the CNI spec the plugins implement, as a string: one of ${SPEC_VERSIONS.join(', ')} (e.g. "0.3.1" or "1.0.0").` });
    }
    if (c.cniVersions !== undefined) {
      const list = Array.isArray(c.cniVersions) ? c.cniVersions : [c.cniVersions];
      list.forEach((v: unknown, i: number) => {
        if (typeof v !== 'string' || !SPEC_VERSIONS.includes(v)) {
          problems.push({ property: `${property}.cniVersions[${i}]`, value: v, expected: `List versions of the CNI spec: each one of ${SPEC_VERSIONS.join(', ')}.` });
        }
      });
    }
    problems.push(...mtuPlacementProblems(property, c));
    if (!Array.isArray(c.plugins) || c.plugins.length === 0) {
      const single = typeof c.type === 'string';
      problems.push({
        property: `${property}.plugins`,
        value: c.plugins,
        expected: single
          ? 'This is a single-plugin .conf; the agent installs a .conflist: wrap it as { "name", "cniVersion", "plugins": [ { "type": ... } ] }.'
          : 'Give a non-empty plugin chain, e.g. "plugins": [ { "type": "flannel" }, { "type": "portmap", "capabilities": { "portMappings": true } } ].',
      });
    } else {
      c.plugins.forEach((p: any, i: number) => {
        if (p === null || typeof p !== 'object' || typeof p.type !== 'string' || p.type === '') {
          problems.push({ property: `${property}.plugins[${i}].type`, value: p?.type, expected: 'Each plugin names the binary the runtime runs from /opt/cni/bin, e.g. { "type": "portmap" }.' });
        }
      });
    }
    return problems;
  }
}

/**
 * An MTU placeholder is replaced by a bare number, quotes included, so it must be a whole JSON
 * string: inside a longer string the result would not be JSON.
 */
function mtuPlacementProblems(property: string, value: unknown, path = ''): Problem[] {
  if (typeof value === 'string') {
    const misplaced = CniConfigValue._findAll(value).some(v => v.kind === CniConfigValueKind.MTU && v.placeholder !== value);
    return misplaced ? [{ property: `${property}${path}`, value, expected: 'An MTU (CniConfigValue.mtu()) becomes a number: give it as the whole value, e.g. "mtu": CniConfigValue.mtu(50).' }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => mtuPlacementProblems(property, v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => mtuPlacementProblems(property, v, `${path}.${k}`));
  return [];
}
