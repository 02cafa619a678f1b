import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_DIR } from './config';
import { Problem } from '../../base/errors';
import { checkCall, text } from '../agent-guards';

// A ConfigMap key (the file's name beside the configuration), which ".lua" keeps apart from the
// configuration's own files.
const NAME = /^[-._a-zA-Z0-9]{1,249}\.lua$/;

/**
 * A Lua script for `LogFilter.lua`, kept in a file of your repository (or given inline). Its
 * text goes into the collector's ConfigMap beside the configuration, mounted read-only, so a
 * change rolls the pods like any other configuration change.
 *
 * @example
 * LuaScript.fromFile('lua/redact.lua')
 */
export class LuaScript {
  /**
   * A script read from a file when the app is synthesized; the ConfigMap key (and file name) is
   * the file's base name.
   */
  public static fromFile(filePath: string): LuaScript {
    checkCall('LuaScript.fromFile', text('lua/redact.lua')(filePath, 'filePath'));
    let code: string | undefined;
    let error: string | undefined;
    try {
      code = fs.readFileSync(filePath, 'utf8');
    } catch (e) {
      error = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    }
    checkCall('LuaScript.fromFile', error === undefined ? [] : [{
      property: 'filePath',
      value: filePath,
      expected: `The file cannot be read (${error}): give the path of a Lua file, relative to the directory the app runs in (${process.cwd()}) or absolute.`,
    }]);
    return new LuaScript(path.basename(filePath), code!);
  }

  /** A script given as text, under a file name of yours, e.g. `LuaScript.fromInline('redact.lua', code)`. */
  public static fromInline(name: string, code: string): LuaScript {
    checkCall('LuaScript.fromInline', text('redact.lua')(name, 'name'), text('function redact(tag, ts, record) return 0, ts, record end')(code, 'code'));
    return new LuaScript(name, code);
  }

  private constructor(
    /** The script's file name in the collector's Lua directory. */
    public readonly name: string,
    /** The script's text. */
    public readonly code: string) {}

  /** Where the collector reads it. @internal */
  public get _path(): string {
    return `${CONFIG_DIR}/${this.name}`;
  }

  /** @internal What would make Fluent Bit fail at start: a bad name, or no global function `call`. */
  public _problems(property: string, call: string): Problem[] {
    const problems: Problem[] = [];
    if (!NAME.test(this.name)) {
      problems.push({ property: `${property}.name`, value: this.name, expected: 'Name the script file with letters, digits, "-", "_" and ".", ending in ".lua", e.g. "redact.lua".' });
    }
    if (this.code.trim().length === 0) {
      problems.push({ property: `${property}.code`, value: this.code, expected: 'The script is empty: give the Lua code that defines the function the filter calls.' });
    } else if (!definesGlobalFunction(this.code, call)) {
      // The lua filter looks `call` up among the script's globals when it starts, and Fluent Bit
      // exits when it is missing (plugins/filter_lua/lua.c at v5.1.1); a `local function` is
      // not a global.
      problems.push({
        property: 'call',
        value: call,
        expected: `${this.name} defines no global function "${call}": define "function ${call}(tag, timestamp, record)" in it (not local), or call one it defines.`,
      });
    }
    return problems;
  }
}

/** Whether `code` defines `name` as a global function (`function name(` or `name = function(`), comments aside. */
function definesGlobalFunction(code: string, name: string): boolean {
  const uncommented = code.replace(/--\[(=*)\[[\s\S]*?\]\1\]/g, '').replace(/--[^\n]*/g, '');
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const declared = new RegExp(`(^|[^\\w.:])(local\\s+)?function\\s+${escaped}\\s*\\(`, 'g');
  const assigned = new RegExp(`(^|[^\\w.:])(local\\s+)?${escaped}\\s*=\\s*function\\s*\\(`, 'g');
  return [...uncommented.matchAll(declared), ...uncommented.matchAll(assigned)].some(m => m[2] === undefined);
}
