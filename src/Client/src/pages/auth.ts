import { h, replace, field, errorLine } from '../dom';
import { t, fmt } from '../i18n';
import { mutate, me, ApiError } from '../api';
import { signedIn } from '../main';

const SIGN_IN = `mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) {
  __typename
  ... on SignInSucceeded { account { id } }
  ... on SignInInvalidCredentials { message }
  ... on SignInBlocked { blockedUntil message }
  ... on SignInAccountDeactivated { message }
  ... on SignInCodeRequired { challenge expiresAt message } } }`;

const VERIFY = `mutation($challenge: String!, $code: String!) { verifySignInCode(challenge: $challenge, code: $code) {
  __typename
  ... on SignInSucceeded { account { id } }
  ... on SignInBlocked { blockedUntil message }
  ... on SignInInvalidCode { triesLeft message }
  ... on SignInAccountDeactivated { message } } }`;

interface Outcome { __typename: string; message?: string; blockedUntil?: string; challenge?: string; triesLeft?: number }

function describe(outcome: Outcome) {
  return outcome.__typename === 'SignInBlocked' && outcome.blockedUntil
    ? t('blockedUntil', fmt.time(outcome.blockedUntil))
    : outcome.message ?? t('error');
}

export function signInPage(main: HTMLElement) {
  const email = h('input', { type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', autocomplete: 'current-password', required: true });
  const error = errorLine();
  const form = h('form', { class: 'card', novalidate: true },
    field('email', t('email'), email),
    field('password', t('password'), password),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('signIn')), h('a', { href: '/mot-de-passe-oublie', 'data-link': true }, t('forgot'))),
    h('p', { class: 'hint' }, t('attempts')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const { signIn } = await mutate<{ signIn: Outcome }>(SIGN_IN, { email: email.value, password: password.value });
      if (signIn.__typename === 'SignInSucceeded') return done();
      if (signIn.__typename === 'SignInCodeRequired') return codeStep(main, signIn.challenge!, signIn.message!);
      error.textContent = describe(signIn);
    } catch (e) {
      error.textContent = (e as Error).message;
    }
  });
  replace(main, h('h1', {}, t('signInTitle')), h('p', { class: 'muted' }, t('signInIntro')), form);
  email.focus();
}

function codeStep(main: HTMLElement, challenge: string, message: string) {
  const code = h('input', { inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: 6, required: true });
  const error = errorLine();
  const form = h('form', { class: 'card' },
    h('p', { class: 'success' }, message),
    field('code', t('code'), code, t('codeHint')),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('verify'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const { verifySignInCode } = await mutate<{ verifySignInCode: Outcome }>(VERIFY, { challenge, code: code.value.trim() });
      if (verifySignInCode.__typename === 'SignInSucceeded') return done();
      error.textContent = describe(verifySignInCode);
    } catch (e) {
      error.textContent = (e as ApiError).code === 'CODE_EXPIRED' ? (e as Error).message : (e as Error).message;
    }
  });
  replace(main, h('h1', {}, t('signInTitle')), form);
  code.focus();
}

async function done() {
  const user = await me();
  if (user) signedIn(user);
}

export function forgotPage(main: HTMLElement) {
  const email = h('input', { type: 'email', autocomplete: 'username', required: true });
  const status = h('div', { role: 'status' });
  const form = h('form', { class: 'card' }, field('email', t('email'), email), status,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('send')), h('a', { href: '/connexion', 'data-link': true }, t('signInTitle'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await mutate('mutation($e: String!) { requestPasswordReset(email: $e) }', { e: email.value });
      replace(status, h('p', { class: 'success' }, t('forgotSent')));
    } catch (e) {
      replace(status, h('p', { class: 'error' }, (e as Error).message));
    }
  });
  replace(main, h('h1', {}, t('forgotTitle')), h('p', { class: 'muted' }, t('forgotIntro')), form);
  email.focus();
}

/** The page of an activation or password-reset link: the token is in the fragment, never sent to a server log. */
export function setPasswordPage(main: HTMLElement, kind: 'activation' | 'reset') {
  const token = location.hash.slice(1);
  const password = h('input', { type: 'password', autocomplete: 'new-password', required: true });
  const status = h('div', { role: 'status' });
  const form = h('form', { class: 'card' }, field('new-password', t('newPassword'), password, t('passwordRule')), status,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('setPassword'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await mutate('mutation($t: String!, $p: String!) { setPasswordWithLink(token: $t, password: $p) { email } }', { t: token, p: password.value });
      replace(status, h('p', { class: 'success' }, t('passwordSet'), ' ', h('a', { href: '/connexion', 'data-link': true }, t('signIn'))));
    } catch (e) {
      const code = (e as ApiError).code;
      if (code === 'LINK_EXPIRED' || code === 'LINK_USED' || code === 'LINK_INVALID') {
        const again = h('button', { type: 'button', class: 'secondary', onclick: async () => {
          await mutate('mutation($t: String!) { requestNewLink(token: $t) }', { t: token });
          replace(status, h('p', { class: 'success' }, t('newLinkSent')));
        } }, t('newLink'));
        replace(status, h('p', { class: 'error' }, t(code)), code === 'LINK_INVALID' ? null : again);
      } else {
        replace(status, h('p', { class: 'error' }, (e as Error).message));
      }
    }
  });
  replace(main, h('h1', {}, t(kind === 'activation' ? 'activationTitle' : 'resetTitle')), form);
  password.focus();
}
