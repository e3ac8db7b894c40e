import { h, replace, field, errorLine } from '../dom';
import { t, fmt } from '../i18n';
import { query, mutate, ApiError } from '../api';
import { navigate, type Context } from '../main';

/** A professional finds a patient they may see. */
export async function proSearchPage(main: HTMLElement) {
  const name = h('input', { type: 'search', autocomplete: 'off', required: true });
  const birth = h('input', { type: 'date' });
  const results = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', role: 'search' }, field('pro-name', t('familyName'), name), field('pro-birth', t('birthDate'), birth),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('search'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { findPatients } = await query<{ findPatients: { patientId: string; familyName: string; givenNames: string; birthDate: string }[] }>(
      'query($n: String!, $b: DateOnly) { findPatients(name: $n, birthDate: $b) { patientId familyName givenNames birthDate } }',
      { n: name.value, b: birth.value || null });
    replace(results, findPatients.length === 0 ? h('p', { class: 'muted' }, t('noPatient')) : h('ul', { class: 'list' }, findPatients.map((p) => h('li', {},
      h('div', { class: 'grow' }, h('div', { class: 'title' }, `${p.givenNames} ${p.familyName}`), h('div', { class: 'muted' }, t('born', fmt.birth(p.birthDate)))),
      h('a', { class: 'button', href: `/pro/dossiers/${p.patientId}`, 'data-link': true }, t('openDossier'))))));
  });
  replace(main, h('h1', {}, t('proTitle')), form, results, breakGlassForm());
}

/** Emergency access to a dossier the professional is not listed for (the patient's id comes from the establishment). */
function breakGlassForm(patientId?: string) {
  const patient = h('input', { type: 'text', autocomplete: 'off', value: patientId ?? '' });
  const justification = h('textarea', { required: true, minlength: 20 });
  const error = errorLine();
  const form = h('form', { class: 'card', style: 'margin-top:1.5rem' }, h('h2', {}, t('breakGlass')),
    patientId ? null : field('bg-patient', t('dossierId'), patient),
    field('bg-justification', t('justification'), justification, t('justificationHint')), error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, t('requestAccess'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await mutate('mutation($p: ID!, $j: String!) { requestBreakGlass(patientId: $p, justification: $j) { grantId expiresAt } }',
        { p: patient.value.trim(), j: justification.value });
      navigate(`/pro/dossiers/${patient.value.trim()}`);
    } catch (e) {
      error.textContent = (e as Error).message;
    }
  });
  return form;
}

/** The opened dossier (recorded), or the break-glass request when the professional is not authorised. */
export async function proDossierPage(main: HTMLElement, ctx: Context) {
  try {
    const { openDossier } = await mutate<{ openDossier: { familyName: string; givenNames: string; birthDate: string; basis: string;
      exams: { id: string; label: string; performedAt: string; establishmentName: string; modality: string; reportUrl: string | null; instanceCount: number }[] } }>(
      'mutation($p: ID!) { openDossier(patientId: $p) { familyName givenNames birthDate basis exams { id label performedAt establishmentName modality reportUrl instanceCount } } }',
      { p: ctx.params.patient });
    replace(main, h('h1', {}, `${openDossier.givenNames} ${openDossier.familyName}`), h('p', { class: 'muted' }, t('born', fmt.birth(openDossier.birthDate))),
      h('ul', { class: 'list' }, openDossier.exams.map((e) => h('li', {},
        h('div', { class: 'grow' }, h('div', { class: 'title' }, e.label), h('div', { class: 'muted' }, `${fmt.date(e.performedAt)} · ${e.establishmentName} · ${e.modality}`)),
        e.reportUrl ? h('a', { class: 'button secondary', href: e.reportUrl, target: '_blank', rel: 'noopener' }, t('report')) : null,
        e.instanceCount > 0 ? h('a', { class: 'button', href: `/pro/dossiers/${ctx.params.patient}/examens/${e.id}/images`, 'data-link': true }, t('viewImages')) : null))));
  } catch (e) {
    if ((e as ApiError).code !== 'NOT_AUTHORISED') throw e;
    replace(main, h('h1', {}, t('openDossier')), h('p', { class: 'notice', role: 'alert' }, t('notAuthorised')), breakGlassForm(ctx.params.patient));
  }
}
