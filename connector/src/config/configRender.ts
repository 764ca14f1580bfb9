/**
 * Renders a {@link ConfigStep} with Looker Studio's Config builder (`cc.getConfig()`,
 * docs/reference-looker-studio.md#getconfig-and-stepped-configuration).
 */
import type { ConfigStep } from './configSteps';
import type { ConfigBuilder, LookerConnector } from '../ports';

/** The built config JSON for one step. */
export function renderConfig(looker: LookerConnector, step: ConfigStep): unknown {
  const config: ConfigBuilder = looker.getConfig();
  for (const entry of step.entries) {
    if (entry.kind === 'select') {
      const select = config.newSelectSingle().setId(entry.id).setName(entry.label).setHelpText(entry.helpText);
      // Dynamic: changing it re-runs the steps; Looker Studio never lets dynamic entries be overridden.
      select.setIsDynamic(true);
      for (const option of entry.options)
        select.addOption(config.newOptionBuilder().setLabel(option.label).setValue(option.value));
    } else {
      const input =
        entry.kind === 'text' ? config.newTextInput().setPlaceholder(entry.placeholder) : config.newCheckbox();
      input.setId(entry.id).setName(entry.label).setHelpText(entry.helpText).setAllowOverride(entry.overridable);
    }
  }
  config.setIsSteppedConfig(step.isSteppedConfig);
  if (step.dateRangeRequired !== undefined) config.setDateRangeRequired(step.dateRangeRequired);
  return config.build();
}
