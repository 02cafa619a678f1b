/**
 * Every configuration the log collector generates is one Fluent Bit 5.1.1 accepts.
 *
 * Always: each key of each part of each configuration of the catalogue below (one collector per
 * feature, and one with all of them) is one the part accepts at v5.1.1 (ACCEPTED_KEYS, read from
 * Fluent Bit's source), and the parts are the ones Fluent Bit knows.
 *
 * With FLUENT_BIT_BIN set to a fluent-bit 5.1.1 binary (built from the v5.1.1 tag: cmake with
 * -DFLB_IN_SYSTEMD=On; the image's own binary works too) and FLUENT_BIT_PARSERS to the tag's
 * conf/parsers.conf (the image's /fluent-bit/etc/parsers.conf), each configuration is also
 * written into a scratch directory, its paths moved there, that parsers.conf beside it, and run twice:
 * `fluent-bit --dry-run` (which parses it, builds the parsers and checks every plugin's
 * properties) and a real start for a few seconds (which initializes every plugin: the Lua
 * function, the multiline parsers of the processor, the tail buffer sizes). Nothing may be
 * reported as an error but the Kubernetes filter's missing service-account files.
 *
 *   FLUENT_BIT_BIN=/path/to/fluent-bit FLUENT_BIT_PARSERS=/path/to/conf/parsers.conf npx jest test/agents/log-collector-fluent-bit
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { parse } from 'yaml';
import { build, LOKI } from './log-collector-fixtures';
import { ACCEPTED_KEYS } from './log-collector-fluent-bit-keys';
import {
  HttpLogFormat, LogBuffering, LogCollectorDaemonSetProps, LogFilter, LogInput, LogOutput, LogParser, LuaScript, MultilineParser, ParserFieldType,
} from '../../src';
import { newChart } from '../support/manifests';

const app = LogParser.regex('app', { regex: '^(?<time>[^ ]+) (?<level>[A-Z]+) (?<message>.*)$', timeFormat: '%Y-%m-%dT%H:%M:%S.%L%z', types: { level: ParserFieldType.INTEGER } });
const stack = MultilineParser.regex('app-stack', {
  rules: [{ state: 'start_state', regex: '/^\\d{4}-\\d{2}-\\d{2}/', nextState: 'cont' }, { state: 'cont', regex: '/^\\s+at /', nextState: 'cont' }],
  flushTimeout: Duration.seconds(2),
  parser: app,
});
const lua = LuaScript.fromInline('redact.lua', 'function redact(tag, timestamp, record)\n  record["card"] = nil\n  return 1, timestamp, record\nend\n');

/** One collector per feature, and one with every feature. */
const CATALOGUE: Record<string, (secret: (key: string) => any) => Partial<LogCollectorDaemonSetProps>> = {
  'defaults': () => ({}),
  'every output': secret => ({
    outputs: [
      LogOutput.loki({ url: 'https://loki.example.com', tenantId: 'a', basicAuth: { username: 'u', password: secret('p') }, labels: { cluster: 'a' } }),
      LogOutput.elasticsearch({ url: 'https://es:9200/prefix', basicAuth: { username: 'u', password: secret('e') }, retryLimit: 3 }),
      LogOutput.openSearch({ url: 'http://os:9200', index: 'logs' }),
      LogOutput.http({ url: 'https://logs.example.com/in?x=1', format: HttpLogFormat.GELF, headers: { 'X-A': 'b' }, bearerToken: secret('t') }),
      LogOutput.stdout(),
    ],
  }),
  'parsers': () => ({ parsers: [app, LogParser.json('app-json', { timeKey: 'ts', timeFormat: '%s' }), LogParser.logfmt('app-logfmt')] }),
  'parser filter': () => ({ filters: [LogFilter.parser([app, LogParser.builtIn('nginx')], { keyName: 'log', preserveKey: true })] }),
  'multiline': () => ({ multiline: [MultilineParser.JAVA, MultilineParser.GO, MultilineParser.PYTHON, MultilineParser.RUBY, stack] }),
  'filesystem buffering': () => ({ buffering: LogBuffering.filesystem({ outputLimit: Size.gibibytes(2) }), outputs: [LogOutput.loki({ url: LOKI, bufferLimit: Size.mebibytes(512) })] }),
  'tuning': () => ({ flushInterval: Duration.seconds(2), flushGrace: Duration.seconds(15), readFromHead: true, bufferMaxSize: Size.kibibytes(256), skipLongLines: false }),
  'journal': () => ({ systemdUnits: ['kubelet.service'], inputs: [LogInput.systemd({ units: ['containerd.service'], tag: 'runtime.*', lowercase: true, stripUnderscores: true })] }),
  'lua': () => ({ filters: [LogFilter.lua(lua, 'redact', { timeAsTable: true })] }),
  'everything': secret => ({
    outputs: [LogOutput.loki({ url: LOKI, basicAuth: { username: 'u', password: secret('p') } }), LogOutput.stdout({ match: 'host.*' })],
    parsers: [LogParser.logfmt('app-logfmt')],
    multiline: [MultilineParser.JAVA, stack],
    buffering: LogBuffering.filesystem(),
    systemdUnits: ['kubelet.service'],
    filters: [LogFilter.parser([app]), LogFilter.lua(lua, 'redact'), LogFilter.custom('grep', { properties: { exclude: 'log ^DEBUG' } })],
    excludeNamespaces: ['kube-system'],
    readFromHead: true,
  }),
};

/** The generated files (the ConfigMap's data) of each catalogue entry. */
function generated(): [string, Record<string, string>][] {
  return Object.entries(CATALOGUE).map(([name, props]) => {
    const chart = newChart();
    const secret = (key: string) => ({ secret: Secret.fromSecretName(chart, `s-${key}`, 'creds'), key });
    const { collector } = build(props(secret), chart);
    return [name, collector.configMap.data];
  });
}

/** Each part of a configuration and its keys: "service", "input tail", "parser", "rule", ... */
function parts(files: Record<string, string>): [string, string[]][] {
  const config = parse(files['fluent-bit.yaml']);
  const found: [string, string[]][] = [['service', Object.keys(config.service)]];
  for (const kind of ['input', 'filter', 'output'] as const) {
    for (const section of config.pipeline[`${kind}s`] ?? []) {
      found.push([`${kind} ${section.name}`, Object.keys(section)]);
      for (const processor of section.processors?.logs ?? []) found.push([`processor ${processor.name}`, Object.keys(processor)]);
    }
  }
  const parsers = files['parsers.yaml'] === undefined ? {} : parse(files['parsers.yaml']);
  for (const p of parsers.parsers ?? []) found.push(['parser', Object.keys(p)]);
  for (const m of parsers.multiline_parsers ?? []) {
    found.push(['multiline_parser', Object.keys(m)]);
    for (const rule of m.rules) found.push(['rule', Object.keys(rule)]);
  }
  return found;
}

describe('the generated Fluent Bit configurations', () => {
  const catalogue = generated();

  test('the catalogue covers every file and part the collector writes', () => {
    const kinds = new Set(catalogue.flatMap(([, files]) => parts(files).map(([part]) => part)));
    expect([...kinds].sort()).toEqual(Object.keys(ACCEPTED_KEYS).sort());
    expect(new Set(catalogue.flatMap(([, files]) => Object.keys(files)))).toEqual(new Set(['fluent-bit.yaml', 'parsers.yaml', 'redact.lua']));
  });

  test.each(catalogue)('%s: every key is one Fluent Bit 5.1.1 accepts there', (_name, files) => {
    for (const [part, keys] of parts(files)) {
      expect(ACCEPTED_KEYS[part]).toBeDefined();
      const unknown = keys.filter(k => !ACCEPTED_KEYS[part].includes(k.toLowerCase()));
      expect({ part, unknown }).toEqual({ part, unknown: [] });
    }
  });

  const binary = process.env.FLUENT_BIT_BIN;
  const stockParsers = process.env.FLUENT_BIT_PARSERS;
  (binary && stockParsers ? describe : describe.skip)(`run by ${binary ?? 'fluent-bit (set FLUENT_BIT_BIN and FLUENT_BIT_PARSERS)'}`, () => {

    test.each(catalogue)('%s: passes --dry-run and starts', (name, files) => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), `fluent-bit-${name.replace(/\W+/g, '-')}-`));
      // The paths of the pod, moved into the scratch directory; nothing else changes.
      const moved = (text: string) => text
        .split('/fluent-bit/etc/').join(`${root}/etc/`)
        .split('/var/lib/fluent-bit').join(`${root}/state`)
        .split('/var/log/containers').join(`${root}/containers`)
        .split('/var/log/journal').join(`${root}/journal`);
      for (const dir of ['etc/conf', 'state', 'containers', 'journal']) fs.mkdirSync(path.join(root, dir), { recursive: true });
      fs.copyFileSync(stockParsers!, path.join(root, 'etc', 'parsers.conf'));
      for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(root, 'etc', 'conf', file), moved(text));
      const config = path.join(root, 'etc', 'conf', 'fluent-bit.yaml');
      const env = { ...process.env, LOG_OUTPUT_0_HTTP_PASSWD: 'x', LOG_OUTPUT_1_HTTP_PASSWD: 'x', LOG_OUTPUT_3_BEARER_TOKEN: 'x' };

      const dryRun = spawnSync(binary!, ['--dry-run', '-c', config], { encoding: 'utf8', env, timeout: 30_000 });
      expect({ status: dryRun.status, errors: errors(dryRun.stdout + dryRun.stderr) }).toEqual({ status: 0, errors: [] });
      expect(dryRun.stdout + dryRun.stderr).toContain('configuration test is successful');

      // A real start: still running after three seconds (timeout's SIGTERM), no plugin failed.
      const run = spawnSync(binary!, ['-c', config], { encoding: 'utf8', env, timeout: 3_000, killSignal: 'SIGKILL' });
      expect({ signal: run.signal, errors: errors(run.stdout + run.stderr) }).toEqual({ signal: 'SIGKILL', errors: [] });
      fs.rmSync(root, { recursive: true, force: true });
    }, 60_000);
  });
});

/** The error lines of a Fluent Bit log, but the Kubernetes filter's missing service-account files (no API server here). */
function errors(log: string): string[] {
  return log.split('\n').filter(line => line.includes('[error]') && !/\[tls\] (ca_file|could not create TLS backend)/.test(line));
}
