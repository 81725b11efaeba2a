// The cohort's rules: enrolment, pods, sessions, answers, managers. Views: cohort_views.cpp; the snapshot:
// cohort_snapshot.cpp.
#include "core/programme/cohort.hpp"

#include <algorithm>

#include "core/cards/card_text.hpp"
#include "core/cards/split_mix64.hpp"
#include "core/display_name.hpp"
#include "core/programme/pod_forming.hpp"
#include "core/programme/programme_limits.hpp"

namespace huddle::core {
namespace {

using protocol::ErrorCode;

constexpr Millis day_ms = 24LL * 60 * 60 * 1000;

Rejection invalid(std::string message) { return {ErrorCode::invalid_field, std::move(message)}; }

std::string session_word(int session) { return "session " + std::to_string(session); }

PodList pod_list(const std::map<std::string, int>& pods) {
  PodList list;
  for (const auto& [member, pod] : pods) {
    if (pod < 1) continue;
    if (list.size() < static_cast<std::size_t>(pod)) list.resize(static_cast<std::size_t>(pod));
    list[static_cast<std::size_t>(pod - 1)].push_back(member);
  }
  std::erase_if(list, [](const auto& pod) { return pod.empty(); });
  return list;
}

std::map<std::string, int> pod_map(const PodList& list) {
  std::map<std::string, int> pods;
  for (std::size_t i = 0; i < list.size(); ++i) {
    for (const auto& id : list[i]) pods[id] = static_cast<int>(i + 1);
  }
  return pods;
}

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
}

}  // namespace

Cohort Cohort::create(std::string id, std::shared_ptr<const Programme> programme, std::string title,
                      std::string key_hash, std::string enrol_code, Millis starts_at, Millis now) {
  Cohort c;
  c.id_ = std::move(id);
  c.title_ = title.empty() ? programme->title : std::move(title);
  c.programme_ = std::move(programme);
  c.key_hash_ = std::move(key_hash);
  c.enrol_code_ = std::move(enrol_code);
  c.starts_at_ = starts_at;
  c.created_at_ = now;
  return c;
}

const ProgrammeSession* Cohort::session_at(int session) const {
  if (session < 1 || static_cast<std::size_t>(session) > programme_->sessions.size()) return nullptr;
  return &programme_->sessions[static_cast<std::size_t>(session - 1)];
}

Millis Cohort::planned_at(int session) const {
  const auto* s = session_at(session);
  return s == nullptr ? 0 : starts_at_ + static_cast<Millis>(s->day) * day_ms;
}

Millis Cohort::task_due_at(int session) const {
  const auto* s = session_at(session);
  return s == nullptr || !s->task ? 0 : planned_at(session) + static_cast<Millis>(s->task->due_days) * day_ms;
}

Millis Cohort::refresher_opens_at(int session) const {
  const auto* s = session_at(session);
  return s == nullptr || !s->refresher ? 0 : planned_at(session) + static_cast<Millis>(s->refresher->day) * day_ms;
}

bool Cohort::started(int session) const {
  auto it = runs_.find(session);
  return it != runs_.end() && !it->second.codes.empty();
}

bool Cohort::task_open(int session, Millis now) const { return started(session) || now >= planned_at(session); }

std::string Cohort::state_of(int session, Millis now) const {
  if (!started(session)) return "planned";
  const Millis at = runs_.at(session).started_at;
  const bool later_started = std::any_of(runs_.upper_bound(session), runs_.end(),
                                         [](const auto& entry) { return !entry.second.codes.empty(); });
  if (ended_at_ != 0 || later_started || now >= at + day_ms) return "done";
  return "live";
}

std::string Cohort::task_status(const std::string& member_id, int session, Millis now) const {
  if (answers_.contains({member_id, session})) return "done";
  if (!task_open(session, now)) return "not-yet";
  return now > task_due_at(session) ? "missing" : "open";
}

std::vector<const CohortMember*> Cohort::active_members() const {
  std::vector<const CohortMember*> out;
  for (const auto& m : members_) {
    if (!m.removed) out.push_back(&m);
  }
  return out;
}

const CohortMember* Cohort::member_by_token(const std::string& token_hash) const {
  if (token_hash.empty()) return nullptr;
  for (const auto& m : members_) {
    if (!m.removed && m.token_hash == token_hash) return &m;
  }
  return nullptr;
}

const CohortMember* Cohort::member_by_feed(const std::string& feed_hash) const {
  if (feed_hash.empty()) return nullptr;
  for (const auto& m : members_) {
    if (!m.removed && m.feed_hash == feed_hash) return &m;
  }
  return nullptr;
}

const CohortManager* Cohort::manager_by_token(const std::string& token_hash) const {
  if (token_hash.empty()) return nullptr;
  for (const auto& m : managers_) {
    if (m.token_hash != token_hash) continue;
    const auto* who = member(m.member_id);
    return who != nullptr && !who->removed ? &m : nullptr;
  }
  return nullptr;
}

const CohortManager* Cohort::manager_of(const std::string& member_id) const {
  for (const auto& m : managers_) {
    if (m.member_id == member_id) return &m;
  }
  return nullptr;
}

const CohortMember* Cohort::member(const std::string& member_id) const {
  for (const auto& m : members_) {
    if (m.id == member_id) return &m;
  }
  return nullptr;
}

std::optional<Cohort::SessionRef> Cohort::session_of(const std::string& code) const {
  if (code.empty()) return std::nullopt;
  for (const auto& [session, run] : runs_) {
    for (const auto& [pod, c] : run.codes) {
      if (c == code) return SessionRef{session, pod};
    }
  }
  return std::nullopt;
}

std::optional<std::string> Cohort::code_of(int session, int pod) const {
  auto it = runs_.find(session);
  if (it == runs_.end()) return std::nullopt;
  auto code = it->second.codes.find(pod);
  if (code == it->second.codes.end()) return std::nullopt;
  return code->second;
}

std::vector<std::string> Cohort::session_codes() const {
  std::vector<std::string> codes;
  for (const auto& [session, run] : runs_) {
    for (const auto& [pod, code] : run.codes) codes.push_back(code);
  }
  return codes;
}

int Cohort::pod_of(const std::string& member_id, int session) const {
  auto it = runs_.find(session);
  if (it == runs_.end()) return 0;
  auto pod = it->second.pods.find(member_id);
  return pod == it->second.pods.end() ? 0 : pod->second;
}

int Cohort::current_pods_session() const {
  int last = 0;
  for (const auto& [session, run] : runs_) {
    if (!run.pods.empty()) last = session;
  }
  return last;
}

std::map<std::string, int> Cohort::planned_pods(int session, std::uint64_t seed) const {
  std::vector<std::string> active;
  for (const auto* m : active_members()) active.push_back(m->id);
  std::sort(active.begin(), active.end());
  auto it = runs_.find(session);
  if (it != runs_.end() && !it->second.pods.empty()) {
    // Formed already (and perhaps running): numbers stay; someone enrolled since joins the smallest pod.
    std::map<std::string, int> pods = it->second.pods;
    PodList list = pod_list(pods);
    for (const auto& id : active) {
      if (pods.contains(id)) continue;
      auto smallest = std::min_element(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
      smallest->push_back(id);
      pods[id] = static_cast<int>(smallest - list.begin()) + 1;
    }
    return pods;
  }
  if (active.empty()) return {};
  SplitMix64 rng(seed);
  int previous = 0;
  std::set<PodPair> earlier;
  for (const auto& [n, run] : runs_) {
    if (n == session || run.pods.empty()) continue;
    if (n < session) previous = n;
    if (programme_->rotate_pods) {
      for (auto& pair : pod_pairs(pod_list(run.pods))) earlier.insert(pair);
    }
  }
  if (programme_->rotate_pods || previous == 0) {
    return pod_map(shuffle_into_pods(active, programme_->pod_size, rng, earlier));
  }
  const auto& before = runs_.at(previous).pods;
  std::vector<std::string> newcomers;
  for (const auto& id : active) {
    if (!before.contains(id)) newcomers.push_back(id);
  }
  shuffle_with(newcomers, rng);
  const std::set<std::string> present(active.begin(), active.end());
  return pod_map(keep_pods(pod_list(before), present, std::move(newcomers), programme_->pod_size));
}

void Cohort::form_pods(int session, std::uint64_t seed) {
  if (session_at(session) == nullptr || ended_at_ != 0) return;
  auto pods = planned_pods(session, seed);
  if (pods.empty() && !runs_.contains(session)) return;
  runs_[session].pods = std::move(pods);
}

std::optional<Rejection> Cohort::enrol(std::string member_id, std::string name, std::string token_hash,
                                       std::string feed_hash, Millis now) {
  if (ended_at_ != 0) return Rejection{ErrorCode::session_ended, "This cohort has ended; nobody can enrol any more."};
  auto cleaned = clean_participant_name(name);
  if (auto* r = std::get_if<Rejection>(&cleaned)) return *r;
  auto clean = std::get<std::string>(std::move(cleaned));
  const auto folded = fold_display_name(clean);
  const auto active = active_members();
  for (const auto* m : active) {
    if (fold_display_name(m->name) == folded) {
      return Rejection{ErrorCode::name_invalid, "Someone in this cohort is already called " + m->name + ". Please add something to tell you apart."};
    }
  }
  if (active.size() >= max_cohort_members) {
    return Rejection{ErrorCode::session_full, "This cohort is full (" + std::to_string(max_cohort_members) + " people)."};
  }
  // Removed members stay for the attendance they have; re-enrolling without end would grow the record.
  if (members_.size() >= 2 * max_cohort_members) {
    return Rejection{ErrorCode::quota_exceeded, "This cohort has had too many enrolments."};
  }
  if (member_id.empty() || member(member_id) != nullptr) return invalid("That member id is taken.");
  if (token_hash.empty() || feed_hash.empty()) return invalid("A member needs a token.");
  for (const auto& m : members_) {
    if (m.token_hash == token_hash || m.feed_hash == feed_hash || m.token_hash == feed_hash || m.feed_hash == token_hash) {
      return invalid("That token is taken.");
    }
  }
  members_.push_back({std::move(member_id), std::move(clean), std::move(token_hash), std::move(feed_hash), now, false});
  return std::nullopt;
}

std::optional<Rejection> Cohort::remove_member(const std::string& member_id, Millis) {
  auto it = std::find_if(members_.begin(), members_.end(), [&](const auto& m) { return m.id == member_id && !m.removed; });
  if (it == members_.end()) return invalid("Nobody with that id is in this cohort.");
  it->removed = true;
  std::erase_if(managers_, [&](const auto& m) { return m.member_id == member_id; });
  return std::nullopt;
}

std::optional<Rejection> Cohort::session_started(int session, int pod, std::string code, std::uint64_t seed, Millis now) {
  const auto* s = session_at(session);
  if (s == nullptr) return invalid("This programme has no " + session_word(session) + ".");
  if (ended_at_ != 0) return Rejection{ErrorCode::session_ended, "This cohort has ended."};
  if (code.empty()) return invalid("A session needs a join code.");
  if (!s->pod && pod != 0) return invalid("Session " + std::to_string(session) + " is run by the whole cohort, not by pods.");
  if (s->pod && pod < 1) return invalid("Session " + std::to_string(session) + " is run by each pod on its own: start it for one pod.");
  if (auto ref = session_of(code); ref && (ref->session != session || ref->pod != pod)) {
    return invalid("That join code already runs another session of this cohort.");
  }
  auto pods = planned_pods(session, seed);
  if (pod > 0 && std::none_of(pods.begin(), pods.end(), [&](const auto& entry) { return entry.second == pod; })) {
    return invalid("Session " + std::to_string(session) + " has no pod " + std::to_string(pod) + ".");
  }
  auto& run = runs_[session];
  run.pods = std::move(pods);
  run.codes[pod] = std::move(code);
  if (run.started_at == 0) run.started_at = now;
  return std::nullopt;
}

void Cohort::attended(int session, const std::string& member_id) {
  const auto* m = member(member_id);
  if (session_at(session) == nullptr || m == nullptr || m->removed || !started(session)) return;
  runs_[session].attended.insert(member_id);
}

std::optional<Rejection> Cohort::answer_task(const std::string& member_id, int session, const TaskInput& input,
                                             std::uint64_t seed, Millis now) {
  const auto* m = member(member_id);
  if (m == nullptr || m->removed) return Rejection{ErrorCode::forbidden, "You are not enrolled in this cohort."};
  if (ended_at_ != 0) return Rejection{ErrorCode::session_ended, "This cohort has ended."};
  const auto* s = session_at(session);
  if (s == nullptr || !s->task) return invalid("There is no task after " + session_word(session) + ".");
  const MicroTask& task = *s->task;
  if (!task_open(session, now)) return invalid("The task after " + session_word(session) + " opens when the session has started.");

  const bool anonymous = programme_->anonymous_reflections;
  auto key = std::make_pair(member_id, session);
  const auto existing = answers_.find(key);
  TaskAnswer answer = existing == answers_.end() ? TaskAnswer{} : existing->second;
  const bool given = input.yes_no.has_value() || !input.ratings.empty() || input.text.has_value();
  if (!given && existing == answers_.end()) return invalid("Nothing to send: answer at least one question.");

  if (input.yes_no) {
    if (task.yes_no_question.empty()) return invalid("This task asks no yes/no question.");
    answer.yes_no = input.yes_no;
  }
  for (const auto& [competency, value] : input.ratings) {
    if (std::find(task.competencies.begin(), task.competencies.end(), competency) == task.competencies.end()) {
      return invalid("This task asks for no rating of \"" + competency + "\".");
    }
    if (value < 1 || value > 5) return invalid("A rating is from 1 to 5.");
    answer.ratings[competency] = value;
  }
  std::optional<std::string> anonymous_text;
  if (input.text) {
    if (task.text_prompt.empty()) return invalid("This task asks for no written reflection.");
    auto cleaned = clean_written_text(*input.text, max_reflection_code_points, "reflection", "Please write your reflection.");
    if (auto* r = std::get_if<Rejection>(&cleaned)) return *r;
    if (anonymous) {
      if (answer.wrote_reflection) return invalid("already sent; anonymous reflections can't be changed");
      anonymous_text = std::get<std::string>(std::move(cleaned));
      answer.wrote_reflection = true;
    } else {
      answer.text = std::get<std::string>(std::move(cleaned));
    }
  }
  if (input.share_yes_no && task.yes_no_question.empty()) return invalid("This task asks no yes/no question to share.");
  if (input.share_ratings && task.competencies.empty()) return invalid("This task asks for no rating to share.");
  if (input.share_text && (anonymous || task.text_prompt.empty())) {
    return invalid(anonymous ? "An anonymous reflection is never shared, not even with your manager."
                             : "This task asks for no written reflection to share.");
  }
  answer.share_yes_no = input.share_yes_no;
  answer.share_ratings = input.share_ratings;
  answer.share_text = input.share_text;
  answer.at = now;

  answers_[key] = std::move(answer);
  if (anonymous_text) reflections_[session].add(std::move(*anonymous_text), seed, reflection_release_writers);
  return std::nullopt;
}

std::optional<Rejection> Cohort::answer_refresher(const std::string& member_id, int session, std::optional<int> option,
                                                  std::optional<std::string> card, std::uint64_t seed, Millis now) {
  const auto* m = member(member_id);
  if (m == nullptr || m->removed) return Rejection{ErrorCode::forbidden, "You are not enrolled in this cohort."};
  if (ended_at_ != 0) return Rejection{ErrorCode::session_ended, "This cohort has ended."};
  const auto* s = session_at(session);
  if (s == nullptr || !s->refresher) return invalid("There is no refresher after " + session_word(session) + ".");
  const Refresher& refresher = *s->refresher;
  if (now < refresher_opens_at(session)) return invalid("This refresher has not opened yet.");
  if (refreshed_.contains({member_id, session})) return invalid("You have already answered this refresher.");
  if (option.has_value() == card.has_value()) return invalid("Send either an option or a card.");
  if (refresher.is_poll()) {
    if (!option) return invalid("This refresher is a poll: choose an option.");
    if (*option < 0 || static_cast<std::size_t>(*option) >= refresher.options.size()) return invalid("There is no such option.");
    auto& counts = refresher_votes_[session];
    counts.resize(refresher.options.size(), 0);
    ++counts[static_cast<std::size_t>(*option)];
  } else {
    if (!card) return invalid("This refresher asks for a card: write one.");
    auto cleaned = clean_written_text(*card, max_refresher_card_code_points, "card", "Please write something on the card.");
    if (auto* r = std::get_if<Rejection>(&cleaned)) return *r;
    refresher_cards_[session].add(std::get<std::string>(std::move(cleaned)), seed, reflection_release_writers);
  }
  refreshed_.insert({member_id, session});
  return std::nullopt;
}

std::optional<Rejection> Cohort::invite_manager(const std::string& member_id, std::string manager_token_hash,
                                                std::string name, Millis now) {
  const auto* m = member(member_id);
  if (m == nullptr || m->removed) return Rejection{ErrorCode::forbidden, "You are not enrolled in this cohort."};
  if (ended_at_ != 0) return Rejection{ErrorCode::session_ended, "This cohort has ended."};
  if (manager_token_hash.empty()) return invalid("A manager needs a token.");
  for (const auto& other : managers_) {
    if (other.token_hash == manager_token_hash) return invalid("That token is taken.");
  }
  std::string clean;
  if (!blank(name)) {
    auto cleaned = clean_display_name(name);
    if (auto* r = std::get_if<Rejection>(&cleaned)) return *r;
    clean = std::get<std::string>(std::move(cleaned));
  }
  revoke_manager(member_id);
  managers_.push_back({std::move(manager_token_hash), member_id, std::move(clean), now});
  return std::nullopt;
}

void Cohort::revoke_manager(const std::string& member_id) {
  std::erase_if(managers_, [&](const auto& m) { return m.member_id == member_id; });
}

std::optional<Rejection> Cohort::check_in(const std::string& manager_token_hash, int session, std::vector<int> ticked,
                                          std::string note, Millis now) {
  const auto* manager = manager_by_token(manager_token_hash);
  if (manager == nullptr) return Rejection{ErrorCode::forbidden, "This manager link no longer works."};
  if (ended_at_ != 0) return Rejection{ErrorCode::session_ended, "This cohort has ended."};
  const auto* s = session_at(session);
  if (s == nullptr) return invalid("This programme has no " + session_word(session) + ".");
  if (!task_open(session, now)) return invalid("The week of " + session_word(session) + " has not begun yet.");
  if (!s->task && !started(session)) return invalid("There is nothing to check on for " + session_word(session) + ".");
  std::sort(ticked.begin(), ticked.end());
  for (std::size_t i = 0; i < ticked.size(); ++i) {
    if (ticked[i] < 0 || static_cast<std::size_t>(ticked[i]) >= programme_->manager_checklist.size()) {
      return invalid("The checklist has no item " + std::to_string(ticked[i]) + ".");
    }
    if (i > 0 && ticked[i] == ticked[i - 1]) return invalid("Each checklist item can be ticked once.");
  }
  std::string clean;
  if (!blank(note)) {
    auto cleaned = clean_written_text(note, max_checkin_note_code_points, "note", "Please write a note.");
    if (auto* r = std::get_if<Rejection>(&cleaned)) return *r;
    clean = std::get<std::string>(std::move(cleaned));
  }
  checkins_[{manager->member_id, session}] = Checkin{std::move(ticked), std::move(clean), now};
  return std::nullopt;
}

std::optional<Rejection> Cohort::surface(const std::string& reflection_id, bool surfaced) {
  for (auto* pools : {&reflections_, &refresher_cards_}) {
    for (auto& [session, pool] : *pools) {
      if (auto* r = pool.find(reflection_id)) {
        r->surfaced = surfaced;
        return std::nullopt;
      }
    }
  }
  return invalid("No released reflection or card has that id.");
}

void Cohort::set_webhook(std::string url, std::string secret) {
  webhook_url_ = std::move(url);
  webhook_secret_ = webhook_url_.empty() ? std::string() : std::move(secret);
}

void Cohort::end(Millis now) {
  if (ended_at_ == 0) ended_at_ = now;
}

std::size_t Cohort::checkins_of(int session, std::size_t* done) const {
  std::size_t of = 0;
  std::size_t checked = 0;
  for (const auto* m : active_members()) {
    const bool has = checkins_.contains({m->id, session});
    if (has || manager_of(m->id) != nullptr) ++of;
    if (has) ++checked;
  }
  if (done != nullptr) *done = checked;
  return of;
}

}  // namespace huddle::core
