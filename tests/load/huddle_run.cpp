#include "huddle_run.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "frame_summary.hpp"
#include "http_get.hpp"

namespace huddle::load {

using nlohmann::json;

HuddleRun::HuddleRun(boost::asio::io_context& ioc, const LoadOptions& options)
    : LoadRun(ioc, options, "huddle"),
      random_(options.seed),
      facilitator_index_(static_cast<std::uint32_t>(options.clients)),
      participants_(options.clients) {
  if (options.metrics_urls.empty()) {
    metrics_.push_back({options.url.host, MetricsScrape(ioc.get_executor(), options.url), {}});
  } else {
    for (const auto& m : options.metrics_urls) metrics_.push_back({m.name, MetricsScrape(ioc.get_executor(), m.url), {}});
  }
}

void HuddleRun::on_message(WsClient& client, const WsMessage& message) {
  traffic_.count(message.size);
  const auto summary = FrameSummary::of(message);
  if (summary.kind == FrameSummary::Kind::unknown) errors_.unreadable_frame();
  if (client.index() == facilitator_index_) {
    console_->on_message(message, summary);
    return clear_help();
  }

  auto& p = participants_[client.index()];
  if (summary.kind == FrameSummary::Kind::state) {
    const auto topic = *summary.topic;
    auto& version = p.versions[static_cast<std::size_t>(topic)];
    const auto before = version;
    version = std::max(version, summary.version);
    if (tracked_topic_ == topic) tracker_.record(client.index(), summary.version, message.at);
    if (topic == watch_topic_ && watched(p) && watch_.advanced(before, version)) changed_.notify();
    if (topic == HuddleTopic::room) on_room(client, message);
  } else if (summary.id && *summary.id == p.awaiting_id && p.waiting != Participant::Waiting::nothing) {
    on_reply(client.index(), summary.kind == FrameSummary::Kind::ack, summary.error_code, message.at);
  }
}

void HuddleRun::on_closed(WsClient& client, const std::string& reason) {
  if (client.index() == facilitator_index_) {
    log_.note("the facilitator's connection closed: " + reason);
    errors_.closed("facilitator: " + reason);
    return;
  }
  auto& p = participants_[client.index()];
  if (watch_.active() && watched(p) && p.version(watch_topic_) < watch_.target()) watch_.dropped();
  seats_.forget(client.index());
  help_rooms_.erase(client.index());
  if (auto queued = queued_.find(client.index()); queued != queued_.end()) {
    round_.lost += queued->second.size();  // never sent: settled as lost, like the one in flight
    queued_.erase(queued);
  }
  p.closed = true;
  // A client that stopped reading on purpose may be closed by the server (its stuck-write timeout, or its
  // keep-alive pings going unanswered): that is the server's documented answer, not a failure.
  if (slow_phase_ && p.slow) {
    ++slow_closed_;
  } else {
    if (!participant_close_logged_) log_.note("first unexpected close: participant " + std::to_string(client.index()) + ": " + reason);
    participant_close_logged_ = true;
    errors_.closed(reason);
  }
  switch (p.waiting) {
    case Participant::Waiting::hello:
    case Participant::Waiting::join:
      pool_.settled(false);
      break;
    case Participant::Waiting::request:
      ++round_.lost;
      break;
    case Participant::Waiting::nothing:
      break;
  }
  p.waiting = Participant::Waiting::nothing;
  changed_.notify();
}

void HuddleRun::send(std::uint32_t index, Participant::Waiting waiting, json request) {
  auto& p = participants_[index];
  p.awaiting_id = p.next_id++;
  p.waiting = waiting;
  request["id"] = p.awaiting_id;
  p.sent_at = now_us();
  if (waiting == Participant::Waiting::request) {
    ++round_.sent;
    round_.last_sent_at = p.sent_at;
  }
  pool_.clients()[index]->send(request.dump());
}

void HuddleRun::on_reply(std::uint32_t index, bool ok, std::string_view error_code, Micros at) {
  auto& p = participants_[index];
  const auto waiting = p.waiting;
  p.waiting = Participant::Waiting::nothing;
  if (!ok) errors_.error_reply(std::string(error_code));
  switch (waiting) {
    case Participant::Waiting::hello:
      if (!ok) return pool_.settled(false);
      send(index, Participant::Waiting::join, {{"type", "join"}, {"code", code_}, {"name", "load-" + std::to_string(index + 1)}});
      return;
    case Participant::Waiting::join:
      if (ok) {
        p.joined = true;
        ++joined_;
        last_join_at_ = at;
      }
      pool_.settled(ok);
      changed_.notify();
      return;
    case Participant::Waiting::request:
      if (slow_phase_ && p.slow) pool_.clients()[index]->pause_reading();  // see broadcast(): slow readers
      ++(ok ? round_.acked : round_.refused);
      round_.reply_latency.add(at - p.sent_at);
      if (options_.urls.size() > 1) {
        round_.reply_latency_by_url.resize(options_.urls.size());
        round_.reply_latency_by_url[index % options_.urls.size()].add(at - p.sent_at);
      }
      round_.last_reply_at = std::max(round_.last_reply_at, at);
      on_request_settled(index, ok);
      changed_.notify();
      return;
    case Participant::Waiting::nothing:
      return;
  }
}

boost::asio::awaitable<bool> HuddleRun::wait_round(std::size_t count, const std::string& step) {
  const bool ok = co_await changed_.wait([&] { return round_.settled() >= count; }, step_timeout());
  if (!ok) errors_.timed_out(step + ": " + std::to_string(round_.settled()) + " of " + std::to_string(count) + " replies");
  log_.note(step + ": " + std::to_string(round_.acked) + " acked, " + std::to_string(round_.refused) + " refused, " +
            std::to_string(round_.lost) + " lost of " + std::to_string(count));
  co_return ok;
}

void HuddleRun::watch_version(HuddleTopic topic, std::uint64_t version, bool include_slow) {
  watch_topic_ = topic;
  watch_slow_ = include_slow;
  std::size_t expected = 0, reached = 0;
  for (const auto& p : participants_) {
    if (!watched(p)) continue;
    ++expected;
    if (p.version(topic) >= version) ++reached;
  }
  watch_.start(version, expected, reached);
}

boost::asio::awaitable<bool> HuddleRun::wait_all_at(HuddleTopic topic, std::uint64_t version, bool include_slow,
                                                    const std::string& step) {
  watch_version(topic, version, include_slow);
  const bool ok = co_await changed_.wait([&] { return watch_.done(); }, step_timeout());
  if (!ok) {
    errors_.timed_out(step + ": " + std::to_string(watch_.reached()) + " of " + std::to_string(watch_.expected()) +
                      " clients reached " + std::string(huddle_topic_names[static_cast<std::size_t>(topic)]) +
                      " version " + std::to_string(version));
  }
  log_.note(step + ": " + std::to_string(watch_.reached()) + " of " + std::to_string(watch_.expected()) + " clients have " +
            std::string(huddle_topic_names[static_cast<std::size_t>(topic)]) + " version " + std::to_string(version));
  watch_.stop();
  co_return ok;
}

std::function<bool(std::uint32_t)> HuddleRun::counted(bool include_slow) const {
  return [this, include_slow](std::uint32_t i) {
    const auto& p = participants_[i];
    return p.counts() && (include_slow || !p.slow);
  };
}

json HuddleRun::delivery_by_url(const std::vector<TrackedUpdate>& updates, bool include_slow) const {
  const auto urls = options_.urls.size();
  if (urls < 2) return nullptr;
  json out = json::array();
  const auto base = counted(include_slow);
  for (std::size_t u = 0; u < urls; ++u) {
    auto one = tracker_.resolve(updates, [&](std::uint32_t i) { return i % urls == u && base(i); }).to_json();
    one["url"] = options_.urls[u].host + options_.urls[u].path;
    out.push_back(std::move(one));
  }
  return out;
}

std::vector<std::uint32_t> HuddleRun::shuffled_participants() {
  auto order = shuffled_all();
  std::erase_if(order, [this](std::uint32_t i) { return !participants_[i].counts(); });
  return order;
}

std::vector<std::uint32_t> HuddleRun::shuffled_all() {
  std::vector<std::uint32_t> order(participants_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::shuffle(order.begin(), order.end(), random_);
  return order;
}

void HuddleRun::start_window() { meter_.start(); }

boost::asio::awaitable<void> HuddleRun::read_metrics_at_start() {
  if (!options_.metrics) co_return;
  for (auto& node : metrics_) node.at_start = co_await node.scrape.read();
}

boost::asio::awaitable<json> HuddleRun::finish_window() {
  auto window = meter_.finish();
  if (options_.metrics) {
    // One node: its counters' deltas. Several: their sum, each node's deltas, and where the connections are.
    json sum = json::object();
    for (auto& node : metrics_) {
      const auto now = co_await node.scrape.read();
      auto delta = MetricsScrape::delta(node.at_start, now);
      for (const auto& [key, value] : delta.items()) sum[key] = sum.value(key, 0.0) + value.get<double>();
      if (metrics_.size() > 1) {
        window["server_metrics_by_node"][node.name] = delta;
        json gauges = json::object();
        for (const char* name : {"huddle_connections_open", "huddle_cluster_forwarded_connections", "huddle_cluster_edge_connections"}) {
          if (const auto found = now.find(name); found != now.end()) gauges[std::string(name).substr(7)] = found->second;
        }
        window["node_gauges_at_end"][node.name] = gauges;
      }
      node.at_start = now;
    }
    window["server_metrics"] = sum;
  }
  co_return window;
}

boost::asio::awaitable<std::string> HuddleRun::node_name(const ServerUrl& url, const std::string& path) {
  const auto got = co_await http_get(ioc_.get_executor(), url, path, std::chrono::seconds(5));
  if (got.status != 200) co_return std::string();
  const auto body = json::parse(got.body, nullptr, false);
  co_return body.is_object() ? body.value("node", std::string()) : std::string();
}

boost::asio::awaitable<bool> HuddleRun::start_session() {
  // In a cluster (--create-on the nodes, --route-by-code), the session should run on the node the balancer
  // sends its code to, as a session whose facilitator came in through the balancer may not: that node then
  // gets most of the participants and the rest are served as edges. A node's /healthz names it, and asked
  // through the balancer with ?code=CODE, names the node the code is hashed to.
  constexpr int max_attempts = 12;
  std::size_t on = 0;  // which --create-on node
  std::string node;
  for (int attempt = 1;; ++attempt) {
    if (facilitator_client_) {
      facilitator_client_->close();
      abandoned_clients_.push_back(std::move(facilitator_client_));
      abandoned_consoles_.push_back(std::move(console_));
    }
    facilitator_client_ = std::make_unique<WsClient>(ioc_, facilitator_index_, *this);
    console_ = std::make_unique<FacilitatorConsole>(*facilitator_client_, ioc_.get_executor());
    const auto& url = options_.create_on.empty() ? options_.url : options_.create_on[on].url;
    if (!co_await open_single(*facilitator_client_, "facilitator", url)) co_return false;
    const auto created = co_await console_->create_session(options_.scenario, step_timeout());
    if (!created.error.empty()) {
      errors_.error_reply(created.error);
      co_return false;
    }
    code_ = created.code;
    if (options_.create_on.empty()) break;
    node = co_await node_name(url, "/healthz");
    if (!options_.route_by_code || options_.create_on.size() < 2) break;
    const auto hashed = co_await node_name(options_.url, "/healthz?code=" + code_);
    if (hashed == node) {
      report_["session_attempts"] = attempt;
      break;
    }
    std::size_t next = options_.create_on.size();
    for (std::size_t i = 0; i < options_.create_on.size(); ++i) {
      if (co_await node_name(options_.create_on[i].url, "/healthz") == hashed) next = i;
    }
    if (next == options_.create_on.size() || attempt == max_attempts) {
      errors_.timed_out("the balancer sends session " + code_ + " to node '" + hashed + "', which no --create-on names or that took " +
                        std::to_string(max_attempts) + " sessions to match");
      co_return false;
    }
    log_.note("session " + code_ + " runs on " + node + ", but the balancer sends its code to " + hashed + ": creating another there");
    on = next;
  }
  log_.note("session " + code_ + " created (scenario " + options_.scenario + (node.empty() ? "" : ", on " + node) + ")");
  report_["session"] = {{"code", code_}, {"scenario", options_.scenario}};
  if (!node.empty()) report_["session"]["node"] = node;
  if (options_.route_by_code) pool_.set_query("code=" + code_);
  // From the lobby into the first phase: phase.extend needs a running timer.
  json next_request{{"type", "phase.next"}};  // named: see FacilitatorConsole::create_session
  auto started = co_await console_->call(std::move(next_request), step_timeout());
  if (!started || !started->ok()) {
    errors_.error_reply("phase.next refused");
    co_return false;
  }
  co_return true;
}

boost::asio::awaitable<bool> HuddleRun::join() {
  co_await read_metrics_at_start();
  const auto rss_before = probe_.rss_kib();
  start_window();
  const auto started = now_us();
  log_.note("joining " + std::to_string(options_.clients) + " participants, " + std::to_string(options_.concurrency) + " at a time");
  // The clients that will stop reading in the "slow" workload are chosen now: they get a small receive
  // buffer before connecting, as a phone on a poor network has, so that when they stop reading the server's
  // writes stall after a few KiB. (Shrinking it later would make the kernel drop data it had already
  // offered room for, and the server's retransmission backoff would measure the kernel, not Huddle.)
  auto order = shuffled_all();
  const auto slow = static_cast<std::size_t>(std::round(options_.slow_share * static_cast<double>(order.size())));
  for (std::size_t i = 0; i < slow; ++i) participants_[order[i]].slow = true;
  auto receive_buffer = [this](std::size_t index) {
    return participants_[index].slow ? slow_receive_buffer : options_.receive_buffer;
  };
  pool_.open(options_.clients, options_.concurrency, receive_buffer, [this](WsClient& client) {
    send(client.index(), Participant::Waiting::hello, {{"type", "hello"}, {"protocol", 1}, {"client", "huddle-load/1"}});
  });
  bool ok = co_await changed_.wait([&] { return pool_.finished(); }, step_timeout());
  if (!ok) errors_.timed_out("join: " + std::to_string(joined_) + " of " + std::to_string(options_.clients) + " joined");
  const auto joined_at = now_us();
  log_.note(std::to_string(joined_) + " joined; waiting for everyone to have the final roster");
  // Settled: the facilitator's roster lists everyone online, and every participant has that roster.
  ok = ok && co_await console_->wait([&] { return console_->roster_online() >= joined_; }, step_timeout());
  ok = ok && co_await wait_all_at(HuddleTopic::roster, console_->version(HuddleTopic::roster), true, "join: final roster");
  const auto settled_at = now_us();
  auto window = co_await finish_window();
  const auto bytes = window["bytes"].get<double>();
  json out{{"clients", options_.clients},
           {"joined", joined_},
           {"sources", sources_.size()},
           {"seconds_to_join_all", static_cast<double>(last_join_at_ - started) / 1e6},
           {"seconds_until_all_have_final_roster", static_cast<double>(settled_at - started) / 1e6},
           {"seconds_waited_for_joins", static_cast<double>(joined_at - started) / 1e6},
           {"received_bytes_per_join", joined_ ? bytes / static_cast<double>(joined_) : 0.0},
           {"final_roster_version", console_->version(HuddleTopic::roster)},
           {"window", window}};
  out.update(probe_.rss_growth(rss_before, joined_));
  report_["join"] = out;
  co_return ok && joined_ == options_.clients;
}

boost::asio::awaitable<void> HuddleRun::run() {
  bool ok = co_await start_session();
  ok = ok && co_await join();
  if (ok) {
    for (const auto& workload : options_.workloads) {
      log_.note("workload " + workload);
      if (workload == "broadcast") co_await broadcast("broadcast", false);
      else if (workload == "vote") co_await vote();
      else if (workload == "cards") co_await cards();
      else if (workload == "slow") co_await broadcast("slow", true);
      else if (workload == "breakouts") co_await breakouts();
    }
  }
  bool delivered = ok;
  for (const char* w : {"broadcast", "vote", "cards"}) {
    if (report_.contains(w) && report_[w].contains("delivery") && report_[w]["delivery"]["missed_pairs"] != 0) delivered = false;
  }
  if (report_.contains("breakouts")) {
    for (const char* change : {"step_change", "round_change"}) {
      const auto& b = report_["breakouts"];
      if (!b.contains(change) || b[change].value("missing", std::size_t{0}) != 0) delivered = false;
    }
  }
  finish(delivered, facilitator_client_.get());
}

}  // namespace huddle::load
