/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * A table's fields as Looker Studio lists them: dimensions and metrics, by group, with their semantic types;
 * formula fields show their formula, and the hidden per-group partials they read are listed apart.
 */
import type { LookerField } from '../../../protocol/contract';
import { el } from './dom';

/** Renders checkboxes into the two fieldsets and the hidden list; the default field is pre-checked. */
export function renderFields(
  fields: readonly LookerField[],
  targets: { dimensions: HTMLFieldSetElement; metrics: HTMLFieldSetElement; hidden: HTMLDetailsElement },
): void {
  clearBelowHeading(targets.dimensions);
  clearBelowHeading(targets.metrics);
  clearBelowHeading(targets.hidden);
  const visible = fields.filter((field) => !field.isHidden);
  for (const [concept, target] of [
    ['DIMENSION', targets.dimensions],
    ['METRIC', targets.metrics],
  ] as const) {
    const ofConcept = visible.filter((field) => field.semantics.conceptType === concept);
    for (const [group, members] of groupsOf(ofConcept)) {
      target.append(el('h3', {}, group), ...members.map(fieldCheckbox));
    }
  }
  const hidden = fields.filter((field) => field.isHidden);
  targets.hidden.append(
    el('ul', {}, ...hidden.map((field) => el('li', {}, el('code', {}, field.name), ` ${field.label}`))),
  );
}

function fieldCheckbox(field: LookerField): HTMLElement {
  const box = el('input', { type: 'checkbox', value: field.name, checked: field.isDefault === true });
  const semantic = [field.semantics.semanticType, field.defaultAggregationType].filter(Boolean).join(' · ');
  return el(
    'div',
    { class: 'field' },
    el('label', { title: field.description }, box, ` ${field.label}`),
    ' ',
    el('code', {}, field.name),
    ' ',
    el('span', { class: 'sem' }, semantic),
    field.formula ? el('span', { class: 'formula' }, `= ${field.formula}`) : null,
  );
}

function groupsOf(fields: readonly LookerField[]): Map<string, LookerField[]> {
  const groups = new Map<string, LookerField[]>();
  for (const field of fields) {
    const group = field.group ?? '(no group)';
    groups.set(group, [...(groups.get(group) ?? []), field]);
  }
  return groups;
}

function clearBelowHeading(container: HTMLElement): void {
  for (const child of [...container.children])
    if (child.tagName !== 'LEGEND' && child.tagName !== 'SUMMARY') child.remove();
}

/** The names of the checked fields of a fieldset, in page order. */
export function checkedNames(container: HTMLElement): string[] {
  return [...container.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map((box) => box.value);
}
