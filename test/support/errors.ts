/** The ValidationError `fn` throws; any other outcome fails the test (a TypeError is a defect). */
import { ValidationError } from '../../src';

export function validationErrorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}
