#pragma once
// The front desk: routes each request of a connection to the right session, creates sessions and keeps the
// registry of live ones by join code. Owns no session state itself.
#include <memory>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <variant>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/rejection.hpp"
#include "hub/address_limiter.hpp"
#include "hub/client.hpp"
#include "hub/clock.hpp"
#include "hub/cluster.hpp"
#include "hub/hub_options.hpp"
#include "hub/metrics.hpp"
#include "hub/session_host.hpp"
#include "huddle/protocol/request.hpp"
#include "scenario/scenario_catalog.hpp"
#include "store/journal.hpp"

namespace huddle::hub {

class ProgrammeDesk;

class Hub {
 public:
  Hub(boost::asio::any_io_executor executor, scenario::ScenarioCatalog& catalog, store::Journal& journal,
      Metrics& metrics, Clock clock, HubOptions options);

  // Handles one request; the client gets exactly one reply, possibly later and from another thread. `text`
  // is the request as the client sent it: in a cluster it is what goes to the node running the session.
  void handle(const std::shared_ptr<Client>& client, protocol::Request request, std::string text = {});
  // The client's connection closed.
  void disconnected(const std::shared_ptr<Client>& client);

  // Starts the sweep that ends idle sessions (HubOptions). Once the server takes connections.
  void start();

  // Forgets every session, and with them their connections, after the journal writes under way are done.
  // Only once no thread runs the io_context: the sessions' strands must not outlive it (see
  // net::Server::release_io_objects).
  void drop_sessions();

  std::size_t session_count();

  // Joins a cluster (before the server takes connections): sessions this node does not run are found
  // through `cluster` and either taken over (nobody holds their lease: rebuilt from the shared journal) or
  // served from the node that runs them. `cluster` outlives the hub's use of it.
  void set_cluster(Cluster* cluster) noexcept { cluster_ = cluster; }
  Cluster* cluster() const noexcept { return cluster_; }
  // Stops running `code` here (its lease is gone, or the node drains): see SessionHost::hand_over. `done`
  // runs once its connections are closed (at once when it is not hosted here).
  void hand_over(const std::string& code, std::function<void()> done = nullptr);
  // Cluster: takes the lease on a session hosted here again after it vanished (Redis restarted empty) and
  // claims the journal under the new token. False if another node holds it now or the journal refused.
  bool retake(const std::string& code);
  // Cluster: SessionHost::count_connections of a session hosted here (nothing happens if it is not).
  void count_connections(const std::string& code, std::size_t at_most, SessionHost::ConnectionCounts done);
  // The codes of the sessions hosted here.
  std::vector<std::string> hosted_codes();

  // Rebuilds every unfinished session from the journal, before the server takes connections: the state is
  // replayed event by event, nobody is connected, and every topic starts a new epoch so clients that come
  // back take fresh snapshots. Returns how many sessions came back. Throws what the journal throws for a
  // damaged record: a session is never half-restored.
  std::size_t recover();

  // Deletes the journals of ended sessions that ended more than `keep` ago (retention), and forgets them if
  // they are still hosted. Returns how many were deleted.
  std::size_t purge_ended(core::Millis keep);
  // Deletes a session and everything stored for it, live or ended, hosted or not (a deleted cohort's
  // sessions): as session.delete does, everyone connected is closed. A code with nothing stored is no error.
  // Blocks on the journal and on the session's strand: not on an I/O thread.
  std::error_code delete_session(const std::string& code);

  // The report of a session, live or ended (then rebuilt from the journal), for its facilitator key only.
  // `done` gets 200 and the report; 404 alike for a code that opens no session and a key that does not open
  // it (no answer tells a guesser that a code exists), and each such miss is charged to `address` as a
  // wrong join code is; 429 while that allowance is used up, whatever the code and key. It may run on
  // another thread. The key is compared in constant time and never logged.
  using ReportDone = std::function<void(int status, nlohmann::json body)>;
  void report(const std::string& code, const std::string& facilitator_key, const std::string& address, ReportDone done);
  const HubOptions& options() const noexcept { return options_; }

  // Programmes (hub/programme_desk.hpp). Set before the server takes connections; outlives the hub's use.
  void set_programmes(ProgrammeDesk* desk) noexcept { programmes_ = desk; }
  ProgrammeDesk* programmes() const noexcept { return programmes_; }
  // Starts a session of `scenario_id` under `key` without a connection (a cohort's session), within the
  // same limits as session.create, charged to `address`. The join code, or why not. Blocks on the journal:
  // not on an I/O thread.
  std::variant<std::string, core::Rejection> start_session(const std::string& scenario_id, const std::string& key,
                                                           const std::string& address);
  // The allowances the programme API shares with the WebSocket requests (hub_options.hpp): whether an
  // address has used up its wrong guesses, charging one, and taking a join.
  bool guessing_blocked(const std::string& address);
  void charge_miss(const std::string& address);
  bool take_join(const std::string& address);
  bool take_creation(const std::string& address);

 private:
  void dispatch(const std::shared_ptr<Client>& client, protocol::Request request, std::string text, bool may_route);
  // Cluster: `code` is not hosted here. Off the I/O threads (Redis and the journal are asked), finds who
  // runs it: nobody -> takes its lease and rebuilds it here from the journal; another node -> this
  // connection is served from there. Then handles the request again, without routing.
  // While the node that held the lease is dead but its lease has not expired yet, the request waits (on a
  // timer, no thread held) and tries again until `give_up`.
  void route(const std::shared_ptr<Client>& client, protocol::Request request, std::string text, std::string code,
             std::chrono::steady_clock::time_point give_up);
  // Cluster: rebuilds a session whose lease this node just took (token) from the shared journal and hosts
  // it. False when the journal has no live session under `code`.
  bool adopt(const std::string& code, std::uint64_t token);
  void create(const std::shared_ptr<Client>& client, const protocol::RequestId& id, const std::string& scenario_id);
  // A join with a cohort member's token: the programme desk says who they are in this session.
  void join_member(const std::shared_ptr<Client>& client, const protocol::RequestId& id, const protocol::Join& r);
  // A peer pod: the creator joins it as its first member; nobody holds a facilitator key.
  void create_pod(const std::shared_ptr<Client>& client, const protocol::RequestId& id, const protocol::PodCreate& request);
  // Journals and hosts a new session from `scenario` (under mutex_); replies the error and returns null if it
  // cannot. `key` is the facilitator key whose hash the session keeps.
  std::shared_ptr<SessionHost> open_session(const std::shared_ptr<Client>& client, const protocol::RequestId& id,
                                            const std::shared_ptr<const core::Scenario>& scenario,
                                            const std::string& key, std::size_t max_participants);
  std::shared_ptr<SessionHost> find(const std::string& typed_code);
  // Rebuilds a session from the journal, one event at a time (memory stays proportional to the live state,
  // not to its history), and counts what it has stored into `used`. Throws what the journal or the replay
  // throws.
  core::SessionState load(const std::string& code, StorageUse& used);
  // load(), after forgetting named ballots a poll made anonymous left behind: for a session about to be
  // hosted (at start, or taken over in a cluster).
  core::SessionState rebuild(const std::string& code, StorageUse& used);
  // Hosts a session and lets it remove itself when deleted or ended. `creator`: the address that created it
  // ("" after a restart: who created what is not kept).
  void host(const std::string& code, std::shared_ptr<SessionHost> session, const std::string& creator);
  void forget(const std::string& code, bool kept);
  // Whether `address` may create another session now; replies rate_limited and returns false if not.
  bool may_create(const std::shared_ptr<Client>& client, const protocol::RequestId& id);
  std::optional<core::Rejection> may_create_from(const std::string& address);
  // open_session without a connection: the session, or why not. `creator`: the address charged for it.
  std::variant<std::shared_ptr<SessionHost>, core::Rejection> open_session_for(
      const std::string& creator, const std::shared_ptr<const core::Scenario>& scenario, const std::string& key,
      std::size_t max_participants);
  // A key, token or code that opened nothing: charged to the address, answered as `code_text` never existed.
  void missed(const std::shared_ptr<Client>& client, const protocol::RequestId& id, const std::string& what);
  void sweep();
  void schedule_sweep();

  boost::asio::any_io_executor executor_;
  scenario::ScenarioCatalog& catalog_;
  store::Journal& journal_;
  Metrics& metrics_;
  Clock clock_;
  HubOptions options_;
  Cluster* cluster_ = nullptr;
  ProgrammeDesk* programmes_ = nullptr;

  AddressLimiter code_guesses_;  // misses per address and network (hub_options.hpp)
  AddressLimiter creations_;     // new sessions and pods per address and network
  AddressLimiter joins_;         // new participants per address and network
  std::mutex mutex_;  // guards the maps below; held only for lookups and inserts
  std::unordered_map<std::string, std::shared_ptr<SessionHost>> sessions_;
  std::unordered_map<std::string, std::string> creators_;    // code -> the address that created it (memory only)
  std::unordered_map<std::string, std::string> ended_keys_;  // code -> key hash of an ended session not hosted
  // The sweep's timer; a pointer so that drop_sessions() can let it go before the io_context goes.
  std::unique_ptr<boost::asio::steady_timer> sweep_timer_;
  // Where sessions' journal writes run: an fsync blocks one of these, never an I/O thread or a strand. Two,
  // so that writes of different sessions can meet in the journal's group commit.
  boost::asio::thread_pool journal_threads_{2};
};

}  // namespace huddle::hub
