import { defineStrings } from '../../lib/i18n';

// The gallery's empty states: each says why nothing shows and offers the way on.

export const emptyStrings = defineStrings({
  emptyBody: {
    en: 'Images you generate in the Studio are kept here, on this computer. Pictures you already have can be imported.',
    'zh-CN': '在“创作”中生成的图片会保存在这里(仅存于本机)。已有的图片也可以导入。',
  },
  goToStudio: { en: 'Go to the Studio', 'zh-CN': '前往创作' },
  importImages: { en: 'Import images…', 'zh-CN': '导入图片…' },
  noMatchBody: {
    en: 'Nothing matches the search and filters in use. Clear them to see every image again.',
    'zh-CN': '没有图片符合当前的搜索和筛选条件。清除后即可重新看到所有图片。',
  },
  noMatchTrashBody: {
    en: 'Nothing in the trash matches the search and filters in use.',
    'zh-CN': '回收站中没有符合当前搜索和筛选条件的图片。',
  },
  clearSearch: { en: 'Clear search and filters', 'zh-CN': '清除搜索和筛选' },
  trashEmptyBody: {
    en: 'Nothing is in the trash. Images you move to the trash wait here until you restore them or empty it.',
    'zh-CN': '回收站是空的。移入回收站的图片会留在这里,直到你恢复它们或清空回收站。',
  },
  backToGallery: { en: 'Back to all images', 'zh-CN': '返回全部图片' },
});
