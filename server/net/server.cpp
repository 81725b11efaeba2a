#include "net/server.hpp"

#include <boost/asio/ip/address.hpp>
#include <spdlog/spdlog.h>

#include "net/listener.hpp"
#include "net/tls_context.hpp"

namespace huddle::net {
namespace {

hub::HubOptions hub_options_of(const ServerOptions& o) {
  hub::HubOptions h;
  h.max_participants = o.max_participants;
  h.max_message_bytes = o.max_message_bytes;
  h.join_burst = o.join_burst;
  h.joins_per_minute = o.joins_per_minute;
  return h;
}

}  // namespace

Server::Server(boost::asio::io_context& ioc, ServerOptions options, store::Journal& journal)
    : ioc_(ioc),
      options_(std::move(options)),
      catalog_(options_.scenarios,
               [](const scenario::ScenarioError& e) { spdlog::error("scenario skipped: {}", e.describe()); }),
      hub_(ioc.get_executor(), catalog_, journal, metrics_, hub::system_now,
           hub_options_of(options_)),
      origins_(options_.allowed_origins),
      files_(options_.web_root),
      tls_(options_.tls_cert.empty() ? nullptr : make_tls_context(options_.tls_cert, options_.tls_key)),
      context_{options_, hub_, metrics_, catalog_, connections_, addresses_, origins_, files_, tls_.get()} {}

Server::~Server() = default;

std::size_t Server::recover() { return hub_.recover(); }

std::size_t Server::purge_ended(std::chrono::milliseconds keep) { return hub_.purge_ended(keep.count()); }

unsigned short Server::start() {
  catalog_.refresh();
  listener_ = std::make_shared<Listener>(ioc_, context_);
  listener_->open({boost::asio::ip::make_address(options_.bind), options_.port});
  listener_->start();
  return listener_->port();
}

void Server::release_io_objects() {
  listener_.reset();
  hub_.drop_sessions();
}

void Server::stop() {
  if (listener_) listener_->stop();
  connections_.shut_down_all();
}

}  // namespace huddle::net
