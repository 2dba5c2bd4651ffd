import { describe, expect, it } from 'vitest';
import { expandPlan } from '../../../src/shared/batch/plan';
import { planErrorText, planMessage } from '../../../src/shared/batch/plan-messages';
import { capProblem, capRefusal, estimateRows, DEFAULT_PACE, type Price } from '../../../src/shared/batch/pricing';

// A refused plan says why as a code with its parameters: the CLI words it with its flags, the app
// with its fields, each in English or Chinese.

const price = (): Price => ({ perImage: 0.03, currency: 'USD', source: 'default' });

describe('plan messages', () => {
  it('words template, CSV and cell errors in the locale asked for, keeping a code for the app', () => {
    const template = expandPlan({ template: 'a {b' }, { locale: 'zh-CN', surface: 'app' }).errors[0]!;
    expect(template).toMatchObject({ column: 'template', code: 'template_unclosed', params: { at: 3 } });
    expect(template.message).toBe('第 3 个字符的“{”没有闭合（字面的花括号请写 “{{”）。');
    expect(planErrorText(template, 'en')).toBe('The "{" at character 3 is never closed (write "{{" for a brace).');

    const cell = expandPlan({ file: { name: 'p.csv', kind: 'csv', text: 'prompt,n\ncat,two\n' } }).errors[0]!;
    expect(cell).toMatchObject({ row: 2, column: 'n', code: 'cell_integer', message: '"two" is not a whole number.' });
    expect(planErrorText(cell, 'zh-CN')).toBe('“two”不是整数。');

    const zipped = expandPlan({ template: '{red|blue} {cat|dog|fox}', combine: 'zip' }, { locale: 'zh-CN' });
    expect(zipped.errors[0]!.message).toBe(
      '逐一配对时，每个部分的取值个数须相同：{red|blue} 有 2 个，{cat|dog|fox} 有 3 个。',
    );
  });

  it('names the CLI flag on the command line and the field in the app', () => {
    const seeds = expandPlan({ prompt: 'cat', seeds: 0 }, { surface: 'cli' }).errors[0]!;
    expect(seeds.message).toBe('--seeds is a whole number from 1 to 1000.');
    expect(planErrorText(seeds, 'en')).toBe('Seeds per prompt is a whole number from 1 to 1000.');
    expect(planErrorText(seeds, 'zh-CN')).not.toContain('--seeds');

    const row = { model: 'wan2.7-image', n: 2, size: '1024x1024', isSequential: false };
    const estimate = estimateRows([row, row], price, DEFAULT_PACE);
    const problem = capProblem(estimate, { maxImages: 3 })!;
    expect(capRefusal(estimate, { maxImages: 3 }, 'en', 'cli')).toContain('raise --max-images');
    expect(planMessage(problem, 'en', 'app')).toContain('raise Max images');
    expect(planMessage(problem, 'zh-CN', 'app')).toBe(
      '这批最多会生成 4 张图，超过上限 3 张：请提高“最多图片数”或缩短计划。未发送任何请求。',
    );
    expect(planMessage(capProblem(estimate, { maxCost: 0.1 })!, 'zh-CN', 'app')).toContain('“最高费用”');
  });
});
