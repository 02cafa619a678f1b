/**
 * Manifests as one value per field path, for the tests that compare an agent's objects with an
 * upstream manifest field by field (Calico, Cilium, the EBS CSI node plugin): list items are keyed
 * by `name` where every item has one, so a reordered list is no difference.
 */

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One value per field path; list items by `name` where every item has one, else by index. */
export function flatten(value: unknown, at = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(v => isObject(v) && typeof v.name === 'string')) {
      for (const item of value as Record<string, unknown>[]) {
        const { name: _name, ...rest } = item;
        flatten(rest, `${at}[${String(item.name)}]`, out);
      }
    } else if (value.every(v => !isObject(v) && !Array.isArray(v))) {
      out.set(at, value);
    } else {
      value.forEach((v, i) => flatten(v, `${at}[${i}]`, out));
    }
  } else if (isObject(value) && Object.keys(value).length > 0) {
    for (const [key, v] of Object.entries(value)) flatten(v, at ? `${at}.${key}` : key, out);
  } else {
    out.set(at, value);
  }
  return out;
}
