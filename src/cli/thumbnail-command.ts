import { backfillThumbnails, type BackfillProgress } from '../main/services/thumbnails/thumbnail-backfill';
import { UsageError, type CommandSpec } from './cli-command';

// `wan-studio thumbnails`: makes every missing thumbnail (after an import, a restore, a copy of a
// library without its thumbs/ folder) with the thumbnail workers, and prints the rate. Progress
// goes to stderr when it is a terminal; the result to stdout (README "CLI: thumbnails").

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function progressLine(): { onProgress?: (p: BackfillProgress) => void; end: () => void } {
  if (!process.stderr.isTTY) return { end: () => undefined };
  let isShown = false;
  return {
    onProgress: ({ done, failed, total, imagesPerSecond }) => {
      if (total === 0) return;
      isShown = true;
      const percent = Math.floor(((done + failed) * 100) / total);
      process.stderr.write(`\r\x1b[2KThumbnails: ${done + failed}/${total} (${percent}%), ${imagesPerSecond} images/s`);
    },
    end: () => (isShown ? void process.stderr.write('\n') : undefined),
  };
}

export const THUMBNAIL_COMMANDS: Record<string, CommandSpec> = {
  thumbnails: {
    options: {},
    usage: ['thumbnails                       make every missing thumbnail in the background workers'],
    run: async (positionals, values, ctx) => {
      if (positionals.length > 0) throw new UsageError('thumbnails takes no arguments.');
      const line = progressLine();
      const report = await backfillThumbnails(ctx.library, { onProgress: line.onProgress });
      line.end();
      // Named on stderr, so a script reading --json still learns which originals are unreadable.
      for (const failure of report.failures)
        process.stderr.write(`Could not make the thumbnail of ${failure.imageId}: ${failure.reason}\n`);
      const { total, done, failed, imagesPerSecond, elapsedMs, isComplete, failures } = report;
      if (values.json) {
        const body = { thumbnails: { total, done, failed, imagesPerSecond, elapsedMs, isComplete, failures } };
        process.stdout.write(`${JSON.stringify(body)}\n`);
      } else if (total === 0) {
        process.stdout.write('Every image has its thumbnail.\n');
      } else {
        process.stdout.write(
          `Thumbnails: ${done} made, ${failed} failed, of ${total} in ${seconds(elapsedMs)} (${imagesPerSecond} images/s)\n`,
        );
      }
      return failed > 0 ? 1 : 0;
    },
  },
};
