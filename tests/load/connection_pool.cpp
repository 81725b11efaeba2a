#include "connection_pool.hpp"

#include <algorithm>

namespace huddle::load {

ConnectionPool::ConnectionPool(boost::asio::io_context& ioc, WsClientListener& listener,
                               const SourceAddresses& sources, ServerUrl target, ErrorCounts& errors)
    : ioc_(ioc), listener_(listener), sources_(sources), target_(std::move(target)), errors_(errors) {}

void ConnectionPool::open(std::size_t count, std::size_t concurrency, std::function<int(std::size_t)> receive_buffer,
                          Setup setup) {
  const auto first = clients_.size();
  clients_.reserve(first + count);
  for (std::size_t i = 0; i < count; ++i) {
    clients_.push_back(std::make_unique<WsClient>(ioc_, static_cast<std::uint32_t>(first + i), listener_));
    if (relay_for_) {
      if (auto* relay = relay_for_(first + i)) clients_.back()->relay_through(*relay);
    }
  }
  receive_buffer_ = std::move(receive_buffer);
  setup_ = std::move(setup);
  next_ = first;
  wanted_ += count;
  for (std::size_t i = 0; i < std::max<std::size_t>(1, concurrency) && next_ < clients_.size(); ++i) start_next();
}

void ConnectionPool::start_next() {
  if (next_ >= clients_.size()) return;
  auto& client = *clients_[next_];
  const auto index = next_++;
  const auto& target = targets_.empty() ? target_ : targets_[index % targets_.size()];
  std::string path = target.path;
  if (!query_.empty()) path += (path.find('?') == std::string::npos ? "?" : "&") + query_;
  client.open(target.server, sources_.for_client(index), target.host, path,
              receive_buffer_ ? receive_buffer_(index) : 0, [this, &client](boost::system::error_code ec) {
                if (ec) {
                  errors_.open_failed(ec.message());
                  return settled(false);
                }
                setup_(client);
              });
}

void ConnectionPool::settled(bool ok) {
  ++(ok ? ready_ : failed_);
  start_next();
}

}  // namespace huddle::load
