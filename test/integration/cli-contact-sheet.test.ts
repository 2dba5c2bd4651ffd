import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { BatchView } from '../../src/shared/batch/batch-types';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

// `wan-studio batch --contact-sheet ID DIR`: a real CLI process writes a finished batch's grid.

const ctx = useSimulator({ taskDurationMs: 50 });
const dirs: Array<{ remove: () => void }> = [];
afterAll(() => dirs.forEach((d) => d.remove()));

describe('wan-studio batch --contact-sheet', { timeout: 90_000 }, () => {
  it('writes the grid of a finished batch as a PNG and says where (--json)', async () => {
    const home = tempDir('wan-cli-sheet-');
    const out = tempDir('wan-cli-sheet-out-');
    dirs.push(home, out);
    const env = { WAN_STUDIO_HOME: home.path, WAN_BASE_URL: ctx.sim.baseUrl, WAN_API_KEY: ctx.sim.key };
    const plans = join(out.path, 'plans');
    mkdirSync(plans);
    const file = join(plans, 'plan.csv');
    writeFileSync(file, 'prompt,size\nfox,1024x1024\nfox,1696x960\nowl,1024x1024\nowl,1696x960\n');
    const ran = await runCli(['batch', file, '--name', 'Night animals', '--json'], env);
    expect(ran.code).toBe(0);
    const { batch } = JSON.parse(ran.stdout) as { batch: BatchView };

    const sheets = join(out.path, 'sheets');
    const made = await runCli(['batch', '--contact-sheet', batch.id, sheets, '--x', 'size', '--json'], env);
    expect(made.code).toBe(0);
    const { contactSheet } = JSON.parse(made.stdout) as {
      contactSheet: { path: string; width: number; height: number; rows: number; images: number };
    };
    expect(contactSheet).toMatchObject({ path: join(sheets, 'Night animals contact sheet.png'), rows: 4, images: 4 });
    const meta = await sharp(contactSheet.path).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', contactSheet.width, contactSheet.height]);

    const missing = await runCli(['batch', '--contact-sheet', 'b_nosuch', sheets], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no batch b_nosuch/);
    const usage = await runCli(['batch', '--contact-sheet', batch.id], env);
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toMatch(/a batch id and a folder/);
  });
});
