#include "broadcast_run.hpp"

#include <charconv>
#include <cmath>

namespace huddle::load {

using nlohmann::json;

BroadcastRun::BroadcastRun(boost::asio::io_context& ioc, const LoadOptions& options)
    : LoadRun(ioc, options, "broadcast"),
      sender_index_(static_cast<std::uint32_t>(options.clients)),
      last_seq_(options.clients, 0),
      closed_(options.clients, false) {}

std::string BroadcastRun::payload(std::uint64_t seq) const {
  // JSON like Huddle's frames, padded to the size of a Huddle session push; the sequence number leads so
  // receivers find it in the message's first bytes.
  std::string text = R"({"seq":)" + std::to_string(seq) + R"(,"t":)" + std::to_string(now_us()) + R"(,"pad":")";
  const std::size_t closing = 2;  // "}
  if (text.size() + closing < options_.bytes) text.append(options_.bytes - text.size() - closing, 'x');
  text += "\"}";
  return text;
}

void BroadcastRun::on_message(WsClient& client, const WsMessage& message) {
  traffic_.count(message.size);
  if (client.index() == sender_index_) return;  // servers that echo to the sender too (Beast's chat)
  constexpr std::string_view key = R"({"seq":)";
  std::uint64_t seq = 0;
  if (message.head.rfind(key, 0) != 0 ||
      std::from_chars(message.head.data() + key.size(), message.head.data() + message.head.size(), seq).ec != std::errc()) {
    errors_.unreadable_frame();
    return;
  }
  auto& last = last_seq_[client.index()];
  const auto before = last;
  last = std::max(last, seq);
  tracker_.record(client.index(), seq, message.at);
  if (watch_.advanced(before, last)) changed_.notify();
}

void BroadcastRun::on_closed(WsClient& client, const std::string& reason) {
  errors_.closed(reason);
  if (client.index() == sender_index_) return;
  if (watch_.active() && last_seq_[client.index()] < watch_.target()) watch_.dropped();
  closed_[client.index()] = true;
  changed_.notify();
}

boost::asio::awaitable<void> BroadcastRun::run() {
  // Connect the receivers: the server's memory before and after is its cost per idle connection.
  const auto rss_before = probe_.rss_kib();
  const auto started = now_us();
  log_.note("connecting " + std::to_string(options_.clients) + " clients");
  const int buffer = options_.receive_buffer;
  std::function<int(std::size_t)> receive_buffer;
  if (buffer > 0) receive_buffer = [buffer](std::size_t) { return buffer; };
  pool_.open(options_.clients, options_.concurrency, receive_buffer, [this](WsClient&) { pool_.settled(true); });
  bool ok = co_await changed_.wait([&] { return pool_.finished(); }, step_timeout());
  json connect{{"clients", options_.clients}, {"connected", pool_.ready()}, {"sources", sources_.size()},
               {"seconds", static_cast<double>(now_us() - started) / 1e6}};
  connect.update(probe_.rss_growth(rss_before, pool_.ready()));
  report_["connect"] = connect;
  if (!ok) errors_.timed_out("connect: " + std::to_string(pool_.ready()) + " of " + std::to_string(options_.clients));

  sender_ = std::make_unique<WsClient>(ioc_, sender_index_, *this);
  ok = ok && co_await open_single(*sender_, "sender");

  bool delivered = false;
  if (ok) {
    const auto count = static_cast<std::size_t>(std::llround(options_.rate * options_.duration));
    std::vector<TrackedUpdate> updates(count);
    log_.note(std::to_string(pool_.ready()) + " connected; broadcasting");
    tracker_.begin(options_.clients);
    meter_.start();
    const auto spacing = std::chrono::microseconds(static_cast<long>(1e6 / options_.rate));
    co_await pacer_.run(count, spacing, [&](std::size_t k) {
      updates[k] = {k + 1, now_us()};
      sender_->send(payload(k + 1));
    });
    std::size_t expected = 0, reached = 0;
    for (std::size_t i = 0; i < options_.clients; ++i) {
      if (closed_[i] || i >= pool_.clients().size() || !pool_.clients()[i]->is_open()) continue;
      ++expected;
      if (last_seq_[i] >= count) ++reached;
    }
    watch_.start(count, expected, reached);
    if (!co_await changed_.wait([&] { return watch_.done(); }, step_timeout())) {
      errors_.timed_out("broadcast: " + std::to_string(watch_.reached()) + " of " + std::to_string(watch_.expected()) +
                        " clients got the last frame");
    }
    watch_.stop();
    tracker_.stop();
    auto delivery = tracker_.resolve(updates, [&](std::uint32_t i) { return !closed_[i] && pool_.clients()[i]->is_open(); });
    json out{{"rate_per_second", options_.rate}, {"duration_seconds", options_.duration}, {"push_bytes", options_.bytes}};
    out["delivery"] = delivery.to_json();
    out["window"] = meter_.finish();
    report_["broadcast"] = out;
    delivered = delivery.missed == 0;
  }
  finish(delivered, sender_.get());
}

}  // namespace huddle::load
