import type { Locale } from './i18n-messages';

// Why a folder chosen for a backup, a move, a restore, an export or an import cannot be used, as
// one sentence that names the folder and says what to do: "Choose an empty folder for the backup:
// /x/y already has files in it." Main states the problem and the folder; every front end (the
// app's dialogs and toasts, the CLI) words it from here, in the person's language.

export const FOLDER_PROBLEMS = [
  'not_empty',
  'inside_library',
  'holds_library',
  'home_folder',
  'system_folder',
  'not_absolute',
  'missing',
  'not_a_folder',
  'cannot_create',
  'no_permission',
  'not_a_backup',
  'backup_damaged',
  'backup_newer',
  'already_a_library',
  'overlaps_library',
] as const;
export type FolderProblem = (typeof FOLDER_PROBLEMS)[number];

export const FOLDER_TASKS = ['backup', 'move', 'restore', 'export', 'import'] as const;
export type FolderTask = (typeof FOLDER_TASKS)[number];

type Words = { en: string; 'zh-CN': string };

/** "for the backup" / "备份", the purpose a destination is chosen for. */
const PURPOSE: Record<FolderTask, Words> = {
  backup: { en: ' for the backup', 'zh-CN': '备份' },
  move: { en: ' for the library’s new place', 'zh-CN': '图库的新位置' },
  restore: { en: ' to restore into', 'zh-CN': '恢复' },
  export: { en: ' for the export', 'zh-CN': '导出' },
  import: { en: ' to import from', 'zh-CN': '导入' },
};

/** The advice before the colon (`{for}` is the purpose) and the fact after it (`{path}`). */
const SENTENCES: Record<FolderProblem, { en: [string, string]; 'zh-CN': [string, string] }> = {
  not_empty: {
    en: ['Choose an empty folder{for}', '{path} already has files in it'],
    'zh-CN': ['请为{for}选择一个空文件夹', '{path} 中已有文件'],
  },
  inside_library: {
    en: ['Choose a folder outside the library{for}', '{path} is inside the library folder'],
    'zh-CN': ['请为{for}选择图库以外的文件夹', '{path} 位于图库文件夹内'],
  },
  holds_library: {
    en: ['Choose another folder{for}', '{path} contains the library folder itself'],
    'zh-CN': ['请为{for}另选一个文件夹', '{path} 包含图库文件夹本身'],
  },
  home_folder: {
    en: ['Choose a folder inside your home folder{for}, such as Pictures/Wan', '{path} is your home folder itself'],
    'zh-CN': ['请为{for}选择主文件夹中的某个文件夹(例如 Pictures/Wan)', '{path} 是主文件夹本身'],
  },
  system_folder: {
    en: ['Choose a folder of your own{for}', '{path} belongs to the system'],
    'zh-CN': ['请为{for}选择你自己的文件夹', '{path} 是系统文件夹'],
  },
  not_absolute: {
    en: ['Give the full path of the folder{for}', '{path} is not a full path'],
    'zh-CN': ['请填写{for}文件夹的完整路径', '{path} 不是完整路径'],
  },
  missing: {
    en: ['Choose an existing folder{for}', '{path} does not exist'],
    'zh-CN': ['请为{for}选择一个已存在的文件夹', '{path} 不存在'],
  },
  not_a_folder: {
    en: ['Choose a folder{for}', '{path} is a file, not a folder'],
    'zh-CN': ['请为{for}选择一个文件夹', '{path} 是文件,不是文件夹'],
  },
  cannot_create: {
    en: ['Choose another folder{for}', '{path} could not be created'],
    'zh-CN': ['请为{for}另选一个文件夹', '无法创建 {path}'],
  },
  no_permission: {
    en: ['Choose a folder you may write to{for}', 'Wan Studio has no permission to write in {path}'],
    'zh-CN': ['请为{for}选择有写入权限的文件夹', '万相工作室没有写入 {path} 的权限'],
  },
  not_a_backup: {
    en: ['Choose a finished Wan Studio backup', '{path} has no wan-studio-backup.json'],
    'zh-CN': ['请选择一个完整的万相工作室备份', '{path} 中没有 wan-studio-backup.json'],
  },
  backup_damaged: {
    en: ['Choose another backup', 'the backup in {path} is damaged'],
    'zh-CN': ['请另选一个备份', '{path} 中的备份已损坏'],
  },
  backup_newer: {
    en: ['Update Wan Studio to restore this backup', 'the backup in {path} was made by a newer version'],
    'zh-CN': ['请先更新万相工作室再恢复此备份', '{path} 中的备份由更新的版本创建'],
  },
  already_a_library: {
    en: [
      'Restore into an empty folder, or pass --replace to move the library there aside first',
      '{path} already holds a library',
    ],
    'zh-CN': ['请恢复到空文件夹,或使用 --replace 先将该处的图库移到一旁', '{path} 中已有图库'],
  },
  overlaps_library: {
    en: ['Keep the backup and the library apart', '{path} and the library folder lie inside one another'],
    'zh-CN': ['备份与图库不能互相包含', '{path} 与图库文件夹互相嵌套'],
  },
};

/** One sentence: the advice, then the folder and what is wrong with it. */
export function folderProblemSentence(
  problem: FolderProblem,
  folder: string,
  locale: Locale,
  task?: FolderTask,
): string {
  const [advice, fact] = SENTENCES[problem][locale];
  const purpose = task ? PURPOSE[task][locale] : locale === 'en' ? '' : '此操作';
  const head = advice.replace('{for}', purpose);
  const tail = fact.replace('{path}', folder);
  return locale === 'en' ? `${head}: ${tail}.` : `${head}:${tail}。`;
}
