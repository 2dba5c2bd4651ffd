import { beforeEach, describe, expect, it } from 'vitest';
import { useNavigationStore } from '../../../src/renderer/src/app/navigation-store';
import { loadIntoStudio, useStudioStore } from '../../../src/renderer/src/features/studio/studio-store';
import { makeRecord } from './fixtures';

const initial = useStudioStore.getState();
const studio = () => useStudioStore.getState();

beforeEach(() => {
  useStudioStore.setState(initial, true);
  useNavigationStore.setState({ view: 'studio' });
});

describe('studio store', () => {
  it('starts unlocked with an empty seed, async, thinking on', () => {
    expect(studio()).toMatchObject({ seedText: '', isSeedLocked: false, mode: 'async', thinkingMode: true, n: 1 });
  });

  it('locks the seed when one is typed and unlocks when it is cleared', () => {
    studio().setSeedText('123');
    expect(studio().isSeedLocked).toBe(true);
    studio().setSeedText('');
    expect(studio().isSeedLocked).toBe(false);
  });

  it('the dice draws a seed and locks it', () => {
    studio().rollSeed(() => 0.25);
    expect(studio()).toMatchObject({ seedText: '536870912', isSeedLocked: true });
  });

  it('unlocking keeps the text so locking again restores it', () => {
    studio().setSeedText('9');
    studio().setSeedLocked(false);
    expect(studio()).toMatchObject({ seedText: '9', isSeedLocked: false });
    studio().setSeedLocked(true);
    expect(studio().isSeedLocked).toBe(true);
  });

  it('switches image sets on at 4 images from a single one, and back to 1 when switched off', () => {
    expect(studio().n).toBe(1);
    studio().setSequential(true);
    expect(studio().n).toBe(4);
    studio().setSequential(false);
    expect(studio().n).toBe(1);
  });

  it('clamps 12 images to 4 when leaving image-set mode', () => {
    studio().setSequential(true);
    studio().setN(12);
    studio().setSequential(false);
    expect(studio().n).toBe(4);
  });

  it('applies settings defaults once, and not over a touched form', () => {
    studio().applyDefaults({ defaultModel: 'wan2.7-image', defaultSize: '1024x1024' });
    expect(studio()).toMatchObject({ model: 'wan2.7-image', size: '1024x1024' });
    studio().applyDefaults({ defaultModel: 'wan2.7-image-pro', defaultSize: '4096x4096' });
    expect(studio().model).toBe('wan2.7-image');
  });

  it('does not apply defaults after the person has edited the form', () => {
    studio().setModel('wan2.7-image');
    studio().applyDefaults({ defaultModel: 'wan2.7-image-pro', defaultSize: '4096x4096' });
    expect(studio().model).toBe('wan2.7-image');
  });

  it('loadIntoStudio fills the form and switches to the studio view', () => {
    useNavigationStore.setState({ view: 'gallery' });
    loadIntoStudio(makeRecord({ prompt: 'from the gallery', size: '1104x1472', n: 2, seed: 5 }));
    expect(studio()).toMatchObject({ prompt: 'from the gallery', size: '1104x1472', n: 2, seedText: '5' });
    expect(useNavigationStore.getState().view).toBe('studio');
  });

  it('recalls history with ↑ and returns to the draft with ↓', () => {
    studio().setHistory(['newest', 'older']);
    studio().setPrompt('draft');
    expect(studio().recallPrompt('older')).toBe(true);
    expect(studio().prompt).toBe('newest');
    studio().recallPrompt('older');
    expect(studio().prompt).toBe('older');
    expect(studio().recallPrompt('older')).toBe(false);
    studio().recallPrompt('newer');
    studio().recallPrompt('newer');
    expect(studio().prompt).toBe('draft');
  });

  it('remembers a generated prompt at the front of the history', () => {
    studio().setHistory(['a', 'b']);
    studio().rememberPrompt('b');
    expect(studio().recall.history).toEqual(['b', 'a']);
  });
});
