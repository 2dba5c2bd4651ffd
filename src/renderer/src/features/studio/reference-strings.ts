import { defineStrings } from '../../lib/i18n';

// Strings of the studio's reference strip, box editor, exact palette and mode notes (issue 10).

export const referenceStrings = defineStrings({
  references: { en: 'Reference images', 'zh-CN': '参考图' },
  referencesHint: {
    en: 'Up to {max}, in order: the prompt can say “image 1”, “image 2”… Drop, paste or pick files, or drag images from the gallery or the queue.',
    'zh-CN': '最多 {max} 张,按顺序排列:提示词中可称“图1”“图2”……可拖入、粘贴或选择文件,也可从图库或队列拖入。',
  },
  referencesCount: { en: '{n} of {max}', 'zh-CN': '{n} / {max}' },
  addFiles: { en: 'Add images…', 'zh-CN': '添加图片…' },
  adding: { en: 'Adding {n}…', 'zh-CN': '正在添加 {n} 张…' },
  dropHere: { en: 'Drop images to use them as references', 'zh-CN': '松开以添加为参考图' },
  imageN: { en: 'image {n}', 'zh-CN': '图{n}' },
  referenceLabel: {
    en: 'Reference image {n} of {total}, {w} × {h}. Alt + ←/→ moves it.',
    'zh-CN': '参考图 {n}/{total},{w} × {h}。按 Alt + ←/→ 调整顺序。',
  },
  remove: { en: 'Remove image {n}', 'zh-CN': '移除图{n}' },
  moveEarlier: { en: 'Move image {n} earlier', 'zh-CN': '图{n} 前移' },
  moveLater: { en: 'Move image {n} later', 'zh-CN': '图{n} 后移' },
  editBoxes: { en: 'Boxes on image {n}', 'zh-CN': '编辑图{n} 的框选区域' },
  boxCount: { en: '{n} box(es)', 'zh-CN': '{n} 个框' },
  refused: { en: 'Could not use {name}: {reason}', 'zh-CN': '无法使用 {name}:{reason}' },
  notImage: {
    en: 'it is not a PNG, JPEG, WebP or BMP image.',
    'zh-CN': '不是 PNG、JPEG、WebP 或 BMP 图片。',
  },
  tooMany: {
    en: 'only {max} reference images fit; {name} was left out.',
    'zh-CN': '最多 {max} 张参考图,{name} 未添加。',
  },
  stripFull: { en: 'All {max} places are taken.', 'zh-CN': '{max} 个位置已满。' },
  alreadyThere: { en: '{name} is already a reference.', 'zh-CN': '{name} 已是参考图。' },
  noteFor: { en: 'Image {n}: {note}', 'zh-CN': '图{n}:{note}' },
  dismiss: { en: 'Dismiss', 'zh-CN': '关闭' },
  added: { en: 'Added {n} reference image(s).', 'zh-CN': '已添加 {n} 张参考图。' },
  // Box editor
  boxesTitle: { en: 'Edit boxes on image {n}', 'zh-CN': '图{n} 的框选编辑' },
  boxesHelp: {
    en: 'Drag on the image to draw a box (up to {max}). Select a box: arrows move it, Shift + arrows resize it, Alt for one pixel, Delete removes it.',
    'zh-CN':
      '在图上拖动即可画框(最多 {max} 个)。选中框后:方向键移动,Shift + 方向键调整大小,按住 Alt 每次 1 像素,Delete 删除。',
  },
  boxesCanvas: { en: 'Image {n}, {w} × {h} pixels, with its boxes', 'zh-CN': '图{n},{w} × {h} 像素,及其框选区域' },
  boxLabel: {
    en: 'Box {k}: {x1}, {y1} to {x2}, {y2} ({w} × {h} px)',
    'zh-CN': '框 {k}:{x1}, {y1} 至 {x2}, {y2}({w} × {h} 像素)',
  },
  addBox: { en: 'Add a centred box', 'zh-CN': '添加居中的框' },
  deleteBox: { en: 'Delete box {k}', 'zh-CN': '删除框 {k}' },
  boxesFull: { en: 'Each image takes at most {max} boxes.', 'zh-CN': '每张图最多 {max} 个框。' },
  done: { en: 'Done', 'zh-CN': '完成' },
  boxesOff: {
    en: 'Boxes apply to single-image editing, not image sets; they are kept but not sent.',
    'zh-CN': '框选仅适用于单图编辑,不适用于组图;已保留但不会发送。',
  },
  // Exact palette
  exactPalette: { en: 'Exact palette', 'zh-CN': '精确配色' },
  exactPaletteHint: {
    en: '3 to 10 colours with the share of the picture each takes; the shares always add up to 100 %.',
    'zh-CN': '3 到 10 种颜色及各自在画面中的占比;占比合计始终为 100%。',
  },
  usePalette: { en: 'Use an exact palette', 'zh-CN': '使用精确配色' },
  clearPalette: { en: 'Remove palette', 'zh-CN': '移除配色' },
  colorN: { en: 'Colour {k}', 'zh-CN': '颜色 {k}' },
  hexN: { en: 'Colour {k} hex code', 'zh-CN': '颜色 {k} 的十六进制代码' },
  ratioN: { en: 'Colour {k} share in percent', 'zh-CN': '颜色 {k} 占比(%)' },
  removeColor: { en: 'Remove colour {k}', 'zh-CN': '移除颜色 {k}' },
  addColor: { en: 'Add colour', 'zh-CN': '添加颜色' },
  evenOut: { en: 'Even shares', 'zh-CN': '平均分配' },
  sum: { en: 'Sum: {sum} %', 'zh-CN': '合计:{sum}%' },
  fromImage: { en: 'Palette from image', 'zh-CN': '从图片提取配色' },
  fromReference: { en: 'From image {n}', 'zh-CN': '从图{n} 提取' },
  fromImageHint: {
    en: 'Or use “Take palette” on any image in the gallery.',
    'zh-CN': '也可在图库中任意图片上使用“提取配色”。',
  },
  paletteTaken: { en: 'Palette taken into the studio.', 'zh-CN': '配色已带入创作页。' },
  extracting: { en: 'Taking colours…', 'zh-CN': '正在提取颜色…' },
  extractFailed: { en: 'Could not take a palette: {reason}', 'zh-CN': '无法提取配色:{reason}' },
  saved: { en: 'Saved palettes', 'zh-CN': '已保存的配色' },
  savedNone: { en: 'No saved palettes yet.', 'zh-CN': '还没有保存的配色。' },
  savedFailed: { en: 'Saved palettes could not be loaded: {reason}', 'zh-CN': '无法加载已保存的配色:{reason}' },
  savePalette: { en: 'Save as…', 'zh-CN': '另存为…' },
  paletteName: { en: 'Palette name', 'zh-CN': '配色名称' },
  saveAction: { en: 'Save', 'zh-CN': '保存' },
  cancel: { en: 'Cancel', 'zh-CN': '取消' },
  applySaved: { en: 'Use palette {name}', 'zh-CN': '使用配色 {name}' },
  deleteSaved: { en: 'Delete palette {name}', 'zh-CN': '删除配色 {name}' },
  paletteSaved: { en: 'Palette “{name}” saved.', 'zh-CN': '配色“{name}”已保存。' },
  paletteOff: {
    en: 'Palettes apply to single images, not image sets; kept but not sent.',
    'zh-CN': '配色仅适用于单图,不适用于组图;已保留但不会发送。',
  },
  // Mode notes: one line per rule that is switched off, from MODE_RULES.
  modeText: { en: 'Text to image', 'zh-CN': '文生图' },
  modeEdit: { en: 'Editing with {n} reference image(s)', 'zh-CN': '参考 {n} 张图编辑' },
  modeSet: { en: 'Image set', 'zh-CN': '组图' },
  modeEditSet: { en: 'Image set from {n} reference image(s)', 'zh-CN': '参考 {n} 张图生成组图' },
  thinkingOff: {
    en: 'Thinking mode applies only to text to image without references or sets.',
    'zh-CN': '思考模式仅适用于无参考图的单图文生图。',
  },
  fourKOff: {
    en: '4K applies only to text to image with Image Pro.',
    'zh-CN': '4K 仅适用于旗舰版(Image Pro)的文生图。',
  },
  nRange: { en: '{min}–{max} images per request.', 'zh-CN': '每次 {min}–{max} 张。' },
});
