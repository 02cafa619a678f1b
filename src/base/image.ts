import { Problem } from './errors';

const DIGEST = /@sha256:[a-f0-9]{64}$/;
// registry/path:tag — the tag is whatever follows the last ':' after the last '/'. Components are
// separated by ".", "_", "__" or any number of "-" (distribution/reference, the OCI distribution spec).
const REFERENCE = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** The tag of an image reference, or undefined when it has none. */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.replace(DIGEST, '');
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : withoutDigest.slice(colon + 1);
}

/**
 * An agent image must be pinned: a node agent runs on every node, so an image that moves under
 * a tag like `latest` changes every node at once, outside any rollout the DaemonSet controls.
 */
export function imageProblems(property: string, image: string, allowUnpinned: boolean): Problem[] {
  if (!REFERENCE.test(image)) {
    return [{ property, value: image, expected: 'Use an image reference "registry/repository:tag" or "registry/repository@sha256:<64 hex digits>", e.g. "quay.io/prometheus/node-exporter:v1.9.1".' }];
  }
  if (allowUnpinned || DIGEST.test(image)) return [];
  const tag = imageTag(image);
  if (tag === undefined || tag === 'latest') {
    return [{ property, value: image, expected: 'Pin the image to a version tag (e.g. ":v1.9.1") or a digest ("@sha256:..."), or set allowUnpinnedImages: true to accept a moving tag.' }];
  }
  return [];
}
