import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayClient } from '../../src/main/services/providers/gateway-client';
import type { CreateOptions, PreparedReference } from '../../src/main/services/providers/provider-types';
import { InputService } from '../../src/main/services/inputs/input-service';
import { backupLibrary, restoreLibrary } from '../../src/main/services/library/library-backup';
import { emptyTrash, GalleryRepository } from '../../src/main/services/library/gallery-repository';
import { openLibrary } from '../../src/main/services/library/library';
import type { GenerationRequest, SeededGenerationRequest } from '../../src/shared/generation-request';
import { engineRig, tempDir, type EngineRig } from '../helpers/library';
import { solidJpeg, solidPng } from '../helpers/images';
import { useSimulator } from '../helpers/simulator';

const ctx = useSimulator({ taskDurationMs: 100 });
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The real gateway client, noting the references each create was given (in order, with bytes). */
class RecordingClient extends GatewayClient {
  readonly sent: PreparedReference[][] = [];
  override create(req: SeededGenerationRequest, opts: CreateOptions = {}): ReturnType<GatewayClient['create']> {
    this.sent.push([...(opts.references ?? [])]);
    return super.create(req, opts);
  }
}

function rig(home?: string): EngineRig & { client: RecordingClient; inputs: InputService } {
  const client = new RecordingClient({ baseUrl: ctx.sim.baseUrl, apiKey: ctx.sim.key });
  const r = engineRig(ctx.sim, home, { client });
  cleanups.push(() => r.close());
  return { ...r, client, inputs: new InputService(r.library) };
}

const PALETTE = [
  { hex: '#C2D1E6', ratio: 23.51 },
  { hex: '#1F2A44', ratio: 40 },
  { hex: '#F2C14E', ratio: 36.49 },
];

function editRequest(refs: GenerationRequest['references'], extra: Partial<GenerationRequest> = {}): GenerationRequest {
  return {
    model: 'wan2.7-image',
    prompt: `edit ${Date.now()} ${Math.random()}`,
    size: '1024x1024',
    n: 1,
    isSequential: false,
    thinkingMode: false,
    watermark: false,
    responseFormat: 'url',
    mode: 'async',
    references: refs,
    palette: PALETTE,
    ...extra,
  };
}

describe('reference images in the library', { timeout: 30_000 }, () => {
  it('stores one file for the same picture however many generations use it', async () => {
    const { engine, inputs, library } = rig();
    const png = await solidPng(640, 480, '#ff0000');
    const a = await inputs.add(png, '1 (a.png)');
    const again = await inputs.add(Buffer.from(png), '1 (copy.png)');
    expect(again.sha256).toBe(a.sha256);
    const first = engine.start(editRequest([{ sha256: a.sha256, boxes: [] }]));
    const second = engine.start(editRequest([{ sha256: a.sha256, boxes: [[0, 0, 100, 100]] }]));
    await engine.wait(first.generationId);
    await engine.wait(second.generationId);
    const files = readdirSync(join(library.home, 'inputs', a.sha256.slice(0, 2)));
    expect(files).toEqual([`${a.sha256}.png`]);
    expect(inputs.repo.inputsOf(second.generationId)).toMatchObject([{ sha256: a.sha256, boxes: [[0, 0, 100, 100]] }]);
  });

  it('sends the references in order with the stored bytes, and rerun and vary carry references, boxes and palette', async () => {
    const { engine, inputs, client, library } = rig();
    const one = await inputs.add(await solidPng(640, 480, '#ff0000'), '1');
    const two = await inputs.add(await solidJpeg(800, 600, '#00ff00'), '2');
    const refs = [
      { sha256: two.sha256, boxes: [] },
      { sha256: one.sha256, boxes: [[10, 20, 300, 400] as [number, number, number, number]] },
    ];
    const { generationId } = engine.start(editRequest(refs));
    const done = await engine.wait(generationId);
    expect(done.generation.status).toBe('done');
    expect(done.generation.parameters.palette).toEqual(PALETTE);
    const sent = client.sent.at(-1)!;
    expect(sent.map((r) => [r.sha256, r.mime, r.width, r.height])).toEqual([
      [two.sha256, 'image/jpeg', 800, 600],
      [one.sha256, 'image/png', 640, 480],
    ]);
    expect(Buffer.from(sent[1]!.bytes).equals(readFileSync(library.store.absolute(one.path)))).toBe(true);

    for (const newSeed of [false, true]) {
      const rerun = engine.rerun(generationId, { newSeed });
      const again = await engine.wait(rerun.generationId);
      expect(again.generation.parameters.palette).toEqual(PALETTE);
      expect(inputs.repo.referencesOf(rerun.generationId)).toEqual(refs);
      expect(client.sent.at(-1)!.map((r) => r.sha256)).toEqual([two.sha256, one.sha256]);
    }
  });

  it('refuses a box outside its image and an unknown input before anything is recorded or sent', async () => {
    const { engine, inputs, client, library } = rig();
    const one = await inputs.add(await solidPng(640, 480), '1');
    const before = library.repo.listGenerations().length;
    expect(() => engine.start(editRequest([{ sha256: one.sha256, boxes: [[0, 0, 641, 100]] }]))).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        field: 'boxes',
        detail: 'A box on reference image 1 reaches outside it (640×480 px).',
      }),
    );
    expect(() => engine.start(editRequest([{ sha256: 'a'.repeat(64), boxes: [] }]))).toThrow(
      expect.objectContaining({ code: 'invalid_input', field: 'references' }),
    );
    expect(library.repo.listGenerations()).toHaveLength(before);
    expect(client.sent).toHaveLength(0);
  });

  it('backs up and restores the inputs; emptying the trash keeps inputs still used', async () => {
    const { engine, inputs, library } = rig();
    const shared = await inputs.add(await solidPng(640, 480, '#123456'), '1');
    const only = await inputs.add(await solidPng(500, 500, '#654321'), '2');
    const g1 = engine.start(
      editRequest([
        { sha256: shared.sha256, boxes: [] },
        { sha256: only.sha256, boxes: [] },
      ]),
    );
    const g2 = engine.start(editRequest([{ sha256: shared.sha256, boxes: [] }]));
    const [e1] = [await engine.wait(g1.generationId), await engine.wait(g2.generationId)];
    await engine.idle();

    const backup = tempDir('wan-inputs-backup-');
    cleanups.push(() => backup.remove());
    const folder = join(backup.path, 'b');
    await backupLibrary(library, folder);
    expect(existsSync(join(folder, shared.path))).toBe(true);
    const restoredHome = tempDir('wan-inputs-restore-');
    cleanups.push(() => restoredHome.remove());
    await restoreLibrary(folder, restoredHome.path);
    const restored = openLibrary(restoredHome.path);
    cleanups.push(() => restored.close());
    expect(new InputService(restored).repo.referencesOf(g1.generationId).map((r) => r.sha256)).toEqual([
      shared.sha256,
      only.sha256,
    ]);
    expect(
      readFileSync(join(restoredHome.path, only.path)).equals(readFileSync(library.store.absolute(only.path))),
    ).toBe(true);

    const gallery = new GalleryRepository(library.db);
    gallery.trash(e1!.images.map((i) => i.id));
    await emptyTrash(gallery, library.store, undefined);
    expect(library.repo.getGeneration(g1.generationId)).toBeUndefined();
    expect(existsSync(library.store.absolute(shared.path))).toBe(true);
    expect(inputs.repo.getInput(shared.sha256)).toBeDefined();
    expect(existsSync(library.store.absolute(only.path))).toBe(false);
    expect(inputs.repo.getInput(only.sha256)).toBeUndefined();
  });
});
