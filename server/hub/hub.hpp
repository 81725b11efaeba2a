#pragma once
// The front desk: routes each request of a connection to the right session, creates sessions and keeps the
// registry of live ones by join code. Owns no session state itself.
#include <memory>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>

#include "hub/address_limiter.hpp"
#include "hub/client.hpp"
#include "hub/clock.hpp"
#include "hub/hub_options.hpp"
#include "hub/metrics.hpp"
#include "hub/session_host.hpp"
#include "huddle/protocol/request.hpp"
#include "scenario/scenario_catalog.hpp"
#include "store/journal.hpp"

namespace huddle::hub {

class Hub {
 public:
  Hub(boost::asio::any_io_executor executor, scenario::ScenarioCatalog& catalog, store::Journal& journal,
      Metrics& metrics, Clock clock, HubOptions options);

  // Handles one request; the client gets exactly one reply, possibly later and from another thread.
  void handle(const std::shared_ptr<Client>& client, protocol::Request request);
  // The client's connection closed.
  void disconnected(const std::shared_ptr<Client>& client);

  // Forgets every session, and with them their connections, after the journal writes under way are done.
  // Only once no thread runs the io_context: the sessions' strands must not outlive it (see
  // net::Server::release_io_objects).
  void drop_sessions();

  std::size_t session_count();

  // Rebuilds every unfinished session from the journal, before the server takes connections: the state is
  // replayed event by event, nobody is connected, and every topic starts a new epoch so clients that come
  // back take fresh snapshots. Returns how many sessions came back. Throws what the journal throws for a
  // damaged record: a session is never half-restored.
  std::size_t recover();

  // Deletes the journals of ended sessions that ended more than `keep` ago (retention), and forgets them if
  // they are still hosted. Returns how many were deleted.
  std::size_t purge_ended(core::Millis keep);

  // The report of a session, live or ended (then rebuilt from the journal), for its facilitator key only.
  // `done` gets 200 and the report, 403 for a wrong key, or 404 for an unknown code; it may run on another
  // thread. The key is compared in constant time and never logged.
  using ReportDone = std::function<void(int status, nlohmann::json body)>;
  void report(const std::string& code, const std::string& facilitator_key, ReportDone done);
  const HubOptions& options() const noexcept { return options_; }

 private:
  void create(const std::shared_ptr<Client>& client, const protocol::RequestId& id, const std::string& scenario_id);
  // A peer pod: the creator joins it as its first member; nobody holds a facilitator key.
  void create_pod(const std::shared_ptr<Client>& client, const protocol::RequestId& id, const protocol::PodCreate& request);
  // Journals and hosts a new session from `scenario` (under mutex_); replies the error and returns null if it
  // cannot. `key` is the facilitator key whose hash the session keeps.
  std::shared_ptr<SessionHost> open_session(const std::shared_ptr<Client>& client, const protocol::RequestId& id,
                                            const std::shared_ptr<const core::Scenario>& scenario,
                                            const std::string& key, std::size_t max_participants);
  std::shared_ptr<SessionHost> find(const std::string& typed_code);
  // Hosts a session and lets it remove itself when deleted.
  void host(const std::string& code, std::shared_ptr<SessionHost> session);
  void forget(const std::string& code);

  boost::asio::any_io_executor executor_;
  scenario::ScenarioCatalog& catalog_;
  store::Journal& journal_;
  Metrics& metrics_;
  Clock clock_;
  HubOptions options_;

  AddressLimiter code_guesses_;  // wrong join codes per address (hub_options.hpp)
  AddressLimiter joins_;         // new participants per address (hub_options.hpp)
  std::mutex mutex_;  // guards sessions_; held only for lookups and inserts
  std::unordered_map<std::string, std::shared_ptr<SessionHost>> sessions_;
  // Where sessions' journal writes run: an fsync blocks one of these, never an I/O thread or a strand. Two,
  // so that writes of different sessions can meet in the journal's group commit.
  boost::asio::thread_pool journal_threads_{2};
};

}  // namespace huddle::hub
