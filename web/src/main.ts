// The reference dashboard: sign in, then the overview, trends, campaigns, connected accounts,
// reports and plan of the signed-in user. Also where every OAuth and checkout redirect lands.
import './style.css';

import { api, errorCode, errorMessage } from './api';
import { CampaignTable } from './campaigns';
import { byId, fill, h } from './dom';
import * as fmt from './format';
import { Integrations } from './integrations';
import { landingNotice, notify } from './notices';
import { renderOverview, renderTrends } from './overview';
import { renderPlan } from './plan';
import { Reports } from './reports';
import type { Integration, Range } from './types';

const DEMO = { email: 'demo@example.com', password: 'demo password' };  // what `make run` signs up
const PRESETS = [7, 30, 90];

const view = {
  range: fmt.lastDays(30) as Range,
  preset: 30 as number | null,
  currency: null as string | null,
  granularity: 'day' as 'day' | 'week' | 'month',
};

const integrations = new Integrations((accounts) => void refreshFigures(accounts), () => void renderPlan(showPlan).catch(fail));
const campaigns = new CampaignTable(integrations.name);
const reports = new Reports(() => view.range, () => void renderPlan(showPlan).catch(fail));

function fail(e: unknown) {
  if (errorCode(e) === 'UNAUTHORIZED') {
    signedOut();
    return;
  }
  notify('error', errorMessage(e));
}

function showPlan(plan: string) {
  fill(byId('plan-badge'), plan);
}

// Everything that depends on the period and the synced data, with the user's accounts: one answer
// of integrations.list (asked in the same batch as the overview, or `accounts`, one the accounts'
// poll already has) shows on the accounts' cards and says whether the figures have a store, both
// at once, so a card and the figures never disagree.
async function refreshFigures(accounts?: Integration[]) {
  renderRange();
  const [overview, listed] = await Promise.allSettled([api.dashboard.overview.query({ ...view.range, compare: true }),
    accounts ?? api.integrations.list.query()]);
  // The accounts show, and their poll goes on, even when the figures cannot.
  if (listed.status === 'fulfilled') integrations.show(listed.value);
  try {
    if (overview.status === 'rejected') throw overview.reason;
    if (listed.status === 'rejected') throw listed.reason;
    // The trends and the campaigns are in the currency the overview shows.
    const shown = renderOverview(overview.value, view.currency, integrations.name, integrations.capabilities, (c) => {
      view.currency = c;
      void refreshFigures();
    }, integrations.hasStore());
    view.currency = shown.currency;
    await Promise.all([renderTrends(view.range, view.granularity, shown.currency),
      campaigns.show(view.range, shown.currency, shown.store)]);
  } catch (e) {
    fail(e);
  }
}

function renderRange() {
  fill(byId('presets'), PRESETS.map((d) => h('button', {
    class: view.preset === d ? 'on' : '', 'data-days': d,
    onclick: () => {
      view.range = fmt.lastDays(d);
      view.preset = d;
      void refreshFigures();
    },
  }, `${d} days`)));
  byId<HTMLInputElement>('start').value = view.range.start;
  byId<HTMLInputElement>('end').value = view.range.end;
  fill(byId('granularity'), (['day', 'week', 'month'] as const).map((g) => h('button', {
    class: view.granularity === g ? 'on' : '',
    onclick: () => {
      view.granularity = g;
      renderRange();
      void renderTrends(view.range, g, view.currency).catch(fail);
    },
  }, g === 'day' ? 'Daily' : g === 'week' ? 'Weekly' : 'Monthly')));
}

function pickDates() {
  const start = byId<HTMLInputElement>('start').value;
  const end = byId<HTMLInputElement>('end').value;
  if (!start || !end || start > end) return;
  view.range = { start, end };
  view.preset = null;
  void refreshFigures();
}

async function signedIn(email: string) {
  byId('signin').hidden = true;
  byId('app').hidden = false;
  byId('nav').hidden = false;
  fill(byId('account'), h('span', { class: 'pill plan', id: 'plan-badge' }), h('span', { class: 'who' }, email),
    h('button', { class: 'ghost', id: 'signout', onclick: () => void signOut() }, 'Sign out'));
  await Promise.all([refreshFigures(), reports.refresh(), renderPlan(showPlan)]).catch(fail);
}

function signedOut() {
  integrations.stop();
  reports.stop();
  byId('app').hidden = true;
  byId('nav').hidden = true;
  byId('signin').hidden = false;
  fill(byId('account'));
}

async function signOut() {
  await api.auth.logout.mutate().catch(() => undefined);
  signedOut();
}

function setUpSignIn() {
  const form = byId<HTMLFormElement>('signin-form');
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  field('email').value = DEMO.email;
  field('password').value = DEMO.password;
  const submit = async (register: boolean) => {
    const input = { email: field('email').value.trim(), password: field('password').value };
    const out = byId('signin-error');
    fill(out);
    try {
      const session = register ? await api.auth.register.mutate(input) : await api.auth.login.mutate(input);
      await signedIn(session.user.email);
    } catch (e) {
      fill(out, errorMessage(e));
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit(false);
  });
  byId('register').addEventListener('click', () => {
    if (form.reportValidity()) void submit(true);
  });
}

async function start() {
  setUpSignIn();
  byId('start').addEventListener('change', pickDates);
  byId('end').addEventListener('change', pickDates);
  await integrations.loadPlatforms().catch(fail);
  // Where a redirect sent the browser: say what happened, then forget the query.
  const here = new URL(window.location.href);
  if (landingNotice(here, integrations.name) || here.pathname !== '/') window.history.replaceState(null, '', '/');
  try {
    const me = await api.auth.me.query();
    await signedIn(me.user.email);
  } catch (e) {
    if (errorCode(e) !== 'UNAUTHORIZED') notify('error', errorMessage(e));
    signedOut();
  }
}

void start();
