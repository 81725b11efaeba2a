#pragma once
// The facilitator's connection, the one client that reads whole messages. It sends the commands that
// drive a workload (awaitable, or fire-and-forget for paced ones), and learns from its pushes what the
// participants' scans cannot: the join code and key, the agenda, the open poll and its voter count, the
// board's cards and votes, the breakout rooms with their clocks, and the versions at which a workload's final
// state was pushed.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include "condition.hpp"
#include "frame_summary.hpp"
#include "huddle_topic.hpp"
#include "ws_client.hpp"

namespace huddle::load {

class FacilitatorConsole {
 public:
  struct Reply {
    nlohmann::json frame;               // the ack or error as sent
    Micros at = 0;                      // when it arrived
    std::size_t session_pushes_before = 0;  // session pushes received before it (see session_version_at)
    bool ok() const { return frame.value("type", "") == "ack"; }
  };
  struct Poll {
    std::string id;
    std::string kind;
    std::size_t options = 0;
    bool open = false;
    std::uint64_t voters = 0;
  };
  struct Board {
    bool open = false;
    std::vector<std::string> card_ids;
    std::uint64_t votes = 0;    // "me too" votes over all cards
    std::uint64_t waiting = 0;  // cards held until enough writers
  };
  // One breakout room as the console shows it.
  struct Room {
    std::size_t number = 0;  // from 1
    std::size_t members = 0;
    int round = 0;           // from 1
    int step = 0;            // into the timeline, from 0
    std::optional<std::int64_t> deadline;  // the step's end, server wall-clock ms, while the room's clock runs
    bool done = false;
    bool help = false;
    std::size_t observations = 0;  // saved checklists, over every round
  };
  struct Breakouts {
    std::string status;       // forming, running, finished
    bool formed = false;      // formedWith is set: breakout.form went through
    std::vector<Room> rooms;  // in number order
  };

  FacilitatorConsole(WsClient& client, boost::asio::any_io_executor executor);

  // hello, then session.create: the join code, or why not (an error code, or "no reply to ...").
  struct Created {
    std::string code;
    std::string error;
  };
  boost::asio::awaitable<Created> create_session(const std::string& scenario, std::chrono::milliseconds timeout);
  // phase.goto the first agenda phase of `activity` (for a poll with `poll_kind` set: the first poll of that
  // kind, trying each poll phase in turn, since the agenda does not say a poll's kind) and waits for its
  // activity push. Empty when there, else why not.
  boost::asio::awaitable<std::string> goto_activity(const std::string& activity, const std::string& poll_kind,
                                                    std::chrono::milliseconds timeout);

  WsClient& client() noexcept { return client_; }
  // Sends a request (its id is added) and returns the id; the reply lands in reply(id).
  std::int64_t send(nlohmann::json request);
  // Sends and waits for the reply; nullopt on timeout.
  boost::asio::awaitable<std::optional<Reply>> call(nlohmann::json request, std::chrono::milliseconds timeout);
  const Reply* reply(std::int64_t id) const;
  // Waits until `ready()` holds, re-checked whenever the console hears something.
  boost::asio::awaitable<bool> wait(std::function<bool()> ready, std::chrono::milliseconds timeout) {
    return changed_.wait(std::move(ready), timeout);
  }

  void on_message(const WsMessage& message, const FrameSummary& summary);

  std::uint64_t version(HuddleTopic topic) const { return versions_[static_cast<std::size_t>(topic)]; }
  // The version of the n-th session push this console received (0-based), if it came yet. After a
  // request's ack, the next session push carries that request's change: the server queues the reply
  // before the push its change causes, and every push after the reply is at least that new.
  std::optional<std::uint64_t> session_version_at(std::size_t n) const;
  const nlohmann::json& session() const { return session_; }
  // Online participants in the latest roster push, and that push's version.
  std::size_t roster_online() const { return roster_online_; }
  const std::optional<Poll>& poll() const { return poll_; }
  const std::optional<Board>& board() const { return board_; }
  // Versions of the latest activity push and the size of that frame (a board's cost per client).
  std::uint64_t activity_version() const { return version(HuddleTopic::activity); }
  std::size_t activity_bytes() const { return activity_bytes_; }
  std::size_t session_bytes() const { return session_bytes_; }
  // The breakout rooms of the latest console push (nullopt outside a role-play). Parsed when asked, not per
  // push: with 10,000 people in rooms a console push is 1-2 MB, and parsing each of them would make the
  // facilitator's connection the tool's bottleneck while the rooms are busy.
  const std::optional<Breakouts>& breakouts();
  // Console pushes received so far, their bytes, and the largest.
  std::size_t console_pushes() const { return console_pushes_; }
  std::size_t console_bytes() const { return console_bytes_; }
  std::size_t console_largest_bytes() const { return console_largest_bytes_; }

 private:
  void read_activity(const nlohmann::json& data);

  WsClient& client_;
  Condition changed_;
  std::int64_t next_id_ = 1;
  std::map<std::int64_t, Reply> replies_;
  std::array<std::uint64_t, huddle_topic_count> versions_{};
  std::vector<std::uint64_t> session_log_;
  nlohmann::json session_;
  std::size_t roster_online_ = 0;
  std::optional<Poll> poll_;
  std::int64_t activity_phase_ = -1;  // the phase of the latest activity push
  std::optional<Board> board_;
  std::size_t activity_bytes_ = 0, session_bytes_ = 0;
  nlohmann::json activity_ = nlohmann::json::object();  // the activity topic's data as it stands
  std::string console_;                    // the latest console push, whole
  std::size_t console_pushes_ = 0, console_bytes_ = 0, console_largest_bytes_ = 0;
  std::size_t breakouts_read_at_ = 0;      // console_pushes_ when breakouts_ was parsed
  std::optional<Breakouts> breakouts_;
};

}  // namespace huddle::load
