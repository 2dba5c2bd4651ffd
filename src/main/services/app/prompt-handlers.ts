import { PresetRepository } from '../prompts/preset-repository';
import { PromptRepository } from '../prompts/prompt-repository';
import type { HandlerDeps, HandlerMap } from './app-types';
import type { ViewContext } from './views';
import { thumbUrlOf } from './views';

// The prompt library (issue 12, part 3): `prompts.history` and `presets.*`.

type PromptMethods = 'prompts.history' | 'presets.list' | 'presets.save' | 'presets.delete';

export function promptHandlers(deps: HandlerDeps, ctx: ViewContext): Pick<HandlerMap, PromptMethods> {
  const prompts = new PromptRepository(deps.library.db);
  const presets = new PresetRepository(deps.library.db);
  return {
    'prompts.history': (input) => {
      const page = prompts.history(input);
      return {
        items: page.rows.map((row) => ({
          prompt: row.text,
          uses: row.uses,
          lastUsedAt: row.last_used_at,
          lastGenerationId: row.last_generation_id,
          thumbnails: prompts.thumbnails(row.text).map((t) => ({
            imageId: t.id,
            url:
              thumbUrlOf(ctx, { id: t.id, thumbPath: t.thumb_path, createdAt: t.created_at }) ?? ctx.mediaUrl(t.path),
          })),
        })),
        nextCursor: page.nextCursor,
      };
    },
    'presets.list': () => presets.list(),
    'presets.save': ({ name, ...body }) => presets.save(name, body, Date.now()),
    'presets.delete': ({ name }) => ({ isDeleted: presets.delete(name) }),
  };
}
