import { h, replace, field, errorLine, toast } from '../dom';
import { t, fmt, lang } from '../i18n';
import { query, mutate, subscribe, ApiError } from '../api';
import { navigate, setCurrent, type Context } from '../main';
import { reportView } from './report';

const errors: Record<string, [string, string]> = {
  INVALID_EMAIL: ["L'adresse e-mail n'est pas valide.", 'The e-mail address is not valid.'],
  INVALID_DURATION: ['Un partage dure de 1 à 30 jours.', 'A share lasts 1 to 30 days.'],
  INVALID_CURRENT_PASSWORD: ["Le mot de passe actuel n'est pas correct.", 'The current password is not correct.'],
  PASSWORD_POLICY: ['Le mot de passe doit avoir au moins 12 caractères, ou 8 avec trois types de caractères.', 'The password needs at least 12 characters, or 8 with three kinds.'],
  MESSAGE_TOO_LONG: ['Le message fait au plus 1000 caractères.', 'The message is at most 1000 characters.'],
};

export function message(e: unknown) {
  const pair = errors[(e as ApiError).code];
  return pair ? pair[lang() === 'en' ? 1 : 0] : (e as Error).message;
}

interface Exam {
  id: string; label: string; modality: string; performedAt: string; establishmentName: string; hasReport: boolean; reportUrl: string | null;
  seriesCount: number; instanceCount: number;
}

const EXAM_FIELDS = 'id label modality performedAt establishmentName hasReport reportUrl seriesCount instanceCount';

/** Live notices while a patient is signed in: a new document, someone opening the dossier. */
export function startLiveNotices() {
  const stopDocs = subscribe<{ myNewDocuments: { examLabel: string } }>('subscription { myNewDocuments { examId kind examLabel availableAt } }', (d) => {
    toast(t('newDocumentToast', d.myNewDocuments.examLabel));
    window.dispatchEvent(new CustomEvent('emage:new-document'));
  });
  const stopOpenings = subscribe<{ myDossierOpenings: { actorName: string } }>('subscription { myDossierOpenings { actorName basis openedAt examLabel } }', (d) => {
    toast(t('someoneOpened', d.myDossierOpenings.actorName));
    window.dispatchEvent(new CustomEvent('emage:opening'));
  });
  return () => { stopDocs(); stopOpenings(); };
}

export async function homePage(main: HTMLElement, ctx: Context) {
  const list = h('div', {});
  const load = async () => {
    const { myNewDocuments } = await query<{ myNewDocuments: { examId: string; kind: string; examLabel: string; establishmentName: string; availableAt: string }[] }>(
      '{ myNewDocuments { examId kind examLabel establishmentName availableAt } }');
    replace(list, myNewDocuments.length === 0
      ? h('p', { class: 'muted' }, t('noNewDocuments'))
      : h('ul', { class: 'list', 'aria-label': t('newDocuments') }, myNewDocuments.map((d) => h('li', {},
        h('span', { class: 'tag' }, d.kind === 'REPORT' ? t('report') : t('images')),
        h('div', { class: 'grow' }, h('div', { class: 'title' }, d.examLabel), h('div', { class: 'muted' }, `${d.establishmentName} · ${fmt.dateTime(d.availableAt)}`)),
        h('a', { class: 'button secondary', href: d.kind === 'REPORT' ? `/examens/${d.examId}` : `/examens/${d.examId}/images`, 'data-link': true }, t('open'))))));
  };
  await load();
  const refresh = () => void load();
  window.addEventListener('emage:new-document', refresh);
  const observer = new MutationObserver(() => { if (!main.isConnected) { window.removeEventListener('emage:new-document', refresh); observer.disconnect(); } });
  observer.observe(document.getElementById('app')!, { childList: true, subtree: true });
  replace(main, h('h1', {}, `${t('home')} — ${ctx.me.displayName}`), h('h2', {}, t('newDocuments')), list);
}

export async function examsPage(main: HTMLElement, ctx: Context) {
  const { myExams } = await query<{ myExams: Exam[] }>(`{ myExams { ${EXAM_FIELDS} } }`);
  const selected = myExams.find((e) => e.id === ctx.params.exam);
  const rows = myExams.map((e) => h('li', { class: e === selected ? 'selected' : '' },
    h('div', { class: 'grow' },
      h('a', { class: 'title', href: `/examens/${e.id}`, 'data-link': true, 'aria-current': e === selected ? 'true' : undefined }, e.label),
      h('div', { class: 'muted' }, `${fmt.date(e.performedAt)} · ${e.establishmentName} · ${e.modality}`)),
    e.hasReport ? h('span', { class: 'tag' }, t('report')) : null,
    e.instanceCount > 0 ? h('span', { class: 'tag' }, `${t('images')} (${e.instanceCount})`) : null));
  const detail = selected ? await examDetail(selected) : h('p', { class: 'muted' }, t('selectExam'));
  replace(main, h('h1', {}, t('exams')),
    myExams.length === 0 ? h('p', { class: 'muted' }, t('noExams')) : h('ul', { class: 'list' }, rows),
    h('section', { 'aria-live': 'polite' }, detail));
  if (selected) {
    void mutate('mutation($id: ID!) { markDocumentSeen(examId: $id, kind: REPORT) { examId } }', { id: selected.id }).catch(() => undefined);
  }
}

async function examDetail(exam: Exam) {
  const actions = h('div', { class: 'actions' },
    exam.reportUrl ? h('a', { class: 'button', href: `${exam.reportUrl}?download=true`, download: '' }, t('download')) : null,
    exam.instanceCount > 0 ? h('a', { class: 'button secondary', href: `/examens/${exam.id}/images`, 'data-link': true }, t('viewImages')) : null,
    h('button', { type: 'button', class: 'secondary', onclick: () => shareDialog(exam.id, exam.label) }, t('share')));
  return h('div', {},
    h('h2', {}, exam.label),
    actions,
    exam.reportUrl
      ? reportView(exam.reportUrl, `${t('report')} — ${exam.label}`)
      : h('p', { class: 'muted' }, t('reportMissing')),
    await sharesOf(exam.id));
}

interface Share { id: string; examId: string; examLabel: string; recipientEmail: string; expiresAt: string; status: string; uses: number; lastUsedAt: string | null }

async function sharesOf(examId: string) {
  const { myShares } = await query<{ myShares: Share[] }>('{ myShares { id examId examLabel recipientEmail expiresAt status uses lastUsedAt } }');
  const mine = myShares.filter((s) => s.examId === examId);
  if (mine.length === 0) return h('div', {});
  return h('section', {}, h('h2', {}, t('activeShares')), h('ul', { class: 'list' }, mine.map((s) => h('li', {},
    h('div', { class: 'grow' }, h('div', { class: 'title' }, s.recipientEmail),
      h('div', { class: 'muted' }, `${t(s.status)} · ${t('until', fmt.dateTime(s.expiresAt))} · ${t('uses', s.uses)}`)),
    s.status === 'ACTIVE'
      ? h('button', { type: 'button', class: 'secondary', onclick: async () => {
        await mutate('mutation($id: ID!) { revokeShare(shareId: $id) { id } }', { id: s.id });
        navigate(location.pathname, true);
      } }, t('revoke'))
      : null))));
}

/** "Partager": recipient, duration (1-30 days), optional message. */
export function shareDialog(examId: string, label: string) {
  const email = h('input', { type: 'email', required: true, autocomplete: 'off' });
  const days = h('select', {}, [1, 3, 7, 15, 30].map((d) => h('option', { value: String(d), selected: d === 7 }, t('days', d))));
  const text = h('textarea', { maxlength: 1000 });
  const error = errorLine();
  const dialog = h('dialog', { 'aria-labelledby': 'share-title' });
  const form = h('form', { method: 'dialog' },
    h('h2', { id: 'share-title' }, `${t('shareTitle')} — ${label}`),
    field('share-email', t('recipient'), email),
    field('share-days', t('duration'), days),
    field('share-message', t('message'), text),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('send')), h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, t('cancel'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      await mutate('mutation($exam: ID!, $to: String!, $days: Int!, $message: String) { shareExam(examId: $exam, recipientEmail: $to, days: $days, message: $message) { id } }',
        { exam: examId, to: email.value, days: Number(days.value), message: text.value || null });
      dialog.close();
      toast(t('shareSent', email.value));
      if (location.pathname.startsWith('/examens/') && !location.pathname.endsWith('/images')) navigate(location.pathname, true);
    } catch (e) {
      error.textContent = message(e);
    }
  });
  dialog.append(form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  email.focus();
}

export async function establishmentsPage(main: HTMLElement) {
  const { establishments } = await query<{ establishments: { id: string; name: string; city: string; finess: string; holdsMyExams: boolean }[] }>(
    '{ establishments { id name city finess holdsMyExams } }');
  replace(main, h('h1', {}, t('establishments')), h('ul', { class: 'list' }, establishments.map((e) => h('li', {},
    h('div', { class: 'grow' }, h('div', { class: 'title' }, e.name), h('div', { class: 'muted' }, `${e.city} · FINESS ${e.finess}`)),
    e.holdsMyExams ? h('span', { class: 'tag' }, t('holdsMine')) : null))));
}

interface Professional {
  familyName: string; givenName: string; rpps: string; profession: string; specialty: string; basis: string; institution: string;
  authorisedSince: string; temporary: boolean; temporaryUntil: string | null;
}

const roleLabel: Record<string, [string, string]> = {
  CORRESPONDENT: ['Correspondant', 'Correspondent'],
  RADIOLOGIST: ['Professionnel de santé', 'Health professional'],
  ESTABLISHMENT_ADMINISTRATOR: ['Administrateur', 'Administrator'],
  PLATFORM_ADMINISTRATOR: ['Administrateur', 'Administrator'],
  BREAK_GLASS: ['Accès d’urgence', 'Emergency access'],
  SHARE: ['Partage', 'Share'],
};
const role = (basis: string) => (roleLabel[basis] ?? [basis, basis])[lang() === 'en' ? 1 : 0];

/** Mon espace / Gestion des accès: "Professionnels" and "Historique" tabs. */
export async function spacePage(main: HTMLElement) {
  const search = h('input', { type: 'search', autocomplete: 'off' });
  const panel = h('div', { role: 'tabpanel', id: 'space-panel', tabindex: '0' });
  const tabPros = h('button', { type: 'button', role: 'tab', id: 'tab-pros', 'aria-controls': 'space-panel' }, t('professionals'));
  const tabHistory = h('button', { type: 'button', role: 'tab', id: 'tab-history', 'aria-controls': 'space-panel' }, t('history'));
  let tab: 'pros' | 'history' = location.hash === '#historique' ? 'history' : 'pros';

  const showPros = async () => {
    const { myProfessionals } = await query<{ myProfessionals: Professional[] }>(
      'query($s: String) { myProfessionals(search: $s) { familyName givenName rpps profession specialty basis institution authorisedSince temporary temporaryUntil } }',
      { s: search.value.trim() || null });
    replace(panel, h('p', { class: 'explain' }, t('profExplain')), h('ul', { class: 'list', 'aria-label': t('professionals') }, myProfessionals.map((p) => h('li', {},
      h('div', { class: 'grow' },
        h('div', { class: 'title' }, `${p.givenName} ${p.familyName}`.trim(), p.temporary ? h('span', { class: 'tag temp', style: 'margin-left:.5rem' }, t('temporary')) : null),
        h('div', { class: 'muted' }, `${t('role')} : ${role(p.basis)} · ${t('institution')} : ${p.institution} · ${t('profession')} : ${p.profession} · ${t('specialty')} : ${p.specialty} · RPPS ${p.rpps}`),
        h('div', {}, t('authorisedSince', fmt.date(p.authorisedSince))))))));
  };

  const showHistory = async (after?: string, list?: HTMLUListElement) => {
    const { myAccessHistory } = await query<{ myAccessHistory: { nodes: { action: string; openedAt: string; actorName: string; basis: string; examLabel: string | null }[]; hasNextPage: boolean; endCursor: string | null } }>(
      'query($after: String) { myAccessHistory(first: 20, after: $after) { nodes { action openedAt actorName basis examLabel } hasNextPage endCursor } }', { after: after ?? null });
    const ul = list ?? h('ul', { class: 'list', 'aria-label': t('history') });
    ul.append(...myAccessHistory.nodes.map((n) => h('li', {},
      h('span', { style: 'min-width:10.5rem' }, fmt.day(n.openedAt)),
      h('span', { style: 'min-width:4rem' }, fmt.time(n.openedAt)),
      h('div', { class: 'grow' }, h('span', { class: 'title' }, n.actorName), ' ', h('em', {}, n.action === 'SHARE_OPENED' ? t('sharedOpened') : t('openedDossier')),
        n.basis === 'BREAK_GLASS' ? h('span', { class: 'tag temp', style: 'margin-left:.5rem' }, t('temporary')) : null,
        n.action === 'DOSSIER_OPENED' && n.basis === 'SHARE' ? h('span', { class: 'tag', style: 'margin-left:.5rem' }, t('viaShare')) : null),
      n.examLabel ? h('span', { class: 'muted' }, n.examLabel) : null)));
    if (!list) replace(panel, h('p', { class: 'explain' }, t('historyExplain')), ul);
    panel.querySelector('.more')?.remove();
    if (myAccessHistory.hasNextPage) {
      panel.append(h('div', { class: 'actions more' }, h('button', { type: 'button', class: 'secondary', onclick: () => showHistory(myAccessHistory.endCursor!, ul) }, t('more'))));
    }
  };

  const show = async () => {
    tabPros.setAttribute('aria-selected', String(tab === 'pros'));
    tabHistory.setAttribute('aria-selected', String(tab === 'history'));
    tabPros.tabIndex = tab === 'pros' ? 0 : -1;
    tabHistory.tabIndex = tab === 'history' ? 0 : -1;
    panel.setAttribute('aria-labelledby', tab === 'pros' ? 'tab-pros' : 'tab-history');
    searchBox.hidden = tab !== 'pros';
    await (tab === 'pros' ? showPros() : showHistory());
  };
  tabPros.addEventListener('click', () => { tab = 'pros'; history.replaceState(null, '', '/mon-espace'); void show(); });
  tabHistory.addEventListener('click', () => { tab = 'history'; history.replaceState(null, '', '/mon-espace#historique'); void show(); });
  // The ARIA tabs pattern: arrow keys move between the tabs.
  for (const tabButton of [tabPros, tabHistory]) {
    tabButton.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      event.preventDefault();
      const other = tabButton === tabPros ? tabHistory : tabPros;
      other.focus();
      other.click();
    });
  }

  let timer = 0;
  search.addEventListener('input', () => { clearTimeout(timer); timer = window.setTimeout(() => void showPros(), 250); });
  const searchBox = h('div', { role: 'search' }, field('pro-search', t('searchPro'), search));
  const onOpening = () => { if (tab === 'history' && main.isConnected) void showHistory(); };
  window.addEventListener('emage:opening', onOpening);
  replace(main, h('h1', {}, t('accessManagement')), searchBox, h('div', { class: 'tabs', role: 'tablist' }, tabPros, tabHistory), panel);
  await show();
}

export async function settingsPage(main: HTMLElement, ctx: Context) {
  const current = h('input', { type: 'password', autocomplete: 'current-password' });
  const next = h('input', { type: 'password', autocomplete: 'new-password' });
  const pwStatus = h('div', { role: 'status' });
  const pwForm = h('form', { class: 'card' }, h('h2', {}, t('changePassword')),
    field('current-password', t('currentPassword'), current), field('new-password', t('newPassword'), next, t('passwordRule')), pwStatus,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('changePassword'))));
  pwForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await mutate('mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { id } }', { c: current.value, n: next.value });
      current.value = next.value = '';
      replace(pwStatus, h('p', { class: 'success' }, t('passwordChanged')));
    } catch (e) {
      replace(pwStatus, h('p', { class: 'error' }, message(e)));
    }
  });

  const notice = h('select', {}, ['OFF', 'FIRST_OPENING', 'EVERY_OPENING'].map((v) => h('option', { value: v, selected: v === ctx.me.openingNotice }, t(v))));
  const noticeStatus = h('div', { role: 'status' });
  notice.addEventListener('change', async () => {
    const { setOpeningNotice } = await mutate('mutation($o: OpeningNotice!) { setOpeningNotice(openings: $o) { id email displayName role openingNotice } }', { o: notice.value });
    setCurrent(setOpeningNotice);
    replace(noticeStatus, h('p', { class: 'success' }, t('saved')));
  });

  const confirmDialog = h('dialog', { 'aria-labelledby': 'deactivate-title' },
    h('h2', { id: 'deactivate-title' }, t('deactivate')), h('p', {}, t('deactivateExplain')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'danger', onclick: async () => {
        await mutate('mutation { deactivateAccount(confirm: true) { id } }');
        confirmDialog.close();
        setCurrent(null);
        navigate('/connexion', true);
      } }, t('deactivateConfirm')),
      h('button', { type: 'button', class: 'secondary', onclick: () => confirmDialog.close() }, t('cancel'))));

  replace(main, h('h1', {}, t('settings')), pwForm,
    h('section', { class: 'card', style: 'margin-top:1rem' }, h('h2', {}, t('notifications')), field('opening-notice', t('openingNotice'), notice, t('breakGlassAlways')), noticeStatus),
    h('section', { class: 'card', style: 'margin-top:1rem' }, h('h2', {}, t('deactivate')), h('p', {}, t('deactivateExplain')),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'danger', onclick: () => confirmDialog.showModal() }, t('deactivate')))),
    confirmDialog);
}
