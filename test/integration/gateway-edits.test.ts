import { describe, expect, it } from 'vitest';
import type { PreparedReference } from '../../src/main/services/providers/provider-types';
import { runTask } from '../../src/main/services/providers/run-task';
import { WanError } from '../../src/main/services/wan-error';
import type { SeededGenerationRequest } from '../../src/shared/generation-request';
import { pixelAt, pngReference, summaryOf } from '../helpers/references';
import { FAST_POLL, clientFor, request, useSimulator } from '../helpers/simulator';

// Reference images through an OpenAI-compatible gateway: new-api's JSON edit, the multipart
// fallback, the palette styles, and the sentences for what a gateway or a style cannot carry.

const ctx = useSimulator();
const lastReceived = () => ctx.sim.state.received.at(-1)!;

async function failure(p: Promise<unknown>): Promise<WanError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WanError);
  return err as WanError;
}

const PALETTE = [
  { hex: '#C2D1E6', ratio: 23.51 },
  { hex: '#1F2A44', ratio: 40 },
  { hex: '#F2C14E', ratio: 36.49 },
];

async function twoReferences(
  overrides: Partial<SeededGenerationRequest> = {},
): Promise<{ refs: PreparedReference[]; req: SeededGenerationRequest }> {
  const refs = [await pngReference(400, 300, [200, 30, 30]), await pngReference(600, 400, [30, 30, 200])];
  const req = request({
    mode: 'sync',
    thinkingMode: false,
    references: [
      { sha256: refs[0]!.sha256, boxes: [] },
      { sha256: refs[1]!.sha256, boxes: [[360, 280, 540, 340]] },
    ],
    palette: PALETTE,
    ...overrides,
  });
  return { refs, req };
}

describe('gateway edits against the simulator', () => {
  it('sends new-api’s JSON edit: exactly model, prompt, response_format, input and parameters', async () => {
    const client = clientFor(ctx.sim, { paletteStyle: 'structured' });
    const { refs, req } = await twoReferences();
    const created = await client.create(req, { references: refs });
    expect(created.kind).toBe('images');
    if (created.kind !== 'images') return;
    expect(created.usage).toMatchObject({ size: '1024*1024', imageCount: 1, generatedImages: 1 });
    const received = lastReceived();
    expect(received.route).toBe('POST /v1/images/edits');
    expect(received.contentType).toMatch(/^application\/json/);
    const body = received.json as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['input', 'model', 'parameters', 'prompt', 'response_format']);
    expect(body.input).toEqual({
      messages: [
        {
          role: 'user',
          content: [{ image: summaryOf(refs[0]!) }, { image: summaryOf(refs[1]!) }, { text: req.prompt }],
        },
      ],
    });
    expect(body.parameters).toEqual({
      size: '1024*1024',
      n: 1,
      seed: 42,
      watermark: false,
      enable_sequential: false,
      thinking_mode: false,
      bbox_list: [[], [[360, 280, 540, 340]]],
      color_palette: [
        { hex: '#C2D1E6', ratio: '23.51%' },
        { hex: '#1F2A44', ratio: '40.00%' },
        { hex: '#F2C14E', ratio: '36.49%' },
      ],
    });
    const { bytes } = await client.download(created.images[0]!.url!);
    expect(await pixelAt(bytes, 20, 20)).toEqual([200, 30, 30]);
    expect(await pixelAt(bytes, 748, 716)).toEqual([255, 220, 0]);
  });

  it('asks for a task when the request is async, and follows it', async () => {
    const client = clientFor(ctx.sim);
    const { refs, req } = await twoReferences({ mode: 'async', palette: undefined });
    const outcome = await runTask(client, req, { references: refs, timing: FAST_POLL });
    expect(outcome.taskId).toMatch(/^task_/);
    expect(outcome.images).toHaveLength(1);
    expect(lastReceived().json).toMatchObject({ async: true });
  });

  it('falls back to the multipart form: image files, prompt, model, n, response_format, watermark', async () => {
    const client = clientFor(ctx.sim, { editStyle: 'multipart' });
    const refs = [await pngReference(300, 300, [1, 2, 3]), await pngReference(500, 260, [4, 5, 6])];
    const req = request({
      mode: 'sync',
      thinkingMode: false,
      references: refs.map((r) => ({ sha256: r.sha256, boxes: [] })),
    });
    const created = await client.create(req, { references: refs });
    expect(created.kind === 'images' && created.images).toHaveLength(1);
    const { form } = lastReceived();
    expect(Object.keys(form!.fields).sort()).toEqual(['model', 'n', 'prompt', 'response_format', 'watermark']);
    expect(form!.fields).toMatchObject({ n: ['1'], model: ['wan2.7-image'], watermark: ['false'] });
    expect(form!.files.map((f) => [f.field, f.type, f.sha256])).toEqual(
      refs.map((r) => ['image', 'image/png', r.sha256]),
    );
    // Size was dropped: upstream's 2K, shaped like the last reference.
    expect(created.kind === 'images' && created.usage?.size).toBe('2848*1472');
  });

  it('refuses boxes, a palette or a set in the multipart style before anything is sent', async () => {
    const client = clientFor(ctx.sim, { editStyle: 'multipart' });
    const { refs, req } = await twoReferences();
    const before = ctx.sim.state.received.length;
    let isSending = false;
    const err = await failure(client.create(req, { references: refs, onSending: () => (isSending = true) }));
    expect(err).toMatchObject({ code: 'invalid_request', field: 'references', isRetryable: false });
    expect(err.detail).toMatch(
      /multipart form, which cannot carry boxes on reference images: set its edit style to JSON/,
    );
    expect(err.detail).toMatch(/参考图上的框选/);
    const set = await failure(
      client.create(
        {
          ...req,
          references: req.references!.map((r) => ({ ...r, boxes: [] })),
          palette: undefined,
          isSequential: true,
        },
        { references: refs },
      ),
    );
    expect(set.detail).toMatch(/cannot carry an image set/);
    expect(isSending).toBe(false);
    expect(ctx.sim.state.received.length).toBe(before);
  });

  it('gives a plain sentence when the gateway refuses edits, not a raw 404/405', async () => {
    const client = clientFor(ctx.sim);
    const { refs, req } = await twoReferences({ palette: undefined });
    for (const directive of [
      '[[sim status=405]]',
      '[[sim status=404 code=NotFound message=Invalid_URL_(POST_/v1/images/edits)]]',
    ]) {
      const err = await failure(client.create({ ...req, prompt: `${req.prompt} ${directive}` }, { references: refs }));
      expect(err).toMatchObject({ code: 'invalid_request', field: 'references' });
      expect(err.detail).toMatch(/^This gateway refused reference images at \/images\/edits \(HTTP 40[45]/);
      expect(err.detail).toMatch(/Try the multipart edit style/);
    }
    // A model the gateway does not know stays "not found", not "edits refused".
    const model = await failure(
      client.create({ ...req, prompt: `${req.prompt} [[sim status=404]]` }, { references: refs }),
    );
    expect(model.code).toBe('not_found');
  });

  it('sends the exact palette of a text-to-image request as text, or structured when the profile says', async () => {
    const text = clientFor(ctx.sim);
    await text.create(request({ mode: 'sync', palette: PALETTE, colorPalette: '暖色调' }));
    expect(lastReceived().route).toBe('POST /v1/images/generations');
    expect((lastReceived().json as { parameters: object }).parameters).toMatchObject({
      color_palette: '暖色调; #C2D1E6 23.51%, #1F2A44 40.00%, #F2C14E 36.49%',
    });
    const structured = clientFor(ctx.sim, { paletteStyle: 'structured' });
    await structured.create(request({ mode: 'sync', palette: PALETTE }));
    expect((lastReceived().json as { parameters: { color_palette: unknown } }).parameters.color_palette).toEqual([
      { hex: '#C2D1E6', ratio: '23.51%' },
      { hex: '#1F2A44', ratio: '40.00%' },
      { hex: '#F2C14E', ratio: '36.49%' },
    ]);
    // The simulator checks a structured palette as upstream does: ratios must sum to 100.00%.
    const err = await failure(
      structured.create(request({ mode: 'sync', palette: [...PALETTE.slice(0, 2), { hex: '#F2C14E', ratio: 30 }] })),
    );
    expect(err).toMatchObject({ code: 'invalid_request', field: 'color_palette' });
  });

  it('reports what the connection test learned', async () => {
    const report = await clientFor(ctx.sim, { editStyle: 'multipart' }).testConnection();
    expect(report.models).toContain('wan2.7-image-pro');
    expect(report.notes[0]).toBe('The gateway lists wan2.7-image-pro and wan2.7-image.');
    expect(report.notes[1]).toMatch(/multipart form/);
  });
});
