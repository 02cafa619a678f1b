const MAX_SHOWN = 200;

/**
 * Renders a value the way the user would have typed it, so a message shows what was written:
 * `"100m"`, `NaN`, `Infinity`, `null`, `undefined`, `[null]`; class instances by their class.
 */
export function show(value: unknown): string {
  const text = render(value, 0);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (${text.length} characters)` : text;
}

function render(value: unknown, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined': return 'undefined';
    case 'string': return JSON.stringify(value);
    case 'number': return Object.is(value, -0) ? '0' : String(value);
    case 'bigint': return `${value}n`;
    case 'boolean': return String(value);
    case 'symbol': return value.toString();
    case 'function': return `[function ${value.name || 'anonymous'}]`;
  }
  if (depth > 3) return '…';
  // Compact JSON, as messages showed values before; but NaN, Infinity and undefined list
  // entries stay visible instead of turning into null, and class instances name their class.
  if (Array.isArray(value)) return `[${value.map(v => render(v, depth + 1)).join(',')}]`;
  const proto = Object.getPrototypeOf(value);
  const entries = Object.entries(value as object)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${JSON.stringify(k)}:${render(v, depth + 1)}`);
  const body = `{${entries.join(',')}}`;
  if (proto === Object.prototype || proto === null) return body;
  const name = (proto?.constructor as { name?: string } | undefined)?.name;
  return name ? `${name}${body}` : body;
}
