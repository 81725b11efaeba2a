#pragma once
// The programme layer's front desk (issue 18, protocol/PROGRAMMES.md): keeps every cohort (core::Cohort) in
// memory and in the cohort store, answers the programme API for facilitators, members, managers and
// calendars, starts a cohort's sessions through the hub, tells the hub who a member is when they join one,
// sends webhooks, and ends and deletes cohorts (retention).
//
// Everything runs on the desk's own thread, one request at a time: a cohort changes rarely, and a change is
// stored (an fsync) before it is answered, which must block neither an I/O thread nor a session's strand.
// Secrets are looked up by their SHA-256 only (never kept), and a key, token or code that opens nothing is
// charged to the address as a wrong join code is (Hub::charge_miss).
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include "core/programme/cohort.hpp"
#include "hub/api_reply.hpp"
#include "hub/api_request.hpp"
#include "hub/clock.hpp"
#include "hub/member_seat.hpp"
#include "hub/programme_options.hpp"
#include "hub/webhook_port.hpp"
#include "scenario/programme_catalog.hpp"
#include "store/cohort_store.hpp"

namespace huddle::hub {

class Hub;

class ProgrammeDesk {
 public:
  ProgrammeDesk(Hub& hub, scenario::ProgrammeCatalog& programmes, scenario::ScenarioCatalog& scenarios,
                store::CohortStore& store, Clock clock, ProgrammeOptions options, WebhookPort webhooks = {});
  ~ProgrammeDesk();

  // Reads every stored cohort back (before the server takes connections). Throws when the store cannot be
  // read or a snapshot is damaged: a cohort is never half-restored. Returns how many came back.
  std::size_t load();
  // Starts the timer that sends notifications, ends finished cohorts and deletes expired ones.
  void start();
  // Stops the timer and waits for the desk's thread (before the hub goes).
  void stop();

  using Done = std::function<void(ApiReply)>;
  // One API request; `done` runs once, on the desk's thread.
  void handle(ApiRequest request, Done done);
  // True for the paths handle() answers.
  static bool serves(std::string_view path);

  // For the hub: who holds `member_token` in the session running under `code`, if it is one of a cohort's
  // sessions and they may join it (a pod session: only that pod's members). `done` runs on the desk's thread.
  void seat(std::string code, std::string member_token, std::function<void(std::optional<MemberSeat>)> done);
  // The member's join is stored: counts their attendance.
  void attended(MemberSeat seat);

  // Runs the timer's work now (tests): notifications, ending, retention. Blocks until done.
  void tick_now();

 private:
  struct Entry {
    core::Cohort cohort;
    std::vector<std::string> index_keys;  // what index_ holds for this cohort, to drop on change
  };
  // The answer, or nothing when `done` was taken along to answer later.
  std::optional<ApiReply> route(const ApiRequest& r, Done& done);
  // The cohort a facilitator key opens, or null (charged as a miss).
  Entry* cohort_for_key(const std::string& id, const ApiRequest& r);
  Entry* find_by(const std::string& index_key);
  void index(Entry& e);
  void unindex(Entry& e);
  // Stores the cohort as it is now; on failure puts back `before` and returns the reply to send.
  std::optional<ApiReply> save(Entry& e, const nlohmann::json& before);
  std::optional<ApiReply> remove(const std::string& id);
  void report(Entry& e, const ApiRequest& r, bool csv, Done done);
  void tick();
  void schedule();
  void notify(Entry& e, core::Millis now);

  Hub& hub_;
  scenario::ProgrammeCatalog& programmes_;
  scenario::ScenarioCatalog& scenarios_;
  store::CohortStore& store_;
  Clock clock_;
  ProgrammeOptions options_;
  WebhookPort webhooks_;
  std::map<std::string, Entry> cohorts_;       // id -> cohort
  std::map<std::string, std::string> index_;   // "m:" member token hash, "g:" manager token hash, "f:" feed hash,
                                               // "e:" enrol code, "s:" join code -> cohort id
  boost::asio::thread_pool thread_{1};
  std::unique_ptr<boost::asio::steady_timer> timer_;
  bool stopped_ = false;
};

}  // namespace huddle::hub
