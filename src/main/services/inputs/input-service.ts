import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { Box } from '../../../shared/capabilities';
import { fieldMessage, type Locale } from '../../../shared/i18n-messages';
import type { ImageStore } from '../library/image-store';
import type { LibraryRepository } from '../library/library-repository';
import type { PreparedReference } from '../providers/provider-types';
import { WanError } from '../wan-error';
import { InputRepository, type InputRecord } from './input-repository';
import { prepareReference } from './reference-prep';

// Reference images in the library: prepared once (reference-prep.ts), stored by the sha256 of the
// bytes that will be sent, one file however many generations use it, and read back in request
// order when a job sends them.

export type InputLibrary = { repo: LibraryRepository; store: ImageStore };
export type ReferenceInput = { sha256: string; boxes: readonly Box[] };

export const inputRelPath = (sha256: string, ext: string): string => `inputs/${sha256.slice(0, 2)}/${sha256}.${ext}`;

export class InputService {
  readonly repo: InputRepository;

  constructor(
    private readonly library: InputLibrary,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new InputRepository(library.repo.db);
  }

  /** Checks, prepares and stores a file; the same picture again is the same input. */
  async add(bytes: Uint8Array, label: string, locale: Locale = 'en'): Promise<InputRecord> {
    const prepared = await prepareReference(bytes, label, locale);
    const sha256 = createHash('sha256').update(prepared.bytes).digest('hex');
    const known = this.repo.getInput(sha256);
    const relPath = known?.path ?? inputRelPath(sha256, prepared.ext);
    if (!known || !(await this.hasFile(known))) {
      await this.library.store.writeFileAt(relPath, sha256, prepared.bytes);
    }
    return this.repo.insertInput({
      sha256,
      path: relPath,
      mime: prepared.mime,
      width: prepared.width,
      height: prepared.height,
      bytes: prepared.bytes.byteLength,
      note: prepared.note,
      createdAt: this.now(),
    });
  }

  /** A library image as a reference ("Use as reference"). */
  async fromImage(imageId: string, locale: Locale = 'en'): Promise<InputRecord> {
    const generationId = this.library.repo.generationIdOfImage(imageId);
    const image = generationId
      ? this.library.repo.imagesOf(generationId, true).find((i) => i.id === imageId)
      : undefined;
    if (!image) throw new WanError('not_in_library', { detail: `no image ${imageId}`, isRetryable: false });
    const bytes = await readFile(this.library.store.absolute(image.path)).catch((err: unknown) => {
      throw new WanError('disk', { detail: `${image.path} cannot be read: ${String(err)}`, cause: err });
    });
    return this.add(bytes, imageId, locale);
  }

  get(sha256: string): InputRecord {
    const input = this.repo.getInput(sha256);
    if (!input) throw new WanError('not_in_library', { detail: `no input ${sha256}`, isRetryable: false });
    return input;
  }

  /**
   * Before anything is recorded or sent: every reference is a stored input, and every box lies
   * inside its image (shared validation could not know the images' sizes).
   */
  checkReferences(references: readonly ReferenceInput[], locale: Locale = 'en'): void {
    references.forEach((ref, i) => {
      const input = this.repo.getInput(ref.sha256);
      if (!input)
        throw new WanError('invalid_input', {
          field: 'references',
          detail: fieldMessage('references.unknown', locale, { image: i + 1, sha: ref.sha256.slice(0, 12) }),
          isRetryable: false,
        });
      const isOutside = ref.boxes.some(([, , x2, y2]) => x2 > input.width || y2 > input.height);
      if (isOutside)
        throw new WanError('invalid_input', {
          field: 'boxes',
          detail: fieldMessage('boxes.outside', locale, { image: i + 1, width: input.width, height: input.height }),
          isRetryable: false,
        });
    });
  }

  /** The stored files' bytes, in request order, each checked against its sha256 before it is sent. */
  async prepared(references: readonly ReferenceInput[]): Promise<PreparedReference[]> {
    return Promise.all(
      references.map(async (ref) => {
        const input = this.get(ref.sha256);
        const abs = this.library.store.absolute(input.path);
        const bytes = await readFile(abs).catch((err: unknown) => {
          throw new WanError('disk', { detail: `reference ${input.path} cannot be read`, cause: err });
        });
        if (createHash('sha256').update(bytes).digest('hex') !== input.sha256)
          throw new WanError('disk', { detail: `reference ${input.path} differs from its record`, isRetryable: false });
        return {
          sha256: input.sha256,
          mime: input.mime as PreparedReference['mime'],
          width: input.width,
          height: input.height,
          bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        };
      }),
    );
  }

  private async hasFile(input: InputRecord): Promise<boolean> {
    return stat(this.library.store.absolute(input.path)).then(
      (s) => s.size === input.bytes,
      () => false,
    );
  }
}
