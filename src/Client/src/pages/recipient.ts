import { h, replace, field, errorLine } from '../dom';
import { t, fmt } from '../i18n';
import { rest, ApiError } from '../api';
import type { ViewerSeries } from './viewer';
import { reportView } from './report';

interface SharedExam {
  expiresAt: string;
  patient: { familyName: string; givenNames: string; birthDate: string } | null;
  exam: { id: string; label: string; modality: string; performedAt: string; establishment: string; studyInstanceUid: string;
    report: { url: string; fileName: string } | null } | null;
}

function expired(main: HTMLElement) {
  replace(main, h('h1', {}, t('shareExpired')), h('p', { class: 'notice', role: 'alert' }, t('shareExpiredText')));
}

/** The share recipient: the link's token (in the fragment), the e-mailed code, then only the shared exam. */
export async function recipientPage(main: HTMLElement) {
  main.classList.remove('narrow');
  try {
    return await showExam(main, await rest<SharedExam>('GET', '/api/share/exam'));
  } catch (e) {
    if ((e as ApiError).code === 'SHARE_EXPIRED') return expired(main);
  }

  const link = location.hash.slice(1);
  const error = errorLine();
  const start = h('form', { class: 'card' }, h('p', {}, t('recipientIntro')), error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('sendCode'))));
  start.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const challenge = await rest<{ challenge: string; sentTo: string }>('POST', '/api/share/code', { link });
      codeStep(main, challenge.challenge, challenge.sentTo);
    } catch (e) {
      if ((e as ApiError).code === 'SHARE_EXPIRED') return expired(main);
      error.textContent = (e as Error).message;
    }
  });
  main.classList.add('narrow');
  replace(main, h('h1', {}, t('recipientTitle')), start);
}

function codeStep(main: HTMLElement, challenge: string, sentTo: string) {
  const code = h('input', { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, required: true });
  const error = errorLine();
  const form = h('form', { class: 'card' }, h('p', { class: 'success' }, t('codeSentTo', sentTo)), field('share-code', t('code'), code, t('codeHint')), error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('verify'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await rest('POST', '/api/share/session', { challenge, code: code.value.trim() });
      history.replaceState(null, '', '/partage');
      await showExam(main, await rest<SharedExam>('GET', '/api/share/exam'));
    } catch (e) {
      if ((e as ApiError).code === 'SHARE_EXPIRED') return expired(main);
      error.textContent = (e as Error).message;
    }
  });
  replace(main, h('h1', {}, t('recipientTitle')), form);
  code.focus();
}

async function showExam(main: HTMLElement, shared: SharedExam) {
  main.classList.remove('narrow');
  const exam = shared.exam!;
  const who = shared.patient ? `${shared.patient.givenNames} ${shared.patient.familyName}` : '';
  const seriesResponse = await fetch(`/dicomweb/studies/${exam.studyInstanceUid}/series`, { credentials: 'same-origin' });
  if (seriesResponse.status === 410) return expired(main);
  const series: ViewerSeries[] = seriesResponse.ok
    ? ((await seriesResponse.json()) as Record<string, { Value?: unknown[] }>[]).map((s) => ({
      seriesInstanceUid: String(s['0020000E'].Value![0]),
      modality: s['00080060']?.Value ? String(s['00080060'].Value[0]) : null,
      instanceCount: Number(s['00201209']?.Value?.[0] ?? 0),
      instancesUrl: `/dicomweb/studies/${exam.studyInstanceUid}/series/${s['0020000E'].Value![0]}/instances`,
    }))
    : [];
  const viewerHost = h('section', {});
  replace(main,
    h('p', { class: 'notice' }, t('sharedUntil', fmt.dateTime(shared.expiresAt))),
    viewerHost,
    exam.report
      ? h('section', {},
        h('h2', {}, t('report')),
        h('div', { class: 'actions' }, h('a', { class: 'button', href: `${exam.report.url}?download=true`, download: '' }, t('download'))),
        reportView(exam.report.url, `${t('report')} — ${exam.label}`))
      : null);
  if (series.length > 0) {
    const { mountViewer } = await import('./viewer');
    await mountViewer(viewerHost, { title: `${who} — ${exam.label}`, subtitle: `${fmt.date(exam.performedAt)} · ${exam.establishment}`, series });
  } else {
    replace(viewerHost, h('h1', {}, `${who} — ${exam.label}`));
  }
}
