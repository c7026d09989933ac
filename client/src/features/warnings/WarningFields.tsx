import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_RESPONSE_TYPES,
  CAP_SEVERITIES,
  CAP_URGENCIES,
} from '@geo/src/cap/cap.types';
import {
  COMPOSE_STATUSES,
  VALID_HOURS,
  WARNING_LANGUAGES,
  type FormProblem,
  type WarningForm,
  type WarningLanguage,
  type WarningText,
} from './capBuilder';
import { WARNING_TEMPLATES } from './templates';

interface WarningFieldsProps {
  form: WarningForm;
  onChange: (form: WarningForm) => void;
  problems: readonly FormProblem[];
  showProblems: boolean;
}

type Choice = 'status' | 'category' | 'responseType' | 'urgency' | 'severity' | 'certainty';
const CHOICES: { field: Choice; values: readonly string[] }[] = [
  { field: 'status', values: COMPOSE_STATUSES },
  { field: 'category', values: CAP_CATEGORIES },
  { field: 'responseType', values: CAP_RESPONSE_TYPES },
  { field: 'urgency', values: CAP_URGENCIES },
  { field: 'severity', values: CAP_SEVERITIES },
  { field: 'certainty', values: CAP_CERTAINTIES },
];
const TEXT_FIELDS: { field: keyof WarningText; multiline: boolean; required: boolean }[] = [
  { field: 'event', multiline: false, required: true },
  { field: 'headline', multiline: false, required: true },
  { field: 'description', multiline: true, required: false },
  { field: 'instruction', multiline: true, required: false },
];

/** The CAP fields of a warning; every text in Japanese and in English. */
export function WarningFields({ form, onChange, problems, showProblems }: WarningFieldsProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const invalid = (problem: FormProblem) => showProblems && problems.includes(problem);
  const setText = (language: WarningLanguage, field: keyof WarningText, value: string) =>
    onChange({ ...form, text: { ...form.text, [language]: { ...form.text[language], [field]: value } } });
  const expiresAt = new Date(Date.now() + form.validHours * 3_600_000).toLocaleString(i18n.resolvedLanguage, {
    timeZone: 'Asia/Tokyo',
    dateStyle: 'short',
    timeStyle: 'short',
  });

  return (
    <>
      <fieldset className="warning-fieldset">
        <legend>{t('warnings.fields.title')}</legend>
        <label htmlFor={`${id}-template`}>{t('warnings.fields.template')}</label>
        <select
          id={`${id}-template`}
          data-testid="warning-template"
          value=""
          onChange={(event) => {
            const template = WARNING_TEMPLATES.find((tpl) => tpl.id === event.target.value);
            if (template) onChange({ ...form, ...structuredClone(template.fields) });
          }}
        >
          <option value="">{t('warnings.fields.templateNone')}</option>
          {WARNING_TEMPLATES.map((template) => (
            <option key={template.id} value={template.id}>
              {t(`warnings.templates.${template.id}`)}
            </option>
          ))}
        </select>
        <div className="warning-grid">
          {CHOICES.map(({ field, values }) => (
            <div key={field}>
              <label htmlFor={`${id}-${field}`}>{t(`warnings.fields.${field}`)}</label>
              <select
                id={`${id}-${field}`}
                data-testid={`warning-${field}`}
                value={form[field]}
                onChange={(event) => onChange({ ...form, [field]: event.target.value })}
              >
                {values.map((value) => (
                  <option key={value} value={value}>
                    {t(`warnings.cap.${field}.${value}`, { defaultValue: value })}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <div>
            <label htmlFor={`${id}-valid`}>{t('warnings.fields.validHours')}</label>
            <select
              id={`${id}-valid`}
              data-testid="warning-valid-hours"
              value={form.validHours}
              aria-describedby={`${id}-expires`}
              onChange={(event) => onChange({ ...form, validHours: Number(event.target.value) })}
            >
              {VALID_HOURS.map((hours) => (
                <option key={hours} value={hours}>
                  {t('warnings.fields.hours', { count: hours })}
                </option>
              ))}
            </select>
            <p id={`${id}-expires`} className="warning-help">
              {t('warnings.fields.expiresAt', { time: expiresAt })}
            </p>
          </div>
        </div>
        <label htmlFor={`${id}-areaDesc`}>{t('warnings.fields.areaDesc')}</label>
        <input
          id={`${id}-areaDesc`}
          data-testid="warning-areaDesc"
          value={form.areaDesc}
          required
          aria-invalid={invalid('areaDesc')}
          onChange={(event) => onChange({ ...form, areaDesc: event.target.value })}
        />
      </fieldset>
      {WARNING_LANGUAGES.map((language) => (
        <fieldset key={language} className="warning-fieldset" lang={language}>
          <legend>{t(`warnings.fields.language.${language}`)}</legend>
          {TEXT_FIELDS.map(({ field, multiline, required }) => {
            const inputId = `${id}-${language}-${field}`;
            const common = {
              id: inputId,
              'data-testid': `warning-${language}-${field}`,
              value: form.text[language][field],
              required,
              'aria-invalid': required ? invalid(`${language}.${field}` as FormProblem) : undefined,
            };
            return (
              <div key={field}>
                <label htmlFor={inputId}>
                  {t(`warnings.fields.${field}`)}
                  {required && <span aria-hidden="true"> *</span>}
                </label>
                {multiline ? (
                  <textarea {...common} rows={3} onChange={(e) => setText(language, field, e.target.value)} />
                ) : (
                  <input {...common} onChange={(e) => setText(language, field, e.target.value)} />
                )}
              </div>
            );
          })}
        </fieldset>
      ))}
    </>
  );
}
