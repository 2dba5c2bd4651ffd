import { defineStrings } from '../../lib/i18n';

export const queueStrings = defineStrings({
  title: { en: 'Queue', 'zh-CN': '队列' },
  activeCount: { en: '{count} running', 'zh-CN': '{count} 个进行中' },
  waitingCount: { en: '{count} waiting', 'zh-CN': '{count} 个排队中' },
  runningAndWaiting: {
    en: '{running} running · {waiting} waiting',
    'zh-CN': '{running} 个进行中 · {waiting} 个排队中',
  },
  empty: {
    en: 'Nothing here yet. Write a prompt and press Generate — jobs show up here with their progress.',
    'zh-CN': '暂无任务。输入提示词并点击“生成”,任务会显示在这里并报告进度。',
  },
  loading: { en: 'Loading recent jobs…', 'zh-CN': '正在加载最近的任务…' },
  clearFinished: { en: 'Clear finished', 'zh-CN': '清除已完成' },
  clearFinishedHint: {
    en: 'Hides finished jobs from this list; their images stay in the gallery.',
    'zh-CN': '仅从列表中隐藏已结束的任务,图片仍保留在图库中。',
  },
  status_queued: { en: 'Queued', 'zh-CN': '排队中' },
  status_submitting: { en: 'Sending', 'zh-CN': '提交中' },
  status_polling: { en: 'Generating', 'zh-CN': '生成中' },
  status_downloading: { en: 'Saving', 'zh-CN': '保存中' },
  status_done: { en: 'Done', 'zh-CN': '已完成' },
  status_failed: { en: 'Failed', 'zh-CN': '失败' },
  status_canceled: { en: 'Canceled', 'zh-CN': '已取消' },
  status_interrupted: { en: 'Interrupted', 'zh-CN': '已中断' },
  progress: { en: 'Progress', 'zh-CN': '进度' },
  saving: { en: 'Saving {received} of {total}', 'zh-CN': '正在保存 {received}/{total}' },
  elapsed: { en: 'Elapsed {time}', 'zh-CN': '用时 {time}' },
  cancel: { en: 'Cancel', 'zh-CN': '取消' },
  cancelJob: { en: 'Cancel this job', 'zh-CN': '取消此任务' },
  retry: { en: 'Retry', 'zh-CN': '重试' },
  retryFree: { en: 'Retry — no new charge', 'zh-CN': '重试(不另计费)' },
  retryBilled: { en: 'Retry — bills a new image', 'zh-CN': '重试(将计费新图)' },
  retryHint_download: {
    en: 'Downloads the finished images again; nothing new is generated or billed.',
    'zh-CN': '重新下载已完成的图片;不会重新生成或计费。',
  },
  retryHint_poll: {
    en: 'Asks the service for this task again and saves its images; nothing new is billed.',
    'zh-CN': '重新向服务查询该任务并保存图片;不会另外计费。',
  },
  retryHint_restore: {
    en: 'These images were made and billed after you canceled: takes them out of the trash.',
    'zh-CN': '这些图片在取消后仍已生成并计费:将其从回收站取回。',
  },
  retryHint_create: {
    en: 'There is no finished task to continue: sends the request again, which makes and bills a new image.',
    'zh-CN': '没有可继续的任务:将重新发送请求,这会生成并计费一张新图片。',
  },
  waitingSlot: {
    en: 'Waiting for a free slot at the provider — next try in {seconds} s (gives up at {until}, unsent and unbilled).',
    'zh-CN': '正在等待服务商的空闲名额——{seconds} 秒后再试(到 {until} 仍无名额则放弃,不发送也不计费)。',
  },
  waitingRate: {
    en: 'The provider asked us to slow down — next try in {seconds} s (gives up at {until}).',
    'zh-CN': '服务商要求放慢请求——{seconds} 秒后再试(到 {until} 为止)。',
  },
  editPrompt: { en: 'Edit prompt', 'zh-CN': '修改提示词' },
  editRequest: { en: 'Change it in the studio', 'zh-CN': '在创作页中修改' },
  openSettings: { en: 'Open Settings', 'zh-CN': '打开设置' },
  openImage: {
    en: 'Open image {index} of {total} in the gallery: {prompt}',
    'zh-CN': '在图库中查看第 {index}/{total} 张:{prompt}',
  },
  openImageHint: { en: 'Open in the gallery', 'zh-CN': '在图库中查看' },
  imageMissing: {
    en: 'That image is no longer in the library — it may be in the trash.',
    'zh-CN': '图库中已没有这张图片,可能已移到回收站。',
  },
  seed: { en: 'seed {seed}', 'zh-CN': '种子 {seed}' },
  untitled: { en: 'Loading job…', 'zh-CN': '正在读取任务…' },
  noPrompt: { en: 'No prompt', 'zh-CN': '无提示词' },
  unreadable: {
    en: 'This job’s record could not be read — remove the card; the gallery shows what was saved.',
    'zh-CN': '无法读取该任务的记录——可移除此卡片;已保存的内容可在图库中查看。',
  },
  removeCard: { en: 'Remove from queue', 'zh-CN': '从队列中移除' },
  removeCardHint: {
    en: 'Remove from queue — the images stay in the gallery',
    'zh-CN': '从队列中移除——图片仍保留在图库中',
  },
  stageWaiting: { en: 'Waiting to be sent', 'zh-CN': '等待发送' },
  stageSending: { en: 'Sending the request', 'zh-CN': '正在发送请求' },
  stageGenerating: {
    en: 'Generating for {time}; the service reports no progress until it is done',
    'zh-CN': '已生成 {time};服务在完成前不报告进度',
  },
  stageGeneratingPercent: {
    en: 'Generating: {percent}% as reported by the service ({time})',
    'zh-CN': '生成中:服务报告进度 {percent}%({time})',
  },
  imageSet: { en: 'Image set', 'zh-CN': '组图' },
  jobsList: { en: 'Jobs', 'zh-CN': '任务列表' },
});
