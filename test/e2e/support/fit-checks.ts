import type { Page } from '@playwright/test';

// What "fits" means, measured in the page: no text cut off by a box that hides its overflow, and
// every action a screen is about inside the window and not covered.

/**
 * Deliberately truncated long user strings. Each is allowed to end in an ellipsis only while a
 * title on it (or an ancestor) carries the full text, so nothing is lost to the person reading.
 */
export const TRUNCATION_EXCEPTIONS: readonly { selector: string; why: string }[] = [
  { selector: '.provider-badge-name', why: 'a provider name the user typed; the badge is as wide as the sidebar' },
  { selector: '.export-row-path, .export-destination, .export-current', why: 'folder paths the user chose' },
  { selector: '.export-preview-list li', why: 'planned file paths built from the user\u2019s template' },
  { selector: '.job-prompt', why: 'a queued job\u2019s prompt; the detail view shows it whole' },
];

export type FitProblem = { kind: 'overflow' | 'truncated' | 'action'; selector: string; text: string; detail: string };

type CheckArgs = { root: string | null; actions: string; exceptions: string[] };

/** Runs both checks in the page; `root` limits them to an open dialog. */
export async function findFitProblems(page: Page, root: string | undefined, actions: string): Promise<FitProblem[]> {
  // Two frames, so a resize has been laid out and painted before measuring.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const args: CheckArgs = { root: root ?? null, actions, exceptions: TRUNCATION_EXCEPTIONS.map((e) => e.selector) };
  return page.evaluate(({ root, actions, exceptions }: CheckArgs) => {
    const problems: FitProblem[] = [];
    const scope = root ? document.querySelector(root) : document.body;
    if (!scope) return [{ kind: 'action', selector: root ?? 'body', text: '', detail: 'not found' }] as FitProblem[];

    const describe = (el: Element): string => {
      const parts: string[] = [];
      for (
        let node: Element | null = el;
        node && parts.length < 3 && node !== document.body;
        node = node.parentElement
      ) {
        const testId = node.getAttribute('data-testid');
        const cls = [...node.classList].slice(0, 2).join('.');
        parts.unshift(testId ? `[data-testid="${testId}"]` : `${node.tagName.toLowerCase()}${cls ? `.${cls}` : ''}`);
        if (testId) break;
      }
      return parts.join(' > ');
    };
    const textOf = (el: Element): string => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    const isShown = (el: Element): boolean =>
      el.checkVisibility({ visibilityProperty: true, opacityProperty: false }) &&
      !el.closest('.visually-hidden') &&
      (el as HTMLElement).offsetParent !== null;

    // (a) Text cut off by a box that hides or clips its overflow (scrolling boxes can be scrolled).
    const canvas = document.createElement('canvas').getContext('2d')!;
    for (const el of scope.querySelectorAll<HTMLElement>('*')) {
      if (el instanceof SVGElement || !isShown(el)) continue;
      const text = textOf(el);
      if (el instanceof HTMLSelectElement) {
        // A native select clips its label without any scrollWidth to show for it: measure the text.
        const style = getComputedStyle(el);
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const label = el.selectedOptions[0]?.textContent ?? '';
        const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (canvas.measureText(label).width > room + 1)
          problems.push({
            kind: 'overflow',
            selector: describe(el),
            text: label,
            detail: 'select label wider than the select',
          });
        continue;
      }
      if (!text || el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) continue;
      const style = getComputedStyle(el);
      const clipsX = style.overflowX === 'hidden' || style.overflowX === 'clip';
      const clipsY = style.overflowY === 'hidden' || style.overflowY === 'clip';
      // A 1-px box is the visually-hidden pattern: an accessible name, not shown text.
      if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;
      let wide = clipsX && el.scrollWidth > el.clientWidth + 1;
      let tall = clipsY && el.scrollHeight > el.clientHeight + 1;
      if (!wide && !tall) continue;
      // What spills may be an image (a hover zoom) rather than text: measure the text itself.
      const box = el.getBoundingClientRect();
      const left = box.left + el.clientLeft;
      const top = box.top + el.clientTop;
      let spillX = 0;
      let spillY = 0;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim() || !node.parentElement || !isShown(node.parentElement)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
          spillX = Math.max(spillX, left - r.left, r.right - (left + el.clientWidth));
          spillY = Math.max(spillY, top - r.top, r.bottom - (top + el.clientHeight));
        }
      }
      // Ellipsis draws inside the box, so the range still reaches past it; anything else must.
      wide = wide && (spillX > 1 || style.textOverflow === 'ellipsis');
      tall = tall && spillY > 1;
      if (!wide && !tall) continue;
      const detail = wide
        ? `scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`
        : `scrollHeight ${el.scrollHeight} > clientHeight ${el.clientHeight}`;
      const isException = exceptions.some((selector) => el.matches(selector));
      if (isException) {
        const title = el.closest('[title]')?.getAttribute('title')?.replace(/\s+/g, ' ').trim() ?? '';
        // Some views shorten the text themselves before CSS clips it ("…" at the end).
        if (title.includes(text.replace(/\u2026$/, ''))) continue;
        problems.push({
          kind: 'truncated',
          selector: describe(el),
          text: text.slice(0, 80),
          detail: `${detail}, no title with the full text`,
        });
        continue;
      }
      problems.push({ kind: 'overflow', selector: describe(el), text: text.slice(0, 80), detail });
    }

    // (b) Actions inside the window and on top (not under a sticky bar, not clipped by a scroller).
    const found = [...scope.querySelectorAll<HTMLElement>(actions)].filter(isShown);
    if (found.length === 0)
      problems.push({ kind: 'action', selector: actions, text: '', detail: 'no such action shown' });
    for (const el of found) {
      if ((el as HTMLButtonElement).disabled) continue;
      const r = el.getBoundingClientRect();
      const inside = r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const onTop = hit !== null && (hit === el || el.contains(hit) || hit.contains(el));
      if (!inside || !onTop)
        problems.push({
          kind: 'action',
          selector: describe(el),
          text: textOf(el) || el.getAttribute('aria-label') || '',
          detail: !inside
            ? `outside the window (${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)} in ${innerWidth}×${innerHeight})`
            : `covered by ${hit ? describe(hit) : 'nothing'}`,
        });
    }
    return problems;
  }, args);
}
