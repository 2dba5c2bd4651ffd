import { useId } from 'react';
import { activeProfileOf, generateBlockOf, type GenerateBlock } from '../../app/app-selectors';
import { useAppStore } from '../../app/app-store';
import { useNavigationStore } from '../../app/navigation-store';
import { Button } from '../../components/Button';
import { SparkIcon } from '../../components/icons';
import { useT } from '../../lib/i18n';
import { formatSize } from '../../lib/format';
import { useIsOnline } from '../../lib/use-online';
import { studioStrings } from './strings';
import { useStudioStore } from './studio-store';

const BLOCK_TEXT = {
  loading: 'blockLoading',
  offline: 'blockOffline',
  no_profile: 'blockNoProfile',
  no_key: 'blockNoKey',
} as const satisfies Record<GenerateBlock, keyof typeof studioStrings>;

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function useGenerateBlock(): GenerateBlock | null {
  const isOnline = useIsOnline();
  const isLoaded = useAppStore((s) => s.isLoaded);
  const settings = useAppStore((s) => s.settings);
  const profiles = useAppStore((s) => s.profiles);
  return generateBlockOf({ isLoaded, isOnline, activeProfile: activeProfileOf(settings, profiles) });
}

export function GenerateBar({
  invalidReason,
  block,
  onGenerate,
}: {
  /** Set while the form does not validate: what to fix. */
  invalidReason: string | null;
  block: GenerateBlock | null;
  onGenerate: () => void;
}) {
  const t = useT(studioStrings);
  const reasonId = useId();
  const isSubmitting = useStudioStore((s) => s.isSubmitting);
  const n = useStudioStore((s) => s.n);
  const size = useStudioStore((s) => s.size);
  const model = useStudioStore((s) => s.model);
  const isSequential = useStudioStore((s) => s.isSequential);
  const settings = useAppStore((s) => s.settings);
  const profiles = useAppStore((s) => s.profiles);
  const setView = useNavigationStore((s) => s.setView);
  const isSimulator = activeProfileOf(settings, profiles)?.isSimulator ?? false;

  const reason = block ? t(BLOCK_TEXT[block]) : invalidReason;
  const isDisabled = reason !== null || isSubmitting;
  const needsSettings = block === 'no_profile' || block === 'no_key';

  return (
    <div className="generate-bar" data-testid="generate-bar">
      <div className="generate-info">
        {isSimulator && (
          <span className="pill pill-simulator" data-testid="simulator-label">
            {t('simulator')}
          </span>
        )}
        {reason ? (
          <p id={reasonId} className="generate-reason" data-testid="generate-reason" data-block={block ?? 'invalid'}>
            {reason}
          </p>
        ) : (
          <p className="generate-summary">
            {/* "An image set of up to 1" reads wrong: one image is said as one. */}
            {t(isSequential ? (n === 1 ? 'summarySequentialOne' : 'summarySequential') : 'summary', {
              n: Number.isFinite(n) ? n : '?',
              size: formatSize(size),
              model,
            })}
          </p>
        )}
        {needsSettings && (
          <Button size="sm" variant="ghost" onClick={() => setView('settings')}>
            {t('openSettings')}
          </Button>
        )}
      </div>
      <div className="generate-action">
        <kbd className="shortcut" aria-hidden="true">
          {t(isMac ? 'shortcutMac' : 'shortcut')}
        </kbd>
        <Button
          variant="primary"
          size="lg"
          icon={<SparkIcon />}
          data-testid="generate"
          disabled={isDisabled}
          aria-describedby={reason ? reasonId : undefined}
          aria-keyshortcuts={isMac ? 'Meta+Enter' : 'Control+Enter'}
          title={reason ?? undefined}
          onClick={onGenerate}
        >
          {isSubmitting ? t('generating') : t('generate')}
        </Button>
      </div>
    </div>
  );
}
