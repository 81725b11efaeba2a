#pragma once
// What every connection of a server shares: options, the hub, and the bookkeeping.
#include <boost/asio/ssl/context.hpp>

#include "hub/hub.hpp"
#include "hub/metrics.hpp"
#include "net/address_counter.hpp"
#include "net/connection_registry.hpp"
#include "net/io_shards.hpp"
#include "net/origin_policy.hpp"
#include "net/server_options.hpp"
#include "net/static_files.hpp"
#include "net/trusted_proxies.hpp"
#include "scenario/scenario_catalog.hpp"

namespace huddle::net {

struct ServerContext {
  const ServerOptions& options;
  hub::Hub& hub;
  hub::Metrics& metrics;
  scenario::ScenarioCatalog& catalog;
  ConnectionRegistry& connections;
  AddressCounter& addresses;
  const OriginPolicy& origins;
  const TrustedProxies& proxies;  // --trusted-proxy
  const StaticFiles& files;
  boost::asio::ssl::context* tls;  // null: plain HTTP and WebSocket
  IoShards& shards;
};

}  // namespace huddle::net
