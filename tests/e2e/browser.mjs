// Browser tests of the web client: Debian's Chromium driven by playwright-core, against the app
// started as `./emage run` starts it (its own data directory and PostgreSQL cluster, demo data),
// with SMTP pointed at a real SMTP server run here (smtp-server). Screenshots of every screen at
// desktop and phone widths go to tests/e2e/artifacts; axe-core checks every screen.
// Prints "Passed: N" and "Failed: N" (summed by ./emage test). --write-docs also writes the client
// metrics (bundle size, home page time to interactive) into docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const artifacts = path.join(here, 'artifacts');
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });
const writeDocs = process.argv.includes('--write-docs');

const freePort = () => new Promise((resolve) => {
  const server = createServer();
  server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- SMTP
const mails = [];
const smtpPort = await freePort();
const smtp = new SMTPServer({
  authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then((mail) => { mails.push(mail); callback(); }, callback);
  },
});
await new Promise((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
const taken = new Set();
async function takeMail(to, subjectPart, timeoutMs = 30000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const mail = mails.find((m) => !taken.has(m) && m.to?.value.some((a) => a.address.toLowerCase() === to.toLowerCase()) && m.subject.includes(subjectPart));
    if (mail) { taken.add(mail); return mail; }
    await sleep(100);
  }
  throw new Error(`no e-mail "${subjectPart}" to ${to}; got: ${mails.map((m) => `${m.to?.text}: ${m.subject}`).join(' | ')}`);
}
/** A small valid PDF of one page with one line of text (Helvetica), its cross-reference table exact. */
function onePagePdf(line) {
  const content = `BT /F1 16 Tf 72 770 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => { const at = pdf.length; pdf += `${i + 1} 0 obj\n${object}\nendobj\n`; return at; });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
const codeIn = (mail) => /(\d{6})/.exec(mail.subject)[1];
const linkIn = (mail) => /https?:\/\/\S+/.exec(mail.text)[0];

// ---------------------------------------------------------------- the app, as ./emage run starts it
const appPort = await freePort();
const base = `http://127.0.0.1:${appPort}`;
const data = mkdtempSync(path.join(tmpdir(), 'emage-browser-'));
chmodSync(data, 0o755);
const appLog = [];
const app = spawn(path.join(root, 'emage'), ['run'], {
  cwd: root,
  env: {
    ...process.env,
    EMAGE_DATA: data, ASPNETCORE_URLS: base, ConnectionStrings__Marten: '',
    Mail__SmtpHost: '127.0.0.1', Mail__SmtpPort: String(smtpPort), Mail__Security: 'None', Mail__PublicUrl: base,
    SignInRateLimit__PermitLimit: '200',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
delete app.env;
let seeded = false;
for (const stream of [app.stdout, app.stderr]) {
  stream.on('data', (chunk) => {
    const text = chunk.toString();
    appLog.push(text);
    if (text.includes('Demo data seeded') || text.includes('Demo data already')) seeded = true;
  });
}
const stopApp = async () => {
  try { process.kill(-app.pid, 'SIGTERM'); } catch { /* gone */ }
  for (let i = 0; i < 50 && app.exitCode === null; i++) await sleep(200);
  try { process.kill(-app.pid, 'SIGKILL'); } catch { /* gone */ }
};

const started = Date.now();
while (true) {
  if (app.exitCode !== null) { console.error(appLog.join('')); throw new Error('./emage run exited'); }
  try {
    const health = await fetch(`${base}/health`);
    if (health.ok && seeded) break;
  } catch { /* not yet */ }
  if (Date.now() - started > 240000) { console.error(appLog.join('')); await stopApp(); throw new Error('the app did not start'); }
  await sleep(500);
}
console.log(`app ready on ${base} in ${Math.round((Date.now() - started) / 1000)} s`);

// ---------------------------------------------------------------- the browser
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const desktop = { width: 1280, height: 860 };
const phone = { width: 375, height: 740 };
const newPage = async (viewport = desktop) => {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`  [page error] ${e.message}`));
  return page;
};

const results = [];
async function test(name, body) {
  const t0 = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`  passed  ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`  FAILED  ${name}: ${e.stack ?? e}`);
  }
}
const expect = (condition, message) => { if (!condition) throw new Error(message); };

/** Screenshots at desktop and phone widths, no horizontal scroll on the phone, and axe-core: no serious or critical violation. */
async function screen(page, name) {
  await page.screenshot({ path: path.join(artifacts, `${name}-desktop.png`), fullPage: true });
  const size = page.viewportSize();
  await page.setViewportSize(phone);
  await sleep(150);
  await page.screenshot({ path: path.join(artifacts, `${name}-phone.png`), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  // Nor text running out of its box (where a frame with overflow: hidden would cut it off unseen).
  const escaping = await page.evaluate(() => [...document.body.querySelectorAll('*')]
    .filter((e) => e.childElementCount === 0 && e.textContent.trim().length > 0 && e.getClientRects().length > 0)
    .flatMap((e) => {
      let frame = e.parentElement;
      while (frame && !['hidden', 'clip'].includes(getComputedStyle(frame).overflowX)) frame = frame.parentElement;
      if (!frame) return [];
      // The frame clips at its padding box: inside its borders.
      const box = frame.getBoundingClientRect();
      const left = box.left + frame.clientLeft;
      const right = left + frame.clientWidth;
      const text = e.getBoundingClientRect();
      return text.right > right + 0.5 || text.left < left - 0.5
        ? [`${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 40)}" (${Math.round(text.right)} > ${Math.round(right)})`]
        : [];
    }));
  await page.setViewportSize(size);
  expect(overflow <= 0, `${name}: ${overflow}px of horizontal scroll at 375 px`);
  expect(escaping.length === 0, `${name}: text wider than its box at 375 px: ${escaping.join('; ')}`);
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
  expect(violations.length === 0, `${name}: accessibility: ${violations.join('; ')}`);
}

const patientEmail = 'marie.durand@demo.e-mage.fr';
const demoPassword = 'Demo-e-mage-2026';
const newPassword = 'Un nouveau mot de passe 2026';
const recipient = `proche.${Date.now()}@example.fr`;
const patient = await newPage();

async function signInPatient(page, password = demoPassword) {
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse e-mail').fill(patientEmail);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByLabel('Code reçu par e-mail').waitFor();
  const code = codeIn(await takeMail(patientEmail, 'code de connexion'));
  await page.getByLabel('Code reçu par e-mail').fill(code);
  await page.getByRole('button', { name: 'Valider' }).click();
  await page.getByRole('heading', { name: /Accueil/ }).waitFor();
}

await test('sign-in page, then the e-mailed code', async () => {
  await patient.goto(`${base}/connexion`);
  await patient.getByRole('heading', { name: 'Connexion' }).waitFor();
  await screen(patient, '01-connexion');
  await signInPatient(patient);
});

let ttiMs = null;
await test('home: the new documents, and a new one appears live', async () => {
  // WISSEMBOURG's API client will attach a new report to one of its exams; the patient has seen that
  // exam's report (opening it marks it seen), so the new one is a new line on the home page.
  const token = readFileSync(path.join(data, 'demo-api-client.txt'), 'utf8').trim();
  const exams = await (await fetch(`${base}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ establishmentExams(first: 100) { nodes { exam { id label performedAt } } } }' }),
  })).json();
  // The most recently performed one (the list itself comes most recently published first).
  const exam = exams.data.establishmentExams.nodes.map((n) => n.exam).sort((a, b) => b.performedAt.localeCompare(a.performedAt))[0];
  await patient.goto(`${base}/examens/${exam.id}`);
  await patient.locator('.report[data-rendered="true"]').waitFor({ timeout: 20000 });
  await sleep(300);

  const t0 = Date.now();
  await patient.goto(`${base}/`);
  await patient.getByRole('heading', { name: 'Nouveaux documents' }).waitFor();
  await patient.waitForFunction(() => document.querySelector('main ul.list, main p.muted'));
  ttiMs = Date.now() - t0;
  const before = await patient.locator('ul[aria-label="Nouveaux documents"] > li').count();
  await screen(patient, '02-accueil');
  const put = await fetch(`${base}/api/exams/${exam.id}/report`, {
    method: 'PUT', headers: { 'content-type': 'application/pdf', authorization: `Bearer ${token}` },
    body: onePagePdf('Compte rendu complementaire : resultats definitifs.'),
  });
  expect(put.status === 201, `report upload answered ${put.status}`);
  await patient.getByText(`Nouveau document : ${exam.label}`).waitFor({ timeout: 15000 });
  await patient.waitForFunction((n) => document.querySelectorAll('ul[aria-label="Nouveaux documents"] > li').length > n, before, { timeout: 15000 });
  await takeMail(patientEmail, 'nouveau document');
});

await test('exams: the list, a report inline, and "Télécharger"', async () => {
  await patient.getByRole('link', { name: 'Examens' }).click();
  await patient.getByRole('heading', { name: 'Examens' }).waitFor();
  const first = patient.locator('ul.list a.title').first();
  await first.click();
  // The report is drawn inline (PDF.js): its first page is on a canvas, with its text for screen readers.
  await patient.locator('.report[data-rendered="true"]').waitFor({ timeout: 20000 });
  const drawn = await patient.evaluate(() => {
    const canvas = document.querySelector('.report canvas');
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let dark = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 128 && pixels[i + 3] > 0) dark++;
    return { dark, text: document.querySelector('.report figcaption').textContent };
  });
  expect(drawn.dark > 500, `the report's first page looks blank (${drawn.dark} dark pixels)`);
  expect(drawn.text.includes('Compte rendu') && drawn.text.includes('Conclusion'), `the report's text is not there: ${drawn.text.slice(0, 200)}`);
  const [download] = await Promise.all([patient.waitForEvent('download'), patient.getByRole('link', { name: 'Télécharger' }).click()]);
  const file = path.join(artifacts, 'report.pdf');
  await download.saveAs(file);
  expect(readFileSync(file).subarray(0, 5).toString() === '%PDF-', 'the download is not a PDF');
  await screen(patient, '03-examens');
});

await test('viewer: moves through 10 images of a series, and the pixels change', async () => {
  await patient.getByRole('link', { name: 'Examens' }).click();
  const ct = patient.locator('ul.list > li', { hasText: 'Images (24)' }).first();
  await ct.locator('a.title').click();
  await patient.getByRole('link', { name: 'Voir les images' }).click();
  const viewport = patient.locator('.viewport');
  await patient.waitForSelector('.viewport[data-ready="true"]', { timeout: 60000 });
  await sleep(500);
  await patient.locator('.counter').filter({ hasText: 'Image 1 / 24' }).waitFor();
  const first = await viewport.screenshot();
  await viewport.focus();
  for (let i = 0; i < 10; i++) await patient.keyboard.press('ArrowDown');
  await patient.locator('.counter').filter({ hasText: 'Image 11 / 24' }).waitFor();
  await sleep(500);
  const eleventh = await viewport.screenshot();
  expect(!first.equals(eleventh), 'the 1st and 11th images look the same');
  await patient.getByRole('slider', { name: 'Position dans la série' }).fill('20');
  await patient.locator('.counter').filter({ hasText: 'Image 20 / 24' }).waitFor();
  await patient.getByRole('button', { name: 'Zoom +' }).click();
  await patient.getByRole('button', { name: 'Réinitialiser' }).click();
  await screen(patient, '04-visionneuse');
});

await test('share from the viewer; the recipient opens it with the e-mailed code; revoked, it has expired', async () => {
  await patient.getByRole('button', { name: 'Partager' }).click();
  const dialog = patient.getByRole('dialog');
  await dialog.getByLabel('E-mail du destinataire').fill(recipient);
  await dialog.getByLabel('Message (facultatif)').fill('Pour avis, merci.');
  await screen(patient, '05-partage');
  await dialog.getByRole('button', { name: 'Envoyer' }).click();
  await patient.getByText(`Invitation envoyée à ${recipient}.`).waitFor();
  const invitation = await takeMail(recipient, 'partage un examen');
  expect(invitation.text.includes('Pour avis, merci.'), 'the message is not in the invitation');

  const other = await newPage();
  await other.goto(linkIn(invitation));
  await other.getByRole('button', { name: 'Recevoir le code' }).click();
  await other.getByLabel('Code reçu par e-mail').fill(codeIn(await takeMail(recipient, "code d'accès")));
  await other.getByRole('button', { name: 'Valider' }).click();
  await other.getByText(/Accessible jusqu/).waitFor();
  await other.waitForSelector('.viewport[data-ready="true"]', { timeout: 60000 });
  await other.locator('.report[data-rendered="true"]').waitFor({ timeout: 20000 });
  await screen(other, '06-destinataire');

  // The patient revokes it from the exam's page: the recipient's next request gets the expiry page.
  await patient.goto(patient.url().replace(/\/images$/, ''));
  const row = patient.locator('ul.list > li', { hasText: recipient });
  await row.getByRole('button', { name: 'Révoquer' }).click();
  await patient.locator('ul.list > li', { hasText: recipient }).filter({ hasText: 'Révoqué' }).waitFor();
  await other.reload();
  await other.getByRole('heading', { name: 'Ce partage a expiré' }).waitFor();
  await screen(other, '07-partage-expire');
  await other.context().close();
});

await test('professionals tab: search by RPPS', async () => {
  await patient.getByRole('link', { name: 'Mon espace' }).click();
  await patient.getByRole('heading', { name: 'Gestion des accès' }).waitFor();
  await patient.getByLabel('Recherche par nom, prénom ou RPPS').fill('10000000017');
  await patient.waitForFunction(() => document.querySelectorAll('ul[aria-label="Professionnels"] > li').length === 1);
  const row = await patient.locator('ul[aria-label="Professionnels"] > li').innerText();
  expect(row.includes('10000000017') && row.includes('Autorisé depuis le'), `unexpected row: ${row}`);
  await screen(patient, '08-professionnels');
});

/** The WISSEMBOURG radiologist signs in (no e-mailed code for professionals) and opens Marie Durand's dossier. */
async function radiologistOpensTheDossier() {
  const page = await newPage();
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse e-mail').fill('radiologue@demo.e-mage.fr');
  await page.getByLabel('Mot de passe', { exact: true }).fill(demoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Rechercher un patient' }).waitFor();
  await page.getByLabel('Nom ou prénom').fill('Durand');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByRole('link', { name: 'Ouvrir le dossier' }).first().click();
  await page.getByRole('heading', { name: 'Marie Durand' }).waitFor();
  return page;
}

await test("history tab: the recipient's opening is there; a professional's opening shows live", async () => {
  await patient.getByRole('tab', { name: 'Historique' }).click();
  // The recipient's code opened the share, and the report it then read is an opening of the dossier on the basis of the share.
  await patient.locator('ul[aria-label="Historique"] > li', { hasText: recipient }).filter({ hasText: 'Ouverture du partage' }).waitFor();
  await patient.locator('ul[aria-label="Historique"] > li', { hasText: recipient }).filter({ hasText: 'Ouverture du dossier' })
    .filter({ has: patient.locator('.tag', { hasText: 'Partage' }) }).waitFor();
  const rows = await patient.locator('ul[aria-label="Historique"] > li').count();
  await screen(patient, '09-historique');
  const professional = await radiologistOpensTheDossier();
  await patient.getByText('radiologue Admin vient d’ouvrir votre dossier.').waitFor({ timeout: 15000 });
  await patient.waitForFunction((n) => document.querySelectorAll('ul[aria-label="Historique"] > li').length > n, rows, { timeout: 15000 });
  const newest = await patient.locator('ul[aria-label="Historique"] > li').first().innerText();
  expect(newest.includes('radiologue Admin') && newest.includes('Ouverture du dossier'), `newest history row: ${newest}`);
  await professional.context().close();
});

await test('establishments', async () => {
  await patient.getByRole('link', { name: 'Établissements' }).click();
  await patient.getByText('détient vos examens').first().waitFor();
  await screen(patient, '10-etablissements');
});

await test('change the password', async () => {
  await patient.getByRole('link', { name: 'Mes paramètres de connexion' }).click();
  await patient.getByLabel('Mot de passe actuel').fill(demoPassword);
  await patient.getByLabel('Nouveau mot de passe').fill(newPassword);
  await patient.getByRole('button', { name: 'Changer mon mot de passe' }).click();
  await patient.getByText('Votre mot de passe a été changé').waitFor();
  await screen(patient, '11-parametres');
});

await test('deactivate the account, after a clear confirmation', async () => {
  await patient.getByRole('button', { name: 'Désactiver mon compte' }).click();
  const dialog = patient.getByRole('dialog');
  await dialog.getByText('les professionnels de santé continueront').waitFor();
  await dialog.getByRole('button', { name: 'Je comprends, désactiver mon compte' }).click();
  await patient.getByRole('heading', { name: 'Connexion' }).waitFor();
  await patient.getByLabel('Adresse e-mail').fill(patientEmail);
  await patient.getByLabel('Mot de passe', { exact: true }).fill(newPassword);
  await patient.getByRole('button', { name: 'Se connecter' }).click();
  await patient.getByText('Ce compte a été désactivé').waitFor();
});

await test('three wrong passwords show the block message and its end', async () => {
  const page = await newPage(phone);
  await page.goto(`${base}/connexion`);
  for (let i = 0; i < 3; i++) {
    await page.getByLabel('Adresse e-mail').fill('auditeur@demo.e-mage.fr');
    await page.getByLabel('Mot de passe', { exact: true }).fill(`faux ${i}`);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForFunction((n) => document.querySelector('[role=alert]')?.textContent?.length > 0 && window.__attempt !== n, i);
    await page.evaluate((n) => (window.__attempt = n), i);
  }
  await page.getByText(/bloqué jusqu.à \d{2}:\d{2}/).waitFor();
  await screen(page, '12-blocage');
  await page.context().close();
});

await test('forgotten password and link pages', async () => {
  const page = await newPage();
  await page.goto(`${base}/mot-de-passe-oublie`);
  await page.getByLabel('Adresse e-mail').fill('radiologue@demo.e-mage.fr');
  await page.getByRole('button', { name: 'Envoyer' }).click();
  await page.getByText('Si cette adresse correspond à un compte').waitFor();
  await screen(page, '13-mot-de-passe-oublie');
  const reset = await takeMail('radiologue@demo.e-mage.fr', 'Réinitialisation');
  await page.goto(linkIn(reset).replace(/#.*/, '#forged'));
  await page.getByLabel('Nouveau mot de passe').fill('Un tout autre mot de passe');
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await page.getByText('Ce lien n’est pas valide.').waitFor();
  await screen(page, '14-lien-invalide');
  await page.context().close();
});

await test('professional: find the patient, open the dossier, view images', async () => {
  const page = await radiologistOpensTheDossier();
  await screen(page, '15-professionnel');
  await page.getByRole('link', { name: 'Voir les images' }).first().click();
  await page.waitForSelector('.viewport[data-ready="true"]', { timeout: 60000 });
  await page.context().close();
});

await browser.close();

// ---------------------------------------------------------------- client metrics
const assets = path.join(root, 'src/Web/wwwroot/assets');
const files = readdirSync(assets).map((f) => ({ f, size: statSync(path.join(assets, f)).size, gz: gzipSync(readFileSync(path.join(assets, f))).length }));
const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
const sum = (pattern, key = 'size') => files.filter((x) => pattern.test(x.f)).reduce((s, x) => s + x[key], 0);
const entry = sum(/^index-.*\.(js|css)$/);
const entryGz = sum(/^index-.*\.(js|css)$/, 'gz');
const viewerJs = sum(/^viewer-.*\.js$/);
const viewerGz = sum(/^viewer-.*\.js$/, 'gz');
const total = sum(/./);
const totalGz = sum(/./, 'gz');
const metrics = { entryBytes: entry, entryGzipBytes: entryGz, viewerBytes: viewerJs, viewerGzipBytes: viewerGz, totalBytes: total, totalGzipBytes: totalGz, homeTimeToInteractiveMs: ttiMs };
writeFileSync(path.join(artifacts, 'client-metrics.json'), JSON.stringify(metrics, null, 2));
console.log(`client: entry ${kb(entry)}, viewer ${kb(viewerJs)}, all assets ${kb(total)}; home page interactive in ${ttiMs} ms`);
if (writeDocs) {
  const doc = path.join(root, 'docs/benchmarks.md');
  const section = [
    '<!-- client:start -->',
    '## Web client (measured by `node tests/e2e/browser.mjs --write-docs`)',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on the test machine, headless Debian Chromium, the app started as \`./emage run\` starts it.`,
    '',
    '| what | size | gzip |',
    '|---|---|---|',
    `| entry bundle (index JS + CSS, loaded by every page) | ${kb(entry)} | ${kb(entryGz)} |`,
    `| viewer chunk (Cornerstone3D, loaded only when images are shown) | ${kb(viewerJs)} | ${kb(viewerGz)} |`,
    `| every asset (with the image codecs' WebAssembly, loaded on demand) | ${kb(total)} | ${kb(totalGz)} |`,
    '',
    `Home page time to interactive (signed in; from navigation to the new-documents list rendered, data loaded through GraphQL): **${ttiMs} ms**.`,
    '<!-- client:end -->',
    '',
  ].join('\n');
  const current = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
  const next = current.includes('<!-- client:start -->')
    ? current.replace(/<!-- client:start -->[\s\S]*<!-- client:end -->\n?/, section)
    : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(doc, next);
}

await stopApp();
await new Promise((resolve) => smtp.close(resolve));
rmSync(data, { recursive: true, force: true });
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`Browser tests: Passed: ${passed}, Failed: ${failed}`);
process.exit(failed === 0 ? 0 : 1);
