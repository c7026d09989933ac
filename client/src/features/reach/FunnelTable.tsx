import { useTranslation } from 'react-i18next';
import type { Reach } from '../../api/delivery';
import { useNumberFormat } from './format';
import { funnelStages } from './reachModel';

/**
 * targeted → reached → read → answered, as a table: each stage's people, its share of the
 * targeted (also drawn as a bar, which repeats the number and is hidden from screen readers) and
 * of the stage before.
 */
export function FunnelTable({ funnel }: { funnel: Reach['funnel'] }) {
  const { t } = useTranslation();
  const format = useNumberFormat();
  return (
    <table className="reach-table reach-funnel" data-testid="reach-funnel">
      <caption>{t('reach.funnel.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reach.funnel.stage')}</th>
          <th scope="col">{t('reach.funnel.people')}</th>
          <th scope="col">{t('reach.funnel.ofTargeted')}</th>
          <th scope="col">{t('reach.funnel.ofPrevious')}</th>
        </tr>
      </thead>
      <tbody>
        {funnelStages(funnel).map((stage) => (
          <tr key={stage.stage} data-testid="reach-stage" data-stage={stage.stage} data-count={stage.count}>
            <th scope="row">{t(`reach.funnel.stages.${stage.stage}`)}</th>
            <td className="reach-count">{format.count(stage.count)}</td>
            <td className="reach-share">
              <span className="reach-share-value">{format.percent(stage.ofTargeted)}</span>
              <span
                className="reach-bar"
                aria-hidden="true"
                style={{ inlineSize: `${stage.ofTargeted ?? 0}%` }}
              />
            </td>
            <td className="reach-count">
              {stage.ofPrevious === null ? '' : format.percent(stage.ofPrevious)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
