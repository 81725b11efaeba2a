#pragma once
// The huddle target: one facilitator and N participants in one session of a running Huddle server, and the
// workloads of issue 7 (broadcast, vote, cards, slow readers), each measured the same way: the versions
// every participant received are recorded with their arrival times, the version that carries the update is
// learned from the facilitator's connection, and DeliveryTracker matches the two afterwards. Issue 19's
// breakouts workload measures its room timers' fan-out against the deadline instead (RoomSeats).
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "delivery_tracker.hpp"
#include "facilitator_console.hpp"
#include "load_run.hpp"
#include "metrics_scrape.hpp"
#include "participant.hpp"
#include "request_round.hpp"
#include "room_seats.hpp"
#include "version_watch.hpp"

namespace huddle::load {

class HuddleRun final : public LoadRun {
 public:
  // SO_RCVBUF of the clients that stop reading in the "slow" workload (the kernel doubles it).
  static constexpr int slow_receive_buffer = 4096;

  HuddleRun(boost::asio::io_context& ioc, const LoadOptions& options);

  // Passes with no errors, every participant seeing every update, the vote's final tally equal to the
  // participants, and every participant in a room seeing its timer move on.
  boost::asio::awaitable<void> run() override;

  void on_message(WsClient& client, const WsMessage& message) override;
  void on_closed(WsClient& client, const std::string& reason) override;

 private:
  // Setup
  boost::asio::awaitable<bool> start_session();
  boost::asio::awaitable<bool> join();
  // Workloads (huddle_run_workloads.cpp)
  boost::asio::awaitable<void> broadcast(const std::string& name, bool with_slow_readers);
  boost::asio::awaitable<void> vote();
  boost::asio::awaitable<void> cards();
  boost::asio::awaitable<bool> goto_phase(const std::string& activity);
  // The breakouts workload (huddle_run_breakouts.cpp).
  boost::asio::awaitable<void> breakouts();
  void on_room(WsClient& client, const WsMessage& message);
  // Sends a participant's request now, or after the ones before it are answered (queued_).
  void request(std::uint32_t index, nlohmann::json request);
  void on_request_settled(std::uint32_t index, bool ok);
  // The facilitator clears the rooms asking for help one at a time, as one person at one console: the next
  // once the last one is answered. Called whenever a help request or a facilitator reply comes in.
  void clear_help();

  // Participants' requests: one at a time each; replies are counted in round_.
  void send(std::uint32_t index, Participant::Waiting waiting, nlohmann::json request);
  void on_reply(std::uint32_t index, bool ok, std::string_view error_code, Micros at);
  boost::asio::awaitable<bool> wait_round(std::size_t count, const std::string& step);

  // Waits until every counted participant (slow ones too, or not) holds `version` of `topic` or newer.
  boost::asio::awaitable<bool> wait_all_at(HuddleTopic topic, std::uint64_t version, bool include_slow,
                                           const std::string& step);
  void watch_version(HuddleTopic topic, std::uint64_t version, bool include_slow);
  bool watched(const Participant& p) const { return p.counts() && (watch_slow_ || !p.slow); }

  void start_window();
  boost::asio::awaitable<nlohmann::json> finish_window();
  std::vector<std::uint32_t> shuffled_participants();  // those who count (joined, open)
  std::vector<std::uint32_t> shuffled_all();
  std::function<bool(std::uint32_t)> counted(bool include_slow) const;
  // With several --url: the delivery of `updates` to the participants of each URL alone (i % URLs), so a
  // run that connects straight to a cluster's nodes tells the session's node from the edges. Else null.
  nlohmann::json delivery_by_url(const std::vector<TrackedUpdate>& updates, bool include_slow) const;

  // Whose /metrics each window reads (--metrics-url, else the first --url), and what each said at its start.
  struct NodeMetrics {
    std::string name;
    MetricsScrape scrape;
    MetricsScrape::Values at_start;
  };
  boost::asio::awaitable<void> read_metrics_at_start();
  // The node's name in its /healthz ("node", a cluster's --node-id), or empty.
  boost::asio::awaitable<std::string> node_name(const ServerUrl& url, const std::string& path);

  std::vector<NodeMetrics> metrics_;
  // Facilitators of sessions created on the wrong node (see start_session), kept until the end: their
  // closed sockets may still have handlers to run.
  std::vector<std::unique_ptr<WsClient>> abandoned_clients_;
  std::vector<std::unique_ptr<FacilitatorConsole>> abandoned_consoles_;
  std::mt19937 random_;

  std::unique_ptr<WsClient> facilitator_client_;
  std::unique_ptr<FacilitatorConsole> console_;
  std::uint32_t facilitator_index_;
  std::string code_;
  std::vector<Participant> participants_;
  std::size_t joined_ = 0;
  Micros last_join_at_ = 0;

  RequestRound round_;
  DeliveryTracker tracker_;
  std::optional<HuddleTopic> tracked_topic_;
  // The version every watched participant should reach (of watch_topic_; slow readers only if watch_slow_).
  VersionWatch watch_;
  HuddleTopic watch_topic_ = HuddleTopic::session;
  bool watch_slow_ = true;
  bool slow_phase_ = false;
  std::size_t slow_closed_ = 0;
  bool participant_close_logged_ = false;

  // breakouts
  RoomSeats seats_;
  // A participant's requests waiting for the one in flight to be answered (one at a time, as the web client).
  std::unordered_map<std::uint32_t, std::deque<nlohmann::json>> queued_;
  // Participants asking for help, with their room: once the request is answered, the room waits in
  // help_to_clear_ for the facilitator (clear_help()).
  std::unordered_map<std::uint32_t, std::size_t> help_rooms_;
  std::deque<std::size_t> help_to_clear_;
  struct HelpClear {
    std::int64_t id;  // the facilitator's request
    Micros sent_at;
  };
  std::optional<HelpClear> clearing_;
  RequestRound clears_;  // the facilitator's help.clear requests
  Micros clears_started_at_ = 0;
};

}  // namespace huddle::load
