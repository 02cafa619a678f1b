import { Duration, Size } from 'cdk8s';
import { attempt, build, fluentBitConfig, hostVolume, input, justification, mountOf, podSpec } from './log-collector-fixtures';
import { LogBuffering, LogInput, LogOutput } from '../../src';
import { only } from '../support/manifests';

describe('LogCollectorDaemonSet buffering', () => {
  test('buffers in memory by default: no storage settings, no disk limits', () => {
    const config = fluentBitConfig(build().objs);
    expect(Object.keys(config.service).filter(k => k.startsWith('storage.'))).toEqual(['storage.metrics']);
    expect(config.pipeline.inputs[0]['storage.type']).toBeUndefined();
    expect(config.pipeline.outputs[0]['storage.total_limit_size']).toBeUndefined();
  });

  test('buffers on the filesystem in the state directory, with the memory bounded and each output\'s disk limited', () => {
    const { objs } = build({
      buffering: LogBuffering.filesystem(),
      outputs: [LogOutput.loki({ url: 'http://loki:3100', bufferLimit: Size.mebibytes(512) }), LogOutput.stdout()],
      systemdUnits: ['kubelet.service'],
    });
    const config = fluentBitConfig(objs);
    expect(config.service).toMatchObject({
      'storage.metrics': 'on',
      'storage.path': '/var/lib/fluent-bit/buffer',
      'storage.delete_irrecoverable_chunks': 'on',
      'storage.max_chunks_up': 32,
      'storage.backlog.mem_limit': 32 * 1024 * 1024,
    });
    expect(config.pipeline.inputs.map((i: any) => [i.name, i['storage.type']])).toEqual([['tail', 'filesystem'], ['systemd', 'filesystem']]);
    expect(config.pipeline.outputs.map((o: any) => o['storage.total_limit_size'])).toEqual([512 * 1024 * 1024, 1024 * 1024 * 1024]);
  });

  test('keeps the buffer on the state directory\'s mount, and justifies that mount with it', () => {
    const buffering = LogBuffering.filesystem({ maxChunksUp: 16, backlogMemLimit: Size.mebibytes(8), outputLimit: Size.gibibytes(4) });
    const { objs } = build({ buffering });
    expect(podSpec(objs).volumes.filter((v: any) => v.hostPath).map((v: any) => v.name).sort()).toEqual(['state', 'varlogcontainers', 'varlogpods']);
    expect(mountOf(objs, 'state')).toEqual({ name: 'state', mountPath: '/var/lib/fluent-bit', readOnly: false });
    expect(justification(objs, 'hostPath.state')).toMatch(/position DBs and the filesystem buffer \(storage\.path, its buffer\/ subdirectory\)/);
    expect(justification(build().objs, 'hostPath.state')).toMatch(/^The tail position DB must outlive the pod/);
    const config = fluentBitConfig(objs);
    expect(config.service).toMatchObject({ 'storage.max_chunks_up': 16, 'storage.backlog.mem_limit': 8 * 1024 * 1024 });
    expect(config.pipeline.outputs[0]['storage.total_limit_size']).toBe(4 * 1024 * 1024 * 1024);
  });

  test('LogBuffering.memory() is the default', () => {
    expect(fluentBitConfig(build({ buffering: LogBuffering.memory() }).objs)).toEqual(fluentBitConfig(build().objs));
    expect(LogBuffering.memory()._filesystem).toBe(false);
    expect(LogBuffering.filesystem()._filesystem).toBe(true);
  });

  describe('rejects', () => {
    test('a disk limit on an output without filesystem buffering', () => {
      expect(attempt({ outputs: [LogOutput.stdout({ bufferLimit: Size.gibibytes(1) })] }))
        .toThrow(/^test\/logs: invalid outputs\[0\]\.bufferLimit: "1024Mi"\. Only filesystem buffering keeps data on disk: set buffering: LogBuffering\.filesystem\(\), or drop bufferLimit\./);
    });

    test('the disk limit as a plain property', () => {
      expect(attempt({ buffering: LogBuffering.filesystem(), outputs: [LogOutput.stdout({ properties: { 'storage.total_limit_size': '1G' } })] }))
        .toThrow(/invalid outputs\[0\]\.properties: "storage\.total_limit_size"\. The collector writes the disk-buffer limit .*: set bufferLimit on the output instead/);
    });

    test('a buffer whose chunks and backlog would fill the memory limit', () => {
      expect(attempt({ buffering: LogBuffering.filesystem({ maxChunksUp: 128 }) }))
        .toThrow(/^test\/logs: invalid buffering\.maxChunksUp: 128\. 128 chunks of up to 2 MB plus the 32Mi backlog would fill the whole memory limit \(256Mi\).*lower maxChunksUp or backlogMemLimit, or raise resources\.memory\.limit\./);
    });

    test('a fractional or zero chunk count, and limits below 1MiB, all at once', () => {
      const buffering = LogBuffering.filesystem({ maxChunksUp: 0.5, backlogMemLimit: Size.kibibytes(512), outputLimit: Size.kibibytes(1) });
      expect(attempt({ buffering }))
        .toThrow(/invalid buffering\.maxChunksUp: 0\.5\. Use a whole number .*\n.*invalid buffering\.backlogMemLimit: "512Ki"\. Use at least Size\.mebibytes\(1\).*\n.*invalid buffering\.outputLimit: "1Ki"/);
    });
  });
});

describe('LogCollectorDaemonSet tuning', () => {
  test('defaults: 1s flush, 20s grace within a 30s termination grace period, long lines skipped, files read from their end', () => {
    const { objs } = build();
    const config = fluentBitConfig(objs);
    expect(config.service).toMatchObject({ flush: 1, grace: 20 });
    expect(podSpec(objs).terminationGracePeriodSeconds).toBe(30);
    const tail = input(objs, 'tail');
    expect(tail.skip_long_lines).toBe('on');
    expect(tail.read_from_head).toBeUndefined();
    expect(tail.buffer_max_size).toBeUndefined();
  });

  test('sets flush, grace (the pod\'s grace period follows), read_from_head, buffer_max_size and skip_long_lines', () => {
    const { objs } = build({
      flushInterval: Duration.seconds(5),
      flushGrace: Duration.seconds(50),
      readFromHead: true,
      bufferMaxSize: Size.kibibytes(256),
      skipLongLines: false,
      memBufLimit: Size.mebibytes(10),
      refreshInterval: Duration.seconds(60),
    });
    expect(fluentBitConfig(objs).service).toMatchObject({ flush: 5, grace: 50 });
    expect(podSpec(objs).terminationGracePeriodSeconds).toBe(60);
    expect(input(objs, 'tail')).toMatchObject({ read_from_head: 'on', buffer_max_size: 256 * 1024, skip_long_lines: 'off', mem_buf_limit: 10 * 1024 * 1024, refresh_interval: 60 });
  });

  describe('rejects', () => {
    test('a buffer_max_size below the tail input\'s 32KiB read chunk, which Fluent Bit refuses at start', () => {
      expect(attempt({ bufferMaxSize: Size.kibibytes(16) })).toThrow(/^test\/logs: invalid bufferMaxSize: "16Ki"\. Use at least Size\.kibibytes\(32\), the tail input's read chunk/);
    });

    test('flush and grace that are not whole seconds', () => {
      expect(attempt({ flushInterval: Duration.millis(500), flushGrace: Duration.millis(0) }))
        .toThrow(/invalid flushInterval: "500ms"\. Use a whole number of seconds of at least 1.*\n.*invalid flushGrace: "0ms"/);
    });
  });
});

describe('LogCollectorDaemonSet inputs', () => {
  test('LogInput.systemd reads the journal with its tag, directory and field options, and mounts what it reads read-only', () => {
    const { objs } = build({ inputs: [LogInput.systemd({ units: ['containerd.service'], tag: 'node.*', journalDirectory: '/run/log/journal', readFromTail: false, lowercase: true, stripUnderscores: true })] });
    expect(input(objs, 'systemd')).toEqual({
      name: 'systemd',
      tag: 'node.*',
      path: '/run/log/journal',
      systemd_filter: ['_SYSTEMD_UNIT=containerd.service'],
      systemd_filter_type: 'or',
      read_from_tail: 'off',
      db: '/var/lib/fluent-bit/journal.db',
      mem_buf_limit: 5 * 1024 * 1024,
      lowercase: 'on',
      strip_underscores: 'on',
    });
    expect(hostVolume(objs, '/run/log/journal')).toEqual({ name: 'journal', hostPath: { path: '/run/log/journal', type: 'Directory' } });
    expect(mountOf(objs, 'journal')).toEqual({ name: 'journal', mountPath: '/run/log/journal', readOnly: true });
    expect(mountOf(objs, 'machine-id')).toEqual({ name: 'machine-id', mountPath: '/etc/machine-id', readOnly: true });
    expect(justification(objs, 'hostPath.journal')).toMatch(/reads the journal in \/run\/log\/journal .* Read-only\./);
    expect(justification(objs, 'hostPath.machine-id')).toMatch(/machine-id/);
  });

  test('reads a unit given twice once', () => {
    expect(input(build({ systemdUnits: ['kubelet.service', 'kubelet.service'] }).objs, 'systemd').systemd_filter).toEqual(['_SYSTEMD_UNIT=kubelet.service']);
  });

  test('systemdUnits is the short form of LogInput.systemd', () => {
    const short = fluentBitConfig(build({ systemdUnits: ['kubelet.service'] }).objs);
    const long = fluentBitConfig(build({ inputs: [LogInput.systemd({ units: ['kubelet.service'] })] }).objs);
    expect(short).toEqual(long);
  });

  test('two journal inputs get their own position DBs and share the journal mount', () => {
    const { objs } = build({ systemdUnits: ['kubelet.service'], inputs: [LogInput.systemd({ units: ['containerd.service'], tag: 'runtime.*' })] });
    expect(fluentBitConfig(objs).pipeline.inputs.map((i: any) => i.db)).toEqual(['/var/lib/fluent-bit/containers.db', '/var/lib/fluent-bit/journal.db', '/var/lib/fluent-bit/journal-1.db']);
    expect(podSpec(objs).volumes.filter((v: any) => v.hostPath?.path === '/var/log/journal')).toHaveLength(1);
    expect(only(objs, 'DaemonSet').spec.template.spec.volumes.map((v: any) => v.name)).toContain('machine-id');
  });

  describe('rejects', () => {
    test.each([
      ['no units', { units: [] }, /invalid inputs\[0\]\.units: \[\]\. Name at least one unit/],
      ['a unit without its type', { units: ['kubelet'] }, /invalid inputs\[0\]\.units\[0\]: "kubelet"\. Name a systemd unit with its type suffix/],
      ['the container logs\' tag', { units: ['kubelet.service'], tag: 'kube.journal' }, /invalid inputs\[0\]\.tag: "kube\.journal"\. .*not starting with "kube\."/],
      ['a relative journal directory', { units: ['kubelet.service'], journalDirectory: 'var/log/journal' }, /invalid inputs\[0\]\.journalDirectory: "var\/log\/journal"\. Give the node's journal directory as an absolute path/],
    ])('rejects %s', (_what, options, message) => {
      expect(attempt({ inputs: [LogInput.systemd(options)] })).toThrow(new RegExp(`^test/logs: ${message.source}`));
    });

    test('a unit read by two journal inputs', () => {
      expect(attempt({ systemdUnits: ['kubelet.service'], inputs: [LogInput.systemd({ units: ['kubelet.service'] })] }))
        .toThrow(/invalid inputs\[0\]\.units: "kubelet\.service"\. systemdUnits already reads this unit, so each entry would be shipped twice/);
    });

    test('memory buffers of all inputs that fill the memory limit', () => {
      expect(attempt({ memBufLimit: Size.mebibytes(100), inputs: [LogInput.systemd({ units: ['a.service'] }), LogInput.systemd({ units: ['b.service'] })] }))
        .toThrow(/invalid memBufLimit: "100Mi"\. The 3 input buffer\(s\) would fill the whole memory limit \(256Mi\)/);
    });
  });
});
