import { stat } from 'node:fs/promises';
import type { Library } from './library';
import { recordPathFor, recordsOf, writeImageRecords } from './library-records';

// What a crash or a kill can leave behind, put right at start (the app's resume, the CLI's
// `resume`): temp files of downloads nobody will finish, thumbnails that were never made or have
// gone, and image records (library-records.ts) that were not yet written. Nothing here is urgent,
// so it runs in the background, one image at a time, and stops when the library closes.

export type RepairLogger = { warn: (message: string, data?: Record<string, unknown>) => void };

export type RepairReport = {
  tempRemoved: number;
  thumbnailsMade: number;
  thumbnailsFailed: number;
  recordsWritten: number;
};

export type Repair = {
  /** Settles (never rejects) when the repair has finished or was stopped. */
  done: Promise<RepairReport>;
  /** Stops after the current image and waits for it: call before closing the library. */
  stop: () => Promise<void>;
};

/** tmp/*.part older than an hour or whose writer is gone; cheap enough for every CLI start. */
export async function sweepTempFiles(library: Library, logger?: RepairLogger): Promise<number> {
  try {
    return await library.store.sweepTemp();
  } catch (err) {
    logger?.warn('Could not sweep the library’s temp files', { error: String(err) });
    return 0;
  }
}

export function repairLibrary(library: Library, logger?: RepairLogger): Repair {
  let isStopping = false;
  const report: RepairReport = { tempRemoved: 0, thumbnailsMade: 0, thumbnailsFailed: 0, recordsWritten: 0 };
  const run = async (): Promise<RepairReport> => {
    report.tempRemoved = await sweepTempFiles(library, logger);
    // A page at a time (newest first): a million rows read at once held the main process for
    // seconds and hundreds of MB. A page is read whole, so closing between pages is seen first.
    for (const image of imagePages(library)) {
      if (isStopping) break;
      const abs = library.store.absolute(image.path);
      if (!(await exists(abs))) continue; // nothing to make a thumbnail or record from
      if (!image.thumbPath || !(await exists(library.store.absolute(image.thumbPath)))) {
        try {
          const thumb = await library.store.makeThumbnail(image.path, image.id, new Date(image.createdAt));
          if (isStopping) break;
          library.repo.setThumbnail(image.id, thumb);
          report.thumbnailsMade++;
        } catch (err) {
          report.thumbnailsFailed++;
          logger?.warn('Could not remake a thumbnail', { imageId: image.id, error: String(err) });
        }
      }
      if (isStopping) break;
      if (!(await exists(recordPathFor(abs)))) {
        const written = await writeImageRecords(recordsOf(library, [image.id]), { isMissingOnly: true });
        report.recordsWritten += written.written;
      }
    }
    return report;
  };
  const done = run().catch((err: unknown) => {
    logger?.warn('The library repair stopped early', { error: String(err) });
    return report;
  });
  return {
    done,
    stop: async () => {
      isStopping = true;
      await done;
    },
  };
}

function* imagePages(library: Library): Generator<ReturnType<Library['repo']['imageFilesPage']>[number]> {
  let page = library.repo.imageFilesPage();
  while (page.length > 0) {
    yield* page;
    if (!library.db.open) return;
    page = library.repo.imageFilesPage(page.at(-1)!.id);
  }
}

const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    () => false,
  );
