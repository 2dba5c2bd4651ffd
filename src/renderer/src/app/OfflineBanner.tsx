import { WifiOffIcon } from '../components/icons';
import { useT } from '../lib/i18n';
import { useIsOnline } from '../lib/use-online';
import { appStrings } from './strings';

export function OfflineBanner() {
  const t = useT(appStrings);
  const isOnline = useIsOnline();
  if (isOnline) return null;
  return (
    <div className="banner banner-offline" role="status" data-testid="offline-banner">
      <WifiOffIcon />
      <span>{t('offline')}</span>
    </div>
  );
}
