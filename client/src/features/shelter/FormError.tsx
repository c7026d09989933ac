import { useTranslation } from 'react-i18next';
import { consoleErrorKey } from './consoleErrors';

interface FormErrorProps {
  /** Nothing is shown while this is null. */
  error: unknown;
  testId?: string;
  className?: string;
}

/** A failed console request, explained in the console's own words. */
export function FormError({ error, testId, className }: FormErrorProps) {
  const { t } = useTranslation();
  if (error === null) return null;
  return (
    <p className={className ? `form-error ${className}` : 'form-error'} role="alert" data-testid={testId}>
      {t(consoleErrorKey(error))}
    </p>
  );
}
