import { useTranslation } from 'react-i18next';
import type { DeliveryFailure } from '../../api/delivery';
import { deliveryErrorText } from './deliveryErrors';
import { useNumberFormat } from './format';

/** Why messages did not arrive: the reason in words with its stable id, ended and still to retry. */
export function FailureTable({ failures }: { failures: DeliveryFailure[] }) {
  const { t } = useTranslation();
  const format = useNumberFormat();
  if (failures.length === 0) {
    return (
      <p className="muted" data-testid="reach-no-failures">
        {t('reach.failures.none')}
      </p>
    );
  }
  return (
    <div className="reach-scroll" role="region" aria-labelledby="reach-failures-caption" tabIndex={0}>
      <table className="reach-table reach-failures" data-testid="reach-failures">
        <caption id="reach-failures-caption">{t('reach.failures.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reach.failures.reason')}</th>
            <th scope="col">{t('reach.failures.channel')}</th>
            <th scope="col">{t('reach.failures.failed')}</th>
            <th scope="col">{t('reach.failures.retrying')}</th>
          </tr>
        </thead>
        <tbody>
          {failures.map((failure) => {
            const text = deliveryErrorText(failure.errorId);
            return (
              <tr
                key={`${failure.channel}:${failure.errorId}`}
                data-testid="reach-failure"
                data-channel={failure.channel}
                data-error-id={failure.errorId}
                data-failed={failure.failed}
                data-retrying={failure.retrying}
              >
                <th scope="row">
                  {t(text.key, text.values)} <code className="reach-error-id">{failure.errorId}</code>
                </th>
                <td>{t(`reach.channels.names.${failure.channel}`)}</td>
                <td className={failure.failed > 0 ? 'reach-count is-failed' : 'reach-count'}>
                  {format.count(failure.failed)}
                </td>
                <td className="reach-count">{format.count(failure.retrying)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
