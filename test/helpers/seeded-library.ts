import { newGenerationId } from '../../src/main/services/jobs/job-records';
import { imageIdFor } from '../../src/main/services/jobs/job-engine';
import type { Library } from '../../src/main/services/library/library';
import { newImageFrom, type NewImage } from '../../src/main/services/library/library-repository';
import { renderPng } from '../../src/main/services/simulator/png-render';
import type { GenerationParameters, GenerationWithImages } from '../../src/shared/library-types';

// Finished generations with real PNG files, written through the library's own store and
// repository (as a job would), without a gateway: for export, import and library-care tests.

export type SeedSpec = {
  prompt: string;
  seed?: number;
  n?: number;
  model?: string;
  size?: string;
  createdAt?: number;
  revisedPrompts?: string[];
  parameters?: Partial<GenerationParameters>;
  /** Pixel size of the files (small by default, so tests stay quick). */
  pixels?: { width: number; height: number };
};

let clock = Date.UTC(2026, 10, 20, 8, 30, 0);

export async function seedGeneration(library: Library, spec: SeedSpec): Promise<GenerationWithImages> {
  const createdAt = spec.createdAt ?? (clock += 60_000);
  const id = newGenerationId(createdAt);
  const n = spec.n ?? 1;
  const seed = spec.seed ?? 1234;
  const parameters: GenerationParameters = {
    isSequential: n > 1,
    thinkingMode: true,
    watermark: false,
    responseFormat: 'url',
    ...spec.parameters,
  };
  library.repo.insertGeneration({
    id,
    createdAt,
    status: 'downloading',
    model: spec.model ?? 'wan2.7-image-pro',
    prompt: spec.prompt,
    size: spec.size ?? '2048x2048',
    n,
    seed,
    parameters,
    mode: 'async',
    providerProfile: 'test',
    baseUrl: 'http://127.0.0.1:1',
    rerunOf: null,
  });
  const images: NewImage[] = [];
  const { width, height } = spec.pixels ?? { width: 96, height: 96 };
  for (let index = 0; index < n; index++) {
    const imageId = imageIdFor(id, index);
    const png = renderPng({ prompt: spec.prompt, seed, width, height, index, total: n });
    const stored = await library.store.writeBuffer(imageId, png, { createdAt: new Date(createdAt) });
    images.push(newImageFrom(stored, { id: imageId, generationId: id, index, createdAt }));
  }
  library.repo.commitImages(id, images, { revisedPrompts: spec.revisedPrompts ?? [], finishedAt: createdAt });
  return library.repo.getWithImages(id)!;
}

export async function seedLibrary(library: Library, specs: readonly SeedSpec[]): Promise<GenerationWithImages[]> {
  const out: GenerationWithImages[] = [];
  for (const spec of specs) out.push(await seedGeneration(library, spec));
  return out;
}
