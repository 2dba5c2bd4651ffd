import { useEffect, useState } from 'react';
import type { PriceView } from '../../../../shared/batch/batch-types';
import { describeError } from '../../../../shared/errors';
import { MODELS, isModelId, type ModelId } from '../../../../shared/models';
import { toErrorValue, useAppStore } from '../../app/app-store';
import { Button } from '../../components/Button';
import { showToast } from '../../components/toast-store';
import { useLocaleStore, useT } from '../../lib/i18n';
import { call } from '../../lib/wan';
import { BudgetFields } from './BudgetFields';
import { priceStrings } from './price-strings';

// Rows are keyed by their saved value, so a save or reset starts the field afresh from it.
// Settings → Prices and budget: the price per image per provider (its base URL) and model, each
// editable and resettable to the built-in default (`prices.*`), and the optional monthly budget.

const CURRENCY = /^[A-Z]{3}$/;

function PriceRow({ price, providerName, onSaved }: { price: PriceView; providerName: string; onSaved: () => void }) {
  const t = useT(priceStrings);
  const locale = useLocaleStore((s) => s.locale);
  const [text, setText] = useState(String(price.perImage));
  const model = isModelId(price.model) ? MODELS[price.model].label[locale] : price.model;
  const label = t('priceFor', { model, provider: providerName });
  const value = Number(text);
  const isValid = text.trim() !== '' && Number.isFinite(value) && value >= 0 && value <= 1000;

  const save = async (): Promise<void> => {
    if (!isValid || value === price.perImage) return;
    try {
      await call('prices.set', {
        baseUrl: price.baseUrl,
        model: price.model as ModelId,
        perImage: value,
        currency: price.currency,
      });
      onSaved();
    } catch (err) {
      showToast('error', describeError(toErrorValue(err), locale));
    }
  };
  const reset = async (): Promise<void> => {
    try {
      await call('prices.reset', { baseUrl: price.baseUrl, model: price.model as ModelId });
      onSaved();
    } catch (err) {
      showToast('error', describeError(toErrorValue(err), locale));
    }
  };

  return (
    <tr data-testid="price-row" data-base-url={price.baseUrl} data-model={price.model} data-source={price.source}>
      <th scope="row">{model}</th>
      <td>
        <input
          className="input price-input"
          inputMode="decimal"
          aria-label={label}
          aria-invalid={isValid ? undefined : true}
          title={isValid ? undefined : t('invalidPrice')}
          data-testid="price-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => void save()}
          onKeyDown={(e) => e.key === 'Enter' && void save()}
        />
      </td>
      <td>{price.source === 'custom' ? t('isCustom') : t('isDefault')}</td>
      <td>
        {price.source === 'custom' && (
          <Button
            size="sm"
            variant="ghost"
            data-testid="price-reset"
            aria-label={`${t('reset')}: ${label}`}
            onClick={() => void reset()}
          >
            {t('reset')}
          </Button>
        )}
      </td>
    </tr>
  );
}

function CurrencyField({
  prices,
  providerName,
  onSaved,
}: {
  prices: PriceView[];
  providerName: string;
  onSaved: () => void;
}) {
  const t = useT(priceStrings);
  const locale = useLocaleStore((s) => s.locale);
  const current = prices[0]?.currency ?? 'USD';
  const [text, setText] = useState(current);
  const code = text.trim().toUpperCase();
  const isValid = CURRENCY.test(code);
  const save = async (): Promise<void> => {
    if (!isValid || code === current) return;
    try {
      // setPrice applies a provider's new currency to its other custom prices; defaults become custom.
      for (const p of prices)
        await call('prices.set', {
          baseUrl: p.baseUrl,
          model: p.model as ModelId,
          perImage: p.perImage,
          currency: code,
        });
      onSaved();
    } catch (err) {
      showToast('error', describeError(toErrorValue(err), locale));
    }
  };
  return (
    <label className="price-currency">
      <span>{t('currency')}</span>
      <input
        className="input price-currency-input"
        aria-label={`${t('currency')}: ${providerName}`}
        aria-invalid={isValid ? undefined : true}
        title={t('currencyHint')}
        data-testid="price-currency"
        maxLength={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => void save()}
        onKeyDown={(e) => e.key === 'Enter' && void save()}
      />
    </label>
  );
}

export function PricesSection() {
  const t = useT(priceStrings);
  const locale = useLocaleStore((s) => s.locale);
  const profiles = useAppStore((s) => s.profiles);
  const budget = useAppStore((s) => s.settings?.monthlyBudget ?? null);
  const [prices, setPrices] = useState<PriceView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = (): void => {
    call('prices.list', undefined)
      .then((list) => setPrices(list))
      .catch((err: unknown) => setError(describeError(toErrorValue(err), locale)));
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(reload, [profiles]);

  const byProvider = new Map<string, PriceView[]>();
  for (const p of prices ?? []) byProvider.set(p.baseUrl, [...(byProvider.get(p.baseUrl) ?? []), p]);
  const nameOf = (baseUrl: string): string =>
    profiles
      .filter((p) => p.baseUrl === baseUrl)
      .map((p) => p.name)
      .join(', ') || baseUrl;

  return (
    <section className="settings-section" aria-labelledby="prices-title" data-testid="settings-prices">
      <header className="section-head">
        <div>
          <h2 id="prices-title" className="section-title">
            {t('section')}
          </h2>
          <p className="section-hint">{t('hint')}</p>
        </div>
      </header>
      {error && <p role="alert">{t('loadFailed', { reason: error })}</p>}
      {[...byProvider.entries()].map(([baseUrl, list]) => (
        <div key={baseUrl} className="price-provider" data-testid="price-provider" data-base-url={baseUrl}>
          <div className="price-provider-head">
            <h3 className="price-provider-name" title={baseUrl}>
              {nameOf(baseUrl)}
            </h3>
            <CurrencyField key={list[0]?.currency} prices={list} providerName={nameOf(baseUrl)} onSaved={reload} />
          </div>
          <p className="price-url mono" title={baseUrl}>
            {baseUrl}
          </p>
          <table className="price-table">
            <thead>
              <tr>
                <th scope="col">{t('model')}</th>
                <th scope="col">{t('perImage')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('isDefault')}</span>
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('reset')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <PriceRow
                  key={`${p.model}:${p.perImage}:${p.source}`}
                  price={p}
                  providerName={nameOf(baseUrl)}
                  onSaved={reload}
                />
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <BudgetFields key={JSON.stringify(budget)} />
    </section>
  );
}
