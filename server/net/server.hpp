#pragma once
// The whole server on one io_context: catalog, journal, hub and listener wired together. main() and the
// integration tests both run it, so the tests exercise exactly what ships.
#include <chrono>
#include <memory>

#include <boost/asio/io_context.hpp>

#include "hub/hub.hpp"
#include "hub/metrics.hpp"
#include "hub/programme_desk.hpp"
#include "hub/programme_options.hpp"
#include "net/connection_registry.hpp"
#include "net/origin_policy.hpp"
#include "net/server_context.hpp"
#include "net/server_options.hpp"
#include "net/static_files.hpp"
#include "net/trusted_proxies.hpp"
#include "net/webhook_sender.hpp"
#include "scenario/programme_catalog.hpp"
#include "store/cohort_store.hpp"
#include "scenario/scenario_catalog.hpp"
#include "store/journal.hpp"

namespace huddle::net {

class Listener;

class Server {
 public:
  // Throws std::runtime_error if the TLS certificate or key of the options cannot be used, and
  // std::invalid_argument for a --trusted-proxy that is no address or network.
  Server(boost::asio::io_context& ioc, ServerOptions options, store::Journal& journal);
  ~Server();

  // Deletes ended sessions older than `keep` (--retention-days). Returns how many.
  std::size_t purge_ended(std::chrono::milliseconds keep);
  // Rebuilds the unfinished sessions from the journal (before start()). Returns how many came back.
  std::size_t recover();
  // Serves programmes and cohorts (protocol/PROGRAMMES.md) from `<scenarios>/programmes` and `store`, which
  // outlives the server: reads the stored cohorts back (throws as ProgrammeDesk::load) and returns how many.
  // Before start(). A server without it answers the programme API 404.
  std::size_t enable_programmes(store::CohortStore& store, hub::ProgrammeOptions options);
  hub::ProgrammeDesk* programmes() noexcept { return desk_.get(); }
  // Binds the listening socket (throws if it cannot) and starts accepting. Returns the port.
  unsigned short start();
  // Stops accepting and asks every connection to close (WebSockets with 1001). Any thread.
  void stop();
  // Closes the listening socket only: connections already open go on (a cluster node draining).
  void stop_listening();

  // After stop() and once no thread runs the io_context: lets go of the listener and the sessions, so that
  // only pending handlers still own I/O objects. Then destroy the io_context (which destroys those handlers
  // while this server, which they refer to, still exists), and only then the server.
  void release_io_objects();

  hub::Metrics& metrics() noexcept { return metrics_; }
  hub::Hub& hub() noexcept { return hub_; }
  std::size_t open_connections() { return connections_.size(); }

 private:
  boost::asio::io_context& ioc_;
  ServerOptions options_;
  hub::Metrics metrics_;
  scenario::ScenarioCatalog catalog_;
  hub::Hub hub_;
  ConnectionRegistry connections_;
  AddressCounter addresses_;
  OriginPolicy origins_;
  TrustedProxies proxies_;
  StaticFiles files_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  IoShards shards_;
  ServerContext context_;
  std::shared_ptr<Listener> listener_;
  // The programme layer (enable_programmes): after the hub, so it goes first.
  std::unique_ptr<scenario::ProgrammeCatalog> programme_catalog_;
  std::unique_ptr<WebhookSender> webhooks_;
  std::unique_ptr<hub::ProgrammeDesk> desk_;
};

}  // namespace huddle::net
