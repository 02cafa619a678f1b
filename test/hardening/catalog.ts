/**
 * The bad-input catalog's harness: one row per invalid input, each checked the same way. The
 * message must name (a) the construct path, (b) the property, (c) the bad value and (d) the
 * valid form or fix; the thrown value must be a plain `Error` raised by our validation (not a
 * TypeError or RangeError from deep inside cdk8s); and nothing the bad input would have written
 * may reach the YAML.
 */
import { Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { ValidationError } from '../../src';
import { newChart } from '../support/manifests';

/** What the message of a rejection must name. */
export interface ExpectedError {
  /** What the message starts with: the construct path, or the API for a non-construct (e.g. "NodeExporterVersion.of"). */
  readonly path: string;
  /** The property the message names, as the user wrote it. */
  readonly property: string;
  /** The bad value, as the message shows it (strings quoted). */
  readonly value: string;
  /** The valid form or the fix the message gives. */
  readonly fix: string | RegExp;
}

/** One invalid input. */
export interface BadInput {
  /** "rejects <what>". */
  readonly name: string;
  /** Builds the bad input in a fresh chart (id "test", so construct paths start with "test/"). */
  readonly build: (chart: Chart) => unknown;
  /** What the error must say. */
  readonly error: ExpectedError;
  /**
   * Text the rejected input would have put into the YAML, which must not be there. Defaults to
   * the value when it is a quoted string; give it for numbers and lists.
   */
  readonly absent?: string;
  /** Further checks after the rejection (e.g. that an output folder was left untouched). */
  readonly verify?: () => void;
}

/** What `fn` threw; fails the test when it threw nothing. */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the input to be rejected, but nothing was thrown');
}

/**
 * The YAML a chart would produce after a rejected input: if the user caught the error and
 * synthesized anyway. A chart that cannot synthesize any more must say so with our own error
 * (never a TypeError from a half-built construct), and then produces no YAML at all.
 */
export function yamlAfterRejection(chart: Chart): string {
  let objects: any[];
  try {
    objects = Testing.synth(chart);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return '';
  }
  return objects.map(o => YAML.stringify(o)).join('---\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function absentText(row: BadInput): string {
  if (row.absent !== undefined) return row.absent;
  if (/^".+"$/.test(row.error.value)) return JSON.parse(row.error.value);
  throw new Error(`row "${row.name}": give "absent", the text the bad value would put in the YAML (its value ${row.error.value} is not a quoted string)`);
}

/** Asserts that `error` is our own validation error for `row`. */
export function expectRejection(error: Error, row: ExpectedError): void {
  // Our validation throws ValidationError; a TypeError, RangeError or SyntaxError means a bad
  // input got past it into code that assumed it was valid.
  expect(error).toBeInstanceOf(ValidationError);
  expect(error.name).toBe('ValidationError');
  const message = error.message;
  // (a) the construct path, also for checks that run at synth (never wrapped by cdk8s).
  expect(message).toMatch(new RegExp(`^${escapeRegExp(row.path)}(?=[: ])`));
  expect(message).toContain(row.property); // (b) the property
  expect(message).toContain(row.value); // (c) the bad value
  if (typeof row.fix === 'string') expect(message).toContain(row.fix); // (d) the valid form or fix
  else expect(message).toMatch(row.fix);
}

/** Registers one test per row, plus a check that the rows are distinct. */
export function catalog(rows: readonly BadInput[]): void {
  test('the rows are distinct inputs, each named "rejects ..."', () => {
    const names = rows.map(r => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^rejects /);
  });

  test.each(rows.map(row => [row.name, row] as const))('%s', (_name, row) => {
    const chart = newChart();
    const error = thrownBy(() => row.build(chart));
    expectRejection(error, row.error);
    // None produces YAML: the throw happens while building, before any synth, and what is left
    // of the chart does not carry the bad value either.
    expect(yamlAfterRejection(chart)).not.toContain(absentText(row));
    row.verify?.();
  });
}
