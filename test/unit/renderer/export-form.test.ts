import { describe, expect, it } from 'vitest';
import { exportOptionsSchema } from '../../../src/shared/export-types';
import {
  checkForm,
  DEFAULT_FORM,
  FORM_STORAGE_KEY,
  insertToken,
  isAbsolutePath,
  loadForm,
  saveForm,
  toStartInput,
  type ExportForm,
} from '../../../src/renderer/src/features/export/export-form';

// The export dialog's options: remembered, checked and sent (main plans the preview: export.preview).

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

const form = (patch: Partial<ExportForm> = {}): ExportForm => ({ ...DEFAULT_FORM, destination: '/tmp/out', ...patch });

describe('remembered options', () => {
  it('come back as they were saved', () => {
    const storage = memoryStorage();
    const saved = form({ layout: 'set', format: 'webp', quality: 70, isMetadataIncluded: false, onConflict: 'skip' });
    saveForm(storage, saved);
    expect(loadForm(storage)).toEqual(saved);
  });

  it('defaults fill in for missing or unreadable fields, one field at a time', () => {
    expect(loadForm(null)).toEqual(DEFAULT_FORM);
    expect(loadForm(memoryStorage({ [FORM_STORAGE_KEY]: 'not json' }))).toEqual(DEFAULT_FORM);
    const storage = memoryStorage({
      [FORM_STORAGE_KEY]: JSON.stringify({ destination: '/Users/me/Wan', layout: 'sideways', quality: 500 }),
    });
    expect(loadForm(storage)).toEqual({ ...DEFAULT_FORM, destination: '/Users/me/Wan' });
  });
});

describe('checks', () => {
  it('wants an absolute destination (POSIX, Windows drive or UNC)', () => {
    expect(['/home/me', 'C:\\Users\\me', 'd:/pics', '\\\\nas\\share\\wan'].every(isAbsolutePath)).toBe(true);
    expect(['pics', '~/pics', './out', 'C:pics', ''].some(isAbsolutePath)).toBe(false);
    expect(checkForm(form({ destination: '  ' })).destination).toBe('missing');
    expect(checkForm(form({ destination: 'exports' })).destination).toBe('not_absolute');
    expect(checkForm(form()).destination).toBeNull();
  });

  it('reports what is wrong with the template, naming the token', () => {
    expect(checkForm(form({ template: '{seed}_{sed}' })).template).toEqual({
      ok: false,
      token: '{sed}',
      reason: 'unknown_token',
    });
    expect(checkForm(form({ template: 'photo' })).template?.reason).toBe('no_token');
    expect(checkForm(form({ template: '{seed' })).template?.reason).toBe('unclosed');
    expect(checkForm(form({ template: '{prompt:0}' })).template?.reason).toBe('bad_length');
    expect(checkForm(form({ template: '{date}-{prompt:12}' })).template).toBeNull();
  });
});

describe('export.start payload', () => {
  it('carries the selection and every option, trimmed, and passes the contract', () => {
    const input = toStartInput(
      { kind: 'query', query: { search: '花店' }, exceptImageIds: ['img-3'] },
      form({
        destination: '  /Users/me/Wan exports  ',
        template: ' {seed}_{index} ',
        layout: 'generation',
        format: 'jpeg',
        quality: 82,
        isMetadataIncluded: false,
        onConflict: 'overwrite',
      }),
    );
    expect(input).toEqual({
      selection: { kind: 'query', query: { search: '花店' }, exceptImageIds: ['img-3'] },
      options: {
        destination: '/Users/me/Wan exports',
        layout: 'generation',
        template: '{seed}_{index}',
        format: 'jpeg',
        quality: 82,
        isMetadataIncluded: false,
        onConflict: 'overwrite',
      },
    });
    expect(exportOptionsSchema.safeParse(input.options).success).toBe(true);
  });

  it('sends the default quality for PNG, whose bytes are kept as they are', () => {
    const input = toStartInput({ kind: 'images', imageIds: ['a'] }, form({ format: 'png', quality: 12 }));
    expect(input.options.quality).toBe(90);
  });
});

describe('token chips', () => {
  it('insert at the caret with a separator, replacing a selection', () => {
    expect(insertToken('{date}', '{seed}', 6, 6)).toEqual({ template: '{date}_{seed}', caret: 13 });
    expect(insertToken('{date}-', '{seed}', 7, 7)).toEqual({ template: '{date}-{seed}', caret: 13 });
    expect(insertToken('', '{seed}', 0, 0)).toEqual({ template: '{seed}', caret: 6 });
    expect(insertToken('a_XX_b', '{id}', 2, 4)).toEqual({ template: 'a_{id}_b', caret: 6 });
  });
});
