import { h, replace } from '../dom';
import { t } from '../i18n';

/**
 * A report PDF shown inline, drawn page by page with PDF.js (loaded only when a report is shown):
 * unlike a PDF in an iframe, it shows on phones too. Each page's text is kept beside its picture
 * for screen readers. If the PDF cannot be drawn, a link opens it in the browser's own viewer.
 */
export function reportView(url: string, title: string): HTMLElement {
  const pages = h('div', { class: 'report-pages' }, h('p', { class: 'muted' }, t('reportLoading')));
  const view = h('div', { class: 'report', role: 'region', 'aria-label': title, 'aria-busy': 'true' }, pages);
  void draw(url, pages).then(
    () => view.setAttribute('data-rendered', 'true'),
    () => replace(pages, h('p', {}, t('reportUnavailable'), ' ', h('a', { href: url, target: '_blank', rel: 'noopener' }, t('openReport')))),
  ).finally(() => view.removeAttribute('aria-busy'));
  return view;
}

async function draw(url: string, pages: HTMLElement) {
  const pdfjs = await import('pdfjs-dist');
  const worker = (await import('pdfjs-dist/build/pdf.worker.min.mjs?url')).default;
  pdfjs.GlobalWorkerOptions.workerSrc = worker;
  // No eval (the Content-Security-Policy forbids it); the report is fetched with the session's cookie.
  const pdf = await pdfjs.getDocument({ url, withCredentials: true, isEvalSupported: false }).promise;
  const drawn: HTMLElement[] = [];
  const width = Math.max(280, Math.min(pages.clientWidth || 800, 1000));
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const base = page.getViewport({ scale: 1 });
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: (width / base.width) * ratio });
    const canvas = h('canvas', { class: 'report-page', width: Math.floor(viewport.width), height: Math.floor(viewport.height), 'aria-hidden': 'true' });
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    await page.render({ canvas, canvasContext: context, viewport }).promise;
    const text = (await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ');
    drawn.push(h('figure', { class: 'report-figure' }, canvas, h('figcaption', { class: 'sr-only' }, `${t('page', n, pdf.numPages)} : ${text}`)));
  }
  replace(pages, drawn);
}
