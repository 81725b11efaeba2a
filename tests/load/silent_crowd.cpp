#include "silent_crowd.hpp"

#include <algorithm>

namespace huddle::load {

SilentCrowd::SilentCrowd(boost::asio::io_context& ioc, ServerUrl url, SourceAddresses sources, std::size_t per_source,
                         double rate)
    : url_(std::move(url)), sources_(std::move(sources)), rate_(rate), changed_(ioc.get_executor()) {
  slots_.resize(per_source * sources_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    slots_[i].client = std::make_unique<WsClient>(ioc, static_cast<std::uint32_t>(i), *this);
  }
}

void SilentCrowd::launch(Slot& slot) {
  ++started_;
  ++busy_;
  slot.busy = true;
  auto& client = *slot.client;
  client.open(url_.server, sources_.for_client(client.index()), url_.host, url_.path, 0,
              [this, &slot](boost::system::error_code ec) {
                if (ec) {
                  ++refused_[ec.message()];
                  ++refused_total_;
                  slot.busy = false;
                  --busy_;
                  return changed_.notify();
                }
                ++admitted_;
                slot.admitted_at = now_us();
                peak_open_ = std::max(peak_open_, ++open_);
              });
}

void SilentCrowd::on_message(WsClient&, const WsMessage&) { ++messages_; }

void SilentCrowd::on_closed(WsClient& client, const std::string& reason) {
  auto& slot = slots_[client.index()];
  ++closed_[reason];
  ++closed_total_;
  lifetime_.add(now_us() - slot.admitted_at);
  --open_;
  slot.busy = false;
  --busy_;
  changed_.notify();
}

boost::asio::awaitable<void> SilentCrowd::run(Micros until) {
  began_ = now_us();
  std::size_t next = 0;  // round robin over the slots, so every source address gets its turn
  while (now_us() < until) {
    const auto due = static_cast<std::size_t>(rate_ * static_cast<double>(now_us() - began_) / 1e6) + 1;
    for (std::size_t looked = 0; looked < slots_.size() && started_ < due && busy_ < slots_.size(); ++looked) {
      auto& slot = slots_[next];
      next = (next + 1) % slots_.size();
      if (!slot.busy && slot.client->reusable()) launch(slot);
    }
    co_await changed_.wait([] { return false; }, std::chrono::milliseconds(10));
  }
  // The attack ends: what is still open goes, without a close handshake (see WsClient::close).
  for (auto& slot : slots_) {
    if (slot.client->is_open()) {
      --open_;
      slot.client->close();
    }
  }
}

nlohmann::json SilentCrowd::report() {
  const auto by_reason = [](const std::map<std::string, std::size_t>& counts) { return nlohmann::json(counts); };
  return {{"sources", sources_.size()},
          {"first_source", sources_.for_client(0).to_string()},
          {"slots", slots_.size()},
          {"max_open_rate_per_second", rate_},
          {"opens_started", started_},
          {"admitted", admitted_},
          {"refused", refused_total_},
          {"refused_by_reason", by_reason(refused_)},
          {"closed_by_server", closed_total_},
          {"closed_by_reason", by_reason(closed_)},
          {"peak_open_at_once", peak_open_},
          {"messages_received", messages_},
          {"lifetime_until_closed_ms", lifetime_.summary()}};
}

}  // namespace huddle::load
