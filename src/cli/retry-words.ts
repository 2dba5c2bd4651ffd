import type { Locale } from '../shared/i18n-messages';
import type { RetryPlan } from '../main/services/jobs/job-records';

// What `wan-studio retry` says before it acts: how the job continues, and whether that bills a
// new image. The app shows the same choice on its Retry button.

const WORDS: Record<RetryPlan['action'], Record<Locale, string>> = {
  download: {
    en: 'downloading its saved results again — no new image is billed',
    'zh-CN': '重新下载已保存的结果——不会产生新的计费',
  },
  poll: {
    en: 'asking the service for its task again (fresh result links) — no new image is billed',
    'zh-CN': '重新向服务查询该任务(获取新的结果链接)——不会产生新的计费',
  },
  restore: {
    en: 'taking its already billed images out of the trash — nothing is sent',
    'zh-CN': '从回收站取回已计费的图片——不会发送任何请求',
  },
  create: {
    en: 'sending it again: this makes and bills a new image',
    'zh-CN': '重新发送请求:这会生成并计费一张新图片',
  },
};

export function retrySentence(id: string, plan: RetryPlan, locale: Locale): string {
  return locale === 'zh-CN'
    ? `重试 ${id}:${WORDS[plan.action][locale]}。`
    : `Retrying ${id} by ${WORDS[plan.action].en}.`;
}
