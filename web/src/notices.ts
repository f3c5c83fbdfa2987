// The strip under the top bar: outcomes of what the user just did, and of the redirects that
// land here (an OAuth connect, a checkout).
import { byId, h } from './dom';

type Tone = 'success' | 'error' | 'info';

export function notify(tone: Tone, text: string) {
  const box = byId('notices');
  const note = h('div', { class: `notice ${tone}`, role: tone === 'error' ? 'alert' : 'status' },
    h('span', null, text),
    h('button', { class: 'close', 'aria-label': 'Dismiss', onclick: () => note.remove() }, '×'));
  box.appendChild(note);
  if (tone !== 'error') setTimeout(() => note.remove(), 15000);
}

// What the redirect that brought the browser here says, as one notice; `name` turns a platform id
// into its display name. Returns whether the query carried an outcome.
export function landingNotice(url: URL, name: (platform: string) => string): boolean {
  const q = url.searchParams;
  // Also the host's earlier landing pages: /integrations?platform=&status=connected|error&message=,
  // /billing/success and /billing/cancel.
  const status = q.get('status');
  const connected = q.get('connected') ?? (status === 'connected' ? q.get('platform') : null);
  const error = q.get('error') ?? (status === 'error' ? q.get('message') ?? 'unknown error' : null);
  const checkout = q.get('checkout') ?? url.pathname.match(/^\/billing\/(success|cancel)$/)?.[1] ?? null;
  if (connected !== null) {
    notify('success', `${name(connected)} is connected. Its data is syncing now.`);
  } else if (error !== null) {
    const platform = q.get('platform');
    notify('error', platform ? `${name(platform)} could not be connected: ${error}` : error);
  } else if (checkout === 'success') {
    notify('success', 'Thank you! Your payment went through; your new plan is active as soon as the payment provider confirms it.');
  } else if (checkout === 'cancel') {
    notify('info', 'Checkout was cancelled; your plan is unchanged.');
  } else {
    return false;
  }
  return true;
}
