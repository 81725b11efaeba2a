#include "storage_flood.hpp"

#include <cmath>

#include "frame_summary.hpp"
#include "open_client.hpp"

namespace huddle::load {

StorageFlood::StorageFlood(boost::asio::io_context& ioc, ServerUrl url, SourceAddresses sources, std::string scenario,
                           std::size_t participants, double rate, std::chrono::milliseconds step_timeout)
    : url_(std::move(url)),
      scenario_(std::move(scenario)),
      participants_(participants),
      rate_(rate),
      step_timeout_(step_timeout),
      changed_(ioc.get_executor()),
      pacer_(ioc.get_executor()),
      facilitator_client_(ioc, 0, *this),
      console_(facilitator_client_, ioc.get_executor()),
      source_(sources.for_client(0)),
      crowd_(ioc, url_, sources, "flood-", changed_) {
  crowd_.on_reply([this](std::uint32_t, bool ok, std::string_view code, Micros round_trip) {
    --in_flight_;
    reply_.add(round_trip);
    if (ok) {
      ++acked_;
    } else {
      ++refused_[std::string(code)];
      ++refused_total_;
    }
  });
}

void StorageFlood::on_message(WsClient&, const WsMessage& message) { console_.on_message(message, FrameSummary::of(message)); }

void StorageFlood::on_closed(WsClient&, const std::string& reason) { facilitator_closed_ = reason; }

boost::asio::awaitable<std::string> StorageFlood::prepare() {
  // The facilitator sits on the attacker's network too, at the crowd's first address.
  auto error = co_await open_client(facilitator_client_, url_, source_, changed_, step_timeout_);
  if (!error.empty()) co_return "facilitator: open: " + error;
  const auto created = co_await console_.create_session(scenario_, step_timeout_);
  if (!created.error.empty()) co_return "facilitator: " + created.error;
  code_ = created.code;
  error = co_await console_.goto_activity("poll", "open", step_timeout_);
  if (!error.empty()) co_return "facilitator: " + error;
  poll_id_ = console_.poll()->id;
  crowd_.join(code_, participants_, participants_);
  if (!co_await changed_.wait([&] { return crowd_.settled(); }, step_timeout_)) co_return "the flood's joins timed out";
  if (crowd_.joined() != participants_) {
    co_return std::to_string(crowd_.joined()) + " of " + std::to_string(participants_) + " flood participants joined";
  }
  co_return std::string();
}

std::string StorageFlood::answer(std::size_t k) const {
  // As long as the scenario's open poll takes (first-90-days: 200 characters), and different every time,
  // so each accepted vote replaces the ballot with new text the journal must keep.
  std::string text = "flood " + std::to_string(k) + " ";
  while (text.size() < answer_length) text += "spam-and-more-spam ";
  text.resize(answer_length);
  return text;
}

boost::asio::awaitable<void> StorageFlood::run(Micros until) {
  began_ = now_us();
  const auto seconds = static_cast<double>(until - began_) / 1e6;
  const auto count = static_cast<std::size_t>(std::llround(rate_ * seconds * static_cast<double>(participants_)));
  const auto spacing = std::chrono::microseconds(static_cast<long>(1e6 / (rate_ * static_cast<double>(participants_))));
  // Votes go round the participants; one whose last vote is still unanswered skips its turn (counted).
  co_await pacer_.run(count, spacing, [&](std::size_t k) {
    const auto index = static_cast<std::uint32_t>(k % participants_);
    if (!crowd_.ready(index)) {
      ++skipped_;
      return;
    }
    ++sent_;
    ++in_flight_;
    crowd_.send(index, {{"type", "poll.vote"}, {"pollId", poll_id_}, {"vote", {{"text", answer(k)}}}});
  });
  ended_ = now_us();
  co_await changed_.wait([&] { return in_flight_ == 0; }, step_timeout_);
}

nlohmann::json StorageFlood::report() {
  const double seconds = static_cast<double>(ended_ - began_) / 1e6;
  return {{"source", source_.to_string()},
          {"session", code_},
          {"participants", participants_},
          {"joined", crowd_.joined()},
          {"votes_per_second_per_participant", rate_},
          {"answer_bytes", answer_length},
          {"seconds", seconds},
          {"sent", sent_},
          {"skipped_still_waiting", skipped_},
          {"acked", acked_},
          {"refused", refused_total_},
          {"refused_by_code", refused_},
          {"acked_per_second", seconds > 0 ? static_cast<double>(acked_) / seconds : 0.0},
          {"reply_ms", reply_.summary()},
          {"crowd_errors", crowd_.errors().to_json()},
          {"facilitator_closed", facilitator_closed_}};
}

void StorageFlood::close() {
  crowd_.close();
  facilitator_client_.close();
}

}  // namespace huddle::load
