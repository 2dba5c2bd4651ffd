import { defineStrings } from '../../lib/i18n';

// Selection, bulk actions, tags and the trash's delete-for-good.

export const selectionStrings = defineStrings({
  selectionBar: { en: 'Selection', 'zh-CN': '已选图片' },
  selectedCount: { en: '{n} selected', 'zh-CN': '已选 {n} 张' },
  selectedAll: { en: 'All {n} matching selected', 'zh-CN': '已选全部 {n} 张符合条件的图片' },
  selectAllMatching: { en: 'Select all {n}', 'zh-CN': '全选 {n} 张' },
  select: { en: 'Select', 'zh-CN': '选择' },
  selectSet: { en: 'Select the whole set', 'zh-CN': '选择整组' },
  exportAction: { en: 'Export…', 'zh-CN': '导出…' },
  favoriteAction: { en: 'Favourite', 'zh-CN': '收藏' },
  tagAction: { en: 'Tag…', 'zh-CN': '标签…' },
  trashAction: { en: 'Move to trash', 'zh-CN': '移到回收站' },
  restoreAction: { en: 'Restore', 'zh-CN': '恢复' },
  deleteForGood: { en: 'Delete for good…', 'zh-CN': '彻底删除…' },
  clearSelection: { en: 'Clear', 'zh-CN': '取消选择' },
  selectionKeys: {
    en: 'Space or Ctrl-click selects, Shift-click selects a range, Ctrl+A selects all, Escape clears',
    'zh-CN': '空格或 Ctrl+单击选择,Shift+单击连选,Ctrl+A 全选,Esc 取消选择',
  },
  favoritedOne: { en: '1 image added to favourites', 'zh-CN': '已收藏 1 张图片' },
  favoritedMany: { en: '{n} images added to favourites', 'zh-CN': '已收藏 {n} 张图片' },
  tooManyPicked: {
    en: 'Over {max} images picked one by one — use Ctrl+A (select all matching) for a batch this large.',
    'zh-CN': '逐张选择的图片超过 {max} 张——如此大批量请用 Ctrl+A(全选符合条件的图片)。',
  },
  // Tags
  tags: { en: 'Tags', 'zh-CN': '标签' },
  noTags: { en: 'No tags yet', 'zh-CN': '暂无标签' },
  addTag: { en: 'Add a tag', 'zh-CN': '添加标签' },
  addTagPlaceholder: { en: 'Add a tag, press Enter', 'zh-CN': '输入标签后按回车' },
  tagSuggestions: { en: 'Tags in use', 'zh-CN': '已有标签' },
  removeTag: { en: 'Remove tag {name}', 'zh-CN': '移除标签 {name}' },
  tagFilter: { en: 'Filter by tag', 'zh-CN': '按标签筛选' },
  anyTag: { en: 'All tags', 'zh-CN': '全部标签' },
  // Beside the chosen tags' chips, in a tight toolbar: the select's own name says "Filter by tag".
  anotherTag: { en: '+ Tag', 'zh-CN': '+ 标签' },
  tagOption: { en: '{name} ({n})', 'zh-CN': '{name}({n})' },
  tagDialogTitleOne: { en: 'Tag 1 image', 'zh-CN': '为 1 张图片添加标签' },
  tagDialogTitle: { en: 'Tag {n} images', 'zh-CN': '为 {n} 张图片添加标签' },
  tagDialogAdd: { en: 'Add these tags', 'zh-CN': '添加以下标签' },
  tagDialogRemove: { en: 'Remove tags', 'zh-CN': '移除标签' },
  tagDialogRemoveHint: {
    en: 'Tick a tag to take it off every selected image.',
    'zh-CN': '勾选的标签将从所有选中图片上移除。',
  },
  tagDialogApply: { en: 'Apply', 'zh-CN': '应用' },
  tagsChangedOne: { en: 'Tags updated', 'zh-CN': '标签已更新' },
  tagsChanged: { en: 'Tags updated on {n} images', 'zh-CN': '已更新 {n} 张图片的标签' },
  cancel: { en: 'Cancel', 'zh-CN': '取消' },
  working: { en: 'Working…', 'zh-CN': '处理中…' },
  // Trash
  emptyTrash: { en: 'Empty trash…', 'zh-CN': '清空回收站…' },
  emptyTrashTitle: { en: 'Empty the trash?', 'zh-CN': '清空回收站?' },
  emptyTrashBodyOne: {
    en: 'The image in the trash will be deleted for good, file included. This cannot be undone.',
    'zh-CN': '回收站中的这张图片将被彻底删除(包括文件),且无法恢复。',
  },
  emptyTrashBody: {
    en: 'All {n} images in the trash will be deleted for good, files included. This cannot be undone.',
    'zh-CN': '回收站中的全部 {n} 张图片将被彻底删除(包括文件),且无法恢复。',
  },
  deleteTitleOne: { en: 'Delete this image for good?', 'zh-CN': '彻底删除这张图片?' },
  deleteTitle: { en: 'Delete {n} images for good?', 'zh-CN': '彻底删除 {n} 张图片?' },
  deleteBody: {
    en: 'Their files will be deleted from this computer. This cannot be undone.',
    'zh-CN': '这些图片的文件将从本机删除,且无法恢复。',
  },
  deleteConfirm: { en: 'Delete for good', 'zh-CN': '彻底删除' },
  deletedOne: { en: '1 image deleted for good', 'zh-CN': '已彻底删除 1 张图片' },
  deleted: { en: '{n} images deleted for good', 'zh-CN': '已彻底删除 {n} 张图片' },
  useAsReference: { en: 'Use as reference', 'zh-CN': '用作参考图' },
  useAsReferenceHint: {
    en: 'Adds the selected images (up to 9) to the studio’s reference images',
    'zh-CN': '将所选图片(最多 9 张)添加到创作页的参考图',
  },
  // Toolbar
  importAction: { en: 'Import…', 'zh-CN': '导入…' },
  importHint: { en: 'Bring images from a folder into the library', 'zh-CN': '从文件夹导入图片到图库' },
  exportsAction: { en: 'Exports', 'zh-CN': '导出记录' },
  exportsHint: { en: 'Recent and unfinished exports', 'zh-CN': '最近及未完成的导出' },
});
