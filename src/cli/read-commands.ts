import type { GenerationWithImages } from '../shared/library-types';
import { InputRepository } from '../main/services/inputs/input-repository';
import { WanError } from '../main/services/wan-error';
import { UsageError, toNumber, toSearch, type CommandSpec, type Values } from './cli-command';
import type { CliContext } from './cli-context';
import { entryJson, summaryLine } from './cli-output';

// `list` and `show`: they read the library and nothing else (no key, no job engine, no sharp).

/** A generation's --json shape, with the reference images it was made with. */
export function jsonOf(ctx: CliContext): (entry: GenerationWithImages) => Record<string, unknown> {
  const inputs = new InputRepository(ctx.library.db);
  return (entry) => entryJson(entry, ctx.library.home, inputs.inputsOf(entry.generation.id));
}

function listArguments(v: Values): { search: string | undefined; limit: number } {
  const limit = toNumber(v.limit, '--limit') ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new UsageError('--limit is a whole number from 1 to 1000.');
  return { search: toSearch(v.search, '--search'), limit };
}

const oneId = (positionals: string[]): void => {
  if (positionals.length !== 1) throw new UsageError('show takes one generation id.');
};

export const READ_COMMANDS: Record<string, CommandSpec> = {
  list: {
    options: { search: { type: 'string' }, limit: { type: 'string' } },
    usage: ['list [--search TEXT] [--limit N]'],
    check: (_positionals, v) => void listArguments(v),
    run: async (_positionals, v, ctx) => {
      const entries = ctx.library.repo.listWithImages(listArguments(v));
      if (v.json === true) process.stdout.write(`${JSON.stringify({ generations: entries.map(jsonOf(ctx)) })}\n`);
      else for (const entry of entries) process.stdout.write(`${summaryLine(entry, ctx.library.home)}\n`);
      return 0;
    },
  },
  show: {
    options: {},
    usage: ['show <generation-id>'],
    check: oneId,
    run: async (positionals, v, ctx) => {
      oneId(positionals);
      const entry = ctx.library.repo.getWithImages(positionals[0]!);
      if (!entry)
        throw new WanError('not_in_library', {
          detail: `no generation ${positionals[0]} in ${ctx.library.home}`,
          isRetryable: false,
        });
      process.stdout.write(
        v.json === true ? `${JSON.stringify(jsonOf(ctx)(entry))}\n` : `${summaryLine(entry, ctx.library.home)}\n`,
      );
      return 0;
    },
  },
};
