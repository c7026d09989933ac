import { useTranslation } from 'react-i18next';
import { DELIVERY_STATUSES, type ChannelCounts } from '../../api/delivery';
import { useNumberFormat } from './format';
import { channelRows } from './reachModel';

const COLUMNS = [...DELIVERY_STATUSES, 'read', 'responded'] as const;
type Column = (typeof COLUMNS)[number];

/**
 * Each channel by status, with the open app's receipts first (the socket: it has no queue, only
 * "arrived"). Scrolls sideways in the narrow column; the region takes keyboard focus so it can.
 */
export function ChannelTable({ channels, inApp }: { channels: ChannelCounts[]; inApp: number }) {
  const { t } = useTranslation();
  const format = useNumberFormat();
  const notApplicable = t('reach.notApplicable');
  const cell = (column: Column, value: number | null) =>
    value === null ? (
      <td
        key={column}
        data-status={column}
        className="reach-count"
        aria-label={notApplicable}
        title={notApplicable}
      >
        —
      </td>
    ) : (
      <td
        key={column}
        data-status={column}
        data-value={value}
        className={column === 'failed' && value > 0 ? 'reach-count is-failed' : 'reach-count'}
      >
        {format.count(value)}
      </td>
    );
  return (
    <div className="reach-scroll" role="region" aria-labelledby="reach-channels-caption" tabIndex={0}>
      <table className="reach-table reach-channels" data-testid="reach-channels">
        <caption id="reach-channels-caption">{t('reach.channels.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reach.channels.channel')}</th>
            {COLUMNS.map((column) => (
              <th key={column} scope="col">
                {t(`reach.channels.status.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr data-testid="reach-channel" data-channel="app">
            <th scope="row">{t('reach.channels.names.app')}</th>
            {COLUMNS.map((column) => cell(column, column === 'delivered' ? inApp : null))}
          </tr>
          {channelRows(channels).map((counts) => (
            <tr key={counts.channel} data-testid="reach-channel" data-channel={counts.channel}>
              <th scope="row">{t(`reach.channels.names.${counts.channel}`)}</th>
              {COLUMNS.map((column) => cell(column, counts[column]))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
