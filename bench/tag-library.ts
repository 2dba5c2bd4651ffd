import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openLibrary } from '../src/main/services/library/library';
import { tagSyntheticImages } from '../test/fixtures/synthetic-library';

// `tsx bench/tag-library.ts --home DIR`: tags one image in eight of a synthetic library written
// before make-library tagged (a copy of it: this writes), so the tag filters have their long tail.
const { values } = parseArgs({ options: { home: { type: 'string' } } });
if (!values.home) {
  console.error('Usage: tsx bench/tag-library.ts --home DIR');
  process.exit(2);
}
const library = openLibrary(values.home);
try {
  const already = (library.db.prepare('SELECT count(*) AS n FROM image_tags').get() as { n: number }).n;
  if (already > 0) {
    console.error(`${values.home} already has ${already} image tags; leaving it as it is.`);
    process.exit(1);
  }
  const result = tagSyntheticImages(library.db);
  console.log(
    `Tagged ${result.tagged} images in ${(result.ms / 1000).toFixed(1)} s (load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
} finally {
  library.close();
}
