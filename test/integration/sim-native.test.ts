import { describe, expect, it } from 'vitest';
import { pngReference } from '../helpers/references';
import { useSimulator } from '../helpers/simulator';
import type { PreparedReference } from '../../src/main/services/providers/provider-types';

// The simulator's native routes refuse what upstream refuses, with upstream's codes and body shape,
// and fill in upstream's defaults when a field is absent (so a client leaning on them shows).

const ctx = useSimulator({ taskDurationMs: 50 });
const uri = (ref: PreparedReference): string => `data:${ref.mime};base64,${Buffer.from(ref.bytes).toString('base64')}`;

async function post(
  parameters: Record<string, unknown>,
  images: string[] = [],
  model = 'wan2.7-image',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${ctx.sim.nativeBaseUrl}/services/aigc/multimodal-generation/generation`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.sim.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model,
      input: {
        messages: [
          { role: 'user', content: [{ text: `sim native ${Date.now()}` }, ...images.map((image) => ({ image }))] },
        ],
      },
      parameters,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('the simulator’s native DashScope routes', () => {
  it('uses upstream’s defaults when a field is absent: 4 images, 2K', async () => {
    const { status, body } = await post({});
    expect(status).toBe(200);
    expect(body.usage).toMatchObject({ image_count: 4, size: '2048*2048' });
    expect(Object.keys(body).sort()).toEqual(['output', 'request_id', 'usage']);
  });

  it('refuses inputs as upstream does, with {request_id, code, message}', async () => {
    const small = await pngReference(100, 100, [0, 0, 0]);
    const ok = await pngReference(300, 300, [0, 0, 0]);
    const cases: Array<[Record<string, unknown>, string[], string, RegExp, string?]> = [
      [{ n: 1 }, ['https://example.com/a.png'], 'InvalidURL', /does not download URLs/],
      [{ n: 1 }, [uri(small)], 'InvalidParameter', /100x100: each side must be 240–8000 px/],
      [{ n: 1 }, ['data:image/png;base64,AAAA'], 'InvalidParameter', /could not be decoded/],
      [
        {
          n: 1,
          bbox_list: [
            [
              [0, 0, 10, 10],
              [0, 0, 20, 20],
              [0, 0, 30, 30],
            ],
          ],
        },
        [uri(ok)],
        'InvalidParameter',
        /at most 2 per image/,
      ],
      [{ n: 1, bbox_list: [] }, [uri(ok)], 'InvalidParameter', /0 entries but there are 1 input images/],
      [{ n: 1, enable_sequential: true, bbox_list: [[]] }, [uri(ok)], 'InvalidParameter', /enable_sequential/],
      [
        {
          n: 1,
          color_palette: [
            { hex: '#000000', ratio: 50 },
            { hex: '#FFFFFF', ratio: 25 },
            { hex: '#FF0000', ratio: 25 },
          ],
        },
        [],
        'InvalidParameter',
        /not a string like "23.51%"/,
      ],
      [
        { n: 1, size: '4K' },
        [uri(ok)],
        'InvalidParameter',
        /4K is only for wan2.7-image-pro text-to-image/,
        'wan2.7-image-pro',
      ],
      [{ n: 5 }, [], 'InvalidParameter', /n must be between 1 and 4/],
      [{ n: 1, size: '2048x2048' }, [], 'InvalidParameter', /neither 1K, 2K, 4K nor W\*H/],
    ];
    for (const [parameters, images, code, message, model] of cases) {
      const { status, body } = await post(parameters, images, model);
      expect(status, JSON.stringify(parameters)).toBe(400);
      expect(Object.keys(body).sort()).toEqual(['code', 'message', 'request_id']);
      expect(body.code).toBe(code);
      expect(body.message).toMatch(message);
    }
  });

  it('wants X-DashScope-Async on the async route, answers an unknown task with UNKNOWN, and a bad key natively', async () => {
    const res = await fetch(`${ctx.sim.nativeBaseUrl}/services/aigc/image-generation/generation`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.sim.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'wan2.7-image',
        input: { messages: [{ role: 'user', content: [{ text: 'x' }] }] },
      }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'AccessDenied' });
    const task = await fetch(`${ctx.sim.nativeBaseUrl}/tasks/nope`, {
      headers: { authorization: `Bearer ${ctx.sim.key}` },
    });
    expect(await task.json()).toMatchObject({ output: { task_id: 'nope', task_status: 'UNKNOWN' } });
    const denied = await fetch(`${ctx.sim.nativeBaseUrl}/tasks/nope`, { headers: { authorization: 'Bearer wrong' } });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ code: 'InvalidApiKey' });
  });
});
