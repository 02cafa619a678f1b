/**
 * What can be known about a Fluent Bit regular expression without Onigmo, the engine Fluent Bit
 * compiles them with (Ruby syntax; lib/onigmo at v5.1.1). JavaScript's RegExp is no judge: it
 * refuses valid Onigmo (`(?i)`, atomic groups, possessive quantifiers) and accepts patterns
 * Onigmo reads differently. What every regex engine refuses is checked here: unbalanced groups
 * and brackets, a dangling escape, a malformed group name. Fluent Bit refuses those at start
 * (src/flb_parser.c and src/multiline/flb_ml_rule.c at v5.1.1: "Invalid regex pattern").
 */

/** What a pattern's structure tells: its named groups, or what makes it unusable. */
export interface RegexShape {
  /** The named groups, in order. */
  readonly groups: string[];
  /** Why Fluent Bit would refuse it, phrased as the start of a fix; undefined when it would not. */
  readonly error?: string;
}

// Onigmo group names are word characters not starting with a digit (lib/onigmo/doc/RE and
// regparse.c fetch_name, Onigmo 6.2.0 as vendored in Fluent Bit v5.1.1); ASCII ones here.
const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads a pattern's groups and brackets, as Onigmo would before compiling it. */
export function regexShape(pattern: string): RegexShape {
  const groups: string[] = [];
  let depth = 0;
  let inClass = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (i === pattern.length - 1) return { groups, error: 'The pattern ends with a lone "\\": escape it as "\\\\".' };
      i++;
      continue;
    }
    if (inClass > 0) {
      // Onigmo nests classes ([a-z&&[^aeiou]]) and POSIX brackets ([[:alpha:]]).
      if (c === '[') inClass++;
      else if (c === ']' && pattern[i - 1] !== '[' && !(pattern[i - 1] === '^' && pattern[i - 2] === '[')) inClass--;
      continue;
    }
    if (c === '[') {
      inClass = 1;
    } else if (c === '(') {
      depth++;
      const named = /^\(\?(?:<(?![=!])|')([^>']*)[>']/.exec(pattern.slice(i));
      if (named) {
        if (!GROUP_NAME.test(named[1])) {
          return { groups, error: `The group name "${named[1]}" is not a name: use letters, digits and "_", not starting with a digit, e.g. (?<level>...).` };
        }
        groups.push(named[1]);
      }
    } else if (c === ')') {
      if (depth === 0) return { groups, error: 'A ")" closes no group: escape it as "\\)" or add the "(".' };
      depth--;
    }
  }
  if (inClass > 0) return { groups, error: 'A "[" opens a character class that is never closed: add the "]" or escape it as "\\[".' };
  if (depth > 0) return { groups, error: 'A "(" opens a group that is never closed: add the ")" or escape it as "\\(".' };
  return { groups };
}
