import { useState } from 'react';
import { describeError } from '../../../../shared/errors';
import { toErrorValue, useAppStore } from '../../app/app-store';
import { Field } from '../../components/Field';
import { showToast } from '../../components/toast-store';
import { useLocaleStore, useT } from '../../lib/i18n';
import { priceStrings } from './price-strings';

// The optional monthly budget (settings.monthlyBudget). Empty amount: no budget. Saved when a
// field is left, like the prices above it.

export function BudgetFields() {
  const t = useT(priceStrings);
  const budget = useAppStore((s) => s.settings?.monthlyBudget ?? null);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const [amount, setAmount] = useState(budget ? String(budget.amount) : '');
  const [currency, setCurrency] = useState(budget?.currency ?? 'USD');

  const value = Number(amount);
  const isAmountValid = amount.trim() === '' || (Number.isFinite(value) && value >= 0);
  const code = currency.trim().toUpperCase();
  const isCurrencyValid = /^[A-Z]{3}$/.test(code);

  const save = (): void => {
    if (!isAmountValid || !isCurrencyValid) return;
    const next = amount.trim() === '' ? null : { amount: value, currency: code };
    if (JSON.stringify(next) === JSON.stringify(budget)) return;
    updateSettings({ monthlyBudget: next }).catch((err: unknown) =>
      showToast('error', describeError(toErrorValue(err), useLocaleStore.getState().locale)),
    );
  };

  return (
    <div className="settings-grid" data-testid="settings-budget">
      <Field label={t('budget')} hint={t('budgetHint')} error={isAmountValid ? undefined : t('invalidPrice')}>
        {(control) => (
          <input
            {...control}
            className="input"
            inputMode="decimal"
            data-testid="budget-amount"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            onBlur={save}
            onKeyDown={(e) => e.key === 'Enter' && save()}
          />
        )}
      </Field>
      <Field label={t('budgetCurrency')} error={isCurrencyValid ? undefined : t('invalidCurrency')}>
        {(control) => (
          <input
            {...control}
            className="input"
            maxLength={3}
            data-testid="budget-currency"
            value={currency}
            onChange={(e) => setCurrency(e.target.value)}
            onBlur={save}
            onKeyDown={(e) => e.key === 'Enter' && save()}
          />
        )}
      </Field>
    </div>
  );
}
