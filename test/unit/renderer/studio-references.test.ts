import { beforeEach, describe, expect, it } from 'vitest';
import { useNavigationStore } from '../../../src/renderer/src/app/navigation-store';
import {
  DEFAULT_FORM,
  buildRequestInput,
  formFromRecord,
  maxNFor,
  sizeGroupsFor,
  validateForm,
  withReferences,
  withSequential,
  type StudioForm,
  type StudioReference,
} from '../../../src/renderer/src/features/studio/studio-form';
import { loadIntoStudio, useStudioStore } from '../../../src/renderer/src/features/studio/studio-store';
import type { GenerationInputView, InputView } from '../../../src/shared/inputs-contract';
import { makeRecord } from './fixtures';

const sha = (c: string): string => c.repeat(64);
const input = (c: string, width = 1600, height = 1200): InputView => ({
  sha256: sha(c),
  mime: 'image/png',
  width,
  height,
  bytes: 1000,
  url: `/media/inputs/${sha(c)}.png`,
  note: null,
});
const ref = (c: string, boxes: StudioReference['boxes'] = []): StudioReference => ({ input: input(c), boxes });
const palette = [
  { hex: '#C2D1E6', ratio: 23.51 },
  { hex: '#1F2A44', ratio: 40 },
  { hex: '#F2C14E', ratio: 36.49 },
];
const form = (patch: Partial<StudioForm> = {}): StudioForm => ({
  ...DEFAULT_FORM,
  prompt: 'image 1 in the style of image 2',
  ...patch,
});

describe('studio form → request with references, boxes and a palette', () => {
  it('sends references in order with their boxes in image pixels, and the exact palette', () => {
    const f = form({ references: [ref('a', [[10, 20, 300, 400]]), ref('b')], palette });
    expect(buildRequestInput(f)).toMatchObject({
      references: [
        { sha256: sha('a'), boxes: [[10, 20, 300, 400]] },
        { sha256: sha('b'), boxes: [] },
      ],
      palette,
      isSequential: false,
      // Editing with references: upstream ignores thinking mode, so it is not sent as on.
      thinkingMode: false,
    });
    expect(validateForm(f, 'en')).toMatchObject({ ok: true });
  });

  it('sends no references and no palette when there are none, and keeps thinking for plain text', () => {
    const request = buildRequestInput(form());
    expect(request).not.toHaveProperty('references');
    expect(request).not.toHaveProperty('palette');
    expect(request.thinkingMode).toBe(true);
  });

  it('leaves boxes, palettes and the colour theme out of image sets, but keeps them in the form', () => {
    const f = withSequential(
      form({ references: [ref('a', [[10, 20, 300, 400]])], palette, colorPalette: '暖色调' }),
      true,
    );
    const request = buildRequestInput(f);
    expect(request.references).toEqual([{ sha256: sha('a'), boxes: [] }]);
    expect(request).not.toHaveProperty('palette');
    expect(request).not.toHaveProperty('colorPalette');
    expect(request.thinkingMode).toBe(false);
    expect(f.references[0]!.boxes).toHaveLength(1);
    expect(f.palette).toHaveLength(3);
    expect(validateForm(f, 'en')).toMatchObject({ ok: true });
  });

  it('blocks 4K once a reference is added, and fits a 4K size to the 2K of its shape', () => {
    const pro = form({ model: 'wan2.7-image-pro', size: '4096x4096' });
    const block = (f: StudioForm) =>
      sizeGroupsFor(f.model, f.isSequential, f.references.length > 0)
        .flatMap((g) => g.choices)
        .find((c) => c.id === '4096x4096')!.block;
    expect(block(pro)).toBeNull();
    const edited = withReferences(pro, [ref('a')]);
    expect(block(edited)).toBe('references');
    expect(edited.size).toBe('2048x2048');
    expect(block(withSequential(pro, true))).toBe('sequential');
  });

  it('uses the mode table’s n range: 1–4 for text and edit, up to 12 for sets', () => {
    expect(maxNFor('wan2.7-image-pro', false, false)).toBe(4);
    expect(maxNFor('wan2.7-image-pro', false, true)).toBe(4);
    expect(maxNFor('wan2.7-image-pro', true, true)).toBe(12);
    const set = withSequential(form({ n: 12 }), true);
    expect(set.n).toBe(12);
    expect(withSequential(set, false).n).toBe(4);
  });

  it('shows the shared validation’s sentences for a bad palette or too many boxes', () => {
    const short = validateForm(form({ palette: palette.slice(0, 2) }), 'en');
    expect(short.ok ? '' : short.fieldErrors.palette).toMatch(/3.*10/);
    const unbalanced = validateForm(
      form({ palette: [...palette.slice(0, 2), { hex: '#F2C14E', ratio: 30 }] }),
      'zh-CN',
    );
    expect(unbalanced.ok ? '' : unbalanced.fieldErrors.palette).toContain('93.51');
    const three: StudioReference['boxes'] = [
      [0, 0, 10, 10],
      [20, 20, 30, 30],
      [40, 40, 50, 50],
    ];
    const boxes = validateForm(form({ references: [ref('a', three)] }), 'en');
    expect(boxes.ok ? '' : boxes.fieldErrors.boxes).toMatch(/image 1/i);
  });

  it('accepts every two-decimal ratio the editor can produce (0.57 is not 57/100 in floating point)', () => {
    const f = form({
      palette: [
        { hex: '#000000', ratio: 0.57 },
        { hex: '#111111', ratio: 50 },
        { hex: '#222222', ratio: 49.43 },
      ],
    });
    expect(validateForm(f, 'en')).toMatchObject({ ok: true });
  });
});

describe('studio store: references', () => {
  const initial = useStudioStore.getState();
  const studio = () => useStudioStore.getState();
  beforeEach(() => {
    useStudioStore.setState(initial, true);
    useNavigationStore.setState({ view: 'gallery' });
  });

  it('appends in order, skips a file already there and any past nine', () => {
    const letters = 'abcdefghij'.split('');
    const first = studio().addReferences([input('a'), input('b'), input('a')]);
    expect(first.duplicates.map((d) => d.sha256)).toEqual([sha('a')]);
    const second = studio().addReferences(letters.slice(2).map((c) => input(c)));
    expect(second.overflow.map((d) => d.sha256)).toEqual([sha('j')]);
    expect(
      studio()
        .references.map((r) => r.input.sha256[0])
        .join(''),
    ).toBe('abcdefghi');
  });

  it('reorders, edits boxes and removes; the last reference gone brings back 4K', () => {
    studio().setModel('wan2.7-image-pro');
    studio().setSize('4096x4096');
    studio().addReferences([input('a'), input('b')]);
    expect(studio().size).toBe('2048x2048');
    studio().moveReference(1, 0);
    studio().setBoxes(0, [[1, 2, 30, 40]]);
    expect(studio().references.map((r) => [r.input.sha256[0], r.boxes.length])).toEqual([
      ['b', 1],
      ['a', 0],
    ]);
    studio().removeReference(0);
    studio().removeReference(0);
    expect(studio().references).toEqual([]);
    expect(
      sizeGroupsFor('wan2.7-image-pro', false, false)
        .flatMap((g) => g.choices)
        .find((c) => c.id === '4096x4096')!.block,
    ).toBeNull();
  });

  it('"Edit in studio" brings back references in their order, with boxes, and the palette', () => {
    const record = makeRecord({
      size: '2048x2048',
      n: 1,
      parameters: { isSequential: false, thinkingMode: false, palette, watermark: false, responseFormat: 'url' },
    });
    const inputs: GenerationInputView[] = [
      { ...input('b'), index: 1, boxes: [] },
      { ...input('a'), index: 0, boxes: [[5, 6, 70, 80]] },
    ];
    loadIntoStudio(record, inputs);
    expect(useNavigationStore.getState().view).toBe('studio');
    expect(studio().references.map((r) => [r.input.sha256[0], r.boxes])).toEqual([
      ['a', [[5, 6, 70, 80]]],
      ['b', []],
    ]);
    expect(studio().palette).toEqual(palette);
    expect(buildRequestInput(studio()).references?.[0]).toEqual({ sha256: sha('a'), boxes: [[5, 6, 70, 80]] });
    expect(formFromRecord(record).references).toEqual([]);
  });
});
