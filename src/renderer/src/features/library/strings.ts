import { defineStrings } from '../../lib/i18n';

export const libraryStrings = defineStrings({
  section: { en: 'Library', 'zh-CN': '图库' },
  path: { en: 'Library folder', 'zh-CN': '图库文件夹' },
  pathHint: { en: 'Images and the catalogue are kept here.', 'zh-CN': '图片和目录数据保存在此处。' },
  importTitle: { en: 'Import images', 'zh-CN': '导入图片' },
  importAction: { en: 'Import…', 'zh-CN': '导入…' },
  importFolder: { en: 'Folder to import from', 'zh-CN': '要导入的文件夹' },
  importExplain: {
    en: 'Adds the images in this folder and its subfolders. Images exported by Wan Studio (with embedded settings or a manifest) come back rerunnable; others come in as plain images. Images already in the library are left alone, and nothing in the folder is changed.',
    'zh-CN':
      '导入该文件夹及其子文件夹中的图片。由万相工作室导出(嵌入了参数或附带清单)的图片可恢复为可重新生成的记录;其他图片作为普通图片导入。图库中已有的图片会被跳过,文件夹中的文件不会被改动。',
  },
  importStart: { en: 'Import', 'zh-CN': '导入' },
  importRunning: { en: 'Importing…', 'zh-CN': '正在导入…' },
  importDone: { en: 'Import finished', 'zh-CN': '导入完成' },
  restored: { en: 'Restored with settings', 'zh-CN': '恢复为可重新生成' },
  plain: { en: 'Added as plain images', 'zh-CN': '作为普通图片添加' },
  duplicates: { en: 'Already in the library', 'zh-CN': '图库中已存在' },
  failedCount: { en: 'Could not be imported', 'zh-CN': '无法导入' },
  failedList: { en: 'Files that could not be imported', 'zh-CN': '无法导入的文件' },
  backupTitle: { en: 'Back up the library', 'zh-CN': '备份图库' },
  backupAction: { en: 'Back up…', 'zh-CN': '备份…' },
  backupFolder: { en: 'Folder for the backup', 'zh-CN': '备份到的文件夹' },
  backupExplain: {
    en: 'Writes a complete, consistent copy of the library — the catalogue and every image — into this folder. Wan Studio keeps using the current library; the copy can be opened later as a library of its own.',
    'zh-CN':
      '将图库的完整一致副本(目录数据和全部图片)写入该文件夹。万相工作室将继续使用当前图库;该副本以后可作为独立图库打开。',
  },
  backupStart: { en: 'Back up', 'zh-CN': '开始备份' },
  backupRunning: { en: 'Backing up…', 'zh-CN': '正在备份…' },
  backupDone: { en: 'Backup finished', 'zh-CN': '备份完成' },
  backupResult: { en: '{n} images, {size}, copied to:', 'zh-CN': '已将 {n} 张图片({size})复制到:' },
  backupProblems: {
    en: '{n} images were not backed up: the library’s own file is missing or damaged.',
    'zh-CN': '有 {n} 张图片未备份:图库中的原文件缺失或已损坏。',
  },
  backupMissing: { en: 'Missing:', 'zh-CN': '缺失:' },
  backupDamaged: { en: 'Damaged (contents changed):', 'zh-CN': '已损坏(内容被改动):' },
  moveTitle: { en: 'Move the library', 'zh-CN': '移动图库' },
  moveAction: { en: 'Move library…', 'zh-CN': '移动图库…' },
  moveFolder: { en: 'New library folder', 'zh-CN': '新的图库文件夹' },
  moveExplain: {
    en: 'Three steps: Wan Studio copies the library to the new folder, checks every copied file, and only then switches to it. The old folder is kept as it was — delete it yourself once you are happy. Generating is best left until the move is done.',
    'zh-CN':
      '分三步:万相工作室先将图库复制到新文件夹,逐一校验复制的文件,校验通过后才切换过去。旧文件夹会原样保留——确认无误后可自行删除。移动完成前建议不要生成新图片。',
  },
  moveStart: { en: 'Move library', 'zh-CN': '开始移动' },
  moveRunning: { en: 'Copying and checking…', 'zh-CN': '正在复制并校验…' },
  moveDone: { en: 'Library moved', 'zh-CN': '图库已移动' },
  moveResult: {
    en: '{n} images ({size}) now live in the new folder. The old folder was kept.',
    'zh-CN': '{n} 张图片({size})已位于新文件夹中。旧文件夹已保留。',
  },
  progress: { en: '{done} of {total}', 'zh-CN': '{done} / {total}' },
  progressLabel: { en: 'Progress', 'zh-CN': '进度' },
  preparing: { en: 'Preparing…', 'zh-CN': '正在准备…' },
  folderMissing: { en: 'Choose a folder first.', 'zh-CN': '请先选择文件夹。' },
  folderNotAbsolute: {
    en: 'Type the full path, starting with / (or a drive letter such as C:\\ on Windows).',
    'zh-CN': '请填写完整路径,以 / 开头(Windows 上以 C:\\ 等盘符开头)。',
  },
  failed: { en: 'That did not work: {reason}', 'zh-CN': '操作失败:{reason}' },
  runInBackground: { en: 'Run in background', 'zh-CN': '后台运行' },
  cancel: { en: 'Cancel', 'zh-CN': '取消' },
  close: { en: 'Close', 'zh-CN': '关闭' },
  busy: {
    en: 'Another library task is running — wait for it to finish.',
    'zh-CN': '另一项图库任务正在进行——请等待其完成。',
  },
  taskDoneToast: { en: '{task}: done', 'zh-CN': '{task}:已完成' },
  taskFailedToast: { en: '{task}: {reason}', 'zh-CN': '{task}:{reason}' },
});
