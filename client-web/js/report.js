// Session report: fetches GET /api/sessions/{code}/report for the session this browser's console runs and draws it as a
// printable page. The facilitator key (from localStorage, see facilitator-key.js) goes in the X-Facilitator-Key header,
// never in the URL, so no address bar, history, log or Referer ever holds it. The downloads fetch the same way and save
// a Blob through a temporary <a download>.

import './page-language.js';
import { ballotText } from './console-poll.js';
import { byId, el, setChildren, setText, show } from './dom.js';
import { loadFacilitatorKey } from './facilitator-key.js';
import { ResultsView } from './poll-results.js';
import { activityText, elapsedText, percentText, plural, pollKindText } from './words.js';

const ui = {
  message: byId('report-message'),
  error: byId('report-error'),
  retryRow: byId('report-retry-row'),
  retry: byId('report-retry'),
  report: byId('report'),
  title: byId('report-title'),
  code: byId('report-code'),
  status: byId('report-status'),
  created: byId('report-created'),
  ended: byId('report-ended'),
  generated: byId('report-generated'),
  downloadJson: byId('download-json'),
  downloadCsv: byId('download-csv'),
  downloadStatus: byId('download-status'),
  agenda: byId('report-agenda'),
  attendanceCounts: byId('report-attendance-counts'),
  attendance: byId('report-attendance'),
  polls: byId('report-polls'),
  boards: byId('report-boards'),
  fishbowls: byId('report-fishbowls'),
  participation: byId('report-participation'),
};

const STATUS_WORDS = { lobby: 'Not started (lobby)', running: 'Running', ended: 'Ended' };

// How long a downloaded file's object URL is kept: the browser has taken the file long before.
const REVOKE_AFTER_MS = 30_000;

// --- formatting ---

/** A point in time (ms since the epoch, server clock) as a <time> element, or a dash for null. */
function timeEl(ms, { withDate = true } = {}) {
  if (!Number.isFinite(ms) || ms <= 0) return el('span', { class: 'muted' }, '—');
  const date = new Date(ms);
  const text = withDate
    ? date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return el('time', { datetime: date.toISOString() }, text);
}

/** Seconds as people say them: "45 s", "3 min", "4 min 10 s", "1 h 5 min". */
function durationText(seconds) {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h) return m ? `${h} h ${m} min` : `${h} h`;
  return rest ? `${m} min ${rest} s` : `${m} min`;
}

/** "Phase 2 · Check-in" for a phase index, or "—" when the item belongs to no phase. */
function phaseText(report, index) {
  if (!Number.isInteger(index)) return '—';
  const title = report.agenda?.[index]?.title;
  return title ? `${index + 1}. ${title}` : `Phase ${index + 1}`;
}

/** A table with a header row of `columns` ([label, {num}]) and `rows` (arrays of <td>/<th> elements). */
function table(label, columns, rows, { testid, empty }) {
  if (!rows.length) return el('p', { class: 'muted', 'data-testid': `${testid}-empty` }, empty);
  return el(
    'table',
    { class: 'table report-table', 'data-testid': testid },
    el('caption', { class: 'visually-hidden' }, label),
    el('thead', {}, el('tr', {}, columns.map(([text, opts = {}]) => el('th', { scope: 'col', class: opts.num ? 'num' : null }, text)))),
    el('tbody', {}, rows),
  );
}

const num = (value, extra = {}) => el('td', { class: 'num', ...extra }, value);

// --- sections ---

function renderHead(report) {
  document.title = `${report.code} · ${report.title} · Report · Huddle`;
  setText(ui.title, report.title);
  setText(ui.code, report.code);
  setText(ui.status, STATUS_WORDS[report.status] ?? report.status);
  ui.status.dataset.status = report.status;
  setChildren(ui.created, timeEl(report.createdAt));
  setChildren(ui.ended, report.endedAt ? timeEl(report.endedAt) : el('span', { class: 'muted' }, 'Not ended yet'));
  setChildren(ui.generated, timeEl(report.generatedAt));
}

function renderAgenda(report) {
  const phases = report.agenda ?? [];
  const rows = phases.map((phase) => {
    const visits = phase.visits ?? [];
    const actual = visits.reduce((sum, v) => sum + (Number(v.seconds) || 0), 0);
    const planned = Number.isFinite(phase.plannedSeconds) ? phase.plannedSeconds : null;
    const over = planned !== null && visits.length > 0 && actual > planned;
    return el(
      'tr',
      { 'data-testid': 'report-agenda-row', 'data-index': phase.index, 'data-actual-seconds': actual, class: visits.length ? null : 'report-skipped' },
      num(String(phase.index + 1)),
      el('th', { scope: 'row', class: 'report-row-head', dir: 'auto' }, phase.title),
      el('td', {}, activityText(phase.activity)),
      num(planned === null ? 'untimed' : durationText(planned)),
      num(visits.length ? durationText(actual) : 'not run', { 'data-testid': 'report-agenda-actual', class: `num${over ? ' report-over' : ''}` }),
      el(
        'td',
        {},
        visits.length === 0
          ? el('span', { class: 'muted' }, '—')
          : visits.map((v, i) => [i > 0 && ', ', timeEl(v.startedAt, { withDate: false })]),
      ),
    );
  });
  setChildren(
    ui.agenda,
    table('Agenda: planned and actual time per phase', [['#', { num: true }], ['Phase'], ['Activity'], ['Planned', { num: true }], ['Actual', { num: true }], ['Started at']], rows, {
      testid: 'report-agenda-table',
      empty: 'This scenario has no phases.',
    }),
  );
}

function renderAttendance(report) {
  const attendance = report.attendance ?? {};
  const people = attendance.participants ?? [];
  // The server does not mark people as left when the session ends: whoever was still in stayed to the end.
  const ended = report.status === 'ended';
  const stayed = ended ? 'Stayed to the end' : 'Still in';
  setText(ui.attendanceCounts, `${plural(attendance.joined ?? people.length, 'person joined', 'people joined')} · ${attendance.stillIn ?? 0} ${ended ? 'stayed to the end' : 'still in'}`);
  const rows = people.map((p) =>
    el(
      'tr',
      { 'data-testid': 'report-attendee' },
      el('th', { scope: 'row', class: 'report-row-head' }, el('bdi', { 'data-testid': 'report-attendee-name' }, p.name)),
      el('td', {}, timeEl(p.joinedAt, { withDate: false })),
      el('td', {}, p.removed ? 'Removed by the facilitator' : p.leftAt ? timeEl(p.leftAt, { withDate: false }) : el('span', { class: 'muted' }, stayed)),
    ),
  );
  setChildren(ui.attendance, table('Attendance', [['Name'], ['Joined'], ['Left']], rows, { testid: 'report-attendance-table', empty: 'Nobody joined.' }));
}

function renderPoll(report, poll) {
  const headingId = `report-poll-${poll.pollId}`;
  const results = el('div', { class: 'results-box', 'data-testid': 'report-poll-results' });
  new ResultsView(results).update(poll.results ? poll : null);
  // ResultsView's summary is a live region for pages that update; here it is drawn once, so it is plain text.
  for (const node of results.querySelectorAll('[aria-live]')) {
    node.removeAttribute('aria-live');
    node.removeAttribute('role');
  }
  const facts = [
    pollKindText(poll.kind),
    poll.quick ? 'quick poll' : null,
    poll.anonymous ? 'anonymous' : 'named',
    poll.status === 'open' ? 'voting still open' : 'voting closed',
    Number.isFinite(poll.participation) ? `${percentText(poll.participation)} of those who joined answered` : null,
  ].filter(Boolean);
  const named = !poll.anonymous && Array.isArray(poll.answers);
  return el(
    'section',
    { class: 'report-item', 'data-testid': 'report-poll', 'data-poll-id': poll.pollId, 'aria-labelledby': headingId },
    el('p', { class: 'eyebrow' }, phaseText(report, poll.phase)),
    el('h3', { id: headingId, class: 'panel-question', 'data-testid': 'report-poll-question', dir: 'auto' }, poll.question),
    el('p', { class: 'vote-count', 'data-testid': 'report-poll-votes', 'data-count': poll.voterCount ?? 0 }, plural(poll.voterCount ?? 0, 'vote', 'votes')),
    el('p', { class: 'muted', 'data-testid': 'report-poll-facts' }, facts.join(' · ')),
    results,
    named &&
      el(
        'div',
        { class: 'answers' },
        el('h4', { class: 'subhead' }, 'Who answered what'),
        table(
          `Answers to “${poll.question}”`,
          [['Name'], ['Answer']],
          poll.answers.map((a) =>
            el('tr', { 'data-testid': 'report-answer' }, el('th', { scope: 'row', class: 'report-row-head' }, el('bdi', {}, a.name)), el('td', { dir: 'auto' }, ballotText(poll, a.ballot))),
          ),
          { testid: 'report-answers', empty: 'No answers.' },
        ),
      ),
  );
}

function renderPolls(report) {
  const polls = report.polls ?? [];
  setChildren(ui.polls, polls.length ? polls.map((poll) => renderPoll(report, poll)) : el('p', { class: 'muted', 'data-testid': 'report-polls-empty' }, 'No polls were run.'));
}

/** Cards by "me too" votes, most first; ties keep the server's order. */
function byVotes(cards) {
  return (cards ?? [])
    .map((card, index) => ({ card, index }))
    .sort((a, b) => (b.card.votes ?? 0) - (a.card.votes ?? 0) || a.index - b.index)
    .map(({ card }) => card);
}

function renderBoard(report, board) {
  const headingId = `report-board-${board.phase}`;
  const cards = byVotes(board.cards);
  const hidden = board.hidden?.length ?? 0;
  const queued = board.approvalQueue?.length ?? 0;
  const facts = [
    plural(cards.length, 'card on the board', 'cards on the board'),
    `${plural(board.meTooVotes ?? 0, 'vote', 'votes')} of “me too”`,
    `${board.heldBack ?? 0} held back (waiting for enough writers)`,
    queued ? `${queued} waiting for approval` : null,
    hidden ? `${hidden} hidden by the facilitator` : null,
  ].filter(Boolean);
  const rows = cards.map((card) => {
    const marks = [card.pinned && el('span', { class: 'flag flag-pinned' }, 'Pinned'), card.addressed && el('span', { class: 'flag flag-addressed' }, 'Addressed')].filter(Boolean);
    const merged = card.merged ?? [];
    return el(
      'tr',
      { 'data-testid': 'report-card', 'data-card-id': card.id },
      el(
        'td',
        {},
        el('p', { class: 'card-text', 'data-testid': 'card-text', dir: 'auto' }, card.text),
        merged.length > 0 &&
          el('ul', { class: 'merged', 'aria-label': 'Merged into this card' }, merged.map((m) => el('li', { dir: 'auto' }, m.text))),
      ),
      num(String(card.votes ?? 0), { 'data-testid': 'report-card-votes' }),
      el('td', {}, card.group?.name ? el('span', { class: 'flag flag-group' }, card.group.name) : el('span', { class: 'muted' }, '—')),
      el('td', {}, marks.length ? el('span', { class: 'card-flags' }, marks) : el('span', { class: 'muted' }, '—')),
    );
  });
  return el(
    'section',
    { class: 'report-item', 'data-testid': 'report-board', 'data-phase': board.phase, 'aria-labelledby': headingId },
    el('p', { class: 'eyebrow' }, phaseText(report, board.phase)),
    el('h3', { id: headingId, class: 'panel-question', dir: 'auto' }, board.prompt || board.title),
    el('p', { class: 'muted', 'data-testid': 'report-board-facts' }, facts.join(' · ')),
    table(`Cards for “${board.prompt || board.title}”, most “me too” first`, [['Card'], ['Me too', { num: true }], ['Theme'], ['Marks']], rows, {
      testid: 'report-cards',
      empty: 'No cards reached the board.',
    }),
  );
}

function renderBoards(report) {
  const boards = report.boards ?? [];
  setChildren(ui.boards, boards.length ? boards.map((board) => renderBoard(report, board)) : el('p', { class: 'muted', 'data-testid': 'report-boards-empty' }, 'No card boards were run.'));
}

/** A fishbowl's talk-time share (0..1, three decimals) as a percentage with one decimal, the way the CSV has it. */
const sharePercent = (share) => Math.round((Number(share) || 0) * 1000) / 10;

/** Fishbowl talk-time entries by time in the inner circle, most first; ties keep the server's order (who sat first). */
function byTalkTime(talk) {
  return (talk ?? [])
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (b.entry.ms ?? 0) - (a.entry.ms ?? 0) || a.index - b.index)
    .map(({ entry }) => entry);
}

function renderFishbowl(report, fishbowl) {
  const headingId = `report-fishbowl-${fishbowl.phase}`;
  const talk = byTalkTime(fishbowl.talk);
  const observations = fishbowl.observations ?? [];
  const surfaced = observations.filter((o) => o.surfaced).length;
  const facts = [
    `${plural(fishbowl.seats ?? 0, 'seat', 'seats')}${fishbowl.emptyChair ? ' and the empty chair' : ''}`,
    `${plural(talk.length, 'person', 'people')} in the inner circle`,
    plural(observations.length, 'observation', 'observations'),
    surfaced ? `${surfaced} shown to the room` : null,
  ].filter(Boolean);
  const rows = talk.map((t) => {
    const percent = sharePercent(t.share);
    const fill = el('span', { class: 'bar-fill' });
    // CSSOM, not a style attribute: the page's CSP (style-src 'self') allows the one and blocks the other.
    fill.style.setProperty('--share', `${percent}%`);
    return el(
      'tr',
      { 'data-testid': 'report-talk', 'data-ms': t.ms ?? 0 },
      el('th', { scope: 'row', class: 'report-row-head' }, el('bdi', { 'data-testid': 'report-talk-name' }, t.name ?? '—')),
      num(elapsedText(t.ms), { 'data-testid': 'report-talk-time' }),
      num(String(t.turns ?? 0), { 'data-testid': 'report-talk-turns' }),
      num([el('span', { 'data-testid': 'report-talk-share' }, percentText(percent)), el('span', { class: 'bar', 'aria-hidden': 'true' }, fill)], { class: 'num report-share' }),
    );
  });
  const items = observations.map((o) =>
    el(
      'li',
      { class: 'observation', 'data-testid': 'report-observation', 'data-surfaced': String(Boolean(o.surfaced)) },
      o.surfaced && el('span', { class: 'card-flags' }, el('span', { class: 'flag flag-group' }, 'Shown to the room')),
      el('p', { class: 'observation-note', 'data-testid': 'report-observation-text', dir: 'auto' }, o.text),
      o.name && el('p', { class: 'muted' }, '— ', el('bdi', { 'data-testid': 'report-observation-name' }, o.name)),
    ),
  );
  return el(
    'section',
    { class: 'report-item', 'data-testid': 'report-fishbowl', 'data-phase': fishbowl.phase, 'aria-labelledby': headingId },
    el('p', { class: 'eyebrow' }, phaseText(report, fishbowl.phase)),
    el('h3', { id: headingId, class: 'panel-question', 'data-testid': 'report-fishbowl-title', dir: 'auto' }, fishbowl.title),
    fishbowl.topic && el('p', { class: 'observation-note', 'data-testid': 'report-fishbowl-topic', dir: 'auto' }, fishbowl.topic),
    el('p', { class: 'muted', 'data-testid': 'report-fishbowl-facts' }, facts.join(' · ')),
    el('h4', { class: 'subhead' }, 'Time in the inner circle'),
    table(`Time in the inner circle for “${fishbowl.title}”, most first`, [['Name'], ['Time', { num: true }], ['Turns', { num: true }], ['Share', { num: true }]], rows, {
      testid: 'report-talk-table',
      empty: 'Nobody sat in the inner circle.',
    }),
    el('h4', { class: 'subhead' }, 'Observations from the outer circle'),
    items.length
      ? el('ul', { class: 'observations', 'data-testid': 'report-observations' }, items)
      : el('p', { class: 'muted', 'data-testid': 'report-observations-empty' }, 'No observations were written.'),
  );
}

function renderFishbowls(report) {
  const fishbowls = report.fishbowls ?? [];
  setChildren(
    ui.fishbowls,
    fishbowls.length ? fishbowls.map((fishbowl) => renderFishbowl(report, fishbowl)) : el('p', { class: 'muted', 'data-testid': 'report-fishbowls-empty' }, 'No fishbowls were run.'),
  );
}

// What a participation row counts, by activity: a poll is named by its question, the others by what people took part in.
const PARTICIPATION_WORDS = { cards: 'Card board', roleplay: 'Role-play rooms', fishbowl: 'Fishbowl: the inner circle' };

function renderParticipation(report) {
  const polls = new Map((report.polls ?? []).map((p) => [p.pollId, p]));
  // In agenda order (the server lists polls first, then boards, role-plays and fishbowls); items of no phase last.
  const at = (entry) => (Number.isInteger(entry.phase) ? entry.phase : Infinity);
  const entries = (report.participation ?? []).map((entry, index) => ({ entry, index })).sort((a, b) => at(a.entry) - at(b.entry) || a.index - b.index);
  const rows = entries.map(({ entry }) => {
    // Cards are counted per card; polls, role-play rooms and fishbowls per person who took part.
    const isCards = entry.activity === 'cards';
    const what = entry.activity === 'poll' ? (polls.get(entry.item)?.question ?? 'Poll') : (PARTICIPATION_WORDS[entry.activity] ?? activityText(entry.activity));
    return el(
      'tr',
      { 'data-testid': 'report-participation-row', 'data-activity': entry.activity },
      el('td', {}, phaseText(report, entry.phase)),
      el('th', { scope: 'row', class: 'report-row-head', dir: 'auto' }, what),
      num(isCards ? plural(entry.cards ?? 0, 'card', 'cards') : plural(entry.people ?? 0, 'person', 'people')),
      num(isCards ? `${entry.cardsPerPerson ?? 0} per person` : percentText(entry.percent)),
    );
  });
  setChildren(
    ui.participation,
    table('Participation by phase', [['Phase'], ['Activity'], ['Took part', { num: true }], ['Share', { num: true }]], rows, {
      testid: 'report-participation-table',
      empty: 'No polls, card boards, role-plays or fishbowls were run, so there is no participation to count.',
    }),
  );
}

function render(report) {
  renderHead(report);
  renderAgenda(report);
  renderAttendance(report);
  renderPolls(report);
  renderBoards(report);
  renderFishbowls(report);
  renderParticipation(report);
}

// --- fetching ---

function reportUrl(code, format) {
  const base = `/api/sessions/${encodeURIComponent(code)}/report`;
  return format === 'csv' ? `${base}?format=csv` : base;
}

/** Why a report request failed, in words, for an HTTP status. */
function statusText(status, code) {
  if (status === 401 || status === 403) return `This browser's facilitator key does not open session ${code}. Open the report from the console that runs it.`;
  if (status === 404) return `There is no session ${code} on this server any more.`;
  return `The server could not make the report (HTTP ${status}). Please try again.`;
}

/** GETs the report with the key in the header; throws an Error whose message is meant for people. */
async function fetchReport(stored, format) {
  let response;
  try {
    response = await fetch(reportUrl(stored.code, format), {
      headers: { 'X-Facilitator-Key': stored.facilitatorKey, Accept: format === 'csv' ? 'text/csv' : 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new Error('Could not reach the server. Check the connection and try again.');
  }
  if (!response.ok) throw new Error(statusText(response.status, stored.code));
  return response;
}

function showError(text) {
  setText(ui.error, text);
  show(ui.error, Boolean(text));
}

async function load(stored) {
  show(ui.retryRow, false);
  showError('');
  setText(ui.message, `Loading the report for session ${stored.code}…`);
  show(ui.message, true);
  try {
    const response = await fetchReport(stored, 'json');
    const report = await response.json();
    render(report);
    show(ui.message, false);
    show(ui.report, true);
  } catch (error) {
    console.error('huddle: cannot load the report', error);
    show(ui.message, false);
    showError(error.message);
    show(ui.retryRow, true);
  }
}

/** Saves `blob` as `name` through a temporary <a download>; the object URL is revoked once the browser has it. */
function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

async function download(stored, format, button) {
  const name = `huddle-report-${stored.code.replace(/[^A-Za-z0-9]/g, '')}.${format}`;
  button.disabled = true;
  setText(ui.downloadStatus, 'Preparing…');
  try {
    const response = await fetchReport(stored, format);
    const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json';
    saveBlob(new Blob([await response.arrayBuffer()], { type }), name);
    setText(ui.downloadStatus, `Saved ${name}`);
  } catch (error) {
    setText(ui.downloadStatus, error.message);
  } finally {
    button.disabled = false;
  }
}

// --- start ---

const stored = loadFacilitatorKey();
if (!stored) {
  setText(ui.message, 'No session runs in this browser. Open the report from the facilitator console of the session you ran.');
} else {
  document.title = `${stored.code} · Report · Huddle`;
  ui.retry.addEventListener('click', () => load(stored));
  ui.downloadJson.addEventListener('click', () => download(stored, 'json', ui.downloadJson));
  ui.downloadCsv.addEventListener('click', () => download(stored, 'csv', ui.downloadCsv));
  load(stored);
}
