import { beforeEach, describe, expect, it } from 'vitest';
import { useNavigationStore } from '../../../src/renderer/src/app/navigation-store';
import { applyPresetToStudio } from '../../../src/renderer/src/features/prompts/prompt-actions';
import { usePromptLibrary } from '../../../src/renderer/src/features/prompts/prompt-library-store';
import { useStudioStore } from '../../../src/renderer/src/features/studio/studio-store';
import { presetBodySchema, type Preset } from '../../../src/shared/prompts/preset';

const initial = useStudioStore.getState();
const studio = () => useStudioStore.getState();

const preset = (body: Partial<Preset>): Preset => ({
  ...presetBodySchema.parse({}),
  id: 'pre_1',
  name: 'p',
  createdAt: 0,
  updatedAt: 0,
  ...body,
});

beforeEach(() => {
  useStudioStore.setState(initial, true);
  useNavigationStore.setState({ view: 'gallery' });
  usePromptLibrary.setState({ isOpen: true });
});

describe('applying a style preset to the studio', () => {
  it('puts its fragments, model, a size only that model offers, and options in the form, and opens the studio', () => {
    studio().setPrompt('a fox');
    applyPresetToStudio(
      preset({
        prefix: 'ink wash',
        options: { model: 'wan2.7-image-pro', size: '4096x4096', thinkingMode: false, n: 3 },
      }),
    );
    expect(studio()).toMatchObject({
      prompt: 'ink wash, a fox',
      model: 'wan2.7-image-pro',
      size: '4096x4096',
      thinkingMode: false,
      n: 3,
    });
    expect(useNavigationStore.getState().view).toBe('studio');
    expect(usePromptLibrary.getState().isOpen).toBe(false);
  });

  it('leaves what the preset does not name, and replaces the palette only when it has one', () => {
    studio().setPrompt('a fox');
    studio().setWatermark(true);
    const palette = [
      { hex: '#112233', ratio: 40 },
      { hex: '#445566', ratio: 30 },
      { hex: '#778899', ratio: 30 },
    ];
    studio().setPalette(palette);
    applyPresetToStudio(preset({ suffix: 'soft light' }));
    expect(studio()).toMatchObject({ prompt: 'a fox, soft light', watermark: true, palette });
    applyPresetToStudio(preset({ palette: [{ hex: '#000000', ratio: 100 }] }));
    expect(studio().palette).toEqual([{ hex: '#000000', ratio: 100 }]);
  });
});
