#include "attack_run.hpp"

#include <algorithm>
#include <cmath>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "frame_summary.hpp"
#include "http_get.hpp"
#include "journal_size.hpp"
#include "open_client.hpp"

namespace huddle::load {

using nlohmann::json;
namespace ip = boost::asio::ip;

namespace {

// Each group on a network (/24) of its own: Huddle counts per-address limits per /24 as well.
constexpr const char* honest_network = "127.0.3.1";      // the measured session: facilitator, voters, newcomer
constexpr const char* honest_creator = "127.0.1.1";      // a facilitator elsewhere, creating during the flood
constexpr const char* silent_network = "127.0.2.2";      // silent connections, from .2 on
constexpr const char* storage_network = "127.0.4.1";     // the storage flood's session
constexpr const char* creation_network = "127.0.5.1";    // the creation flood

json journal_json(const std::string& data_dir) {
  const auto bytes = journal_bytes(data_dir);
  return bytes ? json(*bytes) : json(nullptr);
}

}  // namespace

AttackRun::AttackRun(boost::asio::io_context& ioc, const LoadOptions& options)
    : LoadRun(ioc, options, "attack"),
      scrape_(ioc.get_executor(), options.url),
      honest_(ioc, options.url, SourceAddresses(1, ip::make_address_v4(honest_network)), "honest-", changed_),
      sent_in_(options.clients, nullptr) {
  honest_.on_reply([this](std::uint32_t index, bool ok, std::string_view code, Micros round_trip) {
    auto* window = sent_in_[index];
    --in_flight_;
    if (!window) return;
    if (ok) {
      ++window->acked;
      window->vote_rtt.add(round_trip);
    } else {
      ++window->refused;
      ++window->refused_by_code[std::string(code)];
      errors_.error_reply("honest vote: " + std::string(code));
    }
  });
  const auto step = step_timeout();
  if (options.has_attack("silent")) {
    silent_.emplace(ioc, options.url, SourceAddresses(options.silent_sources, ip::make_address_v4(silent_network)),
                    options.silent_per_source, options.silent_rate);
  }
  if (options.has_attack("create")) {
    creation_.emplace(ioc, options.url, ip::make_address(creation_network), options.scenario, options.create_slots,
                      options.create_rate);
  }
  if (options.has_attack("storage")) {
    storage_.emplace(ioc, options.url, SourceAddresses(1, ip::make_address_v4(storage_network)), options.scenario,
                     options.flood_clients, options.flood_rate, step);
  }
}

void AttackRun::on_message(WsClient&, const WsMessage& message) {
  console_->on_message(message, FrameSummary::of(message));
}

void AttackRun::on_closed(WsClient&, const std::string& reason) {
  log_.note("the honest facilitator's connection closed: " + reason);
  errors_.closed("honest facilitator: " + reason);
}

boost::asio::awaitable<bool> AttackRun::prepare_honest() {
  facilitator_client_ = std::make_unique<WsClient>(ioc_, 0, *this);
  console_ = std::make_unique<FacilitatorConsole>(*facilitator_client_, ioc_.get_executor());
  const auto opened = co_await open_client(*facilitator_client_, options_.url, ip::make_address(honest_network), changed_,
                                           step_timeout());
  if (!opened.empty()) {
    errors_.open_failed("honest facilitator: " + opened);
    co_return false;
  }
  const auto created = co_await console_->create_session(options_.scenario, step_timeout());
  if (!created.error.empty()) {
    errors_.error_reply("honest facilitator: " + created.error);
    co_return false;
  }
  code_ = created.code;
  // Any poll will do for a round trip; the first one (first-90-days: single choice, two options at least).
  const auto error = co_await console_->goto_activity("poll", "", step_timeout());
  if (!error.empty() || !console_->poll()) {
    errors_.error_reply("honest facilitator: " + (error.empty() ? "no poll" : error));
    co_return false;
  }
  poll_id_ = console_->poll()->id;
  honest_.join(code_, options_.clients, options_.clients);
  co_await changed_.wait([&] { return honest_.settled(); }, step_timeout());
  log_.note("honest session " + code_ + ": " + std::to_string(honest_.joined()) + " of " +
            std::to_string(options_.clients) + " joined");
  co_return honest_.joined() == options_.clients;
}

boost::asio::awaitable<void> AttackRun::vote(Window& window, double seconds) {
  const auto n = options_.clients;
  const auto count = static_cast<std::size_t>(std::llround(seconds / options_.vote_interval * static_cast<double>(n)));
  const auto spacing =
      std::chrono::microseconds(static_cast<long>(options_.vote_interval * 1e6 / static_cast<double>(n)));
  // Vote k is participant k mod n's, alternating between the first two options so each one changes the
  // ballot; one whose last vote is still unanswered skips its turn (counted: under attack that is latency too).
  co_await pacer_.run(count, spacing, [&](std::size_t k) {
    const auto index = static_cast<std::uint32_t>(k % n);
    if (!honest_.ready(index)) {
      ++window.skipped;
      return;
    }
    ++window.sent;
    ++in_flight_;
    sent_in_[index] = &window;
    honest_.send(index, {{"type", "poll.vote"}, {"pollId", poll_id_}, {"vote", {{"choice", (k / n) % 2}}}});
  });
  if (!co_await changed_.wait([&] { return in_flight_ == 0; }, step_timeout())) {
    errors_.timed_out("honest votes: " + std::to_string(in_flight_) + " unanswered");
  }
}

boost::asio::awaitable<void> AttackRun::probe_health(Window& window, Micros until) {
  boost::asio::steady_timer timer(ioc_);
  for (auto next = std::chrono::steady_clock::now(); now_us() < until; next += std::chrono::seconds(1)) {
    const auto got = co_await http_get(ioc_.get_executor(), options_.url, "/healthz", std::chrono::seconds(10));
    ++window.health_status[got.status ? std::to_string(got.status) : got.error];
    window.health.add(got.took);
    timer.expires_at(next + std::chrono::seconds(1));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
}

boost::asio::awaitable<SoloRequest::Outcome> AttackRun::solo(std::uint32_t index, const char* source, json request) {
  Condition done(ioc_.get_executor());
  std::optional<SoloRequest::Outcome> outcome;
  solos_.push_back(std::make_unique<SoloRequest>(ioc_, index));
  solos_.back()->start(options_.url, ip::make_address(source), std::move(request), [&](const SoloRequest::Outcome& o) {
    outcome = o;
    done.notify();
  });
  if (!co_await done.wait([&] { return outcome.has_value(); }, step_timeout())) co_return SoloRequest::Outcome{false, false, "timed out", 0};
  co_return *outcome;
}

boost::asio::awaitable<void> AttackRun::honest_newcomers(Micros at) {
  boost::asio::steady_timer timer(ioc_, std::chrono::microseconds(std::max<Micros>(0, at - now_us())));
  co_await timer.async_wait(boost::asio::use_awaitable);
  auto as_json = [](const SoloRequest::Outcome& o, const char* from) {
    return json{{"from", from}, {"ok", o.acked}, {"code", o.code}, {"ms", static_cast<double>(o.took) / 1000.0}};
  };
  if (creation_) {
    const auto refused_so_far = creation_->refused("rate_limited");
    // Named first: GCC 12 cannot compile a braced json inside a co_await expression.
    json create_request{{"type", "session.create"}, {"scenario", options_.scenario}};
    const auto created = co_await solo(1, honest_creator, std::move(create_request));
    newcomers_["honest_create"] = as_json(created, honest_creator);
    newcomers_["honest_create"]["flood_refused_rate_limited_before"] = refused_so_far;
    log_.note(std::string("honest facilitator from ") + honest_creator + ": " + (created.acked ? "created" : created.code));
    if (!created.acked) errors_.error_reply("honest session.create: " + created.code);
  }
  json join_request{{"type", "join"}, {"code", code_}, {"name", "Newcomer"}};
  const auto joined = co_await solo(2, honest_network, std::move(join_request));
  newcomers_["fresh_join"] = as_json(joined, honest_network);
  log_.note(std::string("newcomer: ") + (joined.acked ? "joined" : joined.code) + " in " +
            std::to_string(joined.took / 1000) + " ms");
  if (!joined.acked) errors_.error_reply("newcomer join: " + joined.code);
}

json AttackRun::window_json(Window& w, double seconds) {
  return {{"seconds", seconds},
          {"votes_sent", w.sent},
          {"votes_acked", w.acked},
          {"votes_refused", w.refused},
          {"votes_refused_by_code", w.refused_by_code},
          {"turns_skipped_still_waiting", w.skipped},
          {"vote_round_trip_ms", w.vote_rtt.summary()},
          {"healthz_ms", w.health.summary()},
          {"healthz_status", w.health_status}};
}

boost::asio::awaitable<void> AttackRun::run() {
  bool ok = co_await prepare_honest();
  if (ok && storage_) {
    const auto error = co_await storage_->prepare();
    log_.note(error.empty() ? "storage flood: session ready, " + std::to_string(options_.flood_clients) + " joined"
                            : "storage flood: " + error);
    if (!error.empty()) {
      errors_.timed_out("storage flood setup: " + error);
      ok = false;
    }
  }
  json journal = {{"data_dir", options_.data_dir}, {"bytes_before_idle", journal_json(options_.data_dir)}};
  if (ok) {
    log_.note("idle: " + std::to_string(options_.clients) + " honest participants voting for " +
              std::to_string(options_.idle_seconds) + " s");
    auto probe_done = std::make_shared<bool>(false);
    const auto idle_end = now_us() + static_cast<Micros>(options_.idle_seconds * 1e6);
    boost::asio::co_spawn(ioc_, probe_health(idle_, idle_end), [probe_done](std::exception_ptr) { *probe_done = true; });
    co_await vote(idle_, options_.idle_seconds);
    co_await changed_.wait([&] { return *probe_done; }, step_timeout());
    report_["idle"] = window_json(idle_, options_.idle_seconds);

    journal["bytes_at_attack_start"] = journal_json(options_.data_dir);
    MetricsScrape::Values metrics_before;
    if (options_.metrics) metrics_before = co_await scrape_.read();
    log_.note("attack for " + std::to_string(options_.attack_seconds) + " s: " + json(options_.attacks).dump());
    const auto start = now_us();
    const auto until = start + static_cast<Micros>(options_.attack_seconds * 1e6);
    // Every attack, the health probe and the newcomers run beside the honest votes, each in its own
    // coroutine on this thread; the run waits for all of them.
    auto running = std::make_shared<std::size_t>(0);
    auto spawn = [&](boost::asio::awaitable<void> task, const char* name) {
      ++*running;
      boost::asio::co_spawn(ioc_, std::move(task), [this, running, name](std::exception_ptr e) {
        if (e) {
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& ex) {
            errors_.timed_out(std::string(name) + ": " + ex.what());
          }
        }
        --*running;
        changed_.notify();
      });
    };
    if (silent_) spawn(silent_->run(until), "silent");
    if (creation_) spawn(creation_->run(until), "create");
    if (storage_) spawn(storage_->run(until), "storage");
    spawn(probe_health(attack_, until), "healthz");
    spawn(honest_newcomers(start + (until - start) / 2), "newcomers");
    co_await vote(attack_, options_.attack_seconds);
    if (!co_await changed_.wait([&] { return *running == 0; }, step_timeout())) errors_.timed_out("the attacks did not end");
    const auto ended = now_us();
    journal["bytes_after_attack"] = journal_json(options_.data_dir);
    report_["attack"] = window_json(attack_, static_cast<double>(ended - start) / 1e6);
    report_["attack"]["attacks"] = options_.attacks;
    if (options_.metrics) {
      const auto metrics_after = co_await scrape_.read();
      report_["attack"]["server_metrics"] = MetricsScrape::delta(metrics_before, metrics_after);
    }
  }
  const auto idle_p99 = idle_.vote_rtt.percentile_ms(99), attack_p99 = attack_.vote_rtt.percentile_ms(99);
  report_["honest"] = {{"session", code_},
                       {"participants", options_.clients},
                       {"joined", honest_.joined()},
                       {"source", honest_network},
                       {"vote_interval_seconds", options_.vote_interval},
                       {"p99_attack_over_idle", idle_p99 > 0 ? attack_p99 / idle_p99 : 0.0},
                       {"p99_within_2x", idle_p99 > 0 && attack_p99 <= 2 * idle_p99},
                       {"crowd_errors", honest_.errors().to_json()}};
  report_["newcomers"] = newcomers_;
  if (journal.contains("bytes_after_attack") && journal["bytes_after_attack"].is_number() &&
      journal["bytes_at_attack_start"].is_number()) {
    const auto grew = journal["bytes_after_attack"].get<double>() - journal["bytes_at_attack_start"].get<double>();
    journal["grew_during_attack_bytes"] = grew;
    journal["grew_per_second"] = grew / options_.attack_seconds;
  }
  bool defended = ok;
  if (silent_) {
    report_["silent"] = silent_->report();
    // The defence held if the server closed the silent connections it had admitted (the hello timeout);
    // refusals at the door show only once the crowd is larger than the per-network cap.
    defended = defended && silent_->closed_by_server() > 0;
  }
  if (creation_) {
    report_["creation_flood"] = creation_->report();
    defended = defended && creation_->refused("rate_limited") > 0;
  }
  if (storage_) {
    report_["storage_flood"] = storage_->report();
    report_["storage_flood"]["journal"] = journal;
    defended = defended && storage_->refused() > 0;
    storage_->close();
  } else {
    report_["journal"] = journal;
  }
  const bool honest_served = honest_.errors().total() == 0 && idle_.refused == 0 && attack_.refused == 0 &&
                             newcomers_.value("fresh_join", json::object()).value("ok", false) &&
                             attack_.health_status.size() == 1 && attack_.health_status.contains("200");
  report_["defences_held"] = defended;
  report_["honest_served"] = honest_served;
  honest_.close();
  finish(defended && honest_served, facilitator_client_.get());
  for (auto& s : solos_) s->close();
}

}  // namespace huddle::load
