/**
 * The commands of the agent's two installers: the plugin binaries copied from their images into
 * the node's /opt/cni/bin, and the configuration list written into /etc/cni/net.d with its
 * placeholders filled on the node. Paths and values reach the shell as positional parameters,
 * never spliced into a script.
 */
import { CniConfigValue, CniConfigValueKind } from './config-value';
import { ConfigInstall, CniPluginBinary } from './description';

/** Where the node's plugin directory is mounted when the image's own binaries lie in /opt/cni/bin. */
const HOST_PREFIX = '/host';
const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** One init container copying the plugins of one image. */
export interface PluginInstaller {
  readonly name: string;
  readonly image: string;
  readonly command: string[];
  readonly args: string[];
  /** Where the node's /opt/cni/bin is mounted in it. */
  readonly mountPath: string;
  /** The file names it writes. */
  readonly binaries: string[];
}

/** The name a plugin gets under /opt/cni/bin. */
export function pluginName(plugin: CniPluginBinary): string {
  return plugin.name ?? plugin.path.split('/').pop()!;
}

/**
 * One installer per image, in the order the images first appear. The node's directory is mounted
 * at /opt/cni/bin, as kube-flannel.yml mounts it, unless a binary lies there in the image (as
 * Calico's and Cilium's do): the mount would hide it, so it goes to /host/opt/cni/bin, as their
 * installers mount it. `cp -f` replaces a binary the runtime is running (it unlinks a busy file).
 */
export function pluginInstallers(plugins: readonly CniPluginBinary[], binDirectory: string): PluginInstaller[] {
  const images = [...new Set(plugins.map(p => p.image))];
  return images.map((image, i) => {
    const own = plugins.filter(p => p.image === image);
    const hidden = own.some(p => p.path.startsWith(`${binDirectory}/`));
    const mountPath = hidden ? `${HOST_PREFIX}${binDirectory}` : binDirectory;
    const pairs = own.flatMap(p => [p.path, `${mountPath}/${pluginName(p)}`]);
    const name = i === 0 ? 'install-cni-plugin' : `install-cni-plugin-${i + 1}`;
    const binaries = own.map(pluginName);
    if (own.length === 1) return { name, image, command: ['cp'], args: ['-f', ...pairs], mountPath, binaries };
    return {
      name,
      image,
      command: ['sh', '-c', 'while [ "$#" -gt 1 ]; do cp -f "$1" "$2" || exit 1; shift 2; done', name],
      args: pairs,
      mountPath,
      binaries,
    };
  });
}

/**
 * The configuration list written atomically, as flannel's install-conf does since PR #2466: into
 * a temporary file in the same directory, then renamed over the target. The container runtime
 * reads /etc/cni/net.d whenever it sets up a pod, and a `cp` straight onto the target lets it
 * read a half-written file; rename(2) within one directory swaps the whole file at once. The
 * temporary name ends in ".tmp", which the runtime does not load (libcni reads only .conf,
 * .conflist and .json files).
 */
export function atomicShellInstall(source: string, target: string): ConfigInstall {
  return { command: ['sh', '-c', 'cp -f "$1" "$2" && mv -f "$2" "$3"', 'install-cni'], args: [source, temporaryBeside(target), target] };
}

function temporaryBeside(target: string): string {
  return target.replace(/[^/]+$/, name => `.${name}.tmp`);
}

/**
 * The installer of a configuration with placeholders: it writes the kubeconfig first, if the
 * configuration points at it (mode 0600: it holds the agent's token, as Calico's calico-kubeconfig
 * does), reads the MTU of the interface of the node's default route (the pod runs in the node's
 * network namespace, so /proc/net/route and /sys/class/net are the node's), then fills the
 * placeholders with sed into the temporary file and renames it over the target. NODE_NAME comes
 * from the downward API.
 */
export function templatingInstall(source: string, target: string, values: readonly CniConfigValue[], kubeconfig: string): ConfigInstall {
  const kinds = new Set(values.map(v => v.kind));
  const script = ['set -eu'];
  const sed: string[] = [];
  if (kinds.has(CniConfigValueKind.KUBECONFIG_PATH)) {
    script.push(
      `sa=${SERVICE_ACCOUNT}`,
      // An IPv6 address goes in brackets in a URL.
      'case "$KUBERNETES_SERVICE_HOST" in *:*) host="[$KUBERNETES_SERVICE_HOST]" ;; *) host="$KUBERNETES_SERVICE_HOST" ;; esac',
      '(umask 077; printf \'%s\\n\' "apiVersion: v1" "kind: Config" "clusters:" "- name: local" "  cluster:" '
        + '"    server: https://$host:$KUBERNETES_SERVICE_PORT" "    certificate-authority-data: $(base64 < "$sa/ca.crt" | tr -d \'\\n\')" '
        + '"users:" "- name: cni" "  user:" "    token: $(cat "$sa/token")" '
        + '"contexts:" "- name: cni" "  context: {cluster: local, user: cni}" "current-context: cni" > "$4.tmp")',
      'mv -f "$4.tmp" "$4"',
    );
    sed.push('-e "s|__KUBECONFIG_FILEPATH__|$4|g"');
  }
  const mtus = values.filter(v => v.kind === CniConfigValueKind.MTU);
  if (mtus.length > 0) {
    script.push(
      'iface=$(while read -r name dest rest; do if [ "$dest" = 00000000 ]; then echo "$name"; break; fi; done < /proc/net/route)',
      '[ -n "$iface" ] || { echo "install-cni: the node has no default route to read the MTU from" >&2; exit 1; }',
      'mtu=$(cat "/sys/class/net/$iface/mtu")',
    );
    // The placeholder is a JSON string: the quotes go with it, leaving a number.
    for (const v of mtus) sed.push(`-e "s|\\"${v.placeholder}\\"|$((mtu - ${v.overhead ?? 0}))|g"`);
  }
  if (kinds.has(CniConfigValueKind.NODE_NAME)) sed.push('-e "s|__KUBERNETES_NODE_NAME__|$NODE_NAME|g"');
  script.push(`sed ${sed.join(' ')} "$1" > "$2"`, 'mv -f "$2" "$3"');
  const args = [source, temporaryBeside(target), target, ...(kinds.has(CniConfigValueKind.KUBECONFIG_PATH) ? [kubeconfig] : [])];
  return { command: ['sh', '-c', script.join('\n'), 'install-cni'], args };
}
