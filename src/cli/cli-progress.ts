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
      case 'generation.waiting': {
        const { reason, nextTryAt } = event.payload.waiting;
        const why =
          reason === 'slot' ? 'waiting for a free slot at the provider' : 'the provider asked us to slow down';
        const seconds = Math.max(0, Math.ceil((nextTryAt - Date.now()) / 1000));
        return write(`${short(id)} ${why}; next try in ${seconds} s`);
      }
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
