// The cohort's views per role and its report (shapes: protocol/PROGRAMMES.md). What each role may see is
// listed at the top of cohort.hpp; every view is built from scratch here so nothing leaks by reuse.
#include <algorithm>
#include <cmath>

#include "core/iso_utc.hpp"
#include "core/programme/cohort.hpp"
#include "core/programme/programme_limits.hpp"
#include "core/programme/programme_listing.hpp"

namespace huddle::core {
namespace {

using nlohmann::json;

json pool_json(int session, const AnonymousPool& pool) {
  json released = json::array();
  for (const auto& r : pool.released) released.push_back({{"id", r.id}, {"text", r.text}, {"surfaced", r.surfaced}});
  return {{"session", session}, {"released", std::move(released)}, {"waiting", pool.waiting.size()}};
}

json released_texts(const AnonymousPool* pool) {
  json texts = json::array();
  if (pool != nullptr) {
    for (const auto& r : pool->released) texts.push_back(r.text);
  }
  return texts;
}

template <typename Map>
const typename Map::mapped_type* find_in(const Map& map, const typename Map::key_type& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

json poll_json(const Refresher& r) { return {{"question", r.poll_question}, {"options", r.options}}; }

}  // namespace

json Cohort::task_asks(const MicroTask& task) const {
  return {{"text", task.text_prompt.empty() ? json(nullptr) : json(task.text_prompt)},
          {"rating", task.competencies.empty() ? json(nullptr) : json(task.competencies)},
          {"yesNo", task.yes_no_question.empty() ? json(nullptr) : json(task.yes_no_question)}};
}

json Cohort::ratings_json() const {
  std::vector<std::string> competencies;
  for (const auto& s : programme_->sessions) {
    if (!s.task) continue;
    for (const auto& c : s.task->competencies) {
      if (std::find(competencies.begin(), competencies.end(), c) == competencies.end()) competencies.push_back(c);
    }
  }
  json out = json::array();
  for (const auto& c : competencies) {
    json points = json::array();
    for (int n = 1; n <= static_cast<int>(programme_->sessions.size()); ++n) {
      const auto* s = session_at(n);
      if (!s->task || std::find(s->task->competencies.begin(), s->task->competencies.end(), c) == s->task->competencies.end()) continue;
      long sum = 0;
      std::size_t count = 0;
      for (const auto& [key, answer] : answers_) {
        if (key.second != n) continue;
        if (auto it = answer.ratings.find(c); it != answer.ratings.end()) {
          sum += it->second;
          ++count;
        }
      }
      if (count < rating_mean_min_raters) continue;  // a mean of so few is someone's own rating
      const double mean = std::round(100.0 * static_cast<double>(sum) / static_cast<double>(count)) / 100.0;
      points.push_back({{"session", n}, {"mean", mean}, {"count", count}});
    }
    out.push_back({{"competency", c}, {"points", std::move(points)}});
  }
  return out;
}

json Cohort::facilitator_view(Millis now) const {
  const int session_count = static_cast<int>(programme_->sessions.size());
  const int pods_session = current_pods_session();
  const auto active = active_members();

  json members = json::array();
  for (const auto* m : active) {
    json attended = json::array();
    json tasks = json::object();
    for (int n = 1; n <= session_count; ++n) {
      if (auto* run = find_in(runs_, n); run && run->attended.contains(m->id)) attended.push_back(n);
      if (session_at(n)->task) tasks[std::to_string(n)] = task_status(m->id, n, now);
    }
    members.push_back({{"id", m->id},
                       {"name", m->name},
                       {"pod", pod_of(m->id, pods_session)},
                       {"attended", std::move(attended)},
                       {"tasks", std::move(tasks)},
                       {"manager", manager_of(m->id) != nullptr}});
  }

  json sessions = json::array();
  json reflections = json::array();
  json named = json::array();
  json cards = json::array();
  json checkins = json::array();
  for (int n = 1; n <= session_count; ++n) {
    const auto& s = *session_at(n);
    const auto* run = find_in(runs_, n);
    json codes = json::object();
    if (run != nullptr) {
      for (const auto& [pod, code] : run->codes) codes[std::to_string(pod)] = code;
    }
    json task = nullptr;
    if (s.task) {
      std::size_t done = 0;
      for (const auto* m : active) done += answers_.contains({m->id, n}) ? 1 : 0;
      task = {{"title", s.task->title}, {"text", s.task->text}, {"dueAt", iso_utc(task_due_at(n))},
              {"done", done}, {"of", active.size()}, {"asks", task_asks(*s.task)}};
      if (!s.task->text_prompt.empty()) {
        if (programme_->anonymous_reflections) {
          const auto* pool = find_in(reflections_, n);
          reflections.push_back(pool_json(n, pool ? *pool : AnonymousPool{}));
        } else {
          for (const auto* m : active) {
            const auto* a = find_in(answers_, {m->id, n});
            if (a != nullptr && !a->text.empty()) named.push_back({{"session", n}, {"member", m->id}, {"name", m->name}, {"text", a->text}});
          }
        }
      }
    }
    json refresher = nullptr;
    if (s.refresher) {
      const auto& r = *s.refresher;
      std::size_t answered = 0;
      for (const auto& entry : refreshed_) answered += entry.second == n ? 1 : 0;
      json poll = nullptr;
      if (r.is_poll()) {
        std::vector<int> counts(r.options.size(), 0);
        if (const auto* votes = find_in(refresher_votes_, n)) {
          for (std::size_t i = 0; i < counts.size() && i < votes->size(); ++i) counts[i] = (*votes)[i];
        }
        poll = poll_json(r);
        poll["counts"] = counts;
      } else {
        const auto* pool = find_in(refresher_cards_, n);
        cards.push_back(pool_json(n, pool ? *pool : AnonymousPool{}));
      }
      refresher = {{"opensAt", iso_utc(refresher_opens_at(n))},
                   {"poll", std::move(poll)},
                   {"card", r.is_poll() ? json(nullptr) : json(r.card_prompt)},
                   {"answered", answered}};
    }
    sessions.push_back({{"session", n},
                        {"title", s.title},
                        {"scenario", s.scenario},
                        {"mode", s.pod ? "pod" : "facilitated"},
                        {"plannedAt", iso_utc(planned_at(n))},
                        {"durationMinutes", s.duration_minutes},
                        {"state", state_of(n, now)},
                        {"codes", std::move(codes)},
                        {"attended", run ? run->attended.size() : 0},
                        {"task", std::move(task)},
                        {"refresher", std::move(refresher)}});
    std::size_t done = 0;
    const std::size_t of = checkins_of(n, &done);
    checkins.push_back({{"session", n}, {"done", done}, {"of", of}});
  }

  return {{"id", id_},
          {"title", title_},
          {"programme", programme_listing(*programme_)},
          {"startsAt", iso_utc(starts_at_)},
          {"enrolCode", enrol_code_},
          {"ended", ended_at_ != 0},
          {"webhook", webhook_url_.empty() ? json(nullptr) : json{{"url", webhook_url_}}},
          {"members", std::move(members)},
          {"sessions", std::move(sessions)},
          {"ratings", ratings_json()},
          {"reflections", std::move(reflections)},
          {"namedReflections", std::move(named)},
          {"refresherCards", std::move(cards)},
          {"checkins", std::move(checkins)}};
}

json Cohort::member_view(const std::string& member_id, Millis now) const {
  const auto* me = member(member_id);
  if (me == nullptr || me->removed) return nullptr;
  const int session_count = static_cast<int>(programme_->sessions.size());
  const int pods_session = current_pods_session();
  const int my_pod = pod_of(member_id, pods_session);

  json names = json::array();
  std::vector<std::string> sorted;
  for (const auto* m : active_members()) sorted.push_back(m->name);
  std::sort(sorted.begin(), sorted.end());
  for (auto& name : sorted) names.push_back(std::move(name));

  json pod = nullptr;
  if (my_pod != 0) {
    json peers = json::array();
    for (const auto& [id, number] : runs_.at(pods_session).pods) {
      const auto* peer = member(id);
      if (number == my_pod && id != member_id && peer != nullptr && !peer->removed) peers.push_back(peer->name);
    }
    pod = {{"number", my_pod}, {"peers", std::move(peers)}};
  }

  json schedule = json::array();
  json due = json::array();
  json tasks = json::array();
  json refreshers = json::array();
  json surfaced = json::array();
  const auto* manager = manager_of(member_id);
  for (int n = 1; n <= session_count; ++n) {
    const auto& s = *session_at(n);
    const auto* run = find_in(runs_, n);
    const std::string state = state_of(n, now);
    json code = nullptr;
    if (state == "live" && run != nullptr) {
      const int pod_number = s.pod ? pod_of(member_id, n) : 0;
      if (auto it = run->codes.find(pod_number); it != run->codes.end() && (!s.pod || pod_number != 0)) code = it->second;
    }
    schedule.push_back({{"session", n},
                        {"title", s.title},
                        {"mode", s.pod ? "pod" : "facilitated"},
                        {"plannedAt", iso_utc(planned_at(n))},
                        {"durationMinutes", s.duration_minutes},
                        {"state", state},
                        {"code", std::move(code)},
                        {"attended", run != nullptr && run->attended.contains(member_id)}});
    if (s.task) {
      const auto& t = *s.task;
      const auto* a = find_in(answers_, {member_id, n});
      const bool anonymous = programme_->anonymous_reflections && !t.text_prompt.empty();
      if (a == nullptr && ended_at_ == 0 && task_open(n, now)) {
        due.push_back({{"kind", "task"}, {"session", n}, {"title", t.title}, {"text", t.text}, {"asks", task_asks(t)},
                       {"anonymous", anonymous}, {"dueAt", iso_utc(task_due_at(n))}, {"overdue", now > task_due_at(n)}});
      }
      json answer = nullptr;
      if (a != nullptr) {
        answer = {{"yesNo", a->yes_no ? json(*a->yes_no) : json(nullptr)},
                  {"ratings", a->ratings},
                  {"text", a->text.empty() ? json(nullptr) : json(a->text)},
                  {"wroteReflection", a->wrote_reflection},
                  {"share", {{"yesNo", a->share_yes_no}, {"ratings", a->share_ratings}, {"text", a->share_text}}}};
      }
      json checkin = nullptr;
      if (const auto* c = find_in(checkins_, {member_id, n})) {
        json labels = json::array();
        for (int i : c->ticked) labels.push_back(programme_->manager_checklist.at(static_cast<std::size_t>(i)));
        checkin = {{"ticked", std::move(labels)}, {"note", c->note}, {"at", iso_utc(c->at)}};
      }
      tasks.push_back({{"session", n}, {"title", t.title}, {"text", t.text}, {"dueAt", iso_utc(task_due_at(n))},
                       {"asks", task_asks(t)}, {"anonymous", anonymous}, {"answer", std::move(answer)},
                       {"checkin", std::move(checkin)}});
    }
    if (s.refresher) {
      const auto& r = *s.refresher;
      const bool answered = refreshed_.contains({member_id, n});
      json poll = r.is_poll() ? poll_json(r) : json(nullptr);
      json card = r.is_poll() ? json(nullptr) : json(r.card_prompt);
      // Due once open, until answered or the next session starts (a refresher is for the gap between two).
      const bool next_begun = n < session_count && task_open(n + 1, now);
      if (!answered && ended_at_ == 0 && now >= refresher_opens_at(n) && !next_begun) {
        due.push_back({{"kind", "refresher"}, {"session", n}, {"opensAt", iso_utc(refresher_opens_at(n))}, {"poll", poll}, {"card", card}});
      }
      refreshers.push_back({{"session", n}, {"opensAt", iso_utc(refresher_opens_at(n))}, {"poll", std::move(poll)},
                            {"card", std::move(card)}, {"answered", answered}});
    }
    for (const auto* pools : {&reflections_, &refresher_cards_}) {
      if (const auto* pool = find_in(*pools, n)) {
        for (const auto& r : pool->released) {
          if (r.surfaced) surfaced.push_back({{"session", n}, {"text", r.text}});
        }
      }
    }
  }

  return {{"cohort", {{"id", id_}, {"title", title_}, {"programme", {{"id", programme_->id}, {"title", programme_->title}}},
                      {"startsAt", iso_utc(starts_at_)}, {"ended", ended_at_ != 0}}},
          {"me", {{"name", me->name}, {"pod", my_pod}}},
          {"names", std::move(names)},
          {"pod", std::move(pod)},
          {"schedule", std::move(schedule)},
          {"due", std::move(due)},
          {"tasks", std::move(tasks)},
          {"refreshers", std::move(refreshers)},
          {"manager", manager == nullptr ? json(nullptr) : json{{"name", manager->name}}},
          {"surfaced", std::move(surfaced)},
          // Only the feed token's hash is kept here: the HTTP layer, which can derive the token, fills this in.
          {"calendar", nullptr}};
}

json Cohort::manager_view(const std::string& manager_token_hash, Millis now) const {
  const auto* manager = manager_by_token(manager_token_hash);
  if (manager == nullptr) return nullptr;
  const auto* m = member(manager->member_id);
  const int session_count = static_cast<int>(programme_->sessions.size());
  json schedule = json::array();
  json weeks = json::array();
  int current = 1;
  for (int n = 1; n <= session_count; ++n) {
    const auto& s = *session_at(n);
    if (task_open(n, now)) current = n;
    schedule.push_back({{"session", n}, {"title", s.title}, {"plannedAt", iso_utc(planned_at(n))}, {"state", state_of(n, now)}});
    json task = nullptr;
    json shared = nullptr;
    if (s.task) {
      task = {{"title", s.task->title}, {"text", s.task->text}, {"dueAt", iso_utc(task_due_at(n))}};
      const auto* a = find_in(answers_, {m->id, n});
      shared = {{"done", a != nullptr}};
      if (a != nullptr) {
        if (a->share_yes_no && a->yes_no) shared["yesNo"] = *a->yes_no;
        if (a->share_ratings && !a->ratings.empty()) shared["ratings"] = a->ratings;
        // Only a named reflection is ever shared: an anonymous one is not even in `a`.
        if (a->share_text && !programme_->anonymous_reflections && !a->text.empty()) shared["text"] = a->text;
      }
    }
    json checkin = nullptr;
    if (const auto* c = find_in(checkins_, {m->id, n})) checkin = {{"ticked", c->ticked}, {"note", c->note}, {"at", iso_utc(c->at)}};
    weeks.push_back({{"session", n}, {"task", std::move(task)}, {"shared", std::move(shared)}, {"checkin", std::move(checkin)}});
  }
  return {{"member", {{"name", m->name}}},
          {"cohort", {{"title", title_}, {"programme", {{"title", programme_->title}}}}},
          {"checklist", programme_->manager_checklist},
          {"schedule", std::move(schedule)},
          {"weeks", std::move(weeks)},
          {"current", current}};
}

json Cohort::report(Millis now) const {
  const int session_count = static_cast<int>(programme_->sessions.size());
  const auto active = active_members();
  json attendance = json::array();
  json tasks = json::array();
  json checkins = json::array();
  json reflections = json::array();
  json cards = json::array();
  for (int n = 1; n <= session_count; ++n) {
    const auto& s = *session_at(n);
    const auto* run = find_in(runs_, n);
    // Of: everyone active now, and anyone removed since who was there.
    std::size_t attended = run ? run->attended.size() : 0;
    std::size_t of = attended;
    for (const auto* m : active) of += run && run->attended.contains(m->id) ? 0 : 1;
    attendance.push_back({{"session", n}, {"title", s.title}, {"attended", attended}, {"of", of}});
    if (s.task) {
      std::size_t done = 0;
      for (const auto* m : active) done += answers_.contains({m->id, n}) ? 1 : 0;
      tasks.push_back({{"session", n}, {"done", done}, {"of", active.size()}});
      if (!s.task->text_prompt.empty()) {
        json texts = json::array();
        if (programme_->anonymous_reflections) {
          texts = released_texts(find_in(reflections_, n));
        } else {
          for (const auto* m : active) {
            if (const auto* a = find_in(answers_, {m->id, n}); a && !a->text.empty()) texts.push_back(a->text);
          }
        }
        reflections.push_back({{"session", n}, {"texts", std::move(texts)}});
      }
    }
    if (s.refresher && !s.refresher->is_poll()) cards.push_back({{"session", n}, {"texts", released_texts(find_in(refresher_cards_, n))}});
    std::size_t done = 0;
    const std::size_t checkin_of = checkins_of(n, &done);
    checkins.push_back({{"session", n}, {"done", done}, {"of", checkin_of}});
  }
  json people = json::array();
  for (const auto* m : active) {
    json attended = json::array();
    json done = json::array();
    for (int n = 1; n <= session_count; ++n) {
      const auto* run = find_in(runs_, n);
      attended.push_back(run != nullptr && run->attended.contains(m->id));
      done.push_back(answers_.contains({m->id, n}));
    }
    people.push_back({{"name", m->name}, {"attended", std::move(attended)}, {"tasks", std::move(done)}});
  }
  return {{"cohort", {{"id", id_}, {"title", title_}, {"programme", {{"id", programme_->id}, {"title", programme_->title}}},
                      {"startsAt", iso_utc(starts_at_)}}},
          {"generatedAt", iso_utc(now)},
          {"members", active.size()},
          {"attendance", std::move(attendance)},
          {"people", std::move(people)},
          {"tasks", std::move(tasks)},
          {"ratings", ratings_json()},
          {"checkins", std::move(checkins)},
          {"reflections", std::move(reflections)},
          {"refresherCards", std::move(cards)}};
}

}  // namespace huddle::core
