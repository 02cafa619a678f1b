/** The log collector's own validation helpers and the config checksum (internal). */
import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { Problem } from '../../base/errors';
import { sha256 } from '../../base/sha256';
import { UpdateStrategy } from '../../base/update-strategy';

/** The sha256 of a ConfigMap's data, for the pod annotation that rolls the pods on a change. */
export function checksum(data: Record<string, string>): string {
  const canonical = JSON.stringify(Object.keys(data).sort().map(k => [k, data[k]]));
  return sha256(canonical);
}

export function wholeSecondsProblems(property: string, value: Duration, minimum = 1): Problem[] {
  // integral: false, or cdk8s throws its own pathless error for a fraction of a millisecond.
  const millis = value.toMilliseconds({ integral: false });
  if (millis % 1000 === 0 && millis / 1000 >= minimum) return [];
  return [{ property, value: `${millis}ms`, expected: `Use a whole number of seconds of at least ${minimum}, e.g. Duration.seconds(10).` }];
}

export function memBufLimitProblems(limit: Size, inputs: number, memoryLimit: Size | undefined): Problem[] {
  let kib: number | undefined;
  try {
    kib = limit.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  } catch {
    kib = undefined;
  }
  if (kib === undefined || !Number.isInteger(kib) || kib < 1024) {
    return [{ property: 'memBufLimit', value: kib === undefined ? 'a fraction of a KiB' : `${kib}Ki`, expected: 'Use at least Size.mebibytes(1) in whole KiB: a smaller buffer pauses the input on every burst.' }];
  }
  if (memoryLimit !== undefined) {
    const limitKib = memoryLimit.toKibibytes({ rounding: SizeRoundingBehavior.FLOOR });
    if (kib * inputs >= limitKib) {
      return [{ property: 'memBufLimit', value: `${kib / 1024}Mi`, expected: `The ${inputs} input buffer(s) would fill the whole memory limit (${limitKib / 1024}Mi), so the pod is OOM-killed before backpressure starts: lower memBufLimit or raise resources.memory.limit.` }];
    }
  }
  return [];
}

/** A size as the messages show it: "512Ki", "2Mi"; a fraction of a KiB as its bytes. */
export function showSize(size: Size): string {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(kib)) return `${kib * 1024} bytes`;
  return kib % 1024 === 0 ? `${kib / 1024}Mi` : `${kib}Ki`;
}

/** A size of at least `minimum` in whole KiB (Fluent Bit reads sizes in bytes); nothing to check when unset. */
export function sizeProblems(property: string, size: Size | undefined, minimum: Size, fix: string): Problem[] {
  if (size === undefined) return [];
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  return Number.isInteger(kib) && kib >= minimum.toKibibytes() ? [] : [{ property, value: showSize(size), expected: fix }];
}

export function surgeProblems(strategy: UpdateStrategy): Problem[] {
  if (strategy.maxSurge === undefined || strategy.maxSurge.isZero) return [];
  return [{ property: 'updateStrategy.maxSurge', value: strategy.maxSurge.toJson(), expected: 'A surge runs the old and the new collector on a node together: both would tail the same files from the same position DB and ship every line twice. Use UpdateStrategy.rollingUpdate({ maxUnavailable: UpdateLimit.percent(20) }).' }];
}

export function unitProblems(property: string, unit: string): Problem[] {
  if (/^[A-Za-z0-9:_.@\\-]+\.(service|socket|scope|slice|mount|timer)$/.test(unit)) return [];
  return [{ property, value: unit, expected: 'Name a systemd unit with its type suffix, e.g. "kubelet.service".' }];
}
