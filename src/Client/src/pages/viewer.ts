import { init as coreInit, RenderingEngine, Enums, type Types } from '@cornerstonejs/core';
import { init as loaderInit } from '@cornerstonejs/dicom-image-loader';
import { h, replace } from '../dom';
import { t, fmt } from '../i18n';
import { query, mutate } from '../api';
import { shareDialog } from './patient';
import type { Context } from '../main';

let initialised: Promise<void> | null = null;

/** Cornerstone3D once per page: the core (WebGL, or the CPU where there is none) and the DICOM loader. */
function initCornerstone() {
  initialised ??= (async () => {
    coreInit();
    // Our WADO-RS answers the bare Part-10 file when only application/dicom is accepted.
    loaderInit({ maxWebWorkers: Math.min(2, navigator.hardwareConcurrency || 1), beforeSend: () => ({ Accept: 'application/dicom' }) });
  })();
  return initialised;
}

export interface ViewerSeries { seriesInstanceUid: string; modality: string | null; instanceCount: number; instancesUrl: string }

export interface ViewerOptions {
  title: string;
  subtitle: string;
  series: ViewerSeries[];
  onShare?: () => void;
  back?: { href: string; label: string };
}

/** The instances of a series in instance-number order, as wadouri image ids on our WADO-RS URLs. */
async function imageIds(series: ViewerSeries): Promise<string[]> {
  const response = await fetch(series.instancesUrl, { credentials: 'same-origin', headers: { Accept: 'application/dicom+json' } });
  if (!response.ok) throw new Error(`${response.status}`);
  const instances = (await response.json()) as Record<string, { Value?: unknown[] }>[];
  return instances.map((i) => {
    const url = new URL(String(i['00081190'].Value![0]));
    return `wadouri:${location.origin}${url.pathname}`;
  });
}

/** A stack viewer: series, scroll (wheel, keys, slider), window/level, zoom, pan, reset, image counter. */
export async function mountViewer(host: HTMLElement, options: ViewerOptions) {
  await initCornerstone();
  const element = h('div', { class: 'viewport', tabindex: '0', role: 'img', 'aria-label': t('viewerHelp') });
  const counter = h('div', { class: 'counter', 'aria-live': 'polite' });
  const slider = h('input', { type: 'range', min: '1', max: '1', value: '1', 'aria-label': t('slider') });
  const seriesBar = h('div', { class: 'series', role: 'group', 'aria-label': t('series') });
  const wrapper = h('div', { class: 'viewer' },
    h('div', { class: 'viewer-head' },
      h('h1', {}, options.title),
      h('span', { class: 'muted' }, options.subtitle),
      options.back ? h('a', { href: options.back.href, 'data-link': true }, options.back.label) : null),
    h('div', { style: 'position:relative' }, element, counter),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'secondary', 'aria-label': t('previous'), onclick: () => go(-1) }, '◀'),
      slider,
      h('button', { type: 'button', class: 'secondary', 'aria-label': t('next'), onclick: () => go(1) }, '▶'),
      h('button', { type: 'button', class: 'secondary', onclick: () => zoom(1.25) }, t('zoomIn')),
      h('button', { type: 'button', class: 'secondary', onclick: () => zoom(0.8) }, t('zoomOut')),
      h('button', { type: 'button', class: 'secondary', onclick: () => reset() }, t('reset')),
      options.onShare ? h('button', { type: 'button', onclick: options.onShare }, t('share')) : null),
    seriesBar,
    h('p', { class: 'hint' }, t('viewerHelp')));
  replace(host, wrapper);

  const engine = new RenderingEngine(`emage-${Date.now()}`);
  engine.enableElement({ viewportId: 'stack', type: Enums.ViewportType.STACK, element: element as HTMLDivElement });
  const viewport = engine.getViewport('stack') as Types.IStackViewport;
  let ids: string[] = [];

  const update = () => {
    const index = viewport.getCurrentImageIdIndex();
    counter.textContent = t('image', index + 1, ids.length);
    slider.value = String(index + 1);
    element.dataset.index = String(index);
  };
  const show = async (index: number) => {
    const bounded = Math.max(0, Math.min(ids.length - 1, index));
    await viewport.setImageIdIndex(bounded);
    viewport.render();
    update();
  };
  const go = (step: number) => void show(viewport.getCurrentImageIdIndex() + step);
  const zoom = (factor: number) => { viewport.setZoom(viewport.getZoom() * factor); viewport.render(); };
  const reset = () => { viewport.resetCamera(); viewport.resetProperties(); viewport.render(); };

  const load = async (series: ViewerSeries, button: HTMLButtonElement) => {
    seriesBar.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
    ids = await imageIds(series);
    slider.max = String(Math.max(1, ids.length));
    await viewport.setStack(ids, 0);
    viewport.render();
    update();
    element.dataset.ready = 'true';
  };

  for (const series of options.series) {
    const button = h('button', { type: 'button', class: 'secondary', 'aria-pressed': 'false' },
      `${series.modality ?? ''} · ${series.instanceCount} ${t('images').toLowerCase()}`);
    button.addEventListener('click', () => void load(series, button));
    seriesBar.append(button);
  }

  slider.addEventListener('input', () => void show(Number(slider.value) - 1));
  element.addEventListener('wheel', (event) => { event.preventDefault(); go(event.deltaY > 0 ? 1 : -1); }, { passive: false });
  element.addEventListener('keydown', (event) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => go(1), ArrowRight: () => go(1), PageDown: () => go(5), ArrowUp: () => go(-1), ArrowLeft: () => go(-1), PageUp: () => go(-5),
      Home: () => void show(0), End: () => void show(ids.length - 1), '+': () => zoom(1.25), '-': () => zoom(0.8), r: reset, R: reset,
    };
    const action = keys[event.key];
    if (action) { event.preventDefault(); action(); }
  });

  // Drag: window/level; shift-drag (or a second button): pan.
  let last: { x: number; y: number; pan: boolean } | null = null;
  element.addEventListener('pointerdown', (event) => {
    element.setPointerCapture(event.pointerId);
    last = { x: event.clientX, y: event.clientY, pan: event.shiftKey || event.button !== 0 };
  });
  element.addEventListener('pointerup', () => (last = null));
  element.addEventListener('contextmenu', (event) => event.preventDefault());
  element.addEventListener('pointermove', (event) => {
    if (!last) return;
    const dx = event.clientX - last.x;
    const dy = event.clientY - last.y;
    last = { ...last, x: event.clientX, y: event.clientY };
    if (last.pan) {
      const [px, py] = viewport.getPan();
      viewport.setPan([px + dx / viewport.getZoom(), py + dy / viewport.getZoom()]);
    } else {
      const { voiRange } = viewport.getProperties();
      if (!voiRange) return;
      const width = Math.max(1, voiRange.upper - voiRange.lower + dx * 2);
      const center = (voiRange.upper + voiRange.lower) / 2 + dy * 2;
      viewport.setProperties({ voiRange: { lower: center - width / 2, upper: center + width / 2 } });
    }

    viewport.render();
  });
  new ResizeObserver(() => engine.resize(true, false)).observe(element);

  const first = seriesBar.querySelector('button');
  if (first) await load(options.series[0], first as HTMLButtonElement);
  element.focus();
}

interface ExamWithSeries { id: string; label: string; performedAt: string; establishmentName: string; series: ViewerSeries[] }

/** The patient's viewer (or a professional's, from an opened dossier). */
export async function viewerPage(main: HTMLElement, ctx: Context) {
  replace(main, h('p', {}, t('loading')));
  let exam: ExamWithSeries | undefined;
  let title = ctx.me.displayName;
  if (ctx.params.patient) {
    const { openDossier } = await mutate<{ openDossier: { familyName: string; givenNames: string; exams: ExamWithSeries[] } }>(
      `mutation($p: ID!, $e: ID) { openDossier(patientId: $p, examId: $e) { familyName givenNames exams { id label performedAt establishmentName series { seriesInstanceUid modality instanceCount instancesUrl } } } }`,
      { p: ctx.params.patient, e: ctx.params.exam });
    title = `${openDossier.givenNames} ${openDossier.familyName}`;
    exam = openDossier.exams.find((e) => e.id === ctx.params.exam);
  } else {
    const { myExams } = await query<{ myExams: ExamWithSeries[] }>(
      '{ myExams { id label performedAt establishmentName series { seriesInstanceUid modality instanceCount instancesUrl } } }');
    exam = myExams.find((e) => e.id === ctx.params.exam);
  }

  if (!exam) {
    replace(main, h('h1', {}, t('notFound')));
    return;
  }

  const found = exam;
  await mountViewer(main, {
    title: `${title} — ${found.label}`,
    subtitle: `${fmt.date(found.performedAt)} · ${found.establishmentName}`,
    series: found.series,
    onShare: ctx.params.patient ? undefined : () => shareDialog(found.id, found.label),
    back: ctx.params.patient ? { href: `/pro/dossiers/${ctx.params.patient}`, label: t('back') } : { href: `/examens/${found.id}`, label: t('back') },
  });
}
