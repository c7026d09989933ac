import { useTranslation } from 'react-i18next';
import type { FormField, RegistryData } from '../../api/relief';
import { local, type Draft } from './reliefModel';

interface FormFieldsProps {
  fields: readonly FormField[];
  registry: RegistryData;
  draft: Draft;
  onChange: (key: string, value: string | boolean) => void;
  readOnly: boolean;
  /** Fields the reviewer asked to fix, or the server found invalid: highlighted. */
  flagged: ReadonlySet<string>;
}

function registryValue(
  field: Extract<FormField, { type: 'registry' }>,
  registry: RegistryData,
  member: (m: RegistryData['household'][number]) => string,
) {
  switch (field.source) {
    case 'name':
      return registry.name;
    case 'address':
      return registry.address ?? '—';
    case 'birthDate':
      return registry.birthDate;
    case 'household':
      return registry.household.map(member).join('、');
  }
}

/** A form rendered from its definition; registry fields are shown, never editable. */
export function FormFields({ fields, registry, draft, onChange, readOnly, flagged }: FormFieldsProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  return (
    <div className="relief-fields">
      {fields.map((field) => {
        const id = `relief-field-${field.key}`;
        const help = field.help ? local(field.help, lang) : null;
        const isFlagged = flagged.has(field.key);
        const className = [
          'relief-field',
          isFlagged ? 'is-flagged' : '',
          field.type === 'registry' ? 'is-registry' : '',
        ].join(' ');
        if (field.type === 'registry') {
          return (
            <div key={field.key} className={className} data-testid={id}>
              <span className="relief-label">{local(field.label, lang)}</span>
              <output className="relief-registry-value">
                {registryValue(field, registry, (m) =>
                  t('relief.householdMember', { name: m.name, relationship: m.relationship }),
                )}
              </output>
              <small className="muted">{help ?? t('relief.registryNote')}</small>
            </div>
          );
        }
        const value = draft[field.key];
        const text = typeof value === 'string' ? value : '';
        const common = {
          id,
          name: field.key,
          disabled: readOnly,
          required: field.required,
          'aria-invalid': isFlagged || undefined,
          'aria-describedby': help ? `${id}-help` : undefined,
          'data-testid': id,
        };
        let input;
        switch (field.type) {
          case 'text':
            input = (
              <input
                {...common}
                type="text"
                maxLength={field.maxLength}
                value={text}
                onChange={(e) => onChange(field.key, e.target.value)}
              />
            );
            break;
          case 'textarea':
            input = (
              <textarea
                {...common}
                rows={4}
                maxLength={field.maxLength}
                value={text}
                onChange={(e) => onChange(field.key, e.target.value)}
              />
            );
            break;
          case 'number':
            input = (
              <input
                {...common}
                type="number"
                inputMode="numeric"
                min={field.min}
                max={field.max}
                step={field.integer ? 1 : 'any'}
                value={text}
                onChange={(e) => onChange(field.key, e.target.value)}
              />
            );
            break;
          case 'date':
            input = (
              <input
                {...common}
                type="date"
                value={text}
                onChange={(e) => onChange(field.key, e.target.value)}
              />
            );
            break;
          case 'select':
            input = (
              <select {...common} value={text} onChange={(e) => onChange(field.key, e.target.value)}>
                <option value="">{t('relief.choose')}</option>
                {field.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {local(option.label, lang)}
                  </option>
                ))}
              </select>
            );
            break;
          case 'checkbox':
            input = (
              <input
                {...common}
                type="checkbox"
                checked={value === true}
                onChange={(e) => onChange(field.key, e.target.checked)}
              />
            );
            break;
        }
        return (
          <div key={field.key} className={className}>
            <label htmlFor={id} className="relief-label">
              {local(field.label, lang)}{' '}
              <small className="muted">{field.required ? t('relief.required') : t('relief.optional')}</small>
              {isFlagged && <span className="relief-flag">{t('relief.fixThis')}</span>}
            </label>
            {input}
            {help && (
              <small id={`${id}-help`} className="muted">
                {help}
              </small>
            )}
          </div>
        );
      })}
    </div>
  );
}
