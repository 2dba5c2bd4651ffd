import type { GenerationView } from '../../../../shared/contract';
import { ratioText } from '../../../../shared/capabilities';
import { useT } from '../../lib/i18n';
import { toDisplayRect } from '../studio/box-geometry';
import { inputsOf } from '../studio/inputs-api';
import { detailStrings } from './detail-strings';

// What a generation was given: its reference images in order, each with its boxes drawn (as a
// share of the thumbnail, so no measuring is needed), and its exact palette as stripes.

const THUMB = 72;

export function DetailInputs({ view }: { view: GenerationView | null }) {
  const t = useT(detailStrings);
  const inputs = inputsOf(view);
  const palette = view?.generation.parameters.palette ?? [];
  if (inputs.length === 0 && palette.length === 0) return null;
  return (
    <section className="detail-section" data-testid="detail-inputs">
      {inputs.length > 0 && (
        <>
          <h3 className="detail-heading">{t('inputs')}</h3>
          <ol className="detail-inputs">
            {inputs.map((input, i) => {
              const scale = THUMB / Math.max(input.width, input.height);
              return (
                <li key={`${input.sha256}-${i}`} data-testid="detail-input" data-sha256={input.sha256}>
                  <span
                    className="detail-input-frame"
                    style={{ width: input.width * scale, height: input.height * scale }}
                  >
                    <img src={input.url} alt="" draggable={false} />
                    {input.boxes.map((box, k) => (
                      <span
                        key={k}
                        className="detail-input-box"
                        data-testid="detail-input-box"
                        style={toDisplayRect([...box], scale)}
                      />
                    ))}
                  </span>
                  <span className="detail-faint">
                    {t('inputN', { n: i + 1, w: input.width, h: input.height, boxes: input.boxes.length })}
                  </span>
                </li>
              );
            })}
          </ol>
        </>
      )}
      {palette.length > 0 && (
        <>
          <h3 className="detail-heading">{t('exactPalette')}</h3>
          <div className="detail-palette" data-testid="detail-palette">
            {palette.map((e, i) => (
              <span key={i} style={{ flexGrow: e.ratio, background: e.hex }} title={`${e.hex} ${ratioText(e.ratio)}`} />
            ))}
          </div>
          <p className="detail-faint mono">
            {palette.map((e) => t('paletteEntry', { hex: e.hex, ratio: ratioText(e.ratio) })).join(' · ')}
          </p>
        </>
      )}
    </section>
  );
}
