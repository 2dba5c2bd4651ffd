import { BatchDialog } from '../features/batch/BatchDialog';
import { CompareDialog } from '../features/compare/CompareDialog';
import { ExportDialog } from '../features/export/ExportDialog';
import { LibraryTaskDialog } from '../features/library/LibraryTaskDialog';
import { WelcomeDialog } from '../features/onboarding/WelcomeDialog';
import { BudgetDialog } from '../features/usage/BudgetDialog';
import { ShortcutsDialog } from './ShortcutsDialog';

// The app-wide dialogs, one chunk loaded once the first screen has drawn (see lazy-screens.tsx).
// Each opens from state in its store, which lives in the main chunk: one asked to open before this
// chunk has arrived opens as soon as it has.

export function AppDialogs() {
  return (
    <>
      <BatchDialog />
      <ExportDialog />
      <LibraryTaskDialog />
      <ShortcutsDialog />
      <CompareDialog />
      <WelcomeDialog />
      <BudgetDialog />
    </>
  );
}
