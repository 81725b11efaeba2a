#pragma once
// Everything the server process can be told, with the documented defaults (README, "Server flags").
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/limits.hpp"

namespace huddle::net {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port (tests)
  std::filesystem::path web_root = "client-web";
  std::filesystem::path scenarios = "scenarios";
  std::filesystem::path data = "data";
  unsigned threads = 0;  // 0: one per core
  std::vector<std::string> allowed_origins;  // besides same-origin
  // With both set, the port serves HTTPS and WSS only (PEM files; the certificate file may hold the chain).
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;

  // Transport limits.
  std::size_t max_message_bytes = 64 * 1024;   // larger WebSocket messages close the connection with 1009
  std::size_t max_connections = 15000;         // open TCP connections in total; more are refused
  // Open connections from one address. Generous: a whole office behind one NAT joins from one address.
  std::size_t max_connections_per_address = 1000;
  // Requests per second one WebSocket may send on average (0: no limit), and how many at once. Beyond it a
  // request is answered rate_limited; a client that keeps going is closed with 1008.
  double rate_limit_per_second = 20;
  double rate_limit_burst = 60;
  std::size_t max_participants = core::default_max_participants;  // per session
  // New participants one address may add (hub::HubOptions::join_burst, joins_per_minute; 0 a minute: none).
  double join_burst = 200;
  double joins_per_minute = 60;
  std::chrono::seconds handshake_timeout{10};  // to send a whole HTTP request (each one, on keep-alive) or finish the upgrade
  std::chrono::seconds idle_timeout{40};       // silence (even to our pings) before a WebSocket is closed
  std::chrono::seconds stuck_timeout{15};      // a write pending this long means the client stopped reading
  std::size_t max_http_body_bytes = 8 * 1024;  // the HTTP API takes no uploads
};

}  // namespace huddle::net
