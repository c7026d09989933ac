import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type L from 'leaflet';
import { parseCoordinates, type CoordinateParse, type DraftArea, type DraftShape } from './areaModel';
import { MunicipalityPicker } from './MunicipalityPicker';
import { PreviewCount } from './PreviewCount';
import { useAreaDrawer } from './useAreaDrawer';
import type { PreviewState } from './usePreview';

type ParseError = Extract<CoordinateParse, { ok: false }>;

interface AreaSectionProps {
  map: L.Map | null;
  area: DraftArea;
  onChange: (area: DraftArea) => void;
  preview: PreviewState;
  onShowArea: () => void;
}

const format = (n: number) => n.toFixed(5);

/** Where the warning applies: drawn shapes, typed coordinates and whole municipalities. */
export function AreaSection({ map, area, onChange, preview, onShowArea }: AreaSectionProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [coordinates, setCoordinates] = useState('');
  const [error, setError] = useState<ParseError | null>(null);

  const addShape = (shape: DraftShape) => {
    setError(null);
    onChange({ ...area, shapes: [...area.shapes, shape] });
  };
  const { drawer, state } = useAreaDrawer(map, addShape, setError);

  const addTyped = (asCircle: boolean) => {
    const parsed = parseCoordinates(coordinates, asCircle);
    if (!parsed.ok) {
      setError(parsed);
      return;
    }
    addShape(parsed.shape);
    setCoordinates('');
  };

  const removeShape = (index: number) =>
    onChange({ ...area, shapes: area.shapes.filter((_, i) => i !== index) });

  const describe = (shape: DraftShape) =>
    shape.kind === 'polygon'
      ? t('warnings.area.polygonItem', { count: shape.points.length })
      : t('warnings.area.circleItem', {
          radius: shape.radiusKm,
          lat: format(shape.center[0]),
          lon: format(shape.center[1]),
        });

  return (
    <fieldset className="warning-fieldset" data-testid="warning-area">
      <legend>{t('warnings.area.title')}</legend>
      <div className="warning-draw-tools" role="group" aria-label={t('warnings.area.drawTools')}>
        <button
          type="button"
          data-testid="warning-draw-polygon"
          aria-pressed={state.mode === 'polygon'}
          disabled={!drawer}
          onClick={() => drawer?.start('polygon')}
        >
          {t('warnings.area.drawPolygon')}
        </button>
        <button
          type="button"
          data-testid="warning-draw-circle"
          aria-pressed={state.mode === 'circle'}
          disabled={!drawer}
          onClick={() => drawer?.start('circle')}
        >
          {t('warnings.area.drawCircle')}
        </button>
      </div>
      {state.mode !== 'idle' && (
        <div className="warning-drawing" role="status" data-testid="warning-drawing" data-mode={state.mode}>
          <p>
            {state.mode === 'polygon'
              ? t('warnings.area.polygonHint', { count: state.points })
              : t(state.hasCenter ? 'warnings.area.circleRadiusHint' : 'warnings.area.circleCenterHint')}
          </p>
          <div className="warning-row">
            {state.mode === 'polygon' && (
              <button
                type="button"
                className="primary"
                data-testid="warning-draw-finish"
                disabled={state.points < 3}
                onClick={() => drawer?.finish()}
              >
                {t('warnings.area.finish')}
              </button>
            )}
            <button
              type="button"
              onClick={() => drawer?.undo()}
              disabled={state.points === 0 && !state.hasCenter}
            >
              {t('warnings.area.undo')}
            </button>
            <button type="button" data-testid="warning-draw-cancel" onClick={() => drawer?.stop()}>
              {t('warnings.area.stopDrawing')}
            </button>
          </div>
        </div>
      )}

      <label htmlFor={`${id}-coordinates`}>{t('warnings.area.coordinates')}</label>
      <textarea
        id={`${id}-coordinates`}
        data-testid="warning-coordinates"
        rows={3}
        value={coordinates}
        placeholder="37.05,136.95 37.05,137.00 37.02,137.00 37.02,136.95"
        aria-describedby={`${id}-coordinates-help`}
        onChange={(event) => setCoordinates(event.target.value)}
      />
      <p id={`${id}-coordinates-help`} className="warning-help">
        {t('warnings.area.coordinatesHelp')}
      </p>
      <div className="warning-row">
        <button type="button" data-testid="warning-coordinates-polygon" onClick={() => addTyped(false)}>
          {t('warnings.area.addPolygon')}
        </button>
        <button type="button" data-testid="warning-coordinates-circle" onClick={() => addTyped(true)}>
          {t('warnings.area.addCircle')}
        </button>
      </div>
      {error && (
        <p className="warning-error" role="alert" data-testid="warning-area-error">
          {t(`warnings.area.errors.${error.error}`)}
          {/* The geometry check explains itself in English only. */}
          {error.detail && i18n.resolvedLanguage === 'en' ? ` (${error.detail})` : ''}
        </p>
      )}

      <MunicipalityPicker
        selected={area.municipalities}
        onChange={(municipalities) => onChange({ ...area, municipalities })}
      />

      {area.shapes.length > 0 && (
        <ul className="warning-shapes" data-testid="warning-shapes" aria-label={t('warnings.area.shapes')}>
          {area.shapes.map((shape, index) => (
            <li key={index} data-testid="warning-shape" data-kind={shape.kind}>
              <span>{describe(shape)}</span>
              <button type="button" onClick={() => removeShape(index)}>
                {t('warnings.area.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="warning-row">
        <PreviewCount preview={preview} />
        <button
          type="button"
          onClick={onShowArea}
          disabled={area.shapes.length + area.municipalities.length === 0}
        >
          {t('warnings.area.showOnMap')}
        </button>
      </div>
    </fieldset>
  );
}
