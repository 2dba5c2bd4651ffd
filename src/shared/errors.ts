import { z } from 'zod';
import { FOLDER_PROBLEMS, FOLDER_TASKS, folderProblemSentence } from './folder-problems';
import { render, type Locale } from './i18n-messages';

// Every failure a person can meet, with a stable code. Errors cross process boundaries as
// `ErrorValue`s (never as thrown objects or stacks) and are put into words by `describeError`.

export const ERROR_CODES = [
  'auth',
  'permission',
  'quota',
  'rate_limited',
  'invalid_request',
  'moderation',
  'not_found',
  'server',
  'network',
  'timeout',
  'malformed_response',
  'task_failed',
  'expired',
  'canceled',
  'interrupted',
  'disk',
  'secure_storage',
  'bad_folder',
  'write_failed',
  'disk_full',
  'read_only',
  'library_corrupt',
  'queue_timeout',
  'not_in_library',
  'not_rerunnable',
  'invalid_input',
  'library_busy',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorValueSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Upstream's own words (key-scrubbed), for the detail line and bug reports. */
  detail: z.string().optional(),
  upstreamCode: z.string().optional(),
  httpStatus: z.number().optional(),
  field: z.string().optional(),
  retryAfterMs: z.number().optional(),
  /** The folder a disk or library error is about (full, read-only, damaged). */
  path: z.string().optional(),
  /** Bytes still needed there, when a full disk is the cause and the size is known. */
  neededBytes: z.number().optional(),
  /** What is wrong with `path` when a chosen folder was refused (bad_folder); see folder-problems.ts. */
  folderProblem: z.enum(FOLDER_PROBLEMS).optional(),
  /** What the folder was chosen for, so the sentence can say "for the backup". */
  folderTask: z.enum(FOLDER_TASKS).optional(),
  isRetryable: z.boolean(),
});
export type ErrorValue = z.infer<typeof errorValueSchema>;

/** What the UI offers as the next step. */
export type NextStep = 'open_settings' | 'edit_prompt' | 'edit_request' | 'retry' | 'wait' | 'check_account' | 'none';

type Params = Record<string, string | number>;
type Entry = {
  en: string | ((p: Params) => string);
  'zh-CN': string | ((p: Params) => string);
  next: NextStep;
};

const MESSAGES: Record<ErrorCode, Entry> = {
  auth: {
    en: 'The API key was rejected — open Settings and check the key for this provider.',
    'zh-CN': 'API 密钥被拒绝——请打开“设置”检查该服务商的密钥。',
    next: 'open_settings',
  },
  permission: {
    en: 'This key is not allowed to use this model — check the account’s permissions.',
    'zh-CN': '该密钥无权使用此模型——请检查账户权限。',
    next: 'check_account',
  },
  quota: {
    en: 'The account’s quota or balance is used up — top up or wait for the quota to reset.',
    'zh-CN': '账户额度或余额已用完——请充值或等待额度重置。',
    next: 'check_account',
  },
  rate_limited: {
    en: (p) =>
      p.seconds
        ? `Too many requests — the service asked us to wait ${p.seconds} s. Try again then.`
        : 'Too many requests — wait a moment and try again.',
    'zh-CN': (p) => (p.seconds ? `请求过于频繁——服务要求等待 ${p.seconds} 秒后再试。` : '请求过于频繁——请稍候再试。'),
    next: 'wait',
  },
  invalid_request: {
    en: (p) =>
      p.field
        ? `The service refused the field "${p.field}" — change it and try again.`
        : 'The service refused the request as sent — its own reason is in the details; change the request in the studio and try again.',
    'zh-CN': (p) =>
      p.field
        ? `服务拒绝了参数“${p.field}”——请修改后重试。`
        : '服务拒绝了所发送的请求——原因见详情中服务返回的说明;请在创作页修改请求后重试。',
    next: 'edit_request',
  },
  moderation: {
    en: 'The prompt or image was flagged by content review — edit the prompt and try again.',
    'zh-CN': '提示词或图像未通过内容审核——请修改提示词后重试。',
    next: 'edit_prompt',
  },
  not_found: {
    en: 'The model or task was not found — check the model and the provider’s base URL.',
    'zh-CN': '未找到该模型或任务——请检查模型和服务商的接口地址。',
    next: 'open_settings',
  },
  server: {
    en: 'The image service had a problem on its side — try again in a little while.',
    'zh-CN': '图像服务端出现问题——请稍后重试。',
    next: 'retry',
  },
  network: {
    en: 'Could not reach the image service — check the network connection and the base URL.',
    'zh-CN': '无法连接图像服务——请检查网络连接和接口地址。',
    next: 'retry',
  },
  timeout: {
    en: 'The image service did not answer in time — try again; a request that timed out may still have been billed.',
    'zh-CN': '图像服务响应超时——请重试;已超时的请求可能仍会计费。',
    next: 'retry',
  },
  malformed_response: {
    en: 'The image service sent a reply we could not read — try again, or check the base URL.',
    'zh-CN': '无法解析图像服务的返回内容——请重试,或检查接口地址。',
    next: 'retry',
  },
  task_failed: {
    en: 'The image service could not finish this task — try again, perhaps with a changed prompt.',
    'zh-CN': '图像服务未能完成该任务——请重试,或调整提示词。',
    next: 'retry',
  },
  expired: {
    en: 'The result link expired before the image was saved — generate it again.',
    'zh-CN': '结果链接在图片保存前已过期——请重新生成。',
    next: 'retry',
  },
  canceled: { en: 'Canceled.', 'zh-CN': '已取消。', next: 'none' },
  interrupted: {
    en: 'The app stopped before the service confirmed this request. It may have been billed, so it was not sent again — retry if you want it.',
    'zh-CN': '应用在服务确认请求前中断。该请求可能已计费,因此未自动重发——如需要请手动重试。',
    next: 'retry',
  },
  disk: {
    en: 'Could not save the image to disk — check free space and write access to the library folder.',
    'zh-CN': '无法将图片保存到磁盘——请检查剩余空间和图库文件夹的写入权限。',
    next: 'none',
  },
  secure_storage: {
    en: 'This system offers no secure place for API keys (no keyring), so the key was not saved — set WAN_API_KEY instead, or install a keyring.',
    'zh-CN':
      '此系统没有可安全保存 API 密钥的位置(缺少密钥环),因此未保存密钥——请改用 WAN_API_KEY 环境变量,或安装密钥环。',
    next: 'open_settings',
  },
  bad_folder: {
    en: 'That folder cannot be used here — choose another one (the details say why).',
    'zh-CN': '无法使用该文件夹——请另选一个(详情中说明了原因)。',
    next: 'none',
  },
  write_failed: {
    en: 'Could not write to the chosen folder — check free space and write access, then resume.',
    'zh-CN': '无法写入所选文件夹——请检查剩余空间和写入权限,然后继续。',
    next: 'retry',
  },
  disk_full: {
    en: (p) =>
      `The disk is full${p.path ? ` at ${p.path}` : ''} — free ${p.needed ? `at least ${p.needed}` : 'some space'} there and try again. Nothing saved so far was lost.`,
    'zh-CN': (p) =>
      `磁盘已满${p.path ? `(${p.path})` : ''}——请在该处释放${p.needed ? `至少 ${p.needed}` : '一些'}空间后重试。已保存的内容没有丢失。`,
    next: 'retry',
  },
  read_only: {
    en: (p) =>
      `${p.path ? `${p.path} cannot be written` : 'The folder cannot be written'} (read-only or no permission) — allow writing there or choose another folder, then resume.`,
    'zh-CN': (p) =>
      `${p.path ? `无法写入 ${p.path}` : '无法写入该文件夹'}(只读或没有权限)——请允许写入或改选其他文件夹,然后继续。`,
    next: 'none',
  },
  library_corrupt: {
    en: (p) =>
      `The library database${p.path ? ` at ${p.path}` : ''} is damaged and cannot be opened — restore your last backup (wan-studio restore) or rebuild the library from its image files (wan-studio rebuild); the damaged file is kept aside.`,
    'zh-CN': (p) =>
      `图库数据库${p.path ? `(${p.path})` : ''}已损坏,无法打开——请恢复最近的备份(wan-studio restore),或从图片文件重建图库(wan-studio rebuild);损坏的文件会被保留。`,
    next: 'none',
  },
  queue_timeout: {
    en: 'The provider stayed busy until the queue deadline, so this image was never sent — nothing was billed. Retry later, or allow a longer wait in Settings.',
    'zh-CN': '服务商在排队期限内一直繁忙,因此该图片未发送——没有计费。请稍后重试,或在“设置”中延长等待时间。',
    next: 'retry',
  },
  library_busy: {
    en: 'The library is busy with generations, an export or another library task — wait for them to finish, then try again.',
    'zh-CN': '图库正忙于生成、导出或其他图库任务——请等待完成后再试。',
    next: 'wait',
  },
  not_in_library: {
    en: 'That is not in this library (any more) — the details name what was asked for.',
    'zh-CN': '图库中没有该项(或已被删除)——详情中写明了所找的内容。',
    next: 'none',
  },
  not_rerunnable: {
    en: 'This image holds no request that can be sent again (it was imported without a Wan model or a prompt) — use it as a reference, or write a new prompt in the studio.',
    'zh-CN':
      '这张图片没有可以再次发送的请求(导入时不含万相模型或提示词)——可将其用作参考图,或在创作页中输入新的提示词。',
    next: 'none',
  },
  invalid_input: {
    en: (p) =>
      p.field
        ? `“${p.field}” cannot be used as given — the details say why.`
        : 'That input cannot be used as given — the details say why.',
    'zh-CN': (p) =>
      p.field ? `“${p.field}”的内容无法使用——详情中说明了原因。` : '输入的内容无法使用——详情中说明了原因。',
    next: 'none',
  },
  internal: {
    en: 'Something went wrong inside Wan Studio — try again; if it repeats, report it.',
    'zh-CN': 'Wan Studio 内部出错——请重试;如反复出现请反馈。',
    next: 'retry',
  },
};

export function errorMessage(
  code: ErrorCode,
  locale: Locale,
  extra: { field?: string; retryAfterMs?: number; path?: string; neededBytes?: number } = {},
): string {
  const params: Params = {};
  if (extra.field) params.field = extra.field;
  if (extra.retryAfterMs) params.seconds = Math.ceil(extra.retryAfterMs / 1000);
  if (extra.path) params.path = extra.path;
  if (extra.neededBytes) params.needed = formatBytes(extra.neededBytes);
  return render(MESSAGES[code][locale], params);
}

export function nextStepFor(code: ErrorCode): NextStep {
  return MESSAGES[code].next;
}

/**
 * The next step for this very error: a refused request is changed in the studio's settings for
 * it (a size, n, a palette); only when the service named the prompt is editing the prompt the step.
 */
export function nextStepForError(error: Pick<ErrorValue, 'code' | 'field'>): NextStep {
  if (error.code === 'invalid_request' && error.field === 'prompt') return 'edit_prompt';
  return nextStepFor(error.code);
}

/** The sentence a person reads, in their language, with upstream's detail when it helps. */
export function describeError(err: ErrorValue, locale: Locale): string {
  // A refused folder is one sentence naming it and the reason; the detail would only repeat it.
  if (err.code === 'bad_folder' && err.folderProblem && err.path)
    return folderProblemSentence(err.folderProblem, err.path, locale, err.folderTask);
  return errorMessage(err.code, locale, {
    field: err.field,
    retryAfterMs: err.retryAfterMs,
    path: err.path,
    neededBytes: err.neededBytes,
  });
}

/** Upstream's or the system's own words, when the sentence does not already say all of it. */
export function detailWorthShowing(err: Pick<ErrorValue, 'detail' | 'folderProblem'>): string | undefined {
  return err.folderProblem ? undefined : err.detail;
}

/** 1.5 MB, 820 KB: sizes as a person reads them in a message. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
}
