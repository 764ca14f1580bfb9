/**
 * The `Config` builder of the DataStudioApp fake. `build()` emits the JSON of
 * docs/reference-looker-studio.md#getconfig-and-stepped-configuration with
 * unset keys omitted (as the real builder does) and enforces the documented rules: ids non-empty without spaces,
 * unique; option values non-empty without spaces or commas; placeholder only on text inputs; options only on
 * selects. The real builder's own validation is UNCONFIRMED, so this fake is at least as strict as the documentation.
 */

type EntryType = 'TEXTINPUT' | 'TEXTAREA' | 'SELECT_SINGLE' | 'SELECT_MULTIPLE' | 'CHECKBOX' | 'INFO';

/** The JSON of one config entry. */
export interface ConfigEntryJson {
  type: EntryType;
  name?: string;
  displayName?: string;
  helpText?: string;
  placeholder?: string;
  isDynamic?: boolean;
  parameterControl?: { allowOverride: boolean };
  options?: { label: string; value: string }[];
  text?: string;
}

/** The JSON `Config.build()` returns. */
export interface ConfigJson {
  configParams: ConfigEntryJson[];
  dateRangeRequired?: boolean;
  isSteppedConfig?: boolean;
}

/** Raised for builder misuse; the real service throws a plain exception too. */
export class BuilderError extends Error {}

class OptionBuilder {
  label = '';
  value = '';
  setLabel(label: string): this {
    this.label = label;
    return this;
  }
  setValue(value: string): this {
    this.value = value;
    return this;
  }
}

class EntryBuilder {
  readonly json: ConfigEntryJson;

  constructor(type: EntryType) {
    this.json = type === 'SELECT_SINGLE' || type === 'SELECT_MULTIPLE' ? { type, options: [] } : { type };
  }
  setId(id: string): this {
    this.json.name = id;
    return this;
  }
  setName(name: string): this {
    this.json.displayName = name;
    return this;
  }
  setHelpText(text: string): this {
    this.json.helpText = text;
    return this;
  }
  setIsDynamic(dynamic: boolean): this {
    this.json.isDynamic = dynamic;
    return this;
  }
  setAllowOverride(allow: boolean): this {
    this.json.parameterControl = { allowOverride: allow };
    return this;
  }
  setPlaceholder(text: string): this {
    if (this.json.type !== 'TEXTINPUT' && this.json.type !== 'TEXTAREA') {
      throw new BuilderError(`${this.json.type} has no placeholder`);
    }
    this.json.placeholder = text;
    return this;
  }
  addOption(option: OptionBuilder): this {
    if (!this.json.options) throw new BuilderError(`${this.json.type} has no options`);
    this.json.options.push({ label: option.label, value: option.value });
    return this;
  }
  setText(text: string): this {
    if (this.json.type !== 'INFO') throw new BuilderError(`${this.json.type} has no text`);
    this.json.text = text;
    return this;
  }
}

/** `cc.getConfig()`: a fresh builder per call, as in Apps Script. */
export class ConfigBuilder {
  private readonly entries: EntryBuilder[] = [];
  private readonly flags: Omit<ConfigJson, 'configParams'> = {};

  newTextInput = () => this.add('TEXTINPUT');
  newTextArea = () => this.add('TEXTAREA');
  newSelectSingle = () => this.add('SELECT_SINGLE');
  newSelectMultiple = () => this.add('SELECT_MULTIPLE');
  newCheckbox = () => this.add('CHECKBOX');
  newInfo = () => this.add('INFO');
  newOptionBuilder = () => new OptionBuilder();

  setDateRangeRequired(required: boolean): this {
    this.flags.dateRangeRequired = required;
    return this;
  }
  setIsSteppedConfig(stepped: boolean): this {
    this.flags.isSteppedConfig = stepped;
    return this;
  }
  build(): ConfigJson {
    const configParams = this.entries.map((e) => JSON.parse(JSON.stringify(e.json)) as ConfigEntryJson);
    validateEntries(configParams);
    return { configParams, ...this.flags };
  }
  printJson(): string {
    return JSON.stringify(this.build(), null, 2);
  }

  private add(type: EntryType): EntryBuilder {
    const entry = new EntryBuilder(type);
    this.entries.push(entry);
    return entry;
  }
}

function validateEntries(entries: ConfigEntryJson[]): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!entry.name || /\s/.test(entry.name))
      throw new BuilderError(`Config entry id "${entry.name ?? ''}" is invalid`);
    if (seen.has(entry.name)) throw new BuilderError(`Duplicate config entry id "${entry.name}"`);
    seen.add(entry.name);
    for (const option of entry.options ?? []) {
      if (!option.value || /[\s,]/.test(option.value)) {
        throw new BuilderError(
          `Option value "${option.value}" of "${entry.name}" must be non-empty, no spaces or commas`,
        );
      }
    }
  }
}
