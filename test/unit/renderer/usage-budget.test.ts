import { afterEach, describe, expect, it } from 'vitest';
import type { InvokeMethod, Settings, WanApi } from '../../../src/shared/contract';
import { useAppStore } from '../../../src/renderer/src/app/app-store';
import { setWanApi } from '../../../src/renderer/src/lib/wan';
import { confirmWithinBudget, generationEstimate, useBudgetAsk } from '../../../src/renderer/src/features/usage/budget';

// The budget check Generate runs first, against a scripted `window.wan`: no budget asks nothing
// (and reads no ledger), within it goes ahead, past it waits for the person's answer.

const calls: string[] = [];

function fakeApi(monthCost: Record<string, number>): void {
  const values: Partial<Record<InvokeMethod, unknown>> = {
    'usage.report': {
      by: 'month',
      since: 0,
      rows: [],
      total: {
        key: 'total',
        generations: 1,
        images: 1,
        billedImages: 1,
        possiblyBilledImages: 0,
        cost: monthCost,
        possibleCost: {},
      },
    },
    'prices.list': [
      { baseUrl: 'http://gw.test/v1', model: 'wan2.7-image', perImage: 0.5, currency: 'USD', source: 'custom' },
    ],
  };
  const api: WanApi = {
    async invoke(method) {
      calls.push(method);
      return { ok: true, value: values[method] as never };
    },
    on: () => () => {},
  };
  setWanApi(api);
}

function withBudget(monthlyBudget: Settings['monthlyBudget']): void {
  useAppStore.setState({
    settings: { activeProfileId: 'p1', monthlyBudget } as Settings,
    profiles: [{ id: 'p1', name: 'GW', baseUrl: 'http://gw.test/v1' } as never],
  });
}

afterEach(() => {
  setWanApi(null);
  calls.length = 0;
  useBudgetAsk.setState({ pending: null });
});

describe('confirmWithinBudget', () => {
  it('asks nothing without a budget', async () => {
    fakeApi({ USD: 100 });
    withBudget(null);
    expect(await confirmWithinBudget({ cost: 1, currency: 'USD' })).toBe(true);
    expect(calls).toEqual([]);
  });

  it('prices a generation at the active provider and goes ahead within the budget', async () => {
    fakeApi({ USD: 8 });
    withBudget({ amount: 10, currency: 'USD' });
    const estimate = await generationEstimate('wan2.7-image', 3, undefined);
    expect(estimate).toEqual({ cost: 1.5, currency: 'USD' });
    expect(await confirmWithinBudget(estimate)).toBe(true);
    expect(useBudgetAsk.getState().pending).toBeNull();
  });

  it('waits for the answer past the budget, with the projection to show', async () => {
    fakeApi({ USD: 9 });
    withBudget({ amount: 10, currency: 'USD' });
    const declined = confirmWithinBudget({ cost: 1.5, currency: 'USD' });
    await expect.poll(() => useBudgetAsk.getState().pending).not.toBeNull();
    expect(useBudgetAsk.getState().pending!.projection).toMatchObject({ spent: 9, projected: 10.5, isOver: true });
    useBudgetAsk.getState().answer(false);
    expect(await declined).toBe(false);
    const confirmed = confirmWithinBudget({ cost: 1.5, currency: 'USD' });
    await expect.poll(() => useBudgetAsk.getState().pending).not.toBeNull();
    useBudgetAsk.getState().answer(true);
    expect(await confirmed).toBe(true);
  });
});
