import { describe, expect, it } from 'vitest';
import { viewFromHash } from '../../../src/renderer/src/app/navigation-store';

describe('viewFromHash', () => {
  it('names one of the four screens, and anything else is the studio', () => {
    expect(viewFromHash('#gallery')).toBe('gallery');
    expect(viewFromHash('#usage')).toBe('usage');
    expect(viewFromHash('settings')).toBe('settings');
    expect(viewFromHash('')).toBe('studio');
    expect(viewFromHash('#Gallery')).toBe('studio');
    expect(viewFromHash('#gallery/x')).toBe('studio');
  });
});
