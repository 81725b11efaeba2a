#pragma once
// One cohort running a programme: its members (enrolled once, with a personal token), their pods, which of
// the programme's sessions ran under which join code and who attended, the micro-task answers, refresher
// answers, anonymous reflections, managers and their weekly check-ins. Pure: time comes in as a value, tokens
// come in already hashed, randomness comes in as seeds.
//
// Stored as one snapshot (to_json/from_json), rewritten whole on every change, not as an event log: a
// cohort is small (at most max_cohort_members people and 12 sessions), changes are rare (people answering
// between sessions), and a snapshot keeps no order of arrival, so nothing in storage links a member's "I
// did the task" to the anonymous reflection written with it (an append-only log would, by position). The
// waiting reflections are kept sorted by text, the released ones in their shuffled release order.
//
// Roles and what each view shows (the tests check every view against every role):
// - facilitator (the cohort key): everything except who wrote an anonymous reflection or refresher card and
//   who answered which refresher poll option (only counts); self-ratings as means per competency per
//   session, never one member's rating.
// - member (their own token): the cohort's names, their pod, the schedule, what is due, their own answers
//   (not their anonymous reflection's text: nothing links it to them any more), their manager's check-ins,
//   the reflections the facilitator surfaced.
// - manager (a token a member issued): that one member's name, the schedule, each week's task with only the
//   parts that member chose to share, the checklist and the manager's own check-ins. Never an anonymous text.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/millis.hpp"
#include "core/programme/anonymous_pool.hpp"
#include "core/programme/programme.hpp"
#include "core/rejection.hpp"

namespace huddle::core {

struct CohortMember {
  std::string id;          // random, never shown to other members
  std::string name;
  std::string token_hash;  // SHA-256 of the member's personal token (the token is never kept)
  std::string feed_hash;   // SHA-256 of the calendar feed token (read-only: the .ics URL carries it)
  Millis enrolled_at = 0;
  bool removed = false;    // by the facilitator; kept for attendance already counted
};

struct CohortManager {
  std::string token_hash;  // the manager's link token, hashed
  std::string member_id;   // the one member who invited them
  std::string name;        // as the member typed it ("" = not given)
  Millis invited_at = 0;
};

// A member's answer to one session's micro-task. An anonymous reflection is not here (see Cohort).
struct TaskAnswer {
  Millis at = 0;
  std::optional<bool> yes_no;
  std::map<std::string, int> ratings;  // competency -> 1..5
  std::string text;                    // a named reflection ("" when anonymous or not asked)
  bool wrote_reflection = false;       // an anonymous reflection was given (its text is elsewhere, authorless)
  // What the member shares with their manager.
  bool share_yes_no = false;
  bool share_ratings = false;
  bool share_text = false;             // only ever true for a named reflection
};

struct Checkin {
  std::vector<int> ticked;  // indices into the programme's manager checklist
  std::string note;
  Millis at = 0;
};

// What a member sends for a micro-task (PUT /api/me/tasks/{session}).
struct TaskInput {
  std::optional<bool> yes_no;
  std::map<std::string, int> ratings;
  std::optional<std::string> text;
  bool share_yes_no = false, share_ratings = false, share_text = false;
};

class Cohort {
 public:
  // A new cohort. `starts_at`: the planned start of session 1 (session n is at starts_at + day(n) days).
  static Cohort create(std::string id, std::shared_ptr<const Programme> programme, std::string title,
                       std::string key_hash, std::string enrol_code, Millis starts_at, Millis now);

  const std::string& id() const noexcept { return id_; }
  const Programme& programme() const noexcept { return *programme_; }
  const std::string& key_hash() const noexcept { return key_hash_; }
  const std::string& enrol_code() const noexcept { return enrol_code_; }
  Millis starts_at() const noexcept { return starts_at_; }
  Millis ended_at() const noexcept { return ended_at_; }  // 0 while running
  const std::vector<CohortMember>& members() const noexcept { return members_; }
  // When session n (1-based) is planned, and when its task is due.
  Millis planned_at(int session) const;
  Millis task_due_at(int session) const;
  Millis refresher_opens_at(int session) const;

  // Lookups by hashed token (null when none matches; removed members match nothing).
  const CohortMember* member_by_token(const std::string& token_hash) const;
  const CohortMember* member_by_feed(const std::string& feed_hash) const;
  const CohortManager* manager_by_token(const std::string& token_hash) const;
  const CohortMember* member(const std::string& member_id) const;
  // Which session (1-based) and, for a pod session, which pod a join code runs for this cohort.
  struct SessionRef { int session = 0; int pod = 0; };  // pod 0: the whole cohort's facilitated session
  std::optional<SessionRef> session_of(const std::string& code) const;
  // The join code session n runs under (for the whole cohort, or pod `pod` of a pod session), if started.
  std::optional<std::string> code_of(int session, int pod = 0) const;
  // Every join code the cohort's sessions ran under (each pod's too): what deleting the cohort deletes.
  std::vector<std::string> session_codes() const;
  // The pod (1-based) `member_id` is in for session n (pods are formed when a session starts; before the
  // first start, 0).
  int pod_of(const std::string& member_id, int session) const;
  // Forms the pods of session n now, if they are not formed yet (as session_started does), and puts active
  // members who are in none of them yet (enrolled since) into the smallest. For a member about to start
  // their pod's session: POST /api/me/pod/N asks pod_of after this, then session_started with that pod.
  void form_pods(int session, std::uint64_t seed);
  // The manager of a member (null when none).
  const CohortManager* manager_of(const std::string& member_id) const;

  // Changes. Each validates, and on success changes the cohort; a Rejection otherwise (nothing changed).
  std::optional<Rejection> enrol(std::string member_id, std::string name, std::string token_hash, std::string feed_hash, Millis now);
  std::optional<Rejection> remove_member(const std::string& member_id, Millis now);
  // Records that session n now runs under `code` (pod: for that pod of a pod session). Forms the pods of
  // session n first if they are not formed yet (same peers as before, or rotated: Programme::rotate_pods),
  // from `seed`.
  std::optional<Rejection> session_started(int session, int pod, std::string code, std::uint64_t seed, Millis now);
  void attended(int session, const std::string& member_id);
  std::optional<Rejection> answer_task(const std::string& member_id, int session, const TaskInput& input,
                                       std::uint64_t seed, Millis now);
  // A refresher poll answer (option index) or card text. Once per member and refresher.
  std::optional<Rejection> answer_refresher(const std::string& member_id, int session, std::optional<int> option,
                                            std::optional<std::string> card, std::uint64_t seed, Millis now);
  std::optional<Rejection> invite_manager(const std::string& member_id, std::string manager_token_hash,
                                          std::string name, Millis now);  // replaces an earlier invitation
  void revoke_manager(const std::string& member_id);
  std::optional<Rejection> check_in(const std::string& manager_token_hash, int session, std::vector<int> ticked,
                                    std::string note, Millis now);
  std::optional<Rejection> surface(const std::string& reflection_id, bool surfaced);
  void set_webhook(std::string url, std::string secret);  // "" url: none
  const std::string& webhook_url() const noexcept { return webhook_url_; }
  const std::string& webhook_secret() const noexcept { return webhook_secret_; }
  // Notifications sent (so a restart does not send them twice): "task.due:3", "session.starting:2".
  bool notified(const std::string& what) const { return notified_.contains(what); }
  void mark_notified(std::string what) { notified_.insert(std::move(what)); }
  void end(Millis now);

  // Views (JSON shapes: protocol/PROGRAMMES.md). `now` decides what is due, open and live.
  nlohmann::json facilitator_view(Millis now) const;
  nlohmann::json member_view(const std::string& member_id, Millis now) const;
  nlohmann::json manager_view(const std::string& manager_token_hash, Millis now) const;
  // The programme report without the live sessions' poll answers (the hub adds "repeatedPolls").
  nlohmann::json report(Millis now) const;

  // The snapshot that storage keeps, and back. from_json throws std::runtime_error on a damaged snapshot;
  // `parse_programme` rebuilds the Programme from its stored source.
  nlohmann::json to_json() const;
  using ProgrammeParser = std::shared_ptr<const Programme> (*)(const std::string& source);
  static Cohort from_json(const nlohmann::json& snapshot, ProgrammeParser parse_programme);

 private:
  std::string id_;
  std::shared_ptr<const Programme> programme_;
  std::string title_;
  std::string key_hash_;
  std::string enrol_code_;
  Millis starts_at_ = 0;
  Millis created_at_ = 0;
  Millis ended_at_ = 0;
  std::vector<CohortMember> members_;
  std::vector<CohortManager> managers_;
  struct SessionRun {
    std::map<int, std::string> codes;  // pod (0 = everyone) -> join code
    Millis started_at = 0;
    std::map<std::string, int> pods;   // member id -> pod (1-based), formed when the session first started
    std::set<std::string> attended;    // member ids
  };
  std::map<int, SessionRun> runs_;     // session (1-based) -> what ran
  std::map<std::pair<std::string, int>, TaskAnswer> answers_;  // (member id, session)
  std::map<int, AnonymousPool> reflections_;      // session -> anonymous task reflections
  std::map<int, std::vector<int>> refresher_votes_;  // session -> count per poll option (no voters)
  std::map<int, AnonymousPool> refresher_cards_;  // session -> anonymous card answers
  std::set<std::pair<std::string, int>> refreshed_;  // (member id, session): answered (for "once"), never shown
  // (member id, session): the week's check-in by the member's manager. Keyed by member, so a new invitation
  // (the same manager with a fresh link, or a new manager) carries the weeks already checked on.
  std::map<std::pair<std::string, int>, Checkin> checkins_;
  std::string webhook_url_, webhook_secret_;
  std::set<std::string> notified_;

  const ProgrammeSession* session_at(int session) const;  // null when out of range
  bool started(int session) const;                        // runs under a code (any pod)
  bool task_open(int session, Millis now) const;          // started, or its planned time passed
  std::string state_of(int session, Millis now) const;    // "planned" | "live" | "done"
  std::string task_status(const std::string& member_id, int session, Millis now) const;
  std::map<std::string, int> planned_pods(int session, std::uint64_t seed) const;  // what form_pods would make
  int current_pods_session() const;                       // the last session whose pods are formed (0: none)
  std::vector<const CohortMember*> active_members() const;
  std::size_t checkins_of(int session, std::size_t* done) const;  // members checked on that week, and of how many
  nlohmann::json task_asks(const MicroTask& task) const;
  nlohmann::json ratings_json() const;
};

}  // namespace huddle::core
