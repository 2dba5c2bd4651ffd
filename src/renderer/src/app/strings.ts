import { defineStrings } from '../lib/i18n';

export const appStrings = defineStrings({
  appName: { en: 'Wan Studio', 'zh-CN': '万相工作室' },
  mainNav: { en: 'Main', 'zh-CN': '主导航' },
  studio: { en: 'Studio', 'zh-CN': '创作' },
  gallery: { en: 'Gallery', 'zh-CN': '图库' },
  usage: { en: 'Usage', 'zh-CN': '用量' },
  settings: { en: 'Settings', 'zh-CN': '设置' },
  offline: {
    en: 'You are offline — browsing, search and favourites still work; generating needs the network.',
    'zh-CN': '当前处于离线状态——浏览、搜索和收藏仍可使用;生成图片需要联网。',
  },
  simulator: { en: 'Offline simulator', 'zh-CN': '离线模拟器' },
  simulatorHint: {
    en: 'Images come from the built-in simulator, not from Wan. Choose another provider in Settings.',
    'zh-CN': '图片来自内置模拟器,而非万相服务。可在“设置”中切换服务商。',
  },
  provider: { en: 'Provider', 'zh-CN': '服务商' },
  noProvider: { en: 'No provider', 'zh-CN': '未配置服务商' },
  loading: { en: 'Loading…', 'zh-CN': '正在加载…' },
  loadFailed: { en: 'Wan Studio could not load its settings.', 'zh-CN': 'Wan Studio 无法加载设置。' },
  retry: { en: 'Retry', 'zh-CN': '重试' },
  galleryMissing: { en: 'The gallery is not available in this build.', 'zh-CN': '此版本暂不提供图库。' },
});
