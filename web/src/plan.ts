// The plan: what it allows (as the host says; the pitches below only name the plans) and how much of it is used, upgrade through the billing provider's
// checkout (which comes back to /?checkout=...), cancel at the period's end.
import { api, errorMessage } from './api';
import { byId, fill, h } from './dom';
import * as fmt from './format';
import { notify } from './notices';
import type { PaidPlan, Subscription } from './types';

const PLANS: { id: 'free' | PaidPlan; name: string; pitch: string }[] = [
  { id: 'free', name: 'Free', pitch: 'Try it with one account' },
  { id: 'starter', name: 'Starter', pitch: 'A few accounts, fresh every few hours' },
  { id: 'pro', name: 'Pro', pitch: 'More accounts and reports, hourly data' },
  { id: 'agency', name: 'Agency', pitch: 'Every client, no limits, freshest data' },
];

function usage(label: string, used: number, limit: number | null) {
  const pct = limit === null ? 0 : Math.min(100, (used / Math.max(1, limit)) * 100);
  return h('div', { class: 'usage' },
    h('div', { class: 'row between' }, h('span', null, label), h('span', { class: 'muted' }, limit === null ? `${used} · unlimited` : `${used} of ${limit}`)),
    h('div', { class: 'bar' }, h('div', { style: `width:${pct}%` })));
}

function every(minutes: number | null) {
  if (minutes === null) return 'on demand';
  return minutes % 60 === 0 ? `every ${minutes / 60 === 1 ? 'hour' : `${minutes / 60} hours`}` : `every ${minutes} minutes`;
}

export async function renderPlan(planChanged: (plan: string) => void) {
  const s = await api.subscription.current.query();
  planChanged(s.plan);
  const current = PLANS.find((p) => p.id === s.plan);
  fill(byId('plan'),
    h('div', { class: 'plan-now' },
      h('div', null, h('div', { class: 'label' }, 'Your plan'), h('div', { class: 'plan-name', 'data-plan': s.plan }, current?.name ?? s.plan),
        h('div', { class: 'sub' }, status(s))),
      h('div', { class: 'grow usages' },
        usage('Connected accounts', s.usage.integrations, s.limits.integrations),
        usage('Reports this month', s.usage.reportsThisMonth, s.limits.reportsPerMonth),
        h('div', { class: 'sub' }, `Data syncs ${every(s.limits.syncIntervalMinutes)}.`))),
    h('div', { class: 'plans' }, PLANS.filter((p) => p.id !== 'free').map((p) => h('div', { class: `plan-option ${p.id === s.plan ? 'current' : ''}`, 'data-plan': p.id },
      h('div', { class: 'name' }, p.name), h('div', { class: 'sub' }, p.pitch),
      p.id === s.plan ? h('span', { class: 'pill active' }, 'current plan')
        : h('button', { class: 'primary upgrade', onclick: () => void upgrade(p.id as PaidPlan, planChanged) },
          `${s.plan === 'free' ? 'Choose' : 'Switch to'} ${p.name}`)))),
    s.plan !== 'free' && !s.cancelAtPeriodEnd
      ? h('button', { class: 'ghost danger-text', onclick: () => void cancel(planChanged) }, 'Cancel subscription') : null);
}

function status(s: Subscription) {
  if (s.plan === 'free') return 'No subscription';
  const end = s.currentPeriodEnd ? fmt.day(s.currentPeriodEnd) : null;
  if (s.cancelAtPeriodEnd) return end ? `Ends on ${end}` : 'Ends at the end of the period';
  return `${s.status.replace('_', ' ')}${end ? ` · renews ${end}` : ''}`;
}

async function upgrade(plan: PaidPlan, planChanged: (plan: string) => void) {
  try {
    const answer = await api.subscription.upgrade.mutate({ plan });
    if (answer.url) {
      window.location.assign(answer.url);  // the provider's checkout page; it comes back to /?checkout=...
      return;
    }
    // A paying user's plan was changed on the subscription itself (prorated): no checkout.
    notify('info', `You are now on the ${answer.subscription?.plan ?? plan} plan.`);
    await renderPlan(planChanged);
  } catch (e) {
    notify('error', errorMessage(e));
  }
}

async function cancel(planChanged: (plan: string) => void) {
  if (!window.confirm('Cancel your subscription? It stays active until the end of the period you paid for.')) return;
  try {
    await api.subscription.cancel.mutate();
    notify('info', 'Your subscription ends at the end of the current period.');
    await renderPlan(planChanged);
  } catch (e) {
    notify('error', errorMessage(e));
  }
}
