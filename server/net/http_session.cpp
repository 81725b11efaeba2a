#include "net/http_session.hpp"

#include <atomic>
#include <type_traits>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/join_code.hpp"
#include "core/report.hpp"
#include "hub/programme_desk.hpp"
#include "hub/secrets.hpp"

#include "net/qr_symbol.hpp"
#include "net/ws_session.hpp"

namespace huddle::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

namespace {

// The pages run no inline script or style and load everything from this origin; user text is rendered as
// text, and this policy is the second line of defence if that ever slips.
constexpr const char* content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

bool is_loopback(const std::string& address) {
  boost::system::error_code ec;
  const auto parsed = boost::asio::ip::make_address(address, ec);
  if (ec) return false;
  if (parsed.is_v6() && parsed.to_v6().is_v4_mapped()) return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, parsed.to_v6()).is_loopback();
  return parsed.is_loopback();
}

// Strict-Transport-Security for a year: once a browser has reached the server over TLS it never tries
// clear text again, so a network in between cannot strip TLS on a later visit.
constexpr const char* hsts = "max-age=31536000";

template <class Body>
void common_headers(bool tls, http::response<Body>& res) {
  res.set(http::field::server, "huddle");
  if (tls) res.set(http::field::strict_transport_security, hsts);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("Content-Security-Policy", content_security_policy);
  res.set("X-Frame-Options", "DENY");
}

http::message_generator text_response(bool tls, const http::request<http::string_body>& req, http::status status,
                                      std::string_view content_type, std::string body) {
  http::response<http::string_body> res{status, req.version()};
  common_headers(tls, res);
  res.set(http::field::content_type, content_type);
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  if (req.method() != http::verb::head) res.body() = std::move(body);
  res.prepare_payload();
  if (req.method() == http::verb::head) res.content_length(body.size());
  return res;
}

http::message_generator json_response(bool tls, const http::request<http::string_body>& req, http::status status,
                                      const nlohmann::json& j) {
  return text_response(tls, req, status, "application/json", j.dump());
}

http::message_generator error_response(bool tls, const http::request<http::string_body>& req, http::status status,
                                       std::string_view message) {
  return json_response(tls, req, status, {{"error", message}});
}

// The longest Host header a join link's QR code is drawn for: a DNS name (253) and a port.
constexpr std::size_t max_join_link_host_bytes = 260;
// How long a browser may keep a join link's QR code: a code's link never changes for the same host, and a
// projector that reloads should not draw it again. Private: it depends on the Host the browser used.
constexpr const char* qr_cache_control = "private, max-age=86400";

// "/api/sessions/{code}/qr.svg": the code as typed, or nothing for another path.
std::optional<std::string_view> qr_code_path(std::string_view path) {
  constexpr std::string_view prefix = "/api/sessions/", suffix = "/qr.svg";
  if (!path.starts_with(prefix) || !path.ends_with(suffix) || path.size() <= prefix.size() + suffix.size()) return std::nullopt;
  return path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
}

// A host as browsers send it (name or address, optional port): anything else is not this server's own link.
bool plausible_host(std::string_view host) {
  if (host.empty() || host.size() > max_join_link_host_bytes) return false;
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                    c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

// The QR code of this server's join link for a code (the link words.js joinLink() builds: the page's origin,
// "/?code=" and the code). Only join links, so this is no QR service for other text: the code must be
// join-code shaped and the host is the one the request came to. Whether the session exists is not looked
// up, so the answer tells a guesser nothing. `forwarded_proto`: whether X-Forwarded-Proto may be believed.
http::message_generator join_link_qr(bool tls, bool forwarded_proto, const http::request<http::string_body>& req,
                                     std::string_view typed_code) {
  const auto code = core::normalize_join_code(typed_code);
  if (!code || typed_code.size() != code->size()) {
    return error_response(tls, req, http::status::not_found, "not a join code");
  }
  const std::string_view host = req[http::field::host];
  if (!plausible_host(host)) return error_response(tls, req, http::status::bad_request, "no usable Host header");
  // Behind a proxy that ends TLS the browser's link is https although this hop is not. The header only
  // changes the asker's own (private, Vary'd) answer, so without --trusted-proxy anyone's is believed, as
  // any proxy in front may send it; with trusted proxies named, only theirs.
  const bool https = tls || (forwarded_proto && req["X-Forwarded-Proto"] == "https");
  const std::string link = std::string(https ? "https://" : "http://") + std::string(host) + "/?code=" + *code;
  const auto symbol = encode_qr(link);
  if (!symbol) return error_response(tls, req, http::status::bad_request, "the join link is too long for a QR code");
  http::response<http::string_body> res{http::status::ok, req.version()};
  common_headers(tls, res);
  res.set(http::field::content_type, "image/svg+xml");
  res.set(http::field::cache_control, qr_cache_control);
  res.set(http::field::vary, "Host, X-Forwarded-Proto");
  res.keep_alive(req.keep_alive());
  const std::string body = qr_svg(*symbol, link);
  if (req.method() != http::verb::head) res.body() = body;
  res.prepare_payload();
  if (req.method() == http::verb::head) res.content_length(body.size());
  return res;
}

}  // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(Stream&& stream, ServerContext& context, AddressSlot slot, bool via_proxy, std::size_t shard)
    : stream_(std::move(stream)), context_(context), slot_(std::move(slot)), via_proxy_(via_proxy), client_(slot_.address()), shard_(shard) {}

template <class Stream>
HttpSession<Stream>::~HttpSession() {
  if (registered_) context_.connections.remove(registry_id_);
}

template <class Stream>
void HttpSession<Stream>::run() {
  registry_id_ = context_.connections.add(this->weak_from_this());
  registered_ = true;
  asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::start, this->shared_from_this()));
}

template <class Stream>
void HttpSession<Stream>::start() {
  if constexpr (std::is_same_v<Stream, TlsStream>) {
    // A client that opens TCP and never finishes the TLS handshake is cut off like a slow HTTP request.
    beast::get_lowest_layer(stream_).expires_after(context_.options.handshake_timeout);
    stream_.async_handshake(asio::ssl::stream_base::server,
                            beast::bind_front_handler(&HttpSession::on_handshake, this->shared_from_this()));
  } else {
    do_read();
  }
}

template <class Stream>
void HttpSession<Stream>::on_handshake(beast::error_code ec) {
  if (ec) {
    // Plain HTTP sent to the TLS port, an old protocol version, a scanner: nothing to answer.
    spdlog::debug("TLS handshake failed: {}", ec.message());
    return close();
  }
  do_read();
}

template <class Stream>
void HttpSession<Stream>::shut_down() {
  asio::post(stream_.get_executor(), [self = this->shared_from_this()] { self->close(); });
}

template <class Stream>
void HttpSession<Stream>::do_read() {
  parser_.emplace();
  parser_->header_limit(8 * 1024);
  parser_->body_limit(context_.options.max_http_body_bytes);
  // A whole request (or, on keep-alive, the next one) must arrive within the handshake timeout, so a
  // client that trickles bytes (slowloris) or idles holds a connection for at most that long.
  beast::get_lowest_layer(stream_).expires_after(context_.options.handshake_timeout);
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
}

template <class Stream>
void HttpSession<Stream>::on_read(beast::error_code ec, std::size_t) {
  if (ec) return close();
  const auto& req = parser_->get();
  client_ = client_address(req);
  if (beast::websocket::is_upgrade(req)) return upgrade();
  if (auto code = report_code(req.target()); code && req.method() == http::verb::get) return report(*code);
  if (context_.hub.programmes() && hub::ProgrammeDesk::serves(req.target().substr(0, req.target().find('?')))) {
    return programme_api();
  }
  const bool keep_alive = req.keep_alive();
  beast::async_write(stream_, respond(req),
                     beast::bind_front_handler(&HttpSession::on_write, this->shared_from_this(), keep_alive));
}

template <class Stream>
std::optional<std::string> HttpSession<Stream>::report_code(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  constexpr std::string_view prefix = "/api/sessions/", suffix = "/report";
  if (!path.starts_with(prefix) || !path.ends_with(suffix) || path.size() <= prefix.size() + suffix.size()) {
    return std::nullopt;
  }
  return std::string(path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()));
}

template <class Stream>
void HttpSession<Stream>::report(const std::string& code) {
  auto req = std::make_shared<http::request<http::string_body>>(parser_->release());
  // The key travels in a header, never in the URL, so no access log or browser history ever holds it.
  const std::string key(req->base()["X-Facilitator-Key"]);
  if (key.empty()) {
    const bool keep_alive = req->keep_alive();
    beast::async_write(stream_, error_response(is_tls, *req, http::status::unauthorized, "send the facilitator key in X-Facilitator-Key"),
                       beast::bind_front_handler(&HttpSession::on_write, this->shared_from_this(), keep_alive));
    return;
  }
  const std::string_view target = req->target();
  const bool csv = target.find("format=csv") != std::string_view::npos;
  context_.hub.report(code, key, client_, [self = this->shared_from_this(), req, csv](int status, nlohmann::json body) {
    // Back onto this connection's executor: the hub may answer from a session's strand.
    asio::post(self->stream_.get_executor(), [self, req, csv, status, body = std::move(body)] {
      const bool keep_alive = req->keep_alive();
      auto send = [&](http::message_generator message) {
        beast::async_write(self->stream_, std::move(message),
                           beast::bind_front_handler(&HttpSession::on_write, self, keep_alive));
      };
      if (status != 200) return send(json_response(is_tls, *req, static_cast<http::status>(status), body));
      if (!csv) return send(json_response(is_tls, *req, http::status::ok, body));
      send(text_response(is_tls, *req, http::status::ok, "text/csv; charset=utf-8", core::session_report_csv(body)));
    });
  });
}

template <class Stream>
void HttpSession<Stream>::programme_api() {
  auto req = std::make_shared<http::request<http::string_body>>(parser_->release());
  const bool keep_alive = req->keep_alive();
  auto send = [self = this->shared_from_this(), keep_alive](http::message_generator message) {
    beast::async_write(self->stream_, std::move(message), beast::bind_front_handler(&HttpSession::on_write, self, keep_alive));
  };
  const auto method = req->method();
  if (method != http::verb::get && method != http::verb::post && method != http::verb::put && method != http::verb::delete_) {
    return send(error_response(is_tls, *req, http::status::method_not_allowed, "only GET, POST, PUT and DELETE"));
  }
  if (method != http::verb::get) {
    // Changes only from the server's own pages: a JSON content type (which a cross-site form cannot send
    // without the browser asking first, and this server never says yes) and, when the browser names it, our
    // own origin.
    const auto type = (*req)[http::field::content_type];
    if (!req->body().empty() && !type.starts_with("application/json")) {
      return send(error_response(is_tls, *req, http::status::unsupported_media_type, "send JSON (Content-Type: application/json)"));
    }
    if (!context_.origins.allows((*req)[http::field::origin])) {
      return send(error_response(is_tls, *req, http::status::forbidden, "origin not allowed"));
    }
  }
  const std::string_view target = req->target();
  const auto question = target.find('?');
  hub::ApiRequest api;
  api.method = std::string(req->method_string());
  api.path = std::string(target.substr(0, question));
  api.query = question == std::string_view::npos ? std::string() : std::string(target.substr(question + 1));
  api.body = req->body();
  api.address = client_;
  // Secrets travel in headers, never in the URL, so no access log or browser history holds them.
  api.facilitator_key = std::string((*req)["X-Facilitator-Key"]);
  api.member_token = std::string((*req)["X-Member-Token"]);
  api.manager_token = std::string((*req)["X-Manager-Token"]);
  context_.hub.programmes()->handle(std::move(api), [self = this->shared_from_this(), req, keep_alive](hub::ApiReply reply) {
    asio::post(self->stream_.get_executor(), [self, req, keep_alive, reply = std::move(reply)] {
      http::response<http::string_body> res{static_cast<http::status>(reply.status), req->version()};
      common_headers(is_tls, res);
      res.set(http::field::content_type, reply.content_type);
      // Personal views: never cached by anything between the person and the server.
      res.set(http::field::cache_control, "no-store");
      res.keep_alive(keep_alive);
      res.body() = std::move(reply.body);
      res.prepare_payload();
      beast::async_write(self->stream_, http::message_generator(std::move(res)),
                         beast::bind_front_handler(&HttpSession::on_write, self, keep_alive));
    });
  });
}

template <class Stream>
void HttpSession<Stream>::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  if (ec || !keep_alive) return close();
  do_read();
}

template <class Stream>
void HttpSession<Stream>::close() {
  beast::error_code ignored;
  // Over TLS this skips close_notify: every response is length-delimited, so the client loses nothing.
  auto& socket = beast::get_lowest_layer(stream_).socket();
  socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  socket.close(ignored);
}

template <class Stream>
std::string HttpSession<Stream>::client_address(const http::request<http::string_body>& req) const {
  if (!via_proxy_) return slot_.address();  // anyone else's X-Forwarded-For is theirs to invent: ignored
  // The last header of that name is the proxy's own (HAProxy's `option forwardfor` adds one after any the
  // client sent), and its last entry the address the proxy saw.
  std::string_view last;
  bool present = false;
  for (auto [it, end] = req.equal_range("X-Forwarded-For"); it != end; ++it) {
    last = it->value();
    present = true;
  }
  if (auto client = forwarded_client(last)) return *client;
  // A proxy that does not say: its clients all count as the proxy. Said once, so a misconfigured proxy
  // (no `option forwardfor`) is found without a log line per request. The proxy's own health checks come
  // without the header by design and are no sign of that.
  static std::atomic<bool> warned{false};
  const bool health_check = req.target() == "/healthz";
  if (!health_check && !warned.exchange(true)) {
    spdlog::warn("a request from trusted proxy {} came {}; counting it under the proxy's own address (is X-Forwarded-For "
                 "set there?)", slot_.address(),
                 present ? "with an unusable X-Forwarded-For '" + std::string(last.substr(0, 100)) + "'" : "without X-Forwarded-For");
  }
  return slot_.address();
}

template <class Stream>
void HttpSession<Stream>::upgrade() {
  auto req = parser_->release();
  const auto target = std::string(req.target().substr(0, req.target().find('?')));
  auto refuse = [&](http::status status, std::string_view why) {
    context_.metrics.connections_rejected.fetch_add(1, std::memory_order_relaxed);
    req.keep_alive(false);
    beast::async_write(stream_, error_response(is_tls, req, status, why),
                       beast::bind_front_handler(&HttpSession::on_write, this->shared_from_this(), false));
  };
  if (target != "/ws") return refuse(http::status::not_found, "WebSocket endpoint is /ws");
  if (!context_.origins.allows(req[http::field::origin])) {
    spdlog::info("refused a WebSocket upgrade from origin '{}'", std::string(req[http::field::origin]).substr(0, 100));
    return refuse(http::status::forbidden, "origin not allowed");
  }
  if (via_proxy_) {
    // Through a trusted proxy the WebSocket is its client's: it counts against that address's and network's
    // caps from now on, as a direct connection did at accept (where one over the cap is simply closed; here
    // the proxy relays the answer).
    auto slot = context_.addresses.acquire(client_, context_.options.hub.grouping.group_of(client_),
                                           context_.options.max_connections_per_address,
                                           context_.options.max_connections_per_network);
    if (!slot) return refuse(http::status::too_many_requests, "too many connections from your address or network");
    slot_ = std::move(*slot);
  }
  // This HTTP session ends here; the WebSocket session registers itself.
  context_.connections.remove(registry_id_);
  registered_ = false;
  std::make_shared<WsSession<Stream>>(std::move(stream_), context_, std::move(slot_), context_.shards[shard_])->run(std::move(req));
}

template <class Stream>
http::message_generator HttpSession<Stream>::respond(const http::request<http::string_body>& req) {
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    return error_response(is_tls, req, http::status::method_not_allowed, "only GET and HEAD");
  }
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));

  if (path == "/healthz") {
    nlohmann::json health = {{"status", "ok"}, {"sessions", context_.hub.session_count()}};
    if (const auto* cluster = context_.hub.cluster()) health["node"] = cluster->node_id();
    return json_response(is_tls, req, http::status::ok, health);
  }
  if (path == "/metrics") {
    // Internals are for the operator: a bearer token when one is set, else only clients on this machine.
    const auto& token = context_.options.metrics_token;
    const bool allowed = token.empty() ? is_loopback(client_)
                                       : hub::constant_time_equal(req[http::field::authorization], "Bearer " + token);
    if (!allowed) return error_response(is_tls, req, http::status::forbidden, "metrics are not public: see --metrics-token");
    return text_response(is_tls, req, http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                         context_.metrics.render_prometheus());
  }
  if (path == "/api/scenarios") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : context_.catalog.list()) {
      list.push_back({{"id", s->id},
                      {"title", s->title},
                      {"description", s->description},
                      {"competencies", s->competencies},
                      {"durationMinutes", s->duration_minutes},
                      {"mode", s->mode},
                      {"language", s->language},
                      {"phaseCount", s->phases.size()}});
    }
    return json_response(is_tls, req, http::status::ok, {{"scenarios", list}});
  }
  if (auto code = qr_code_path(path)) return join_link_qr(is_tls, via_proxy_ || context_.proxies.empty(), req, *code);
  if (path.starts_with("/api/")) return error_response(is_tls, req, http::status::not_found, "no such API");

  auto file = context_.files.resolve(target);
  if (!file) return error_response(is_tls, req, http::status::not_found, "not found");

  std::error_code fec;
  const auto size = std::filesystem::file_size(*file, fec);
  const auto mtime = static_cast<std::uint64_t>(std::filesystem::last_write_time(*file, fec).time_since_epoch().count());
  const std::string etag = "\"" + std::to_string(mtime % 1000000000000ULL) + "-" + std::to_string(size) + "\"";
  if (req[http::field::if_none_match] == etag) {
    http::response<http::empty_body> res{http::status::not_modified, req.version()};
    common_headers(is_tls, res);
    res.set(http::field::etag, etag);
    res.set(http::field::cache_control, "no-cache");
    res.keep_alive(req.keep_alive());
    return res;
  }
  beast::error_code ec;
  http::file_body::value_type body;
  body.open(file->c_str(), beast::file_mode::scan, ec);
  if (ec) return error_response(is_tls, req, http::status::not_found, "not found");
  const auto body_size = body.size();
  // Files are revalidated on every load (cheap 304s by ETag): no bundler means no hashed file names, and a
  // facilitator must never run a stale client after an upgrade.
  if (req.method() == http::verb::head) {
    http::response<http::empty_body> res{http::status::ok, req.version()};
    common_headers(is_tls, res);
    res.set(http::field::content_type, StaticFiles::content_type(*file));
    res.set(http::field::etag, etag);
    res.set(http::field::cache_control, "no-cache");
    res.content_length(body_size);
    res.keep_alive(req.keep_alive());
    return res;
  }
  http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                      std::make_tuple(http::status::ok, req.version())};
  common_headers(is_tls, res);
  res.set(http::field::content_type, StaticFiles::content_type(*file));
  res.set(http::field::etag, etag);
  res.set(http::field::cache_control, "no-cache");
  res.content_length(body_size);
  res.keep_alive(req.keep_alive());
  return res;
}

template class HttpSession<PlainStream>;
template class HttpSession<TlsStream>;

}  // namespace huddle::net
