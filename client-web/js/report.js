// Session report: fetches GET /api/sessions/{code}/report for the session this browser's console runs and draws it as a
// printable page. The facilitator key (from localStorage, see facilitator-key.js) goes in the X-Facilitator-Key header,
// never in the URL, so no address bar, history, log or Referer ever holds it. The downloads fetch the same way and save
// a Blob through a temporary <a download>.

import './page-language.js';
import { ballotText } from './console-poll.js';
import { byId, el, setChildren, setText, show } from './dom.js';
import { loadFacilitatorKey } from './facilitator-key.js';
import { formatDateTime, formatNumber, formatTime, t } from './i18n.js';
import { ResultsView } from './poll-results.js';
import { saveBlob } from './save-blob.js';
import { activityText, elapsedText, percentText, pollKindText } from './words.js';

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
  breakouts: byId('report-breakouts'),
  fishbowls: byId('report-fishbowls'),
  participation: byId('report-participation'),
};

const STATUS_KEYS = { lobby: 'report.status.lobby', running: 'report.status.running', ended: 'report.status.ended' };

// --- formatting ---

/** A point in time (ms since the epoch, server clock) as a <time> element, or a dash for null. */
function timeEl(ms, { withDate = true } = {}) {
  if (!Number.isFinite(ms) || ms <= 0) return el('span', { class: 'muted' }, '—');
  const date = new Date(ms);
  return el('time', { datetime: date.toISOString(), class: 'report-time' }, withDate ? formatDateTime(date) : formatTime(date));
}

/** Seconds as people say them: "45 s", "3 min", "4 min 10 s", "1 h 5 min". */
function durationText(seconds) {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('report.duration.s', { s });
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h) return m ? t('report.duration.hm', { h, m }) : t('report.duration.h', { h });
  return rest ? t('report.duration.ms', { m, s: rest }) : t('report.duration.m', { m });
}

/** "Phase 2 · Check-in" for a phase index, or "—" when the item belongs to no phase. */
function phaseText(report, index) {
  if (!Number.isInteger(index)) return '—';
  const title = report.agenda?.[index]?.title;
  return title ? t('report.phaseTitled', { n: index + 1, title }) : t('report.phaseNumber', { n: index + 1 });
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
  document.title = t('report.documentTitle', { code: report.code, title: report.title });
  setText(ui.title, report.title);
  setText(ui.code, report.code);
  setText(ui.status, STATUS_KEYS[report.status] ? t(STATUS_KEYS[report.status]) : report.status);
  ui.status.dataset.status = report.status;
  setChildren(ui.created, timeEl(report.createdAt));
  setChildren(ui.ended, report.endedAt ? timeEl(report.endedAt) : el('span', { class: 'muted' }, t('report.notEnded')));
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
      num(formatNumber(phase.index + 1)),
      el('th', { scope: 'row', class: 'report-row-head', dir: 'auto' }, phase.title),
      el('td', {}, activityText(phase.activity)),
      num(planned === null ? t('report.agenda.untimed') : durationText(planned)),
      num(visits.length ? durationText(actual) : t('report.agenda.notRun'), { 'data-testid': 'report-agenda-actual', class: `num${over ? ' report-over' : ''}` }),
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
    table(
      t('report.agenda.caption'),
      [['#', { num: true }], [t('report.agenda.phase')], [t('report.agenda.activity')], [t('report.agenda.planned'), { num: true }], [t('report.agenda.actual'), { num: true }], [t('report.agenda.startedAt')]],
      rows,
      { testid: 'report-agenda-table', empty: t('report.agenda.empty') },
    ),
  );
}

function renderAttendance(report) {
  const attendance = report.attendance ?? {};
  const people = attendance.participants ?? [];
  // The server does not mark people as left when the session ends: whoever was still in stayed to the end.
  const ended = report.status === 'ended';
  const stayed = ended ? t('report.attendance.stayed') : t('report.attendance.stillIn');
  const joined = t('report.attendance.joined', { count: attendance.joined ?? people.length });
  const stillIn = t(ended ? 'report.attendance.countStayed' : 'report.attendance.countStillIn', { count: attendance.stillIn ?? 0 });
  setText(ui.attendanceCounts, `${joined} · ${stillIn}`);
  const rows = people.map((p) =>
    el(
      'tr',
      { 'data-testid': 'report-attendee' },
      el('th', { scope: 'row', class: 'report-row-head' }, el('bdi', { 'data-testid': 'report-attendee-name' }, p.name)),
      el('td', {}, timeEl(p.joinedAt, { withDate: false })),
      el('td', {}, p.removed ? t('report.attendance.removed') : p.leftAt ? timeEl(p.leftAt, { withDate: false }) : el('span', { class: 'muted' }, stayed)),
    ),
  );
  setChildren(ui.attendance, table(t('report.attendance.caption'), [[t('report.name')], [t('report.attendance.joinedAt')], [t('report.attendance.left')]], rows, {
      testid: 'report-attendance-table',
      empty: t('report.attendance.empty'),
    }));
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
    poll.quick ? t('report.poll.quick') : null,
    poll.anonymous ? t('report.poll.anonymous') : t('report.poll.named'),
    poll.status === 'open' ? t('report.poll.open') : t('report.poll.closed'),
    Number.isFinite(poll.participation) ? t('report.poll.participation', { percent: percentText(poll.participation) }) : null,
  ].filter(Boolean);
  const named = !poll.anonymous && Array.isArray(poll.answers);
  return el(
    'section',
    { class: 'report-item', 'data-testid': 'report-poll', 'data-poll-id': poll.pollId, 'aria-labelledby': headingId },
    el('p', { class: 'eyebrow' }, phaseText(report, poll.phase)),
    el('h3', { id: headingId, class: 'panel-question', 'data-testid': 'report-poll-question', dir: 'auto' }, poll.question),
    el('p', { class: 'vote-count', 'data-testid': 'report-poll-votes', 'data-count': poll.voterCount ?? 0 }, t('report.votes', { count: poll.voterCount ?? 0 })),
    el('p', { class: 'muted', 'data-testid': 'report-poll-facts' }, facts.join(' · ')),
    results,
    named &&
      el(
        'div',
        { class: 'answers' },
        el('h4', { class: 'subhead' }, t('report.poll.whoAnswered')),
        table(
          t('report.poll.answersCaption', { question: poll.question }),
          [[t('report.name')], [t('report.poll.answer')]],
          poll.answers.map((a) =>
            el('tr', { 'data-testid': 'report-answer' }, el('th', { scope: 'row', class: 'report-row-head' }, el('bdi', {}, a.name)), el('td', { dir: 'auto' }, ballotText(poll, a.ballot))),
          ),
          { testid: 'report-answers', empty: t('report.poll.noAnswers') },
        ),
      ),
  );
}

function renderPolls(report) {
  const polls = report.polls ?? [];
  setChildren(ui.polls, polls.length ? polls.map((poll) => renderPoll(report, poll)) : el('p', { class: 'muted', 'data-testid': 'report-polls-empty' }, t('report.polls.empty')));
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
    t('report.board.cards', { count: cards.length }),
    t('report.board.meToo', { count: board.meTooVotes ?? 0 }),
    t('report.board.heldBack', { count: board.heldBack ?? 0 }),
    queued ? t('report.board.queued', { count: queued }) : null,
    hidden ? t('report.board.hidden', { count: hidden }) : null,
  ].filter(Boolean);
  const rows = cards.map((card) => {
    const marks = [
      card.pinned && el('span', { class: 'flag flag-pinned' }, t('report.board.pinned')),
      card.addressed && el('span', { class: 'flag flag-addressed' }, t('report.board.addressed')),
    ].filter(Boolean);
    const merged = card.merged ?? [];
    return el(
      'tr',
      { 'data-testid': 'report-card', 'data-card-id': card.id },
      el(
        'td',
        {},
        el('p', { class: 'card-text', 'data-testid': 'card-text', dir: 'auto' }, card.text),
        merged.length > 0 &&
          el('ul', { class: 'merged', 'aria-label': t('report.board.merged') }, merged.map((m) => el('li', { dir: 'auto' }, m.text))),
      ),
      num(formatNumber(card.votes ?? 0), { 'data-testid': 'report-card-votes' }),
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
    table(
      t('report.board.caption', { prompt: board.prompt || board.title }),
      [[t('report.board.card')], [t('report.board.meTooColumn'), { num: true }], [t('report.board.theme')], [t('report.board.marks')]],
      rows,
      { testid: 'report-cards', empty: t('report.board.empty') },
    ),
  );
}

function renderBoards(report) {
  const boards = report.boards ?? [];
  setChildren(ui.boards, boards.length ? boards.map((board) => renderBoard(report, board)) : el('p', { class: 'muted', 'data-testid': 'report-boards-empty' }, t('report.boards.empty')));
}

/**
 * A role-play: how many rooms were formed, how many people were placed in them, how many of its rounds were played, the
 * observers' checklists rolled up over every room and round (each item with how often it was ticked), and every saved
 * checklist with its room, round, observer and note. Roles show by the scenario's name for them (by id in reports made
 * before the report listed the roles).
 */
function renderBreakout(report, breakout) {
  const headingId = `report-breakout-${breakout.phase}`;
  const summary = breakout.checklistSummary ?? [];
  const roleNames = new Map((breakout.roles ?? []).map((role) => [role.id, role.name]));
  const observations = breakout.observations ?? [];
  // With one observer role, every saved checklist is one of its checklists: a tick count has a share to go with it.
  const checklistRoles = new Set(summary.map((item) => item.role));
  const shareOf = checklistRoles.size === 1 && observations.length > 0 ? observations.length : 0;
  const fact = (testid, label, value) => el('div', {}, el('dt', {}, label), el('dd', { class: 'report-number', 'data-testid': testid }, value));
  const summaryRows = summary.map((item, index) =>
    el(
      'tr',
      { 'data-testid': 'report-checklist-row', 'data-role': item.role, 'data-ticked': item.ticked ?? 0 },
      el('td', { class: 'report-role', 'data-testid': 'report-checklist-role' }, index > 0 && summary[index - 1].role === item.role ? '' : el('bdi', {}, roleNames.get(item.role) ?? item.role)),
      el('th', { scope: 'row', class: 'report-row-head', dir: 'auto', 'data-testid': 'report-checklist-item' }, item.item),
      num(formatNumber(item.ticked ?? 0), { 'data-testid': 'report-checklist-ticked' }),
      shareOf > 0 && num(percentText(Math.round((1000 * (item.ticked ?? 0)) / shareOf) / 10)),
    ),
  );
  const observationRows = observations.map((o) =>
    el(
      'tr',
      { 'data-testid': 'report-breakout-observation' },
      num(formatNumber(o.room ?? 0), { 'data-testid': 'report-observation-room' }),
      num(formatNumber(o.round ?? 0), { 'data-testid': 'report-observation-round' }),
      el('th', { scope: 'row', class: 'report-row-head' }, el('bdi', { 'data-testid': 'report-observation-observer' }, o.observer ?? '—')),
      el(
        'td',
        {},
        (o.ticked ?? []).length
          ? el('ul', { class: 'observation-ticked', 'data-testid': 'report-observation-ticked' }, o.ticked.map((item) => el('li', { dir: 'auto' }, item)))
          : el('span', { class: 'muted' }, '—'),
      ),
      el('td', { dir: 'auto', 'data-testid': 'report-observation-note' }, o.note || el('span', { class: 'muted' }, '—')),
    ),
  );
  return el(
    'section',
    { class: 'report-item', 'data-testid': 'report-breakout', 'data-phase': breakout.phase, 'aria-labelledby': headingId },
    el('p', { class: 'eyebrow' }, phaseText(report, breakout.phase)),
    el('h3', { id: headingId, class: 'panel-question', 'data-testid': 'report-breakout-title', dir: 'auto' }, breakout.title),
    el(
      'dl',
      { class: 'report-facts report-breakout-facts', 'data-testid': 'report-breakout-facts' },
      fact('report-breakout-rooms', t('report.breakout.rooms'), formatNumber(breakout.rooms ?? 0)),
      fact('report-breakout-people', t('report.breakout.people'), formatNumber(breakout.people ?? 0)),
      fact('report-breakout-rounds', t('report.breakout.rounds'), t('report.breakout.roundsOf', { played: breakout.roundsPlayed ?? 0, rounds: breakout.rounds ?? 0 })),
      fact('report-breakout-checklists', t('report.breakout.checklists'), formatNumber(observations.length)),
    ),
    el('h4', { class: 'subhead' }, t('report.breakout.summaryHeading')),
    table(
      t('report.breakout.summaryCaption', { title: breakout.title }),
      [[t('report.breakout.role')], [t('report.breakout.item')], [t('report.breakout.ticked'), { num: true }], shareOf > 0 && [t('report.breakout.ofChecklists'), { num: true }]].filter(Boolean),
      summaryRows,
      { testid: 'report-checklist', empty: t('report.breakout.summaryEmpty') },
    ),
    el('h4', { class: 'subhead' }, t('report.breakout.observationsHeading')),
    table(
      t('report.breakout.observationsCaption', { title: breakout.title }),
      [[t('report.breakout.room'), { num: true }], [t('report.breakout.round'), { num: true }], [t('report.breakout.observer')], [t('report.breakout.tickedItems')], [t('report.breakout.note')]],
      observationRows,
      { testid: 'report-breakout-observations', empty: t('report.breakout.observationsEmpty') },
    ),
  );
}

function renderBreakouts(report) {
  const breakouts = report.breakouts ?? [];
  setChildren(
    ui.breakouts,
    breakouts.length ? breakouts.map((breakout) => renderBreakout(report, breakout)) : el('p', { class: 'muted', 'data-testid': 'report-breakouts-empty' }, t('report.breakouts.empty')),
  );
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
    t(fishbowl.emptyChair ? 'report.fishbowl.seatsAndChair' : 'report.fishbowl.seats', { count: fishbowl.seats ?? 0 }),
    t('report.fishbowl.people', { count: talk.length }),
    t('report.fishbowl.observations', { count: observations.length }),
    surfaced ? t('report.fishbowl.surfaced', { count: surfaced }) : null,
  ].filter(Boolean);
  const rows = talk.map((entry) => {
    const percent = sharePercent(entry.share);
    const fill = el('span', { class: 'bar-fill' });
    // CSSOM, not a style attribute: the page's CSP (style-src 'self') allows the one and blocks the other.
    fill.style.setProperty('--share', `${percent}%`);
    return el(
      'tr',
      { 'data-testid': 'report-talk', 'data-ms': entry.ms ?? 0 },
      el('th', { scope: 'row', class: 'report-row-head' }, el('bdi', { 'data-testid': 'report-talk-name' }, entry.name ?? '—')),
      num(elapsedText(entry.ms), { 'data-testid': 'report-talk-time' }),
      num(formatNumber(entry.turns ?? 0), { 'data-testid': 'report-talk-turns' }),
      num([el('span', { 'data-testid': 'report-talk-share' }, percentText(percent)), el('span', { class: 'bar', 'aria-hidden': 'true' }, fill)], { class: 'num report-share' }),
    );
  });
  const items = observations.map((o) =>
    el(
      'li',
      { class: 'observation', 'data-testid': 'report-observation', 'data-surfaced': String(Boolean(o.surfaced)) },
      o.surfaced && el('span', { class: 'card-flags' }, el('span', { class: 'flag flag-group' }, t('report.fishbowl.shown'))),
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
    el('h4', { class: 'subhead' }, t('report.fishbowl.talkHeading')),
    table(
      t('report.fishbowl.talkCaption', { title: fishbowl.title }),
      [[t('report.name')], [t('report.fishbowl.time'), { num: true }], [t('report.fishbowl.turns'), { num: true }], [t('report.share'), { num: true }]],
      rows,
      { testid: 'report-talk-table', empty: t('report.fishbowl.talkEmpty') },
    ),
    el('h4', { class: 'subhead' }, t('report.fishbowl.observationsHeading')),
    items.length
      ? el('ul', { class: 'observations', 'data-testid': 'report-observations' }, items)
      : el('p', { class: 'muted', 'data-testid': 'report-observations-empty' }, t('report.fishbowl.observationsEmpty')),
  );
}

function renderFishbowls(report) {
  const fishbowls = report.fishbowls ?? [];
  setChildren(
    ui.fishbowls,
    fishbowls.length ? fishbowls.map((fishbowl) => renderFishbowl(report, fishbowl)) : el('p', { class: 'muted', 'data-testid': 'report-fishbowls-empty' }, t('report.fishbowls.empty')),
  );
}

// What a participation row counts, by activity: a poll is named by its question, the others by what people took part in.
const PARTICIPATION_KEYS = { cards: 'report.participation.cards', roleplay: 'report.participation.roleplay', fishbowl: 'report.participation.fishbowl' };

function renderParticipation(report) {
  const polls = new Map((report.polls ?? []).map((p) => [p.pollId, p]));
  // In agenda order (the server lists polls first, then boards, role-plays and fishbowls); items of no phase last.
  const at = (entry) => (Number.isInteger(entry.phase) ? entry.phase : Infinity);
  const entries = (report.participation ?? []).map((entry, index) => ({ entry, index })).sort((a, b) => at(a.entry) - at(b.entry) || a.index - b.index);
  const rows = entries.map(({ entry }) => {
    // Cards are counted per card; polls, role-play rooms and fishbowls per person who took part.
    const isCards = entry.activity === 'cards';
    const what =
      entry.activity === 'poll'
        ? (polls.get(entry.item)?.question ?? activityText('poll'))
        : PARTICIPATION_KEYS[entry.activity]
          ? t(PARTICIPATION_KEYS[entry.activity])
          : activityText(entry.activity);
    return el(
      'tr',
      { 'data-testid': 'report-participation-row', 'data-activity': entry.activity },
      el('td', {}, phaseText(report, entry.phase)),
      el('th', { scope: 'row', class: 'report-row-head', dir: 'auto' }, what),
      num(isCards ? t('report.participation.cardCount', { count: entry.cards ?? 0 }) : t('report.participation.people', { count: entry.people ?? 0 })),
      num(isCards ? t('report.participation.perPerson', { n: entry.cardsPerPerson ?? 0 }) : percentText(entry.percent)),
    );
  });
  setChildren(
    ui.participation,
    table(
      t('report.participation.caption'),
      [[t('report.agenda.phase')], [t('report.agenda.activity')], [t('report.participation.tookPart'), { num: true }], [t('report.share'), { num: true }]],
      rows,
      { testid: 'report-participation-table', empty: t('report.participation.empty') },
    ),
  );
}

function render(report) {
  renderHead(report);
  renderAgenda(report);
  renderAttendance(report);
  renderPolls(report);
  renderBoards(report);
  renderBreakouts(report);
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
  if (status === 401 || status === 403) return t('report.error.key', { code });
  if (status === 404) return t('report.error.gone', { code });
  return t('report.error.http', { status: String(status) });
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
    throw new Error(t('report.error.network'));
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
  setText(ui.message, t('report.loadingCode', { code: stored.code }));
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

async function download(stored, format, button) {
  const name = `huddle-report-${stored.code.replace(/[^A-Za-z0-9]/g, '')}.${format}`;
  button.disabled = true;
  setText(ui.downloadStatus, t('report.download.preparing'));
  try {
    const response = await fetchReport(stored, format);
    const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json';
    saveBlob(new Blob([await response.arrayBuffer()], { type }), name);
    setText(ui.downloadStatus, t('report.download.saved', { name }));
  } catch (error) {
    setText(ui.downloadStatus, error.message);
  } finally {
    button.disabled = false;
  }
}

// --- start ---

const stored = loadFacilitatorKey();
if (!stored) {
  setText(ui.message, t('report.noSession'));
} else {
  document.title = t('report.documentTitleCode', { code: stored.code });
  ui.retry.addEventListener('click', () => load(stored));
  ui.downloadJson.addEventListener('click', () => download(stored, 'json', ui.downloadJson));
  ui.downloadCsv.addEventListener('click', () => download(stored, 'csv', ui.downloadCsv));
  load(stored);
}
