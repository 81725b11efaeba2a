#include "creation_flood.hpp"

#include <algorithm>

namespace huddle::load {

CreationFlood::CreationFlood(boost::asio::io_context& ioc, ServerUrl url, boost::asio::ip::address source,
                             std::string scenario, std::size_t slots, double rate)
    : url_(std::move(url)), source_(source), scenario_(std::move(scenario)), rate_(rate), changed_(ioc.get_executor()) {
  for (std::size_t i = 0; i < std::max<std::size_t>(slots, 1); ++i) {
    slots_.push_back(std::make_unique<SoloRequest>(ioc, static_cast<std::uint32_t>(i)));
  }
}

std::size_t CreationFlood::refused(const std::string& code) const {
  const auto it = refused_.find(code);
  return it == refused_.end() ? 0 : it->second;
}

void CreationFlood::launch(SoloRequest& attempt) {
  ++started_;
  ++in_flight_;
  attempt.start(url_, source_, {{"type", "session.create"}, {"scenario", scenario_}},
                [this, &attempt](const SoloRequest::Outcome& outcome) {
                  --in_flight_;
                  reply_.add(outcome.took);
                  if (outcome.acked) {
                    ++acked_;
                  } else {
                    ++refused_[outcome.code];
                    if (first_refused_at_ == 0) {
                      first_refused_at_ = now_us();
                      acked_before_first_refusal_ = acked_;
                    }
                  }
                  attempt.close();  // the created session is abandoned, as a flood would
                  changed_.notify();
                });
}

boost::asio::awaitable<void> CreationFlood::run(Micros until) {
  began_ = now_us();
  auto due = [&] {  // attempts the rate allows by now
    return static_cast<std::size_t>(rate_ * static_cast<double>(now_us() - began_) / 1e6) + 1;
  };
  while (now_us() < until) {
    for (auto& slot : slots_) {
      if (started_ >= due()) break;
      if (slot->reusable()) launch(*slot);
    }
    // Until an attempt ends, or 5 ms: the rate lets attempts start as time passes, not only on replies.
    const auto ended = started_ - in_flight_;
    co_await changed_.wait([&] { return started_ - in_flight_ != ended; }, std::chrono::milliseconds(5));
  }
  co_await changed_.wait([&] { return in_flight_ == 0; }, std::chrono::seconds(30));
}

nlohmann::json CreationFlood::report() {
  const double seconds = static_cast<double>(now_us() - began_) / 1e6;
  return {{"source", source_.to_string()},
          {"attempts", started_},
          {"acked", acked_},
          {"refused_by_code", refused_},
          {"acked_before_first_refusal", acked_before_first_refusal_},
          {"seconds_until_first_refusal", first_refused_at_ ? static_cast<double>(first_refused_at_ - began_) / 1e6 : -1.0},
          {"attempts_per_second", seconds > 0 ? static_cast<double>(started_) / seconds : 0.0},
          {"reply_ms", reply_.summary()},
          {"slots", slots_.size()},
          {"max_rate_per_second", rate_}};
}

}  // namespace huddle::load
