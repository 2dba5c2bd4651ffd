import { create } from 'zustand';

// Whether the welcome is showing. Decided once per start from the saved settings, then held until
// closed, so saving a provider mid-way (which would make it "not a first run") does not yank the
// dialog away before its connection test has answered.

type Phase = 'undecided' | 'open' | 'closed';

type WelcomeState = {
  phase: Phase;
  /** At start: open when this is a first run, otherwise stay closed for this session. */
  decide: (isFirstRun: boolean) => void;
  /** From Settings. */
  open: () => void;
  close: () => void;
};

export const useWelcomeStore = create<WelcomeState>((set, get) => ({
  phase: 'undecided',
  decide: (isFirstRun) => {
    if (get().phase === 'undecided') set({ phase: isFirstRun ? 'open' : 'closed' });
  },
  open: () => set({ phase: 'open' }),
  close: () => set({ phase: 'closed' }),
}));
