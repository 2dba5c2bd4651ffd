import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

// `--log FILE` / WAN_LOG: a real CLI process against the simulator writes a log file, and no key
// reaches it — not the one passed with --api-key, not WAN_API_KEY beside it, not one an upstream
// error body echoes back.

const CLI_KEY = 'cliLogKeyA1b2c3d4e5';
const ENV_KEY = 'envLogKeyZ9y8x7w6v5';
const ctx = useSimulator({ key: CLI_KEY, taskDurationMs: 150 });
const dir = tempDir('wan-cli-log-');
afterAll(() => dir.remove());

const baseEnv = (): Record<string, string> => ({
  WAN_STUDIO_HOME: join(dir.path, 'home'),
  WAN_BASE_URL: ctx.sim.baseUrl,
  WAN_API_KEY: ENV_KEY,
});

describe('the CLI log file', { timeout: 60_000 }, () => {
  it('records a generate run (retries included) when asked with --log, and warnings still reach stderr', async () => {
    const log = join(dir.path, 'logs', 'run.log');
    const r = await runCli(
      ['generate', '江南水乡 [[sim on=poll status=500 times=1 retry-after-ms=10]]', '--api-key', CLI_KEY, '--log', log],
      baseEnv(),
    );
    expect(r.code).toBe(0);
    const text = readFileSync(log, 'utf8');
    const lines = text.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const expected of ['cli command started', 'Retrying gateway request', 'job queued', 'job done'])
      expect(text).toContain(expected);
    expect(lines.at(-1)).toMatch(/cli command finished .*"exitCode":0/);
    // The prompt is the person's business: never in the log.
    expect(text).not.toContain('江南水乡');
    expect(text).not.toContain(CLI_KEY);
    // As before: the retry warning on stderr, job states only in the file.
    expect(r.stderr).toMatch(/^warning: Retrying gateway request/m);
    expect(r.stderr).not.toContain('job queued');
  });

  it('keeps keys an upstream error echoes out of the WAN_LOG file, the flag key and the environment one alike', async () => {
    const log = join(dir.path, 'env-log', 'wan.log');
    const echo = `[[sim status=401 code=invalid_api_key message=key_${CLI_KEY}_or_${ENV_KEY}_or_sk-lookalike0123456789_refused]]`;
    const r = await runCli(['generate', `猫 ${echo}`, '--api-key', CLI_KEY, '--json'], { ...baseEnv(), WAN_LOG: log });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).generation.error.code).toBe('auth');
    const text = readFileSync(log, 'utf8');
    // The upstream message made it into the log, with every key cut out of it.
    expect(text).toMatch(/job failed .*"code":"auth".*key \*\*\* or \*\*\* or sk-\*\*\* refused/);
    for (const secret of [CLI_KEY, ENV_KEY, 'sk-lookalike0123456789']) expect(text).not.toContain(secret);
  });

  it('writes no file unless asked', async () => {
    const r = await runCli(['list'], baseEnv());
    expect(r.code).toBe(0);
    expect(existsSync(join(dir.path, 'home', 'logs'))).toBe(false);
  });
});
