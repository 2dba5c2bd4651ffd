import { describe, expect, it } from 'vitest';
import { WanError } from '../../../src/main/services/wan-error';
import { createKnownSecrets, formatLogLine, removePrompts } from '../../../src/main/services/logging/redact';

const KEY = 'profile-key-Zx81QwErTy';

describe('log lines', () => {
  it('removes every known key, in the message and in nested data', () => {
    const known = createKnownSecrets([KEY]);
    const line = formatLogLine(
      [`upstream said ${KEY} is wrong`, { nested: { list: [`x${KEY}y`] }, error: new Error(`bad ${KEY}`) }],
      known.values(),
    );
    expect(line).not.toContain(KEY);
    expect(line).toContain('upstream said *** is wrong');
  });

  it('drops authorization headers and credential fields whatever their value looks like', () => {
    const headers = new Headers({ Authorization: 'Token abc', 'content-type': 'application/json' });
    const line = formatLogLine(
      [
        'request',
        {
          headers,
          init: { headers: { authorization: 'opaque-value-1' }, apiKey: 'opaque-value-2', password: 'hunter22' },
          note: 'authorization: opaque-value-3',
        },
      ],
      [],
    );
    for (const value of ['Token abc', 'opaque-value-1', 'opaque-value-2', 'hunter22', 'opaque-value-3'])
      expect(line).not.toContain(value);
    expect(line).toContain('application/json');
  });

  it('removes what looks like a key even when nobody said it was one', () => {
    const line = formatLogLine(
      ['echo: Bearer abcdefgh12345678 sk-abcdefghijklmnop api_key=zzzzzzzzzz https://user:pa55word@example.com/v1'],
      [],
    );
    expect(line).not.toMatch(/abcdefgh12345678|abcdefghijklmnop|zzzzzzzzzz|pa55word/);
    expect(line).toContain('example.com/v1');
  });

  it('writes the length of a prompt field, never the prompt', () => {
    const line = formatLogLine(['job', { prompt: '一只小猫在花园里玩耍', revisedPrompts: ['a cat'] }], []);
    expect(line).not.toContain('小猫');
    expect(line).not.toContain('a cat');
    expect(line).toContain('[prompt, 10 characters]');
  });

  it('keeps what a support person needs from an error: code, detail, stack, cause', () => {
    const error = new WanError('auth', { detail: 'key rejected', cause: new Error('root cause') });
    const line = formatLogLine(['failed', { error }], []);
    expect(line).toContain('"code":"auth"');
    expect(line).toContain('key rejected');
    expect(line).toContain('root cause');
    expect(line).toContain('at ');
  });

  it('survives cycles, bigints and buffers', () => {
    const cyclic: Record<string, unknown> = { n: 10n, bytes: Buffer.alloc(3) };
    cyclic.self = cyclic;
    expect(formatLogLine(['x', cyclic], [])).toBe('x {"n":"10","bytes":"[3 bytes]","self":"[circular]"}');
  });

  it('a key learned later is scrubbed from lines written after', () => {
    const known = createKnownSecrets();
    expect(formatLogLine([`k=${KEY}`], known.values())).toContain(KEY);
    known.add(KEY);
    expect(formatLogLine([`k=${KEY}`], known.values())).not.toContain(KEY);
  });
});

describe('removePrompts', () => {
  it('takes the longest prompt out whole and leaves very short ones alone', () => {
    const lines = removePrompts(
      ['detail: 一只小猫在花园里玩耍 rejected', 'a cat ok'],
      ['一只小猫', '一只小猫在花园里玩耍', 'a'],
    );
    expect(lines).toEqual(['detail: [prompt] rejected', 'a cat ok']);
  });

  it('finds a prompt inside a JSON data field, quotes and line breaks escaped', () => {
    const prompt = 'a "red" fox\nin snow';
    const line = formatLogLine(['failed', { detail: `upstream: ${prompt}` }], []);
    expect(removePrompts([line], [prompt])).toEqual(['failed {"detail":"upstream: [prompt]"}']);
  });
});
