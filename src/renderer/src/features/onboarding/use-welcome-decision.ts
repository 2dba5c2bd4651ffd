import { useEffect } from 'react';
import { useAppStore } from '../../app/app-store';
import { shouldShowWelcome } from './welcome-model';
import { useWelcomeStore } from './welcome-store';

/**
 * Decides once the settings are in whether this is a first run. In the app shell, not in
 * WelcomeDialog, whose code loads only after the first screen has drawn (or at once for a first run).
 */
export function useWelcomeDecision(): void {
  const isLoaded = useAppStore((s) => s.isLoaded);
  useEffect(() => {
    if (!isLoaded) return;
    const { settings, profiles } = useAppStore.getState();
    useWelcomeStore.getState().decide(shouldShowWelcome(settings, profiles));
  }, [isLoaded]);
}
