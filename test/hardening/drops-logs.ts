/**
 * No-silent-drops tables for the log pipeline's building blocks: parsers, multiline parsers and
 * their rules, the parser and Lua filters, filesystem buffering and the journal input.
 */
import { Duration, Size } from 'cdk8s';
import { DropTable } from './drops';
import {
  LogBuffering, LogCollectorDaemonSet, LogFilter, LogInput, LogOutput, LogParser, LuaScript, MultilineParser, ParserFieldType,
} from '../../src';
import { Manifest, newChart, synth } from '../support/manifests';

let objects: Manifest[] | undefined;
/** A log collector with every option of every building block of its pipeline set. */
function pipelineObjects(): Manifest[] {
  if (objects) return objects;
  const chart = newChart('drops', 'drop-ns');
  const regex = LogParser.regex('drop-regex', {
    regex: '^(?<drop_time>\\S+) (?<drop_code>\\d+)$',
    timeFormat: '%d/%b/%Y',
    timeKey: 'drop_time',
    timeKeep: true,
    types: { drop_code: ParserFieldType.INTEGER },
  });
  new LogCollectorDaemonSet(chart, 'logs', {
    instance: 'drop-pipeline',
    outputs: [LogOutput.stdout()],
    buffering: LogBuffering.filesystem({ maxChunksUp: 17, backlogMemLimit: Size.mebibytes(17), outputLimit: Size.mebibytes(177) }),
    parsers: [LogParser.json('drop-json', { timeFormat: '%s', timeKey: 'drop_ts', timeKeep: true, types: { drop_n: ParserFieldType.FLOAT } })],
    multiline: [MultilineParser.regex('drop-ml', {
      rules: [{ state: 'start_state', regex: '/^drop/', nextState: 'drop_cont' }, { state: 'drop_cont', regex: '/^ /', nextState: 'drop_cont' }],
      flushTimeout: Duration.millis(1777),
      parser: regex,
    })],
    filters: [
      LogFilter.parser([regex], { keyName: 'drop_key', reserveData: false, preserveKey: true, match: 'drop-parser.*', properties: { unescape_key: 'on' } }),
      LogFilter.lua(LuaScript.fromInline('drop.lua', 'function drop(tag, ts, record) return 0, ts, record end'), 'drop', {
        timeAsTable: true, match: 'drop-lua.*', properties: { protected_mode: 'off' },
      }),
    ],
    inputs: [LogInput.systemd({ units: ['drop.service'], tag: 'drop.*', journalDirectory: '/drop/journal', readFromTail: false, lowercase: true, stripUnderscores: true })],
  });
  objects = synth(chart);
  return objects;
}

const CONFIG = 'ConfigMap/drop-pipeline data["fluent-bit.yaml"](yaml)';
const PARSERS = 'ConfigMap/drop-pipeline data["parsers.yaml"](yaml)';
const JSON_PARSER = `${PARSERS}.parsers[name=drop-json]`;
const REGEX_PARSER = `${PARSERS}.parsers[name=drop-regex]`;
const ML = `${PARSERS}.multiline_parsers[name=drop-ml]`;
const PARSER_FILTER = `${CONFIG}.pipeline.filters[name=parser]`;
const LUA_FILTER = `${CONFIG}.pipeline.filters[name=lua]`;
const JOURNAL = `${CONFIG}.pipeline.inputs[name=systemd]`;

export const logTables: DropTable[] = [
  {
    struct: 'LogParserOptions',
    synth: pipelineObjects,
    rows: {
      timeFormat: { at: `${JSON_PARSER}.time_format`, is: '%s' },
      timeKey: { at: `${JSON_PARSER}.time_key`, is: 'drop_ts' },
      timeKeep: { at: `${JSON_PARSER}.time_keep`, is: 'on' },
      types: { at: `${JSON_PARSER}.types`, is: 'drop_n:float' },
    },
  },
  {
    struct: 'RegexParserOptions',
    synth: pipelineObjects,
    rows: {
      regex: { at: `${REGEX_PARSER}.regex`, is: '^(?<drop_time>\\S+) (?<drop_code>\\d+)$' },
      timeFormat: { at: `${REGEX_PARSER}.time_format`, is: '%d/%b/%Y' },
      timeKey: { at: `${REGEX_PARSER}.time_key`, is: 'drop_time' },
      timeKeep: { at: `${REGEX_PARSER}.time_keep`, is: 'on' },
      types: { at: `${REGEX_PARSER}.types`, is: 'drop_code:integer' },
    },
  },
  {
    struct: 'RegexMultilineParserOptions',
    synth: pipelineObjects,
    rows: {
      rules: { at: `${ML}.rules[1].state`, is: 'drop_cont' },
      flushTimeout: { at: `${ML}.flush_timeout`, is: 1777 },
      parser: { at: `${ML}.parser`, is: 'drop-regex' },
    },
  },
  {
    struct: 'MultilineRule',
    synth: pipelineObjects,
    rows: {
      state: { at: `${ML}.rules[0].state`, is: 'start_state' },
      regex: { at: `${ML}.rules[0].regex`, is: '/^drop/' },
      nextState: { at: `${ML}.rules[0].next_state`, is: 'drop_cont' },
    },
  },
  {
    struct: 'ParserFilterOptions',
    synth: pipelineObjects,
    rows: {
      keyName: { at: `${PARSER_FILTER}.key_name`, is: 'drop_key' },
      reserveData: { at: `${PARSER_FILTER}.reserve_data`, is: 'off' },
      preserveKey: { at: `${PARSER_FILTER}.preserve_key`, is: 'on' },
      match: { at: `${PARSER_FILTER}.match`, is: 'drop-parser.*' },
      properties: { at: `${PARSER_FILTER}.unescape_key`, is: 'on' },
    },
  },
  {
    struct: 'LuaFilterOptions',
    synth: pipelineObjects,
    rows: {
      timeAsTable: { at: `${LUA_FILTER}.time_as_table`, is: 'on' },
      match: { at: `${LUA_FILTER}.match`, is: 'drop-lua.*' },
      properties: { at: `${LUA_FILTER}.protected_mode`, is: 'off' },
    },
  },
  {
    struct: 'FilesystemBufferingOptions',
    synth: pipelineObjects,
    rows: {
      maxChunksUp: { at: `${CONFIG}.service["storage.max_chunks_up"]`, is: 17 },
      backlogMemLimit: { at: `${CONFIG}.service["storage.backlog.mem_limit"]`, is: 17 * 1024 * 1024 },
      outputLimit: { at: `${CONFIG}.pipeline.outputs[0]["storage.total_limit_size"]`, is: 177 * 1024 * 1024 },
    },
  },
  {
    struct: 'SystemdInputOptions',
    synth: pipelineObjects,
    rows: {
      units: { at: `${JOURNAL}.systemd_filter`, is: ['_SYSTEMD_UNIT=drop.service'] },
      tag: { at: `${JOURNAL}.tag`, is: 'drop.*' },
      journalDirectory: [{ at: `${JOURNAL}.path`, is: '/drop/journal' }, { at: 'DaemonSet/drop-pipeline spec.template.spec.volumes[name=journal].hostPath.path', is: '/drop/journal' }],
      readFromTail: { at: `${JOURNAL}.read_from_tail`, is: 'off' },
      lowercase: { at: `${JOURNAL}.lowercase`, is: 'on' },
      stripUnderscores: { at: `${JOURNAL}.strip_underscores`, is: 'on' },
    },
  },
];
