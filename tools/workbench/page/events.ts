/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/** Sends one test event of any declared type (events/schemas) with a signed POST /v1/events. */
import { apiPath } from '../../../protocol/routes';
import { callProxy, errorText, eventTypes, type DeclaredEventType } from './api';
import { byId, el } from './dom';

export async function setUpEventSender(): Promise<void> {
  const select = byId<HTMLSelectElement>('event-type');
  const body = byId<HTMLTextAreaElement>('event-body');
  const description = byId('event-description');
  const answer = byId('event-answer');
  const types = await eventTypes();
  select.replaceChildren(...types.map((t) => el('option', { value: t.type }, `${t.type} ${t.version}`)));
  const show = (type: DeclaredEventType | undefined) => {
    if (!type) return;
    description.textContent = `${type.description} Fields: ${type.fields.map((f) => `${f.name} (${f.kind}${f.required ? ', required' : ''})`).join(', ')}.`;
    body.value = JSON.stringify(type.example, null, 2);
  };
  show(types[0]);
  select.addEventListener('change', () => show(types.find((t) => t.type === select.value)));
  byId<HTMLFormElement>('event-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void sendEvent(body.value, answer);
  });
}

async function sendEvent(text: string, output: HTMLElement): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    output.textContent = `Not JSON: ${(err as Error).message}`;
    return;
  }
  const answer = await callProxy('POST', apiPath.events(), { events: [parsed] });
  output.textContent = answer.status === 200 ? JSON.stringify(answer.body, null, 2) : errorText(answer);
}
