import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';
import { defineStrings, useT } from '../lib/i18n';
import { useShortcutsDialog } from './shortcuts';
import './shortcuts.css';

// "?": every key the app answers to, grouped by where it works. Keep in step with the handlers
// (app/shortcuts.ts, the gallery grid and page, the detail view, the studio, the box editor).

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

const strings = defineStrings({
  title: { en: 'Keyboard shortcuts', 'zh-CN': '键盘快捷键' },
  close: { en: 'Close', 'zh-CN': '关闭' },
  or: { en: 'or', 'zh-CN': '或' },
  everywhere: { en: 'Everywhere', 'zh-CN': '任意位置' },
  gallery: { en: 'Gallery', 'zh-CN': '图库' },
  detail: { en: 'Image detail', 'zh-CN': '图片详情' },
  studio: { en: 'Studio', 'zh-CN': '创作' },
  boxes: { en: 'Box editor', 'zh-CN': '框选编辑' },
  showShortcuts: { en: 'Show this overview', 'zh-CN': '显示此快捷键一览' },
  focusToasts: { en: 'Move to the notifications (then Tab to Undo)', 'zh-CN': '跳到通知(再按 Tab 到“撤销”)' },
  undo: { en: 'Undo the last trash, tag or favourite change', 'zh-CN': '撤销上一次移到回收站、标签或收藏的更改' },
  focusSearch: {
    en: 'Search (filters: tag: seed: model: size: set: fav:)',
    'zh-CN': '搜索(筛选:tag: seed: model: size: set: fav:)',
  },
  clearSearch: { en: 'Clear the search (in the search box)', 'zh-CN': '清空搜索(在搜索框中)' },
  move: { en: 'Move between images', 'zh-CN': '在图片间移动' },
  open: { en: 'Open the image', 'zh-CN': '打开图片' },
  select: { en: 'Select or unselect', 'zh-CN': '选择或取消选择' },
  extend: { en: 'Select while moving', 'zh-CN': '边移动边选择' },
  clickToggle: { en: 'Add to or take from the selection', 'zh-CN': '加入或移出选择' },
  clickRange: { en: 'Select a range', 'zh-CN': '选择一个范围' },
  selectAll: { en: 'Select all matching', 'zh-CN': '全选匹配的图片' },
  clearSelection: { en: 'Clear the selection', 'zh-CN': '清除选择' },
  favorite: { en: 'Favourite or unfavourite', 'zh-CN': '收藏或取消收藏' },
  trash: { en: 'Move to trash (in the trash: restore)', 'zh-CN': '移到回收站(在回收站中:恢复)' },
  step: { en: 'Previous or next image', 'zh-CN': '上一张或下一张' },
  zoom: { en: 'Zoom in or out', 'zh-CN': '放大或缩小' },
  fit: { en: 'Fit to the window', 'zh-CN': '适应窗口' },
  actualSize: { en: 'Actual size', 'zh-CN': '实际大小' },
  closeDetail: { en: 'Close', 'zh-CN': '关闭' },
  generate: { en: 'Generate', 'zh-CN': '生成' },
  recall: {
    en: 'Earlier or later prompts (at the start or end of the prompt)',
    'zh-CN': '上一条或下一条提示词(光标在提示词开头或末尾时)',
  },
  reorder: { en: 'Move a reference image left or right', 'zh-CN': '左右移动参考图' },
  removeReference: { en: 'Remove a reference image', 'zh-CN': '移除参考图' },
  moveBox: { en: 'Move the box', 'zh-CN': '移动框' },
  resizeBox: { en: 'Resize the box', 'zh-CN': '调整框的大小' },
  nudgeBox: { en: 'Move by one pixel', 'zh-CN': '按 1 像素移动' },
  removeBox: { en: 'Remove the box', 'zh-CN': '删除框' },
});

type Key = keyof typeof strings;
/** Each row: alternatives (each a key combination, as its keys), and what it does. */
type Row = { keys: string[][]; does: Key };

const GROUPS: ReadonlyArray<{ title: Key; rows: Row[] }> = [
  {
    title: 'everywhere',
    rows: [
      { keys: [['?']], does: 'showShortcuts' },
      { keys: [['Alt', 'T']], does: 'focusToasts' },
    ],
  },
  {
    title: 'gallery',
    rows: [
      { keys: [['/'], [MOD, 'F']], does: 'focusSearch' },
      { keys: [['Esc']], does: 'clearSearch' },
      { keys: [[MOD, 'Z']], does: 'undo' },
      {
        keys: [
          ['←', '→', '↑', '↓'],
          ['PgUp', 'PgDn', 'Home', 'End'],
        ],
        does: 'move',
      },
      { keys: [['Enter']], does: 'open' },
      { keys: [['Space']], does: 'select' },
      { keys: [['Shift', '←→↑↓']], does: 'extend' },
      { keys: [[MOD, 'click']], does: 'clickToggle' },
      { keys: [['Shift', 'click']], does: 'clickRange' },
      { keys: [[MOD, 'A']], does: 'selectAll' },
      { keys: [['Esc']], does: 'clearSelection' },
      { keys: [['F']], does: 'favorite' },
      { keys: [['Delete'], ['Backspace']], does: 'trash' },
    ],
  },
  {
    title: 'detail',
    rows: [
      { keys: [['←'], ['→']], does: 'step' },
      { keys: [['+'], ['−']], does: 'zoom' },
      { keys: [['0']], does: 'fit' },
      { keys: [['1']], does: 'actualSize' },
      { keys: [[MOD, 'Z']], does: 'undo' },
      { keys: [['Esc']], does: 'closeDetail' },
    ],
  },
  {
    title: 'studio',
    rows: [
      { keys: [[MOD, 'Enter']], does: 'generate' },
      { keys: [['↑'], ['↓']], does: 'recall' },
      {
        keys: [
          ['Alt', '←'],
          ['Alt', '→'],
        ],
        does: 'reorder',
      },
      { keys: [['Delete']], does: 'removeReference' },
    ],
  },
  {
    title: 'boxes',
    rows: [
      { keys: [['←', '→', '↑', '↓']], does: 'moveBox' },
      { keys: [['Shift', '←→↑↓']], does: 'resizeBox' },
      { keys: [['Alt', '←→↑↓']], does: 'nudgeBox' },
      { keys: [['Delete']], does: 'removeBox' },
    ],
  },
];

function Keys({ keys }: { keys: string[][] }) {
  const t = useT(strings);
  return (
    <span className="shortcut-keys">
      {keys.map((combo, k) => (
        <span key={k} className="shortcut-combo">
          {k > 0 && <span className="shortcut-or">{t('or')}</span>}
          {combo.map((key) => (
            <kbd key={key}>{key}</kbd>
          ))}
        </span>
      ))}
    </span>
  );
}

export function ShortcutsDialog() {
  const t = useT(strings);
  const isOpen = useShortcutsDialog((s) => s.isOpen);
  const close = (): void => useShortcutsDialog.setState({ isOpen: false });
  if (!isOpen) return null;
  return (
    <Dialog
      isOpen
      title={t('title')}
      onClose={close}
      testId="shortcuts-dialog"
      className="shortcuts-dialog"
      footer={
        <Button variant="secondary" autoFocus onClick={close}>
          {t('close')}
        </Button>
      }
    >
      {GROUPS.map((group) => (
        <section key={group.title} className="shortcut-group">
          <h3>{t(group.title)}</h3>
          <dl>
            {group.rows.map((row) => (
              <div key={`${row.does}${row.keys.flat().join()}`} className="shortcut-row">
                <dt>
                  <Keys keys={row.keys} />
                </dt>
                <dd>{t(row.does)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </Dialog>
  );
}
