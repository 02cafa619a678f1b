import { Problem } from '../../base/errors';
import { shaped } from '../../validation/guards';
import { checkCall, isPlainObject, text } from '../agent-guards';

// The CNI spec's network name grammar (containernetworking/cni SPEC.md, "Configuration format").
const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

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

  /** The file content: the configuration as indented JSON. */
  public render(): string {
    return `${JSON.stringify(this.conflist, undefined, 2)}\n`;
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
    if (typeof c.cniVersion !== 'string' || c.cniVersion === '') {
      problems.push({ property: `${property}.cniVersion`, value: c.cniVersion, expected: 'Give the CNI spec version the plugins implement, as a string, e.g. "0.3.1" or "1.0.0".' });
    }
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
