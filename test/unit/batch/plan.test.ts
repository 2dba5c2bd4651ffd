import { describe, expect, it } from 'vitest';
import { expandPlan, type PlanSource } from '../../../src/shared/batch/plan';
import { parseTemplate } from '../../../src/shared/batch/template';

const fixed = (): number => 0.25;
const plan = (source: PlanSource) => expandPlan(source, { random: fixed });
const prompts = (source: PlanSource): string[] => {
  const p = plan(source);
  if (p.errorCount) throw new Error(JSON.stringify(p.errors));
  return p.rows.map((r) => r.request.prompt);
};
const csv = (text: string) => ({ name: 'plan.csv', kind: 'csv' as const, text });

describe('templates', () => {
  it('takes each alternative in turn, crossing choices with the last turning fastest', () => {
    expect(prompts({ template: '{red|blue} {cat|dog}' })).toEqual(['red cat', 'red dog', 'blue cat', 'blue dog']);
  });

  it('zips choices of equal length, and refuses unequal ones naming each part', () => {
    expect(prompts({ template: '{red|blue} {cat|dog}', combine: 'zip' })).toEqual(['red cat', 'blue dog']);
    const refused = plan({ template: '{red|blue} {cat|dog|fox}', combine: 'zip' });
    expect(refused.rows).toEqual([]);
    expect(refused.errors[0]!.message).toMatch(/\{red\|blue\} has 2, \{cat\|dog\|fox\} has 3/);
  });

  it('fills {name} from a saved list, and from CSV columns row by row', () => {
    expect(prompts({ template: 'a cat, {style}', lists: { style: ['水彩', 'oil'] } })).toEqual([
      'a cat, 水彩',
      'a cat, oil',
    ]);
    expect(
      prompts({ template: '{animal} at {place}', file: csv('animal,place\ncat,sea\ndog,"hills, far"\n') }),
    ).toEqual(['cat at sea', 'dog at hills, far']);
  });

  it('crosses CSV rows with choices, and zips them when asked', () => {
    const source = { template: '{animal} {small|big}', file: csv('animal\ncat\ndog\n') };
    expect(prompts(source)).toEqual(['cat small', 'cat big', 'dog small', 'dog big']);
    expect(prompts({ ...source, combine: 'zip' })).toEqual(['cat small', 'dog big']);
  });

  it('lets an alternative hold a {name}, and an empty one means "without"', () => {
    const source: PlanSource = { template: '{a {colour} cat|a dog}{|, detailed}', lists: { colour: ['red', 'blue'] } };
    // The list is used inside the first choice: it is its own axis, crossed after that choice.
    expect(prompts(source)).toEqual([
      'a red cat',
      'a red cat, detailed',
      'a blue cat',
      'a blue cat, detailed',
      'a dog',
      'a dog, detailed',
      'a dog',
      'a dog, detailed',
    ]);
  });

  it('reads {{ and }} as braces and refuses broken templates', () => {
    expect(prompts({ template: 'JSON {{"a": 1}} {x|y}' })).toEqual(['JSON {"a": 1} x', 'JSON {"a": 1} y']);
    expect(() => parseTemplate('a {b')).toThrow(/never closed/);
    expect(() => parseTemplate('a } b')).toThrow(/closes nothing/);
    expect(() => parseTemplate('{a|{b|c}}')).toThrow(/choice inside a choice/);
    expect(() => parseTemplate('{!!}')).toThrow(/neither a choice/);
  });

  it('refuses a {name} no column or list fills, and a column the template does not use', () => {
    expect(plan({ template: 'a {mood} cat' }).errors[0]!.message).toMatch(/\{mood\} is neither a column/);
    expect(plan({ template: '{animal}', file: csv('animal,notes\ncat,x\n') }).errors[0]!.message).toMatch(
      /Column "notes" is neither/,
    );
  });

  it('records the varying axes on each row, for grid headers', () => {
    const p = plan({
      template: '{animal} {small|big}',
      file: csv('animal,size\ncat,1024x1024\ndog,1024x1024\n'),
      seeds: 2,
    });
    expect(p.axes).toEqual(['row', '{small|big}', 'seed']);
    expect(p.rows[0]!.vars).toMatchObject({
      animal: 'cat',
      '{small|big}': 'small',
      seed: String(p.rows[0]!.request.seed),
    });
  });
});

describe('CSV and list plans', () => {
  it('makes one generation per row with its columns as fields, empty cells keeping the defaults', () => {
    const p = plan({
      file: csv(
        'prompt,model,size,n,seed,sequential,thinking,watermark\n猫,wan2.7-image,1024*1024,2,7,no,off,yes\n狗,,,,,,,\n',
      ),
      defaults: { size: '2048x2048' },
    });
    expect(p.errors).toEqual([]);
    expect(p.rows.map((r) => r.request)).toMatchObject([
      {
        prompt: '猫',
        model: 'wan2.7-image',
        size: '1024x1024',
        n: 2,
        seed: 7,
        isSequential: false,
        thinkingMode: false,
        watermark: true,
      },
      { prompt: '狗', model: 'wan2.7-image-pro', size: '2048x2048', n: 1, isSequential: false, thinkingMode: true },
    ]);
    expect(Number.isInteger(p.rows[1]!.request.seed)).toBe(true);
  });

  it('names the row and the column of every refused cell, and plans nothing', () => {
    const p = plan({
      file: csv(
        'prompt,size,n,seed,palette\nok,1024x1024,9,1,\n,1024x1024,1,1,\nok,999x1,1,x,\nok,1024x1024,1,1,#ZZZ:100\n',
      ),
    });
    expect(p.rows).toEqual([]);
    expect(p.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'n'],
      [3, 'prompt'],
      [4, 'seed'],
      [4, 'size'],
      [5, 'palette'],
    ]);
    expect(p.errors[0]!.message).toMatch(/1 to 4/);
  });

  it('checks a row against the mode table: 4K in an image set, a palette with a set', () => {
    const p = plan({
      file: csv(
        'prompt,size,sequential,n,palette\nset,4096x4096,yes,4,\nset,1024x1024,yes,12,"#000000:40,#808080:30,#FFFFFF:30"\n',
      ),
    });
    expect(p.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'size'],
      [3, 'palette'],
    ]);
  });

  it('refuses an unknown column but ignores #notes', () => {
    expect(plan({ file: csv('prompt,szie\ncat,1\n') }).errors[0]!.message).toMatch(
      /Column "szie" is not a generation field/,
    );
    expect(prompts({ file: csv('prompt,# notes\ncat,for the cover\n') })).toEqual(['cat']);
  });

  it('reads references as paths or ids separated by ;', () => {
    const p = plan({ file: csv('prompt,references\n把图1放进图2,a.png; b.png\n') });
    expect(p.rows[0]!.referenceSources).toEqual(['a.png', 'b.png']);
    expect(plan({ file: csv(`prompt,references\nx,${Array(10).fill('a.png').join(';')}\n`) }).errors[0]).toMatchObject({
      row: 2,
      column: 'references',
    });
  });

  it('one prompt × N seeds: consecutive seeds from the row seed or a drawn one', () => {
    const p = plan({ prompt: '花店', seeds: 3, defaults: { seed: 100 } });
    expect(p.rows.map((r) => r.request.seed)).toEqual([100, 101, 102]);
    expect(p.axes).toEqual(['seed']);
    const drawn = plan({ prompt: '花店', seeds: 2 });
    expect(drawn.rows[1]!.request.seed).toBe(drawn.rows[0]!.request.seed + 1);
  });

  it('a list of prompts is one per non-blank line', () => {
    expect(prompts({ file: { name: 'p.txt', kind: 'lines', text: '\uFEFF一只猫\r\n\r\n  a dog  \n' } })).toEqual([
      '一只猫',
      'a dog',
    ]);
  });

  it('refuses more rows than a batch may have before expanding them', () => {
    const p = plan({ template: '{a|b|c|d|e|f|g|h|i|j}{a|b|c|d|e|f|g|h|i|j}{a|b|c|d|e|f|g|h|i|j}', seeds: 100 });
    expect(p.rows).toEqual([]);
    expect(p.errors[0]!.message).toMatch(/100000 generations; at most 50000/);
  });
});
