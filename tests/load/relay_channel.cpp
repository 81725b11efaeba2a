#include "relay_channel.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace huddle::load {

namespace asio = boost::asio;

namespace {
constexpr std::size_t chunk_bytes = 256 * 1024;
}

RelayChannel::RelayChannel(asio::io_context& ioc, int fd, OnRecord on_record, OnEnd on_end)
    : socket_(ioc, asio::local::stream_protocol(), fd), on_record_(std::move(on_record)), on_end_(std::move(on_end)) {
  chunk_.resize(chunk_bytes);
}

void RelayChannel::read() {
  socket_.async_read_some(asio::buffer(chunk_), [this](boost::system::error_code ec, std::size_t got) {
    if (ended_) return;
    if (ec) {
      ended_ = true;
      return on_end_(ec.message());
    }
    in_.append(chunk_.data(), got);
    relay_wire::for_each_record(in_, [this](relay_wire::Kind kind, relay_wire::Reader reader) { on_record_(kind, reader); });
    read();
  });
}

void RelayChannel::schedule() {
  if (scheduled_ || writing_ || ended_) return;
  scheduled_ = true;
  // After the handlers already queued: what they write goes in the same batch.
  asio::post(socket_.get_executor(), [this] {
    scheduled_ = false;
    flush();
  });
}

void RelayChannel::flush() {
  if (writing_ || pending_.empty() || ended_) return;
  sending_.swap(pending_);
  writing_ = true;
  asio::async_write(socket_, asio::buffer(sending_), [this](boost::system::error_code ec, std::size_t) {
    writing_ = false;
    sending_.clear();
    if (ended_) return;
    if (ec) {
      ended_ = true;
      return on_end_(ec.message());
    }
    flush();
  });
}

void RelayChannel::close() {
  ended_ = true;
  boost::system::error_code ignored;
  socket_.close(ignored);
}

}  // namespace huddle::load
