import { useEffect, useState } from 'react';
import type { ThumbnailProgress } from '../../../../shared/contract';
import { defineStrings, useLocaleStore, useT } from '../../lib/i18n';
import { call, onEvent } from '../../lib/wan';

// A small progress bar in the gallery header while the background workers make thumbnails that
// were missing (after an import, a restore, an old crash), with their rate. Hidden otherwise.

const strings = defineStrings({
  making: { en: 'Thumbnails {done} of {total}', 'zh-CN': '缩略图 {done}/{total}' },
  rate: { en: '{rate}/s', 'zh-CN': '每秒 {rate} 张' },
  label: { en: 'Making missing thumbnails', 'zh-CN': '正在生成缺失的缩略图' },
});

export function ThumbnailStatus() {
  const t = useT(strings);
  const locale = useLocaleStore((s) => s.locale);
  const [progress, setProgress] = useState<ThumbnailProgress | null>(null);

  useEffect(() => {
    let isLive = true;
    const off = onEvent('thumbnails.progressed', (p) => setProgress(p));
    // A window opened mid-run learns where it stands without waiting for the next event.
    call('thumbnails.status', undefined).then(
      (p) => isLive && setProgress((seen) => seen ?? p),
      () => undefined,
    );
    return () => {
      isLive = false;
      off();
    };
  }, []);

  if (!progress?.isRunning || progress.total === 0) return null;
  const number = new Intl.NumberFormat(locale);
  const done = progress.done + progress.failed;
  return (
    <span className="gallery-thumb-status" data-testid="thumbnail-status" title={t('label')}>
      <progress value={done} max={progress.total} aria-label={t('label')} />
      <span>
        {t('making', { done: number.format(done), total: number.format(progress.total) })}
        {progress.imagesPerSecond > 0 && ` · ${t('rate', { rate: number.format(progress.imagesPerSecond) })}`}
      </span>
    </span>
  );
}
