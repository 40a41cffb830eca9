// The staff app: sign in, today's visits, open and lock doors (through the network, or over Bluetooth at the door
// when there is none), emergency openings, offline keys and the receipts they bring back. The DOM is built with
// createElement and textContent only: nothing from the network is ever parsed as HTML.
import { signIn, completeSignIn, completeSignOut, signedIn, signOut, accessToken, IDLE_MINUTES } from './auth.js';
import { api, ApiError } from './api.js';
import { store } from './store.js';
import { deviceFor, sign } from './device.js';
import { toBase64url, fromBase64url } from './base64url.js';
import { bluetoothAvailable, DoorLink, WrongDoor, openAtTheDoor, relockAtTheDoor } from './door.js';
import { REASON } from './protocol.js';
import { language, setLanguage, time } from './i18n.js';

const state = {
  member: null, device: null, blocked: false, residents: [], emergency: [], sync: null, outcome: null,
  opened: new Map(), busy: null, notice: null, unreachable: false,
};

/**
 * Whether the platform can be reached: the browser's word, corrected by experience (one bar of signal in a stairwell
 * often means "online" and no answer); any answer from the platform sets it right again.
 */
function online() {
  return navigator.onLine && !state.unreachable;
}

/** Calls the staff API and notes whether the platform answered at all. */
async function reach(call) {
  try {
    const answer = await call();
    state.unreachable = false;
    return answer;
  } catch (e) {
    state.unreachable = e instanceof ApiError && e.code === 'NETWORK';
    throw e;
  }
}

let t = language();

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'onclick') node.addEventListener('click', value);
    else if (name === 'onsubmit') node.addEventListener('submit', value);
    else if (value === true) node.setAttribute(name, '');
    else if (value !== false && value != null) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child != null) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// ---- what happened -------------------------------------------------------------------------------------------

function say(code, { path, lockId, receipt, reason, relock } = {}) {
  state.reporting = null;
  state.outcome = { reason: reasonName(reason), relock, code, path, lockId, receipt };
  render();
  document.getElementById('outcome')?.focus();
}

/** An outcome's words in the language chosen now: switching languages while it shows must not leave it in the other. */
function words(o) {
  const [what, next] = t.outcomes[o.code] ?? t.outcomes.FAILED;
  return [o.path ? `${what.replace(/\.$/, '')} (${o.path === 'gateway' ? t.viaGateway : t.viaBluetooth}).` : what,
    o.retryBluetooth ? '' : next];
}

/** A lock's reason as the platform or the receipt gives it: a name, or a receipt's number. */
function reasonName(reason) {
  if (reason == null) return null;
  return /^[0-9]+$/.test(String(reason)) ? (REASON[reason] ?? `CODE_${reason}`) : reason;
}

function outcomeOfLock(outcome, rawReason) {
  const reason = reasonName(rawReason);
  if (outcome === 'OPENED') return 'OPENED';
  if (outcome === 'RELOCKED') return 'RELOCKED';
  if (reason === 'BATTERY_EMPTY' || reason === 'BOLT_JAMMED') return reason;
  if (reason === 'DEVICE_BLOCKED') return 'DEVICE_BLOCKED';
  return 'LOCK_REFUSED';
}

// ---- sync: offline keys, lock updates to carry, receipts home -------------------------------------------------

async function uploadReceipts() {
  const carried = (await store.all('receipts')).filter((r) => r.staffMemberId === state.member.staffMemberId);
  let sent = 0;
  for (const deviceId of new Set(carried.map((r) => r.deviceId))) {
    const batch = carried.filter((r) => r.deviceId === deviceId).slice(0, 500);
    await api.post('/api/v1/me/receipts', { deviceId, receipts: batch.map((r) => ({ lockId: r.lockId, receipt: r.receipt })) });
    for (const r of batch) await store.remove('receipts', r.id);
    sent += batch.length;
  }
  return sent;
}

async function sync() {
  if (!signedIn() || !state.device || state.blocked) return;
  try {
    const sent = await uploadReceipts();
    const reported = await sendKeptReports();
    const answer = await api.post('/api/v1/me/offline-credentials', { deviceId: state.device.deviceId });
    state.sync = {
      staffMemberId: state.member.staffMemberId, syncedAt: answer.syncedAt, credentials: answer.credentials,
      revocations: answer.revocations, trustAnchors: answer.trustAnchors, residents: state.residents, member: state.member,
    };
    await store.put('syncs', state.sync);
    state.notice = [sent > 0 ? t.uploaded(sent) : null, reported > 0 ? t.reportsSent(reported) : null].filter(Boolean).join(' ') || state.notice;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'DEVICE_BLOCKED') {
      state.blocked = true;
      await store.remove('syncs', state.member.staffMemberId);
      state.sync = null;
    } else if (e instanceof ApiError && e.code === 'NETWORK') {
      state.unreachable = true;
    } else {
      throw e;
    }
  }
  render();
}

function credentialFor(lockId) {
  const now = Date.now();
  return state.sync?.credentials.find((c) => c.lockId === lockId && Date.parse(c.notBefore) <= now && now < Date.parse(c.expiry));
}

function offlineUntil() {
  const now = Date.now();
  const live = (state.sync?.credentials ?? []).filter((c) => Date.parse(c.expiry) > now).map((c) => Date.parse(c.expiry));
  return live.length ? Math.max(...live) : null;
}

// ---- opening and locking --------------------------------------------------------------------------------------

function carried() {
  const decode = (c) => (c ? { version: c.version, update: fromBase64url(c.update) } : null);
  return { revocations: decode(state.sync?.revocations), trustAnchors: decode(state.sync?.trustAnchors) };
}

async function keep(lockId, receipt) {
  await store.put('receipts', {
    staffMemberId: state.member.staffMemberId, deviceId: state.device.deviceId, lockId, receipt: toBase64url(receipt),
  });
}

/** Whether an answer from the platform means the door was not reached at all, so the door itself may be tried. */
function notReached(e) {
  const type = e.problem?.type ?? '';
  return e.code === 'NETWORK' || type.endsWith('lock-unreachable') || type.endsWith('no-gateway');
}

async function atTheDoor(lockId, action) {
  if (!bluetoothAvailable()) return say('NO_BLUETOOTH', { lockId });
  let link;
  try {
    link = await DoorLink.connect();
  } catch (e) {
    if (e.name === 'NotFoundError') return say('CANCELLED', { lockId });
    if (e.name === 'SecurityError') {
      state.outcome = { code: 'NO_ANSWER', retryBluetooth: { lockId, action }, lockId };
      return render();
    }
    return say('NO_ANSWER', { lockId });
  }
  try {
    return await action(link);
  } catch (e) {
    return say(e instanceof WrongDoor ? 'WRONG_DOOR' : 'NO_ANSWER', { lockId });
  } finally {
    link.disconnect();
  }
}

async function openOffline(lockId) {
  const credential = credentialFor(lockId);
  if (state.blocked) return say('DEVICE_BLOCKED', { lockId });
  if (!credential) return say('NO_CREDENTIAL', { lockId });
  return atTheDoor(lockId, async (link) => {
    const bytes = fromBase64url(credential.credential);
    const claims = await openAtTheDoor(link, {
      lockId, credential: bytes, carried: carried(), sign: (input) => sign(state.device, input),
      keep: (receipt) => keep(lockId, receipt),
    });
    if (claims.outcome === 'OPENED') state.opened.set(lockId, { path: 'bluetooth', credential: bytes });
    say(outcomeOfLock(claims.outcome, claims.reason), { path: 'bluetooth', lockId, reason: claims.reason, receipt: claims.receipt });
    if (online()) sync().catch(() => {});
  });
}

async function open(lockId) {
  state.busy = lockId;
  state.outcome = null;
  render();
  try {
    if (online() && signedIn()) {
      try {
        const key = crypto.randomUUID();
        const answer = await reach(() => api.post('/api/v1/unlocks', { lockId, deviceId: state.device?.deviceId },
          { headers: { 'Idempotency-Key': key }, timeoutMs: 20_000 }));
        if (answer.outcome === 'OPENED') state.opened.set(lockId, { path: 'gateway' });
        return say(outcomeOfLock(answer.outcome, answer.lockReason), { path: 'gateway', lockId, reason: answer.lockReason });
      } catch (e) {
        if (e instanceof ApiError && e.code === 'DEVICE_BLOCKED') state.blocked = true;
        if (!(e instanceof ApiError) || !notReached(e)) return say(e.code ?? 'FAILED', { lockId });
      }
    }
    return await openOffline(lockId);
  } finally {
    state.busy = null;
    render();
  }
}

async function relock(lockId) {
  const opened = state.opened.get(lockId);
  state.busy = lockId;
  render();
  try {
    if (opened?.path !== 'bluetooth' && online() && signedIn()) {
      try {
        const answer = await reach(() => api.post('/api/v1/relocks', { lockId }, { timeoutMs: 20_000 }));
        state.opened.delete(lockId);
        return say(outcomeOfLock(answer.outcome, answer.lockReason), { path: 'gateway', lockId, reason: answer.lockReason, relock: true });
      } catch (e) {
        if (!(e instanceof ApiError) || !notReached(e)) return say(e.code ?? 'FAILED', { lockId });
      }
    }
    return await atTheDoor(lockId, async (link) => {
      const claims = await relockAtTheDoor(link, { lockId, credential: opened?.credential, keep: (r) => keep(lockId, r) });
      state.opened.delete(lockId);
      say(outcomeOfLock(claims.outcome, claims.reason), { path: 'bluetooth', lockId, reason: claims.reason, receipt: claims.receipt, relock: true });
    });
  } finally {
    state.busy = null;
    render();
  }
}

async function emergencyOpen(lockId, cause) {
  state.busy = lockId;
  render();
  try {
    const answer = await api.post('/api/v1/emergency-unlocks', { lockId, cause, deviceId: state.device?.deviceId },
      { headers: { 'Idempotency-Key': crypto.randomUUID() }, timeoutMs: 20_000 });
    if (answer.outcome === 'OPENED') state.opened.set(lockId, { path: 'gateway' });
    say(outcomeOfLock(answer.outcome, answer.lockReason), { path: 'gateway', lockId });
  } catch (e) {
    say(e instanceof ApiError && notReached(e) ? 'NO_ANSWER' : (e.code ?? 'FAILED'), { lockId });
  } finally {
    state.busy = null;
    render();
  }
}

// ---- reporting a problem ----------------------------------------------------------------------------------------

function causeOf(outcome) {
  if (outcome.code === 'BATTERY_EMPTY') return 'LOCK_BATTERY';
  if (outcome.code === 'BOLT_JAMMED') return 'BOLT_JAMMED';
  if (outcome.code === 'NO_ANSWER' || outcome.code === 'OUTCOME_UNKNOWN') return 'NO_CONNECTION';
  if (outcome.code === 'NO_BLUETOOTH' || outcome.code === 'FAILED') return 'APP_PROBLEM';
  return outcome.relock ? 'DOOR_DID_NOT_LOCK' : 'DOOR_DID_NOT_OPEN';
}

/** Sends a report, or keeps it to send with the next sync when there is no network. */
async function report(form) {
  const o = state.outcome;
  const body = {
    lockId: o.lockId, cause: form.cause, note: form.note || null,
    errorCode: (o.reason ?? o.code ?? '').replace(/[^A-Z_0-9]/g, '').slice(0, 40) || null,
    receipt: o.receipt ? toBase64url(o.receipt) : null,
  };
  try {
    await api.post('/api/v1/me/deviations', body);
    state.notice = t.reportSent;
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'NETWORK' && e.code !== 'SIGNED_OUT') throw e;
    await store.put('reports', { staffMemberId: state.member.staffMemberId, body });
    state.notice = t.reportKept;
  }
  state.reporting = null;
  state.outcome = null;
  render();
  document.getElementById('notice')?.focus();
}

async function sendKeptReports() {
  const kept = (await store.all('reports')).filter((r) => r.staffMemberId === state.member.staffMemberId);
  for (const r of kept) {
    await api.post('/api/v1/me/deviations', r.body);
    await store.remove('reports', r.id);
  }
  return kept.length;
}

function reportForm() {
  const o = state.outcome;
  return el('form', { id: 'report', class: 'report', onsubmit: (e) => e.preventDefault() },
    el('h2', {}, t.reportHeading),
    el('label', { for: 'report-cause' }, t.reportCause),
    el('select', { id: 'report-cause' }, Object.entries(t.reportCauses).map(([v, label]) =>
      el('option', { value: v, selected: v === causeOf(o) }, label))),
    el('label', { for: 'report-note' }, t.reportNote),
    el('textarea', { id: 'report-note', maxlength: '500', rows: '3' }),
    el('p', { class: 'note' }, o.receipt ? t.reportWithReceipt : t.reportWithCode),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'open', id: 'report-send', onclick: () => report({
        cause: document.getElementById('report-cause').value, note: document.getElementById('report-note').value.trim(),
      }).catch(() => say('FAILED', { lockId: o.lockId })) }, t.reportSend),
      el('button', { type: 'button', class: 'secondary', onclick: () => { state.reporting = null; render(); } }, t.cancel)));
}

// ---- screens ------------------------------------------------------------------------------------------------

function header() {
  return el('header', { class: 'top' },
    el('p', { class: 'brand' }, t.title),
    el('nav', { 'aria-label': t.lang === 'sv' ? 'Inställningar' : 'Settings' },
      el('button', { type: 'button', class: 'link', lang: t.other, id: 'language', onclick: () => {
        setLanguage(t.other);
        t = language();
        document.documentElement.lang = t.lang;
        render();
      } }, t.otherName),
      signedIn() ? el('button', { type: 'button', class: 'link', id: 'sign-out', onclick: async () => {
        // Signing out ends the shift on this phone: its offline keys go too (they would expire with the shift).
        await store.remove('syncs', state.member?.staffMemberId ?? '');
        signOut();
      } }, t.signOut) : (state.member ? el('button', { type: 'button', class: 'link', id: 'sign-in-again', onclick: () => signIn() }, t.signIn) : null)));
}

function connection() {
  const until = offlineUntil();
  return el('section', { class: 'connection', 'aria-label': t.lang === 'sv' ? 'Uppkoppling och offline-nycklar' : 'Connection and offline keys' },
    el('p', { id: 'network', class: online() ? 'online' : 'offline' }, online() ? t.online : t.offline),
    el('p', { id: 'offline-keys' }, until ? t.offlineUntil(time(until, t)) : t.noOfflineKeys),
    state.sync ? el('p', {}, t.synced(time(state.sync.syncedAt, t))) : null,
    state.notice ? el('p', { id: 'notice', tabindex: '-1', role: 'status' }, state.notice) : null,
    online() && signedIn() && !state.blocked
      ? el('button', { type: 'button', class: 'secondary', id: 'sync', onclick: () => sync().catch(() => {}) }, t.syncNow) : null,
    bluetoothAvailable() ? null : el('p', { class: 'note' }, t.bluetoothNote));
}

function outcome() {
  if (!state.outcome) return el('div', { id: 'outcome', role: 'status', tabindex: '-1' });
  const o = state.outcome;
  const [what, next] = words(o);
  return el('div', { id: 'outcome', role: 'status', tabindex: '-1', class: o.code === 'OPENED' || o.code === 'RELOCKED' ? 'good' : 'bad',
    'data-code': o.code, 'data-reason': o.reason ?? false },
    el('p', { class: 'what' }, what),
    o.reason ? el('p', { class: 'reason' }, `${t.reasonCode}: ${o.reason}`) : null,
    next ? el('p', {}, el('strong', {}, t.next), ' ', next) : null,
    o.retryBluetooth ? el('button', { type: 'button', onclick: () => atTheDoor(o.lockId, o.retryBluetooth.action) }, t.tryBluetooth) : null,
    o.lockId && !state.reporting ? el('button', { type: 'button', class: 'secondary', id: 'report-problem',
      onclick: () => { state.reporting = true; render(); document.getElementById('report-cause')?.focus(); } }, t.reportProblem) : null,
    state.reporting ? reportForm() : null);
}

function lockLine(resident, lock, emergency) {
  const opened = state.opened.has(lock.lockId);
  const busy = state.busy === lock.lockId;
  const now = Date.now();
  const windows = resident.windows ?? [];
  const next = windows.find((w) => Date.parse(w.until) > now);
  let when = lock.mayOpenNow ? t.opensNow : (next ? t.opensAt(time(next.from, t)) : t.noMoreToday);
  if (!online()) when = credentialFor(lock.lockId) ? t.opensNow : t.outcomes.NO_CREDENTIAL[0];
  const causeId = `cause-${lock.lockId}`;
  return el('li', { class: 'lock', 'data-lock': lock.lockId },
    emergency ? null : el('p', { class: 'when' }, when),
    emergency ? el('label', { for: causeId }, t.cause) : null,
    emergency ? el('select', { id: causeId }, Object.entries(t.causes).map(([v, label]) => el('option', { value: v }, label))) : null,
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'open', disabled: busy, 'aria-busy': busy ? 'true' : 'false',
        onclick: () => (emergency ? emergencyOpen(lock.lockId, document.getElementById(causeId).value) : open(lock.lockId)) },
      busy ? t.working : (emergency ? t.emergencyOpen : t.open)),
      opened ? el('button', { type: 'button', class: 'relock', disabled: busy, onclick: () => relock(lock.lockId) }, t.relock) : null));
}

function residentCard(resident, emergency) {
  const windows = (resident.windows ?? []).map((w) => t.window(time(w.from, t), time(w.until, t))).join(', ');
  return el('li', { class: 'resident', 'data-resident': resident.residentId },
    el('h3', {}, resident.name),
    windows ? el('p', { class: 'windows' }, windows) : null,
    resident.doors.map((door) => el('div', { class: 'door' },
      el('p', { class: 'door-label' }, door.label),
      el('ul', { class: 'locks' }, door.locks.map((lock) => lockLine(resident, lock, emergency))))));
}

function home() {
  const main = el('main', { id: 'main' });
  if (state.blocked) {
    main.append(el('div', { id: 'blocked', class: 'bad', role: 'alert' }, el('p', { class: 'what' }, t.blocked), el('p', {}, t.blockedNext)));
  }
  main.append(outcome(), connection(),
    el('h1', {}, t.today),
    state.residents.length
      ? el('ol', { class: 'residents', id: 'today' }, state.residents.map((r) => residentCard(r, false)))
      : el('p', {}, t.noVisits));
  if (state.emergency.length) {
    main.append(el('h2', {}, t.emergencies), el('p', {}, t.emergencyIntro),
      el('ul', { class: 'residents', id: 'emergencies' }, state.emergency.map((r) => residentCard(r, true))));
  }
  return main;
}

function signInScreen(message) {
  return el('main', { id: 'main' },
    el('h1', {}, t.signInHeading),
    message ? el('p', { class: 'bad', role: 'alert' }, message) : null,
    el('p', {}, t.signInIntro),
    el('button', { type: 'button', id: 'sign-in', class: 'open', onclick: () => signIn() }, t.signIn));
}

let signInMessage = null;

function render() {
  document.documentElement.lang = t.lang;
  document.title = t.title;
  const showHome = state.member && (signedIn() || state.sync);
  document.body.replaceChildren(header(), showHome ? home() : signInScreen(signInMessage));
}

// ---- start ------------------------------------------------------------------------------------------------------

async function load() {
  state.member = await reach(() => api.get('/api/v1/me'));
  await store.put('last', { slot: 'member', member: state.member });
  state.sync = (await store.get('syncs', state.member.staffMemberId)) ?? null;
  try {
    state.device = await deviceFor(state.member, t.lang === 'sv' ? 'Personalappen' : 'Staff app');
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'NETWORK')) throw e;
  }
  const known = state.device && (await api.get('/api/v1/me/devices')).find((d) => d.id === state.device.deviceId);
  state.blocked = Boolean(known?.blockedAt);
  if (state.blocked) {
    // A blocked phone's offline keys open nothing any more (the locks learn the block); it stops offering them.
    await store.remove('syncs', state.member.staffMemberId);
    state.sync = null;
  }
  [state.residents, state.emergency] = await Promise.all([api.get('/api/v1/me/residents'), api.get('/api/v1/me/emergency-residents')]);
  render();
  await sync();
}

async function loadOffline() {
  const last = await store.get('last', 'member');
  if (!last) return;
  state.member = last.member;
  state.sync = (await store.get('syncs', last.member.staffMemberId)) ?? null;
  state.device = (await store.get('devices', last.member.staffMemberId)) ?? null;
  state.residents = state.sync?.residents ?? [];
}

async function start() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch(() => {});
  await completeSignOut();
  const failed = await completeSignIn().catch(() => 'sign-in-failed');
  if (failed) signInMessage = t.signInFailed;
  if (new URLSearchParams(location.search).has('idle')) signInMessage = t.signedOutIdle;
  try {
    if (signedIn()) await load();
    else await loadOffline();
  } catch (e) {
    await loadOffline();
  }
  render();
  window.addEventListener('online', () => { state.unreachable = false; render(); if (signedIn()) load().catch(() => {}); });
  window.addEventListener('offline', () => render());
  setInterval(() => {
    if (state.member && accessToken() === null && sessionStorage.getItem('nyckelfri.session')) {
      sessionStorage.removeItem('nyckelfri.session');
      signInMessage = t.signedOutIdle;
      render();
    }
  }, Math.min(IDLE_MINUTES, 1) * 60_000);
  // Without an answer from the platform, ask again every 15 seconds: "online" may never fire (one bar of signal).
  setInterval(() => {
    if (state.unreachable && navigator.onLine && signedIn()) load().catch(() => {});
  }, 15_000);
}

start();
