#pragma once
// Everything the server process can be told, with the documented defaults (README, "Server flags").
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "hub/hub_options.hpp"
#include "hub/storage_limits.hpp"

namespace huddle::net {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port (tests)
  std::filesystem::path web_root = "client-web";
  std::filesystem::path scenarios = "scenarios";
  std::filesystem::path data = "data";
  unsigned threads = 0;  // 0: one per core
  // The origins people open the web client at (--public-origin, e.g. https://huddle.example.org), compared
  // whole (scheme, host, port) with a WebSocket upgrade's Origin. Empty: this server's own addresses as it
  // serves them (its bound address and, on loopback or a wildcard bind, localhost, 127.0.0.1 and [::1]).
  // The Host header is never trusted for this: a page on another site can make a browser send any Host.
  std::vector<std::string> public_origins;
  std::vector<std::string> allowed_origins;  // --allowed-origin: further origins, for embedding elsewhere
  // /metrics: with a token, only requests with "Authorization: Bearer TOKEN" (--metrics-token); without
  // one, only clients on this machine (loopback), so the public port shows no one its internals.
  std::string metrics_token;
  // With both set, the port serves HTTPS and WSS only (PEM files; the certificate file may hold the chain).
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;

  // Transport limits.
  std::size_t max_message_bytes = 64 * 1024;   // larger WebSocket messages close the connection with 1009
  std::size_t max_connections = 15000;         // open TCP connections in total; more are refused
  // Open connections from one address. Generous: a whole office behind one NAT joins from one address.
  std::size_t max_connections_per_address = 1000;
  // Open connections from one network (hub.grouping: an IPv4 /24, an IPv6 /64), so many addresses of one
  // machine or provider cannot hold what one address may not.
  std::size_t max_connections_per_network = 2000;
  // Reverse proxies (addresses or CIDR networks, --trusted-proxy) whose X-Forwarded-For names the client:
  // their own connections skip the two caps above at accept, and each request or WebSocket from them counts
  // under the last X-Forwarded-For entry instead (net/trusted_proxies.hpp). Empty: the header is ignored.
  std::vector<std::string> trusted_proxies;
  // Requests per second one WebSocket may send on average (0: no limit), and how many at once. Beyond it a
  // request is answered rate_limited; a client that keeps going is closed with 1008.
  double rate_limit_per_second = 20;
  double rate_limit_burst = 60;
  std::size_t max_participants = core::default_max_participants;  // per session
  // What one session may store (0: no limit), and how fast one participant may store changes
  // (hub/storage_limits.hpp; --session-max-events, --session-max-mb, --changes-per-minute, --changes-burst).
  std::uint64_t session_max_events = hub::default_session_max_events;
  std::uint64_t session_max_mb = hub::default_session_max_mb;
  double changes_per_minute = hub::default_changes_per_minute;
  double changes_burst = hub::default_changes_burst;
  std::chrono::seconds handshake_timeout{10};  // to send a whole HTTP request (each one, on keep-alive) or finish the upgrade
  std::chrono::seconds idle_timeout{40};       // silence (even to our pings) before a WebSocket is closed
  std::chrono::seconds stuck_timeout{15};      // a write pending this long means the client stopped reading
  // SO_SNDBUF of each connection: what the kernel holds of its unsent pushes before Huddle's own queue (which
  // keeps only the newest push per topic) takes over. 0 leaves the kernel's autotuning, which lets a
  // connection that stopped reading hold megabytes of old pushes (--socket-send-buffer).
  std::size_t socket_send_buffer = 0;
  // A WebSocket must earn its place: `hello` within hello_timeout of the upgrade, and join, resume, attach
  // or create within admission_timeout, or it is closed (1008). A frame once begun must be whole within
  // frame_timeout (no trickle of a byte every few seconds).
  std::chrono::seconds hello_timeout{5};
  std::chrono::seconds admission_timeout{60};
  std::chrono::seconds frame_timeout{10};
  // Bytes of partial (not yet whole) messages all connections together may hold; a connection whose
  // partial message would pass it is closed with 1013 (try again later).
  std::size_t max_partial_bytes_total = 64 * 1024 * 1024;
  // Session-level limits (creation, guesses, idle sessions); max_participants and max_message_bytes above
  // are copied into it.
  hub::HubOptions hub;
  std::size_t max_http_body_bytes = 8 * 1024;  // the HTTP API takes no uploads
};

}  // namespace huddle::net
