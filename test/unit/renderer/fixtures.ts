import type { GenerationView, ImageView } from '../../../src/shared/contract';
import type { GenerationRecord } from '../../../src/shared/library-types';

export function makeRecord(patch: Partial<GenerationRecord> = {}): GenerationRecord {
  return {
    id: 'gen-1',
    createdAt: 1_000,
    updatedAt: 1_000,
    status: 'queued',
    model: 'wan2.7-image-pro',
    prompt: '一只在雨夜霓虹街头的橘猫',
    size: '2688x1536',
    n: 3,
    seed: 424242,
    parameters: {
      isSequential: false,
      thinkingMode: false,
      colorPalette: '冷色调',
      watermark: true,
      responseFormat: 'url',
    },
    mode: 'sync',
    providerProfile: 'p1',
    baseUrl: 'http://127.0.0.1:9',
    taskId: null,
    progress: 0,
    revisedPrompts: [],
    usage: null,
    error: null,
    submittedAt: null,
    finishedAt: null,
    rerunOf: null,
    ...patch,
  };
}

export function makeImage(generationId: string, index: number): ImageView {
  return {
    id: `${generationId}-img-${index}`,
    generationId,
    index,
    setSize: 1,
    isSequential: false,
    url: `/media/${generationId}/${index}.png`,
    thumbUrl: null,
    filePath: `/lib/${generationId}/${index}.png`,
    width: 1024,
    height: 1024,
    bytes: 100,
    mime: 'image/png',
    isFavorite: false,
    createdAt: 2_000,
    deletedAt: null,
    prompt: 'p',
    model: 'wan2.7-image-pro',
    size: '1024x1024',
    seed: 1,
    tags: [],
  };
}

export function makeView(patch: Partial<GenerationRecord> = {}, imageCount = 0): GenerationView {
  const generation = makeRecord(patch);
  return { generation, images: Array.from({ length: imageCount }, (_, i) => makeImage(generation.id, i)), inputs: [] };
}
