import { useEffect } from 'react';
import { listenLibraryProgress } from './library-tasks';

// Apart from LibraryTaskDialog so the app follows library tasks from its first render while the
// dialog's code loads only after the first screen has drawn.

/** Follows `library.progressed` while the app runs. */
export function useLibraryProgress(): void {
  useEffect(() => listenLibraryProgress(), []);
}
