import type { JobEngine } from '../main/services/jobs/job-engine';

/** Live progress on stderr, only when a person is watching (stderr is a terminal). */
export function watchProgress(
  engine: JobEngine,
  ids: readonly string[],
  stream: NodeJS.WriteStream = process.stderr,
): () => void {
  if (!stream.isTTY) return () => undefined;
  const watched = new Set(ids);
  const short = (id: string): string => id.slice(-6);
  const write = (text: string): void => void stream.write(`\r\x1b[2K${text}`);
  const off = engine.on((event) => {
    const id = event.payload.generationId;
    if (!watched.has(id)) return;
    switch (event.name) {
      case 'generation.submitted':
        return write(`${short(id)} submitted as ${event.payload.taskId ?? '(sync)'}`);
      case 'generation.progressed':
        return write(`${short(id)} generating… ${event.payload.progress}%`);
      case 'generation.downloading':
        return write(`${short(id)} saving images ${event.payload.received}/${event.payload.total}`);
      case 'generation.finished':
      case 'generation.failed':
        return write('');
    }
  });
  return () => {
    off();
    write('');
  };
}
