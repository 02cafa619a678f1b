import { Problem } from '../../base/errors';
import { yaml } from '../../base/yaml-library';
import { checkCall, text } from '../agent-guards';

/** The least severe alert Falco outputs (falco.yaml `priority`), from most to least severe. */
export enum FalcoPriority {
  /** Only emergencies. */
  EMERGENCY = 'emergency',
  /** Alert and above. */
  ALERT = 'alert',
  /** Critical and above. */
  CRITICAL = 'critical',
  /** Error and above. */
  ERROR = 'error',
  /** Warning and above. */
  WARNING = 'warning',
  /** Notice and above (the default rules' least severe stable rules are Notice). */
  NOTICE = 'notice',
  /** Informational and above. */
  INFORMATIONAL = 'informational',
  /** Every alert. */
  DEBUG = 'debug',
}

// A ConfigMap key (the file is mounted from one); Falco reads only .yaml and .yml files from a
// rules directory (falco --help at 0.44.1, `-r`), so the name keeps one of those.
const FILE_NAME = /^[-._a-zA-Z0-9]+\.ya?ml$/;
// What a rules file item is (userspace/engine/rule_loader_reader.cpp at 0.44.1): each item
// declares one of these, and Falco skips any other item with a warning.
const ITEM_KINDS = ['rule', 'macro', 'list', 'required_engine_version', 'required_plugin_versions'];
// Every key Falco's rules schema knows (userspace/engine/rule_json_schema.h at 0.44.1). Falco
// skips others with a warning at start (rule_loader_reader.cpp, LOAD_UNKNOWN_KEY), so a
// misspelt `condition` would leave a rule that never fires.
const ITEM_KEYS = new Set([
  ...ITEM_KINDS, 'condition', 'items', 'desc', 'enabled', 'output', 'append', 'priority', 'capture', 'capture_duration', 'source',
  'exceptions', 'override', 'tags', 'warn_evttypes', 'skip-if-unknown-filter',
]);

/**
 * A rules file of your own, loaded after Falco's default rules (and after the rules files before
 * it), so it can add rules, macros and lists, or override and append to the defaults'
 * (`override: { condition: append }`). Its items are checked for what Falco would refuse at
 * start on every node (YAML that does not parse), and for what it would skip with only a warning
 * (items that are not rules, macros or lists, keys it does not know, such as a misspelt
 * `condition`). Conditions and outputs are Falco's to check.
 *
 * @example
 * FalcoRulesFile.fromYaml('shell-in-prod.yaml', `
 * - rule: Shell in production
 *   desc: A shell was started in a production namespace.
 *   condition: spawned_process and container and proc.name in (bash, sh) and k8s.ns.name startswith "prod-"
 *   output: Shell in production (user=%user.name command=%proc.cmdline container=%container.name)
 *   priority: WARNING
 * `)
 */
export class FalcoRulesFile {
  /**
   * A rules file from its YAML text.
   * @param name the file name, a ConfigMap key ending in ".yaml" or ".yml", e.g. "custom-rules.yaml"
   * @param content the rules, as Falco's rules-file YAML
   */
  public static fromYaml(name: string, content: string): FalcoRulesFile {
    checkCall('FalcoRulesFile.fromYaml', text('custom-rules.yaml')(name, 'name'), text('- rule: ...')(content, 'content'));
    return new FalcoRulesFile(name, content);
  }

  private constructor(
    /** The file name, as mounted in Falco's rules directory. */
    public readonly name: string,
    /** The rules, as Falco's rules-file YAML. */
    public readonly content: string) {}

  /** @internal What Falco would refuse in the file; `property` locates it, e.g. "rulesFiles[0]". */
  public _problems(property: string): Problem[] {
    if (!FILE_NAME.test(this.name)) {
      return [{ property: `${property}.name`, value: this.name, expected: 'Name the file with letters, digits, "-", "_" and ".", ending in ".yaml" or ".yml" (Falco skips other files), e.g. "custom-rules.yaml".' }];
    }
    const doc = yaml.parseDocument(this.content, { prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      return [{ property: `${property}.content`, value: this.name, expected: `Falco cannot parse the file: ${doc.errors[0].message.split('\n')[0]}. Fix the YAML.` }];
    }
    if (doc.contents === null) return [];
    if (!yaml.isSeq(doc.contents)) {
      return [{ property: `${property}.content`, value: this.name, expected: 'A Falco rules file is a YAML list of rules, macros and lists, each item starting with "- rule:", "- macro:" or "- list:".' }];
    }
    return doc.contents.items.flatMap((item, i) => itemProblems(`${property}.content[${i}]`, item));
  }
}

function itemProblems(property: string, item: unknown): Problem[] {
  if (!yaml.isMap(item)) {
    return [{ property, value: String(item), expected: `Falco skips anything else: make each item a mapping declaring one of ${ITEM_KINDS.join(', ')}.` }];
  }
  const keys = item.items.map(pair => String((pair.key as { value?: unknown })?.value ?? pair.key));
  const kinds = keys.filter(k => ITEM_KINDS.includes(k));
  const problems: Problem[] = [];
  if (kinds.length !== 1) {
    problems.push({ property, value: keys.join(', '), expected: `Falco reads only the first kind an item declares and skips an item without one: declare exactly one of ${ITEM_KINDS.join(', ')}.` });
  }
  for (const key of keys.filter(k => !ITEM_KEYS.has(k))) {
    problems.push({ property: `${property}.${key}`, value: key, expected: `Falco ignores keys its rules schema does not know, so the item would not do what it says: use ${[...ITEM_KEYS].join(', ')}.` });
  }
  return problems;
}

/** Whether a selection enables or disables. */
enum Operation {
  ENABLE = 'enable',
  DISABLE = 'disable',
}

/** What a selection names. */
enum Target {
  RULE = 'rule',
  TAG = 'tag',
}

/**
 * Rules switched off (or back on) by name or tag, without editing the rules files: Falco's
 * `rules` configuration, applied in order after every rules file is loaded, so a later entry wins
 * (disable a tag, then enable one rule of it).
 *
 * @example
 * ruleSelection: [
 *   FalcoRuleSelection.disableTag('maturity_incubating'),
 *   FalcoRuleSelection.disableRule('Contact K8S API Server From Container'),
 * ]
 */
export class FalcoRuleSelection {
  /** Disables the rules of that name; "*" matches any characters, e.g. "Read sensitive file*". */
  public static disableRule(name: string): FalcoRuleSelection {
    checkCall('FalcoRuleSelection.disableRule', text('Terminal shell in container')(name, 'name'));
    return new FalcoRuleSelection(Operation.DISABLE, Target.RULE, name);
  }

  /** Enables the rules of that name (e.g. one a rules file declares `enabled: false`); "*" matches any characters. */
  public static enableRule(name: string): FalcoRuleSelection {
    checkCall('FalcoRuleSelection.enableRule', text('Terminal shell in container')(name, 'name'));
    return new FalcoRuleSelection(Operation.ENABLE, Target.RULE, name);
  }

  /** Disables every rule with that tag, e.g. "mitre_discovery". */
  public static disableTag(tag: string): FalcoRuleSelection {
    checkCall('FalcoRuleSelection.disableTag', text('mitre_discovery')(tag, 'tag'));
    return new FalcoRuleSelection(Operation.DISABLE, Target.TAG, tag);
  }

  /** Enables every rule with that tag. */
  public static enableTag(tag: string): FalcoRuleSelection {
    checkCall('FalcoRuleSelection.enableTag', text('mitre_discovery')(tag, 'tag'));
    return new FalcoRuleSelection(Operation.ENABLE, Target.TAG, tag);
  }

  private constructor(
    private readonly operation: Operation,
    private readonly target: Target,
    private readonly name: string) {}

  /** The entry of falco.yaml's `rules`, e.g. `{ disable: { rule: "..." } }`. @internal */
  public get _entry(): Record<string, Record<string, string>> {
    return { [this.operation]: { [this.target]: this.name } };
  }

  /** @internal What Falco would not match; `property` locates the selection. */
  public _problems(property: string): Problem[] {
    const name = this.name;
    if (name.trim().length === 0 || /[\r\n]/.test(name) || (this.target === Target.TAG && /\s/.test(name))) {
      const what = this.target === Target.TAG ? 'a tag without spaces, e.g. "mitre_discovery"' : 'a rule name on one line, e.g. "Terminal shell in container"';
      return [{ property, value: name, expected: `Give ${what}.` }];
    }
    return [];
  }
}
