#include "facilitator_console.hpp"

#include <algorithm>
#include <functional>

namespace huddle::load {

FacilitatorConsole::FacilitatorConsole(WsClient& client, boost::asio::any_io_executor executor)
    : client_(client), changed_(std::move(executor)) {
  client_.keep_full_messages(true);
}

std::int64_t FacilitatorConsole::send(nlohmann::json request) {
  const auto id = next_id_++;
  request["id"] = id;
  client_.send(request.dump());
  return id;
}

boost::asio::awaitable<std::optional<FacilitatorConsole::Reply>> FacilitatorConsole::call(
    nlohmann::json request, std::chrono::milliseconds timeout) {
  const auto id = send(std::move(request));
  if (!co_await changed_.wait([&] { return replies_.contains(id); }, timeout)) co_return std::nullopt;
  co_return replies_.at(id);
}

const FacilitatorConsole::Reply* FacilitatorConsole::reply(std::int64_t id) const {
  auto it = replies_.find(id);
  return it == replies_.end() ? nullptr : &it->second;
}

std::optional<std::uint64_t> FacilitatorConsole::session_version_at(std::size_t n) const {
  if (n >= session_log_.size()) return std::nullopt;
  return session_log_[n];
}

void FacilitatorConsole::on_message(const WsMessage& message, const FrameSummary& summary) {
  // A frame that is not a JSON object reads as an empty one: no exception escapes into the event loop, and
  // the run has already counted the frame as unreadable if its edges made no sense either.
  auto parse = [&] {
    auto frame = nlohmann::json::parse(message.full, nullptr, false);
    return frame.is_object() ? frame : nlohmann::json::object();
  };
  if (summary.kind == FrameSummary::Kind::ack || summary.kind == FrameSummary::Kind::error) {
    if (summary.id) replies_[*summary.id] = Reply{parse(), message.at, session_log_.size()};
  } else if (summary.kind == FrameSummary::Kind::state) {
    versions_[static_cast<std::size_t>(*summary.topic)] = summary.version;
    switch (*summary.topic) {
      case HuddleTopic::session:
        session_log_.push_back(summary.version);
        session_ = parse().value("data", nlohmann::json::object());
        session_bytes_ = message.size;
        break;
      case HuddleTopic::roster: {
        // A 10k roster is ~600 KB and arrives many times during a join storm: count, don't parse.
        static const std::boyer_moore_horspool_searcher online(std::string_view(R"("presence":"online")").begin(),
                                                              std::string_view(R"("presence":"online")").end());
        std::size_t count = 0;
        for (auto it = message.full.begin();;) {
          auto [found, end] = online(it, message.full.end());
          if (found == message.full.end()) break;
          ++count;
          it = end;
        }
        roster_online_ = count;
        break;
      }
      case HuddleTopic::activity:
        activity_bytes_ = message.size;
        read_activity(parse().value("data", nlohmann::json::object()));
        break;
      default:
        break;  // facilitator notes and the console view: nothing a workload waits for
    }
  }
  changed_.notify();
}

void FacilitatorConsole::read_activity(const nlohmann::json& data) {
  static const nlohmann::json none;
  auto field = [](const nlohmann::json& object, const char* key) -> const nlohmann::json& {
    const auto it = object.find(key);
    return it == object.end() ? none : *it;
  };
  poll_.reset();
  if (const auto& p = field(data, "poll"); p.is_object()) {
    poll_ = Poll{p.value("pollId", ""), p.value("kind", ""), field(p, "options").size(),
                 p.value("status", "") == "open", p.value("voterCount", std::uint64_t{0})};
  }
  board_.reset();
  if (const auto& b = field(data, "board"); b.is_object()) {
    Board board;
    board.open = b.value("open", false);
    board.waiting = b.value("waiting", std::uint64_t{0});
    for (const auto& card : field(b, "cards")) {
      board.card_ids.push_back(card.value("id", ""));
      board.votes += card.value("votes", std::uint64_t{0});
    }
    board_ = std::move(board);
  }
}

}  // namespace huddle::load
