import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { attempt, build, configData, filters, fluentBitConfig, input, mainContainer, parsersFile } from './log-collector-fixtures';
import { LogFilter, LogParser, LuaScript, MultilineParser, ParserFieldType, ValidationError } from '../../src';

const APP_REGEX = '^(?<time>[^ ]+) (?<level>[A-Z]+) (?<message>.*)$';
const app = () => LogParser.regex('app', { regex: APP_REGEX, timeFormat: '%Y-%m-%dT%H:%M:%S.%L%z', types: { level: ParserFieldType.INTEGER } });
const STACK = MultilineParser.regex('app-stack', {
  rules: [
    { state: 'start_state', regex: '/^\\d{4}-\\d{2}-\\d{2}/', nextState: 'cont' },
    { state: 'cont', regex: '/^\\s+at /', nextState: 'cont' },
  ],
  flushTimeout: Duration.seconds(2),
});

describe('LogCollectorDaemonSet parsers', () => {
  test('by default writes no parsers file and includes none', () => {
    const { objs } = build();
    expect(Object.keys(configData(objs))).toEqual(['fluent-bit.yaml']);
    expect(fluentBitConfig(objs).includes).toBeUndefined();
    expect(fluentBitConfig(objs).service.parsers_file).toBe('/fluent-bit/etc/parsers.conf');
  });

  test('writes regex, json and logfmt parsers into parsers.yaml, which the configuration includes', () => {
    const { objs } = build({ parsers: [app(), LogParser.json('app-json', { timeKey: 'ts', timeFormat: '%s', timeKeep: true }), LogParser.logfmt('app-logfmt')] });
    expect(Object.keys(configData(objs)).sort()).toEqual(['fluent-bit.yaml', 'parsers.yaml']);
    expect(fluentBitConfig(objs).includes).toEqual(['parsers.yaml']);
    expect(parsersFile(objs)).toEqual({
      parsers: [
        { name: 'app', format: 'regex', regex: APP_REGEX, time_key: 'time', time_format: '%Y-%m-%dT%H:%M:%S.%L%z', time_keep: 'off', types: 'level:integer' },
        { name: 'app-json', format: 'json', time_key: 'ts', time_format: '%s', time_keep: 'on' },
        { name: 'app-logfmt', format: 'logfmt' },
      ],
    });
  });

  test('LogFilter.parser applies parsers, defining the ones of its own once and the stock ones not at all', () => {
    const parser = app();
    const { objs } = build({ parsers: [parser], filters: [LogFilter.parser([parser, LogParser.builtIn('nginx')], { keyName: 'message', preserveKey: true })] });
    expect(filters(objs).map((f: any) => f.name)).toEqual(['kubernetes', 'parser']);
    expect(filters(objs)[1]).toEqual({ name: 'parser', match: 'kube.*', key_name: 'message', parser: ['app', 'nginx'], reserve_data: 'on', preserve_key: 'on' });
    expect(parsersFile(objs).parsers.map((p: any) => p.name)).toEqual(['app']);
  });

  test('a stock parser alone writes no parsers file', () => {
    const { objs } = build({ filters: [LogFilter.parser([LogParser.builtIn('json')])] });
    expect(configData(objs)['parsers.yaml']).toBeUndefined();
    expect(filters(objs)[1]).toMatchObject({ key_name: 'log', parser: ['json'], reserve_data: 'on', preserve_key: 'off' });
  });

  test('the ConfigMap change rolls the pods', () => {
    const before = build().objs;
    const after = build({ parsers: [app()] }).objs;
    const sum = (objs: any[]) => objs.find(o => o.kind === 'DaemonSet').spec.template.metadata.annotations['checksum/config'];
    expect(sum(after)).not.toBe(sum(before));
  });

  describe('rejects', () => {
    test.each([
      ['a stock parser\'s name', () => LogParser.json('json'), /invalid parsers\[0\]\.name: "json"\. The image's parsers\.conf already defines "json" .*LogParser\.builtIn\("json"\)/],
      ['a name with a comma', () => LogParser.logfmt('a,b'), /invalid parsers\[0\]\.name: "a,b"\. Use 1-63 letters/],
      ['an unbalanced regex', () => LogParser.regex('app', { regex: '^(?<level>[A-Z]+' }), /invalid parsers\[0\]\.regex: "\^\(\?<level>\[A-Z\]\+"\. A "\(" opens a group that is never closed/],
      ['a regex without named groups', () => LogParser.regex('app', { regex: '^([A-Z]+) (.*)$' }), /invalid parsers\[0\]\.regex: .*this one has none: name what each group captures/],
      ['an invalid group name', () => LogParser.regex('app', { regex: '^(?<1st>.*)$' }), /invalid parsers\[0\]\.regex: .*The group name "1st" is not a name/],
      ['a time format without its group', () => LogParser.regex('app', { regex: '^(?<ts>\\S+) (?<m>.*)$', timeFormat: '%s' }), /invalid parsers\[0\]\.timeFormat: "%s"\. The regex has no group named "time" .*set timeKey to one of ts, m/],
      ['a time key without a format', () => LogParser.json('app-json', { timeKey: 'ts' }), /invalid parsers\[0\]\.timeKey: "ts"\. Fluent Bit reads the time field only with a timeFormat/],
      ['a type for a field the regex does not capture', () => LogParser.regex('app', { regex: '^(?<m>.*)$', types: { status: ParserFieldType.INTEGER } }), /invalid parsers\[0\]\.types: "status"\. The regex has no group named "status": type one of m/],
      ['an unknown stock parser', () => LogParser.builtIn('nginx-ingress'), /invalid parsers\[0\]\.name: "nginx-ingress"\. Fluent Bit 5\.1\.1's parsers\.conf has no parser of this name: use one of apache/],
    ])('rejects %s', (_what, parser, message) => {
      expect(attempt({ parsers: [parser()] })).toThrow(ValidationError);
      expect(attempt({ parsers: [parser()] })).toThrow(new RegExp(`^test/logs: ${message.source}`));
    });

    test('rejects two different parsers of one name, naming both places', () => {
      expect(attempt({ parsers: [app()], filters: [LogFilter.parser([LogParser.json('app')])] }))
        .toThrow(/invalid filters\[0\]\.parsers\[0\]\.name: "app"\. parsers\[0\] is another parser named "app": give each parser its own name, or use the same object for both/);
    });

    test('rejects a parser filter without parsers and reports every problem at once', () => {
      const error = (() => {
        try {
          build({ filters: [LogFilter.parser([]), LogFilter.parser([LogParser.builtIn('json')], { keyName: 'my key' })] });
        } catch (e) { return e as ValidationError; }
        return undefined;
      })();
      expect(error?.problems.map(p => `${p.property}: ${JSON.stringify(p.value)}`)).toEqual(['filters[0].parsers: []', 'filters[1].keyName: "my key"']);
    });

    test('rejects a parser filter property the filter sets from its options', () => {
      expect(attempt({ filters: [LogFilter.parser([LogParser.builtIn('json')], { properties: { Key_Name: 'x' } })] }))
        .toThrow(/invalid filters\[0\]\.properties: "Key_Name"\. Use a Fluent Bit property name .* other than those the filter sets from its options: name, match, key_name, parser, reserve_data, preserve_key/);
    });
  });
});

describe('LogCollectorDaemonSet multiline', () => {
  test('joins the runtime\'s split lines at the tail input, and nothing more, by default', () => {
    const tail = input(build().objs, 'tail');
    expect(tail['multiline.parser']).toBe('docker, cri');
    expect(tail.processors).toBeUndefined();
  });

  test('applies the language parsers in a processor of the tail input, after docker and cri, and before every filter', () => {
    const { objs } = build({ multiline: [MultilineParser.JAVA, MultilineParser.GO, MultilineParser.PYTHON, MultilineParser.RUBY] });
    const tail = input(objs, 'tail');
    expect(tail['multiline.parser']).toBe('docker, cri');
    expect(tail.processors).toEqual({ logs: [{ 'name': 'multiline', 'multiline.key_content': 'log', 'multiline.parser': 'java, go, python, ruby' }] });
    expect(filters(objs).map((f: any) => f.name)).toEqual(['kubernetes']);
    expect(configData(objs)['parsers.yaml']).toBeUndefined();
  });

  test('writes a regex multiline parser with its rules, flush timeout and parser into the parsers file', () => {
    const withParser = MultilineParser.regex('app-stack', {
      rules: [{ state: 'start_state', regex: '/^\\d{4}-/', nextState: 'cont' }, { state: 'cont', regex: '/^\\s+/', nextState: 'cont' }],
      parser: app(),
    });
    const { objs } = build({ multiline: [STACK, MultilineParser.JAVA] });
    expect(input(objs, 'tail').processors.logs[0]['multiline.parser']).toBe('app-stack, java');
    expect(parsersFile(objs)).toEqual({
      multiline_parsers: [{
        name: 'app-stack',
        type: 'regex',
        flush_timeout: 2000,
        rules: [
          { state: 'start_state', regex: '/^\\d{4}-\\d{2}-\\d{2}/', next_state: 'cont' },
          { state: 'cont', regex: '/^\\s+at /', next_state: 'cont' },
        ],
      }],
    });
    const parsed = parsersFile(build({ multiline: [withParser] }).objs);
    expect(parsed.multiline_parsers[0].parser).toBe('app');
    expect(parsed.parsers.map((p: any) => p.name)).toEqual(['app']);
  });

  describe('rejects', () => {
    const rules = (r: any[]) => MultilineParser.regex('app-stack', { rules: r });
    test.each([
      ['an unknown built-in', () => MultilineParser.builtIn('kotlin'), /invalid multiline\[0\]\.name: "kotlin"\. Fluent Bit 5\.1\.1 has no built-in multiline parser of this name: use one of java, go, python, ruby/],
      ['the runtime parsers, which the input applies already', () => MultilineParser.builtIn('cri'), /invalid multiline\[0\]\.name: "cri"\. The tail input already joins the runtime's split lines with docker and cri/],
      ['a parser of yours named like a built-in', () => MultilineParser.regex('Java', { rules: [{ state: 'start_state', regex: 'x', nextState: 'start_state' }] }), /invalid multiline\[0\]\.name: "Java"\. "Java" is a built-in multiline parser/],
      ['no rules', () => rules([]), /invalid multiline\[0\]\.rules: \[\]\. Give at least one rule, the first in "start_state"/],
      ['a first rule outside start_state', () => rules([{ state: 'cont', regex: 'x', nextState: 'cont' }]), /invalid multiline\[0\]\.rules\[0\]\.state: "cont"\. The first rule starts a record/],
      ['a next state no rule applies in', () => rules([{ state: 'start_state', regex: 'x', nextState: 'cont' }]), /invalid multiline\[0\]\.rules\[0\]\.nextState: "cont"\. No rule applies in "cont": use one of start_state/],
      ['an unbalanced rule regex', () => rules([{ state: 'start_state', regex: '/^[a-z/', nextState: 'start_state' }]), /invalid multiline\[0\]\.rules\[0\]\.regex: "\/\^\[a-z\/"\. A "\[" opens a character class that is never closed/],
      ['a flush timeout below a millisecond', () => MultilineParser.regex('a', { rules: [{ state: 'start_state', regex: 'x', nextState: 'start_state' }], flushTimeout: Duration.millis(0.5) }), /invalid multiline\[0\]\.flushTimeout: "0\.5ms"/],
    ])('rejects %s', (_what, parser, message) => {
      expect(attempt({ multiline: [parser()] })).toThrow(new RegExp(`^test/logs: ${message.source}`));
    });

    test('rejects a parser listed twice', () => {
      expect(attempt({ multiline: [MultilineParser.JAVA, MultilineParser.JAVA] })).toThrow(/invalid multiline\[1\]: "java"\. multiline\[0\] is the same parser: list each once/);
    });
  });
});

describe('LogCollectorDaemonSet Lua filters', () => {
  const CODE = '-- masks card numbers\nfunction redact(tag, timestamp, record)\n  return 1, timestamp, record\nend\n';

  test('writes the script into the ConfigMap, mounted beside the configuration, and calls its function', () => {
    const { objs } = build({ filters: [LogFilter.lua(LuaScript.fromInline('redact.lua', CODE), 'redact', { timeAsTable: true, match: 'kube.*' })] });
    expect(configData(objs)['redact.lua']).toBe(CODE);
    expect(filters(objs)[1]).toEqual({ name: 'lua', match: 'kube.*', script: '/fluent-bit/etc/conf/redact.lua', call: 'redact', time_as_table: 'on' });
    expect(mainContainer(objs).volumeMounts).toContainEqual({ name: 'config', mountPath: '/fluent-bit/etc/conf', readOnly: true });
  });

  test('reads a script from a file, named by its base name; one script serves two filters', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lua-'));
    const file = path.join(dir, 'enrich.lua');
    fs.writeFileSync(file, 'function add_cluster(tag, ts, record)\n  record["cluster"] = "a"\n  return 1, ts, record\nend\nenrich = function(tag, ts, record) return 0, ts, record end\n');
    const script = LuaScript.fromFile(file);
    const { objs } = build({ filters: [LogFilter.lua(script, 'add_cluster'), LogFilter.lua(LuaScript.fromFile(file), 'enrich')] });
    expect(Object.keys(configData(objs)).sort()).toEqual(['enrich.lua', 'fluent-bit.yaml']);
    expect(filters(objs).slice(1).map((f: any) => [f.script, f.call])).toEqual([['/fluent-bit/etc/conf/enrich.lua', 'add_cluster'], ['/fluent-bit/etc/conf/enrich.lua', 'enrich']]);
  });

  describe('rejects', () => {
    test('a call the script does not define as a global function, naming the script and the fix', () => {
      const local = LuaScript.fromInline('redact.lua', 'local function redact(tag, ts, record) return 1, ts, record end\n-- function redact(\n');
      expect(attempt({ filters: [LogFilter.lua(local, 'redact')] }))
        .toThrow(/^test\/logs: invalid filters\[0\]\.call: "redact"\. redact\.lua defines no global function "redact": define "function redact\(tag, timestamp, record\)" in it \(not local\)/);
    });

    test('a call that is not a Lua name', () => {
      expect(attempt({ filters: [LogFilter.lua(LuaScript.fromInline('redact.lua', CODE), 'red-act')] })).toThrow(/invalid filters\[0\]\.call: "red-act"\. Name a Lua function/);
    });

    test('a script name without .lua, and two different scripts of one name', () => {
      expect(attempt({ filters: [LogFilter.lua(LuaScript.fromInline('parsers.yaml', CODE), 'redact')] }))
        .toThrow(/invalid filters\[0\]\.script\.name: "parsers\.yaml"\. Name the script file .* ending in "\.lua"/);
      expect(attempt({ filters: [LogFilter.lua(LuaScript.fromInline('redact.lua', CODE), 'redact'), LogFilter.lua(LuaScript.fromInline('redact.lua', `${CODE}\n`), 'redact')] }))
        .toThrow(/invalid filters\[1\]\.script\.name: "redact\.lua"\. filters\[0\]\.script is another Lua script named "redact\.lua"/);
    });

    test('a file that cannot be read, where the call is made', () => {
      expect(() => LuaScript.fromFile('/nonexistent/redact.lua')).toThrow(/^LuaScript\.fromFile: invalid filePath: "\/nonexistent\/redact\.lua"\. The file cannot be read \(ENOENT\)/);
    });
  });
});
