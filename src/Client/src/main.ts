import './styles.css';
import { h, replace } from './dom';
import { lang, setLang, t } from './i18n';
import { me, mutate, type Me } from './api';
import { signInPage, forgotPage, setPasswordPage } from './pages/auth';
import { homePage, examsPage, establishmentsPage, spacePage, settingsPage, startLiveNotices } from './pages/patient';
import { recipientPage } from './pages/recipient';
import { proSearchPage, proDossierPage } from './pages/professional';

export interface Context {
  me: Me;
  params: Record<string, string>;
}

type Page = (main: HTMLElement, ctx: Context) => Promise<void> | void;
type PublicPage = (main: HTMLElement) => Promise<void> | void;

/** The viewer (Cornerstone3D, the bulk of the code) loads only when an image is shown. */
const viewer: Page = async (main, ctx) => (await import('./pages/viewer')).viewerPage(main, ctx);

const publicRoutes: [RegExp, PublicPage][] = [
  [/^\/connexion$/, signInPage],
  [/^\/mot-de-passe-oublie$/, forgotPage],
  [/^\/activation$/, (main) => setPasswordPage(main, 'activation')],
  [/^\/mot-de-passe$/, (main) => setPasswordPage(main, 'reset')],
  [/^\/partage$/, recipientPage],
];

const patientRoutes: [RegExp, Page][] = [
  [/^\/$/, homePage],
  [/^\/examens$/, examsPage],
  [/^\/examens\/(?<exam>[0-9a-f-]{36})$/, examsPage],
  [/^\/examens\/(?<exam>[0-9a-f-]{36})\/images$/, viewer],
  [/^\/etablissements$/, establishmentsPage],
  [/^\/mon-espace$/, spacePage],
  [/^\/parametres$/, settingsPage],
];

const professionalRoutes: [RegExp, Page][] = [
  [/^\/$/, proSearchPage],
  [/^\/pro$/, proSearchPage],
  [/^\/pro\/dossiers\/(?<patient>[0-9a-f-]{36})$/, proDossierPage],
  [/^\/pro\/dossiers\/(?<patient>[0-9a-f-]{36})\/examens\/(?<exam>[0-9a-f-]{36})\/images$/, viewer],
];

let current: Me | null = null;
let stopLive: (() => void) | null = null;

export function navigate(path: string, replaceState = false) {
  if (replaceState) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void render();
}

/** Links inside the app navigate without reloading. */
document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest?.('a[data-link]') as HTMLAnchorElement | null;
  if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && link.origin === location.origin) {
    event.preventDefault();
    navigate(link.pathname + link.search + link.hash);
  }
});
window.addEventListener('popstate', () => void render());

function topbar(user: Me | null) {
  return h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '/', 'data-link': true }, h('strong', {}, 'e-mage'), h('span', {}, t('tagline'))),
    h('div', { class: 'spacer' }),
    user ? h('span', { class: 'who' }, user.displayName) : null,
    h('button', { class: 'secondary', type: 'button', lang: lang() === 'fr' ? 'en' : 'fr', onclick: () => { setLang(lang() === 'fr' ? 'en' : 'fr'); void render(); } }, t('language')),
    user ? h('button', { class: 'secondary', type: 'button', onclick: signOut }, t('signOut')) : null,
  );
}

async function signOut() {
  await mutate('mutation { signOut }');
  current = null;
  stopLive?.();
  stopLive = null;
  navigate('/connexion');
}

function sideMenu(path: string, user: Me) {
  const items = user.role === 'PATIENT'
    ? [['/', t('home')], ['/examens', t('exams')], ['/etablissements', t('establishments')], ['/mon-espace', t('space')], ['/parametres', t('settings')]]
    : [['/pro', t('proTitle')]];
  const active = (href: string) => (href === '/' ? path === '/' : path === href || path.startsWith(href + '/'));
  return h('nav', { class: 'side', 'aria-label': 'Menu' },
    h('ul', {}, items.map(([href, label]) => h('li', {}, h('a', { href, 'data-link': true, 'aria-current': active(href) ? 'page' : undefined }, label)))),
    h('p', { class: 'support' }, t('support'), ' ', h('a', { href: 'mailto:support.e-mage@pulsy.fr' }, t('supportLink')), h('br'), 'support.e-mage@pulsy.fr'),
  );
}

export async function render() {
  document.documentElement.lang = lang();
  const app = document.getElementById('app')!;
  const path = location.pathname.replace(/\/+$/, '') || '/';

  for (const [pattern, page] of publicRoutes) {
    if (pattern.test(path)) {
      const main = h('main', { id: 'main', class: 'narrow', tabindex: '-1' });
      replace(app, topbar(null), main);
      await page(main);
      return;
    }
  }

  current ??= await me();
  if (!current) {
    navigate('/connexion', true);
    return;
  }

  const routes = current.role === 'PATIENT' ? patientRoutes : professionalRoutes;
  const main = h('main', { id: 'main', tabindex: '-1' });
  replace(app, topbar(current), h('div', { class: 'shell' }, sideMenu(path, current), main));
  if (current.role === 'PATIENT' && !stopLive) stopLive = startLiveNotices();
  for (const [pattern, page] of routes) {
    const match = pattern.exec(path);
    if (match) {
      try {
        await page(main, { me: current, params: { ...match.groups } });
      } catch (e) {
        if ((e as { code?: string }).code === 'UNAUTHENTICATED') {
          current = null;
          navigate('/connexion', true);
          return;
        }

        replace(main, h('h1', {}, t('error')), h('p', { class: 'error', role: 'alert' }, String((e as Error).message)));
      }

      document.title = `${main.querySelector('h1')?.textContent ?? ''} — e-mage`;
      return;
    }
  }

  replace(main, h('h1', {}, t('notFound')), h('a', { href: '/', 'data-link': true }, t('home')));
}

/** Called after a successful sign-in. */
export function signedIn(user: Me) {
  current = user;
  navigate(user.role === 'PATIENT' ? '/' : '/pro', true);
}

export function setCurrent(user: Me | null) {
  current = user;
}

void render();
