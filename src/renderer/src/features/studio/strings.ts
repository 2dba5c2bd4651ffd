import { defineStrings } from '../../lib/i18n';

export const studioStrings = defineStrings({
  title: { en: 'Create', 'zh-CN': '创作' },
  prompt: { en: 'Prompt', 'zh-CN': '提示词' },
  promptPlaceholder: {
    en: 'Describe the image: subject, setting, light, style…',
    'zh-CN': '描述画面:主体、场景、光线、风格……',
  },
  promptHint: {
    en: '↑ / ↓ at the start or end recalls earlier prompts.',
    'zh-CN': '光标在开头或末尾时,按 ↑ / ↓ 调出历史提示词。',
  },
  charCount: { en: '{count} / {max} characters', 'zh-CN': '{count} / {max} 字' },
  model: { en: 'Model', 'zh-CN': '模型' },
  size: { en: 'Size', 'zh-CN': '尺寸' },
  sizeBlockModel: {
    en: '4K needs Wan 2.7 Image Pro.',
    'zh-CN': '4K 仅旗舰版(Image Pro)支持。',
  },
  sizeBlockSequential: {
    en: '4K is not available for image sets.',
    'zh-CN': '组图模式不支持 4K。',
  },
  sizeBlockReferences: {
    en: '4K is for text to image only, not editing with references.',
    'zh-CN': '4K 仅适用于文生图,参考图编辑不支持。',
  },
  count: { en: 'Images', 'zh-CN': '数量' },
  countHint: { en: '1 to {max}', 'zh-CN': '1 到 {max} 张' },
  countHintSequential: {
    en: 'Up to {max}; the model decides the final count.',
    'zh-CN': '最多 {max} 张,最终数量由模型决定。',
  },
  fewer: { en: 'Fewer images', 'zh-CN': '减少数量' },
  more: { en: 'More images', 'zh-CN': '增加数量' },
  seed: { en: 'Seed', 'zh-CN': '种子' },
  seedRandom: { en: 'Random each time', 'zh-CN': '每次随机' },
  seedHintLocked: {
    en: 'Locked: every generation uses this seed.',
    'zh-CN': '已锁定:每次生成都使用此种子。',
  },
  seedHintUnlocked: {
    en: 'Unlocked: a new random seed is drawn for each generation.',
    'zh-CN': '未锁定:每次生成都会随机抽取新种子。',
  },
  rollSeed: { en: 'Roll a random seed', 'zh-CN': '随机生成种子' },
  lockSeed: { en: 'Lock seed', 'zh-CN': '锁定种子' },
  unlockSeed: { en: 'Unlock seed (random each time)', 'zh-CN': '解锁种子(每次随机)' },
  options: { en: 'Options', 'zh-CN': '选项' },
  thinking: { en: 'Thinking mode', 'zh-CN': '思考模式' },
  thinkingHint: {
    en: 'The model analyses the prompt before drawing; slower, often better composed.',
    'zh-CN': '模型先分析提示词再作画;稍慢,构图通常更好。',
  },
  singleOnly: { en: 'Applies to single images only.', 'zh-CN': '仅适用于单图模式。' },
  sequential: { en: 'Image set', 'zh-CN': '组图' },
  sequentialHint: {
    en: 'A style-consistent ordered series, up to 12 images; the model decides the final count.',
    'zh-CN': '风格一致的有序系列图,最多 12 张;最终数量由模型决定。',
  },
  watermark: { en: 'Watermark', 'zh-CN': '水印' },
  watermarkHint: { en: 'Adds an “AI生成” mark to each image.', 'zh-CN': '在图片上添加“AI生成”标识。' },
  palette: { en: 'Colour theme', 'zh-CN': '颜色主题' },
  palettePlaceholder: { en: 'e.g. warm tones, 莫兰迪色系', 'zh-CN': '例如:暖色调、莫兰迪色系' },
  palettePresets: { en: 'Colour theme presets', 'zh-CN': '颜色主题预设' },
  paletteHint: { en: 'Optional. Leave blank to let the model choose.', 'zh-CN': '可选;留空由模型决定。' },
  delivery: { en: 'Delivery', 'zh-CN': '返回方式' },
  async: { en: 'In the background', 'zh-CN': '后台任务' },
  sync: { en: 'Wait for the result', 'zh-CN': '等待结果' },
  asyncHint: {
    en: 'Recommended: the task runs in the queue and reports progress.',
    'zh-CN': '推荐:任务在队列中运行并显示进度。',
  },
  syncHint: {
    en: 'One request that waits for the whole result; no progress until it is done.',
    'zh-CN': '单次请求等待完整结果返回;完成前不显示进度。',
  },
  generate: { en: 'Generate', 'zh-CN': '生成' },
  generating: { en: 'Sending…', 'zh-CN': '正在提交…' },
  shortcut: { en: 'Ctrl + Enter', 'zh-CN': 'Ctrl + Enter' },
  shortcutMac: { en: '⌘ + Enter', 'zh-CN': '⌘ + Enter' },
  blockOffline: {
    en: 'You are offline — generating needs the network (the offline simulator works without it).',
    'zh-CN': '当前离线——生成需要联网(离线模拟器无需联网)。',
  },
  blockNoProfile: {
    en: 'Add a provider with an API key in Settings first.',
    'zh-CN': '请先在“设置”中添加带 API 密钥的服务商。',
  },
  blockNoKey: {
    en: 'The active provider has no API key — add it in Settings.',
    'zh-CN': '当前服务商没有 API 密钥——请在“设置”中添加。',
  },
  blockLoading: { en: 'Loading settings…', 'zh-CN': '正在加载设置…' },
  blockInvalid: { en: 'Fix the highlighted fields to generate.', 'zh-CN': '请先修正标出的字段。' },
  openSettings: { en: 'Open Settings', 'zh-CN': '打开设置' },
  simulator: { en: 'Offline simulator', 'zh-CN': '离线模拟器' },
  queued: { en: 'Added to the queue.', 'zh-CN': '已加入队列。' },
  summary: { en: '{n} × {size} · {model}', 'zh-CN': '{n} 张 × {size} · {model}' },
  summarySequential: {
    en: 'Image set of up to {n} · {size} · {model}',
    'zh-CN': '组图,最多 {n} 张 · {size} · {model}',
  },
  summarySequentialOne: {
    en: 'Image set, 1 image · {size} · {model}',
    'zh-CN': '组图,1 张 · {size} · {model}',
  },
});
