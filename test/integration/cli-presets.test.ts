import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

// `wan-studio presets` and `generate --preset NAME` in real CLI processes against the simulator.

const ctx = useSimulator({ taskDurationMs: 50 });
const dirs: Array<{ remove: () => void }> = [];
afterAll(() => dirs.forEach((d) => d.remove()));

function library(): Record<string, string> {
  const dir = tempDir('wan-cli-presets-');
  dirs.push(dir);
  return { WAN_STUDIO_HOME: dir.path, WAN_BASE_URL: ctx.sim.baseUrl, WAN_API_KEY: ctx.sim.key };
}

describe('wan-studio presets and generate --preset', { timeout: 120_000 }, () => {
  it('saves a preset and applies it to generate, flags given on the command line winning', async () => {
    const env = library();
    const saved = await runCli(
      [
        'presets',
        'save',
        '水彩',
        '--prefix',
        '水彩画',
        '--suffix',
        'soft light',
        '--no-thinking',
        '--model',
        'wan2.7-image-pro',
        '--json',
      ],
      env,
    );
    expect(saved.stderr).toBe('');
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({
      preset: {
        name: '水彩',
        prefix: '水彩画',
        suffix: 'soft light',
        options: { thinkingMode: false, model: 'wan2.7-image-pro' },
      },
    });

    const made = await runCli(['generate', '一只狐狸', '--preset', '水彩', '--model', 'wan2.7-image', '--json'], env);
    expect(made.code).toBe(0);
    const sent = [...ctx.sim.state.tasks.values()].find((t) => t.request.prompt.includes('一只狐狸'));
    expect(sent?.request.prompt).toBe('水彩画\uFF0C一只狐狸\uFF0Csoft light');
    expect(sent?.request.thinkingMode).toBe(false);
    // --model was typed: it wins over the preset's.
    expect(sent?.request.model).toBe('wan2.7-image');

    const listed = await runCli(['presets', '--json'], env);
    expect((JSON.parse(listed.stdout) as { presets: { name: string }[] }).presets.map((p) => p.name)).toEqual(['水彩']);
    const missing = await runCli(['generate', 'x', '--preset', 'nope'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no preset named "nope"');
    expect((await runCli(['presets', 'delete', '水彩'], env)).code).toBe(0);
    expect((await runCli(['presets', 'delete', '水彩'], env)).code).toBe(2);
  });
});
