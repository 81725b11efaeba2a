#include "net/server.hpp"

#include <algorithm>
#include <thread>

#include <boost/asio/ip/address.hpp>
#include <spdlog/spdlog.h>

#include "net/listener.hpp"
#include "net/tls_context.hpp"

namespace huddle::net {

namespace {
hub::HubOptions hub_options(const ServerOptions& options) {
  hub::HubOptions hub = options.hub;
  hub.max_participants = options.max_participants;
  hub.max_message_bytes = options.max_message_bytes;
  hub.storage = {options.session_max_events, options.session_max_mb * 1024 * 1024, options.changes_per_minute,
                 options.changes_burst};
  return hub;
}
}  // namespace

Server::Server(boost::asio::io_context& ioc, ServerOptions options, store::Journal& journal)
    : ioc_(ioc),
      options_(std::move(options)),
      catalog_(options_.scenarios,
               [](const scenario::ScenarioError& e) { spdlog::error("scenario skipped: {}", e.describe()); }),
      hub_(ioc.get_executor(), catalog_, journal, metrics_, hub::system_now,
           hub_options(options_)),
      origins_(options_.allowed_origins),
      proxies_(options_.trusted_proxies),
      files_(options_.web_root),
      tls_(options_.tls_cert.empty() ? nullptr : make_tls_context(options_.tls_cert, options_.tls_key)),
      // One shard per I/O thread (main's --threads; tests leave it 0 and run what the machine has).
      shards_(ioc, options_.threads ? options_.threads : std::max(1U, std::thread::hardware_concurrency())),
      context_{options_, hub_, metrics_, catalog_, connections_, addresses_, origins_, proxies_, files_, tls_.get(), shards_} {}

Server::~Server() = default;

std::size_t Server::recover() { return hub_.recover(); }

std::size_t Server::enable_programmes(store::CohortStore& store, hub::ProgrammeOptions options) {
  programme_catalog_ = std::make_unique<scenario::ProgrammeCatalog>(
      options_.scenarios / "programmes", catalog_,
      [](const scenario::ScenarioError& e) { spdlog::error("programme skipped: {}", e.describe()); });
  hub::WebhookPort port;
  if (!options.webhook_hosts.empty()) {
    webhooks_ = std::make_unique<WebhookSender>(ioc_.get_executor(), options.webhook_hosts);
    port.check = [sender = webhooks_.get()](const std::string& url) { return sender->check_url(url); };
    port.send = [sender = webhooks_.get()](const std::string& url, const std::string& secret, const std::string& body) {
      sender->send(url, secret, body);
    };
  }
  desk_ = std::make_unique<hub::ProgrammeDesk>(hub_, *programme_catalog_, catalog_, store, hub::system_now, std::move(options),
                                               std::move(port));
  const std::size_t loaded = desk_->load();
  hub_.set_programmes(desk_.get());
  return loaded;
}

std::size_t Server::purge_ended(std::chrono::milliseconds keep) { return hub_.purge_ended(keep.count()); }

unsigned short Server::start() {
  catalog_.refresh();
  if (desk_) desk_->start();
  listener_ = std::make_shared<Listener>(ioc_, context_);
  listener_->open({boost::asio::ip::make_address(options_.bind), options_.port});
  const auto port = listener_->port();
  if (options_.public_origins.empty()) {
    origins_.set_public(OriginPolicy::defaults_for(options_.bind, port, tls_ != nullptr));
    boost::system::error_code ec;
    if (boost::asio::ip::make_address(options_.bind, ec).is_unspecified()) {
      spdlog::warn("listening on every address without --public-origin: browsers may open WebSockets only from "
                   "localhost; name the address people use, e.g. --public-origin https://huddle.example.org");
    }
  } else {
    origins_.set_public(options_.public_origins);
  }
  listener_->start();
  hub_.start();
  return port;
}

void Server::release_io_objects() {
  // The desk's thread starts sessions and sends webhooks on the io_context: it stops first.
  if (desk_) desk_->stop();
  listener_.reset();
  hub_.drop_sessions();
  shards_.release();
}

void Server::stop_listening() {
  if (listener_) listener_->stop();
}

void Server::stop() {
  if (listener_) listener_->stop();
  connections_.shut_down_all();
}

}  // namespace huddle::net
