/**
 * Where an agent's images come from: a registry mirror that replaces the registry host of every
 * image, and the Secrets the kubelet pulls them with. Internal: NodeAgent and the agents' shared
 * options use it.
 */
import { Problem } from './errors';
import { dnsSubdomainProblems } from './names';

// Docker's own names for Docker Hub, and the path its official images live under
// (distribution/reference v0.6.0, normalize.go: defaultDomain, legacyDefaultDomain, officialRepoPrefix).
const DOCKER_HUB = 'docker.io';
const LEGACY_DOCKER_HUB = 'index.docker.io';
const OFFICIAL_IMAGES = 'library/';

// host[:port][/path]: lowercase host labels and path components as in an image reference
// (the OCI distribution spec's grammar, as src/base/image.ts reads references).
const HOST = /^[a-z0-9]+((\.|-+)[a-z0-9]+)*(:[0-9]+)?$/;
const PATH_COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/;
const EXAMPLE = 'e.g. "mirror.example.com/quay" or "registry.internal:5000"';

/**
 * The registry host of a reference and the rest, as the container runtime reads it: the first
 * part is a host only if it has a "." or ":" or is "localhost" (or has capitals, which no path
 * may); anything else is a path on Docker Hub, whose one-part names are official images under
 * "library/" (distribution/reference v0.6.0, normalize.go splitDockerDomain).
 */
function splitRegistry(image: string): { host: string; path: string } {
  const slash = image.indexOf('/');
  const first = slash === -1 ? '' : image.slice(0, slash);
  const isHost = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  const host = isHost ? first : DOCKER_HUB;
  const rest = isHost ? image.slice(slash + 1) : image;
  const onHub = host === DOCKER_HUB || host === LEGACY_DOCKER_HUB;
  return { host, path: onHub && !rest.includes('/') ? `${OFFICIAL_IMAGES}${rest}` : rest };
}

/**
 * The image pulled through a mirror: `registry` replaces the image's registry host, and the path,
 * tag and digest stay. A Docker Hub short name is written out first, so
 * "busybox:1.36" through "mirror.example.com/hub" is "mirror.example.com/hub/library/busybox:1.36",
 * the layout registry proxies (Harbor, Artifactory, Nexus, distribution's pull-through cache) use.
 */
export function mirroredImage(image: string, registry: string): string {
  return `${registry}/${splitRegistry(image).path}`;
}

/** A mirror's address as the user may write it: trailing slashes are dropped. */
export function normalizeRegistry(registry: string): string {
  return registry.replace(/\/+$/, '');
}

/** A registry host with an optional port and path: what `mirroredImage` puts in front of a path. */
export function registryProblems(property: string, registry: string): Problem[] {
  const problem = (expected: string): Problem[] => [{ property, value: registry, expected }];
  const normalized = normalizeRegistry(registry);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(normalized)) {
    return problem(`Give the registry without a scheme (the runtime always uses HTTPS, or what its own configuration says), ${EXAMPLE}.`);
  }
  if (normalized.includes('@')) return problem(`Give the registry and path only, without a digest: each image keeps its own, ${EXAMPLE}.`);
  const [host, ...path] = normalized.split('/');
  if (path.some(c => c.includes(':'))) return problem(`Give the registry and path only, without a tag: each image keeps its own, ${EXAMPLE}.`);
  if (!HOST.test(host) || !path.every(c => PATH_COMPONENT.test(c))) {
    return problem(`Use a registry host with an optional port and path, in lowercase, ${EXAMPLE}.`);
  }
  if (!host.includes('.') && !host.includes(':') && host !== 'localhost') {
    return problem(`The container runtime reads a first part without "." or ":" as a path on Docker Hub, not as a host: give the mirror's full host name, ${EXAMPLE}.`);
  }
  return [];
}

/**
 * Names of Secrets to pull with: each a Secret name, listed once. The API server checks neither
 * that the Secret exists nor its namespace; a missing one only shows as ErrImagePull on the nodes.
 */
export function pullSecretProblems(property: string, names: readonly string[]): Problem[] {
  return names.flatMap((name, i) => [
    ...dnsSubdomainProblems(`${property}[${i}]`, name),
    ...(names.indexOf(name) < i ? [{ property: `${property}[${i}]`, value: name, expected: 'Each Secret is listed once: drop the duplicate.' }] : []),
  ]);
}
