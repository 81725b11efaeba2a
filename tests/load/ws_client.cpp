#include "ws_client.hpp"

#include "client_relay.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace huddle::load {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;

namespace {

// One receive buffer for every client of the thread: bytes are parsed as soon as recv() returns them.
constexpr std::size_t scratch_bytes = 64 * 1024;
// At most this much is read from one socket per wake-up, so one client with a long backlog cannot hold
// up the others' timestamps.
constexpr std::size_t read_budget = 4 * scratch_bytes;
char scratch[scratch_bytes];

// Masking keys: RFC 6455 wants them unpredictable to intermediaries; a xorshift is plenty here.
std::uint32_t next_mask() {
  static std::uint32_t state = 0x9E3779B9u;
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

// An upgrade answered with another status than 101: the error says which ("upgrade refused: HTTP 503").
// (Boost's error_category has a protected non-virtual destructor, as every category does; GCC's -Wnon-virtual-dtor
// does not see that it is protected.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class UpgradeRefusedCategory final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "huddle-load.upgrade"; }
  std::string message(int status) const override { return "upgrade refused: HTTP " + std::to_string(status); }
};
#pragma GCC diagnostic pop

}  // namespace

const boost::system::error_category& upgrade_refused_category() {
  static const UpgradeRefusedCategory category;
  return category;
}

error_code upgrade_refused(int status) { return {status, upgrade_refused_category()}; }

struct WsClient::Upgrade {
  http::request<http::empty_body> request;
  // A string body: a refusal (a proxy's 503, the server's 429) comes with one, and its status is the error.
  http::response<http::string_body> response;
  boost::beast::flat_buffer buffer;  // may hold the first frames after the response
};

WsClient::WsClient(asio::io_context& ioc, std::uint32_t index, WsClientListener& listener)
    : socket_(ioc), listener_(listener), index_(index) {}

WsClient::~WsClient() = default;

void WsClient::open(const asio::ip::tcp::endpoint& server, const asio::ip::address& source, const std::string& host,
                    const std::string& target, int receive_buffer, std::function<void(error_code)> done) {
  if (relay_) return relay_->open(*this, server, source, host, target, receive_buffer, std::move(done));
  // A reused client starts from a clean parser and outbox: what a previous connection left means nothing.
  header_have_ = 0;
  in_payload_ = fin_ = paused_ = false;
  payload_left_ = 0;
  head_size_ = tail_size_ = message_size_ = 0;
  full_.clear();
  outbox_.clear();
  error_code ec;
  socket_.open(asio::ip::tcp::v4(), ec);
  if (!ec) {
    const int one = 1;
    // Without this, bind() reserves a port per address for good and caps a source address far lower.
    ::setsockopt(socket_.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    socket_.bind(asio::ip::tcp::endpoint(source, 0), ec);
  }
  if (!ec && receive_buffer > 0) socket_.set_option(asio::socket_base::receive_buffer_size(receive_buffer), ec);
  if (ec) {
    error_code ignored;
    socket_.close(ignored);
    asio::post(socket_.get_executor(), [done = std::move(done), ec] { done(ec); });
    return;
  }
  upgrade_ = std::make_unique<Upgrade>();
  auto& req = upgrade_->request;
  req = http::request<http::empty_body>(http::verb::get, target, 11);
  req.set(http::field::host, host);
  req.set(http::field::upgrade, "websocket");
  req.set(http::field::connection, "Upgrade");
  // Any 16 bytes in base64 will do: the tool does not check the server's accept hash, only the 101.
  req.set(http::field::sec_websocket_key, "bG9hZC10b29sLWtleS0wMQ==");
  req.set(http::field::sec_websocket_version, "13");
  req.set(http::field::user_agent, "huddle-load");
  socket_.async_connect(server, [this, done = std::move(done)](error_code connect_ec) mutable {
    if (connect_ec) return on_upgraded(connect_ec, done);
    error_code ignored;
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);  // a vote must not wait for an ACK
    http::async_write(socket_, upgrade_->request, [this, done = std::move(done)](error_code write_ec, std::size_t) mutable {
      if (write_ec) return on_upgraded(write_ec, done);
      http::async_read(socket_, upgrade_->buffer, upgrade_->response,
                       [this, done = std::move(done)](error_code read_ec, std::size_t) { on_upgraded(read_ec, done); });
    });
  });
}

void WsClient::on_upgraded(error_code ec, const std::function<void(error_code)>& done) {
  if (!ec && upgrade_->response.result() != http::status::switching_protocols) {
    ec = upgrade_refused(static_cast<int>(upgrade_->response.result_int()));
  }
  if (ec) {
    // A failed open keeps no descriptor: the attack target makes tens of thousands of refused attempts.
    upgrade_.reset();
    error_code ignored;
    socket_.close(ignored);
    return done(ec);
  }
  open_ = true;
  // Frames that came in the same segment as the 101.
  const auto leftover = upgrade_->buffer.data();
  std::string early(static_cast<const char*>(leftover.data()), leftover.size());
  upgrade_.reset();
  if (!early.empty()) consume(early.data(), early.size());
  if (open_) wait_readable();
  done({});
}

void WsClient::wait_readable() {
  if (paused_ || waiting_read_ || !open_) return;
  waiting_read_ = true;
  socket_.async_wait(asio::socket_base::wait_read, [this](error_code ec) {
    waiting_read_ = false;
    if (ec == asio::error::operation_aborted || !open_) return;
    if (ec) return fail(ec);
    on_readable();
  });
}

void WsClient::on_readable() {
  std::size_t budget = read_budget;
  while (open_ && !paused_ && budget > 0) {
    const auto got = ::recv(socket_.native_handle(), scratch, scratch_bytes, MSG_DONTWAIT);
    if (got > 0) {
      consume(scratch, static_cast<std::size_t>(got));
      budget -= std::min(budget, static_cast<std::size_t>(got));
      if (static_cast<std::size_t>(got) < scratch_bytes) break;  // drained for now
      continue;
    }
    if (got == 0) return fail(asio::error::eof);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    return fail(error_code(errno, boost::system::system_category()));
  }
  wait_readable();
}

void WsClient::consume(const char* data, std::size_t size) {
  while (size > 0 && open_) {
    if (!in_payload_) {
      // Collect the header: 2 bytes, then the extended length (server frames are not masked).
      std::size_t need = 2;
      if (header_have_ >= 2) {
        const auto len7 = header_[1] & 0x7F;
        need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((header_[1] & 0x80) ? 4 : 0);
      }
      if (header_have_ < need) {
        const auto take = std::min(size, need - header_have_);
        std::memcpy(header_.data() + header_have_, data, take);
        header_have_ = static_cast<std::uint8_t>(header_have_ + take);
        data += take;
        size -= take;
        continue;  // re-evaluate: the second byte may say more header follows
      }
      fin_ = header_[0] & 0x80;
      const unsigned opcode = header_[0] & 0x0F;
      if (opcode != 0) opcode_ = static_cast<std::uint8_t>(opcode);  // a continuation keeps its message's
      const auto len7 = header_[1] & 0x7F;
      payload_left_ = len7;
      if (len7 == 126) payload_left_ = (std::uint64_t{header_[2]} << 8) | header_[3];
      if (len7 == 127) {
        payload_left_ = 0;
        for (int i = 0; i < 8; ++i) payload_left_ = (payload_left_ << 8) | header_[2 + i];
      }
      header_have_ = 0;
      in_payload_ = true;
      control_size_ = 0;
      if (payload_left_ == 0) on_frame_end();
      continue;
    }
    const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(size, payload_left_));
    on_payload(data, take);
    data += take;
    size -= take;
    payload_left_ -= take;
    if (payload_left_ == 0) on_frame_end();
  }
}

void WsClient::on_payload(const char* data, std::size_t size) {
  if (opcode_ >= 0x8) {  // control frame: at most 125 bytes
    const auto take = std::min<std::size_t>(size, control_.size() - control_size_);
    std::memcpy(control_.data() + control_size_, data, take);
    control_size_ = static_cast<std::uint8_t>(control_size_ + take);
    return;
  }
  const std::size_t to_head = std::min(size, edge_bytes - head_size_);
  std::memcpy(head_.data() + head_size_, data, to_head);
  head_size_ += to_head;
  if (size >= edge_bytes) {
    std::memcpy(tail_.data(), data + size - edge_bytes, edge_bytes);
    tail_size_ = edge_bytes;
  } else {
    const std::size_t keep = std::min(tail_size_, edge_bytes - size);
    std::memmove(tail_.data(), tail_.data() + tail_size_ - keep, keep);
    std::memcpy(tail_.data() + keep, data, size);
    tail_size_ = keep + size;
  }
  if (keep_full_) full_.append(data, size);
  message_size_ += size;
}

void WsClient::on_frame_end() {
  in_payload_ = false;
  switch (opcode_) {
    case 0x8: {  // close: the server is done with us
      const int code = control_size_ >= 2 ? (static_cast<std::uint8_t>(control_[0]) << 8) | static_cast<std::uint8_t>(control_[1]) : 1005;
      return fail("closed by the server with code " + std::to_string(code));
    }
    case 0x9:  // ping: answer as a browser would
      send_frame(0xA, std::string_view(control_.data(), control_size_));
      return;
    case 0xA:  // pong
      return;
    default:
      break;
  }
  if (!fin_) return;  // more fragments of this message follow
  const WsMessage message{std::string_view(head_.data(), head_size_), std::string_view(tail_.data(), tail_size_),
                          std::string_view(full_), message_size_, now_us()};
  listener_.on_message(*this, message);
  head_size_ = tail_size_ = message_size_ = 0;
  full_.clear();
}

void WsClient::send(std::string_view text) {
  if (relay_) {
    if (open_) relay_->send(index_, text);
    return;
  }
  send_frame(0x1, text);
}

void WsClient::send_frame(unsigned opcode, std::string_view payload) {
  if (!open_) return;
  const auto start = outbox_.size();
  outbox_.push_back(static_cast<char>(0x80 | opcode));
  const auto size = payload.size();
  if (size < 126) {
    outbox_.push_back(static_cast<char>(0x80 | size));
  } else if (size < 65536) {
    outbox_.push_back(static_cast<char>(0x80 | 126));
    outbox_.push_back(static_cast<char>(size >> 8));
    outbox_.push_back(static_cast<char>(size & 0xFF));
  } else {
    outbox_.push_back(static_cast<char>(0x80 | 127));
    for (int i = 7; i >= 0; --i) outbox_.push_back(static_cast<char>((static_cast<std::uint64_t>(size) >> (8 * i)) & 0xFF));
  }
  const auto mask = next_mask();
  char key[4];
  std::memcpy(key, &mask, 4);
  outbox_.append(key, 4);
  const auto body = outbox_.size();
  outbox_.append(payload);
  for (std::size_t i = 0; i < size; ++i) outbox_[body + i] = static_cast<char>(outbox_[body + i] ^ key[i % 4]);
  if (start == 0 && !waiting_write_) flush();
}

void WsClient::flush() {
  while (!outbox_.empty() && open_) {
    const auto sent = ::send(socket_.native_handle(), outbox_.data(), outbox_.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (sent > 0) {
      outbox_.erase(0, static_cast<std::size_t>(sent));
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      waiting_write_ = true;
      socket_.async_wait(asio::socket_base::wait_write, [this](error_code ec) {
        waiting_write_ = false;
        if (ec == asio::error::operation_aborted || !open_) return;
        if (ec) return fail(ec);
        flush();
      });
      return;
    }
    return fail(error_code(errno, boost::system::system_category()));
  }
}

void WsClient::pause_reading() {
  if (relay_) return relay_->pause_reading(index_);
  paused_ = true;
}

void WsClient::resume_reading() {
  if (relay_) return relay_->resume_reading(index_);
  paused_ = false;
  if (open_) on_readable();
}

void WsClient::relayed_closed(const std::string& reason) {
  if (!open_) return;
  open_ = false;
  listener_.on_closed(*this, reason);
}

void WsClient::fail(error_code ec) { fail(ec.message()); }

void WsClient::fail(const std::string& reason) {
  if (!open_) return;
  open_ = false;
  error_code ignored;
  socket_.close(ignored);
  listener_.on_closed(*this, reason);
}

void WsClient::close() {
  if (!open_) return;
  open_ = false;
  if (relay_) return relay_->close(index_);
  // A close handshake per client would double the shutdown's work for thousands of clients; the server
  // sees the TCP close, which is what a browser tab that goes away looks like too.
  error_code ignored;
  socket_.close(ignored);
}

}  // namespace huddle::load
