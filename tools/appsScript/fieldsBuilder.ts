/**
 * The `Fields` builder of the DataStudioApp fake: `newDimension()/newMetric()` → `build()` JSON as in
 * docs/reference-looker-studio.md#field-json-and-data-types (`setId` → name, `setName` → label, optional keys only when
 * set, `isReaggregatable` only when set), FieldType → dataType (NUMBER/PERCENT/CURRENCY_* → NUMBER, BOOLEAN → BOOLEAN,
 * everything else incl. DURATION → STRING), `forIds` keeping the order of the ids given.
 */
import { BuilderError } from './configBuilder';

/** The JSON of one built field. */
export interface FieldJson {
  name: string;
  label?: string;
  description?: string;
  dataType: 'STRING' | 'NUMBER' | 'BOOLEAN';
  group?: string;
  formula?: string;
  isDefault?: boolean;
  isHidden?: boolean;
  defaultAggregationType?: string;
  semantics: { conceptType: 'DIMENSION' | 'METRIC'; semanticType?: string; isReaggregatable?: boolean };
}

const ID_PATTERN = /^[A-Za-z0-9_]+$/;

/** Looker's dataType for a semantic type (docs/reference-looker-studio.md#field-json-and-data-types). */
export function dataTypeOf(fieldType: string | undefined): FieldJson['dataType'] {
  if (fieldType === 'BOOLEAN') return 'BOOLEAN';
  if (fieldType === 'NUMBER' || fieldType === 'PERCENT' || fieldType?.startsWith('CURRENCY_')) return 'NUMBER';
  return 'STRING';
}

class FieldBuilder {
  id?: string;
  label?: string;
  type?: string;
  isDefault = false;
  readonly extra: Partial<
    Pick<FieldJson, 'description' | 'group' | 'formula' | 'isHidden' | 'defaultAggregationType'>
  > = {};
  reaggregatable?: boolean;

  constructor(readonly conceptType: 'DIMENSION' | 'METRIC') {}

  setId(id: string): this {
    this.id = id;
    return this;
  }
  setName(name: string): this {
    this.label = name;
    return this;
  }
  setType(type: string): this {
    this.type = type;
    return this;
  }
  setDescription(text: string): this {
    this.extra.description = text;
    return this;
  }
  setGroup(group: string): this {
    this.extra.group = group;
    return this;
  }
  setFormula(formula: string): this {
    this.extra.formula = formula;
    return this;
  }
  setIsHidden(hidden: boolean): this {
    this.extra.isHidden = hidden;
    return this;
  }
  setAggregation(aggregation: string): this {
    this.extra.defaultAggregationType = aggregation;
    return this;
  }
  setIsReaggregatable(value: boolean): this {
    this.reaggregatable = value;
    return this;
  }
  getId(): string | null {
    return this.id ?? null;
  }
  isDimension(): boolean {
    return this.conceptType === 'DIMENSION';
  }
  isMetric(): boolean {
    return this.conceptType === 'METRIC';
  }

  toJson(): FieldJson {
    if (!this.id || !ID_PATTERN.test(this.id)) throw new BuilderError(`Field id "${this.id ?? ''}" is invalid`);
    if (this.extra.formula && this.extra.isHidden)
      throw new BuilderError(`Formula field "${this.id}" cannot be hidden`);
    const semantics: FieldJson['semantics'] = { conceptType: this.conceptType };
    if (this.type) semantics.semanticType = this.type;
    if (this.reaggregatable !== undefined) semantics.isReaggregatable = this.reaggregatable;
    return {
      name: this.id,
      ...(this.label !== undefined ? { label: this.label } : {}),
      dataType: dataTypeOf(this.type),
      ...this.extra,
      ...(this.isDefault ? { isDefault: true } : {}),
      semantics,
    };
  }
}

/** `cc.getFields()`. */
export class FieldsBuilder {
  constructor(private readonly fields: FieldBuilder[] = []) {}

  newDimension = () => this.add(new FieldBuilder('DIMENSION'));
  newMetric = () => this.add(new FieldBuilder('METRIC'));
  asArray = () => [...this.fields];
  getFieldById = (id: string) => this.fields.find((f) => f.id === id) ?? null;
  setDefaultDimension = (id: string) => this.markDefault(id, 'DIMENSION');
  setDefaultMetric = (id: string) => this.markDefault(id, 'METRIC');

  forIds(ids: string[]): FieldsBuilder {
    return new FieldsBuilder(
      ids.map((id) => {
        const field = this.getFieldById(id);
        if (!field) throw new BuilderError(`Unknown field id "${id}"`);
        return field;
      }),
    );
  }

  build(): FieldJson[] {
    const json = this.fields.map((f) => f.toJson());
    const ids = new Set(json.map((f) => f.name));
    if (ids.size !== json.length) throw new BuilderError('Field ids must be unique');
    return json;
  }

  private add(field: FieldBuilder): FieldBuilder {
    this.fields.push(field);
    return field;
  }

  private markDefault(id: string, conceptType: FieldBuilder['conceptType']): void {
    const field = this.getFieldById(id);
    if (!field || field.conceptType !== conceptType) throw new BuilderError(`No ${conceptType} "${id}"`);
    for (const f of this.fields) if (f.conceptType === conceptType) f.isDefault = f === field;
  }
}
