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

boost::asio::awaitable<FacilitatorConsole::Created> FacilitatorConsole::create_session(
    const std::string& scenario, std::chrono::milliseconds timeout) {
  // GCC 12 cannot compile a braced json inside a co_await expression ("array used as initializer"), so each
  // request is a named value first.
  nlohmann::json hello_request{{"type", "hello"}, {"protocol", 1}, {"client", "huddle-load/1"}};
  nlohmann::json create_request{{"type", "session.create"}, {"scenario", scenario}};
  const auto hello = co_await call(std::move(hello_request), timeout);
  if (!hello || !hello->ok()) co_return Created{{}, hello ? hello->frame.value("code", "?") : "no reply to hello"};
  const auto created = co_await call(std::move(create_request), timeout);
  if (!created || !created->ok()) {
    co_return Created{{}, created ? created->frame.value("code", "?") : "no reply to session.create"};
  }
  co_return Created{created->frame["result"].value("code", ""), {}};
}

boost::asio::awaitable<std::string> FacilitatorConsole::goto_activity(const std::string& activity,
                                                                      const std::string& poll_kind,
                                                                      std::chrono::milliseconds timeout) {
  // The agenda comes with the first session push, which may still be on its way after the create's ack.
  if (!co_await wait([&] { return session_.is_object() && session_.contains("agenda"); }, timeout)) {
    co_return "no session push with the agenda";
  }
  const auto agenda = session_.value("agenda", nlohmann::json::array());
  for (std::size_t i = 0; i < agenda.size(); ++i) {
    if (agenda[i].value("activity", "") != activity) continue;
    nlohmann::json request{{"type", "phase.goto"}, {"index", i}};  // named: see create_session
    const auto reply = co_await call(std::move(request), timeout);
    if (!reply || !reply->ok()) co_return reply ? reply->frame.value("code", "?") : "phase.goto: no reply";
    if (!co_await wait([&] { return activity_phase_ == static_cast<std::int64_t>(i); }, timeout)) {
      co_return "phase.goto: no activity push for phase " + std::to_string(i);
    }
    if (poll_kind.empty() || (poll_ && poll_->kind == poll_kind)) co_return std::string();
  }
  co_return "the scenario has no " + activity + (poll_kind.empty() ? "" : " of kind " + poll_kind) + " phase";
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
      case HuddleTopic::activity: {
        activity_bytes_ = message.size;
        // A patch applies to the version before, which this connection holds (the server sends it only then).
        const auto frame = parse();
        if (summary.patch) {
          const auto ops = frame.find("ops");
          try {
            if (ops != frame.end()) activity_ = activity_.patch(*ops);
          } catch (const nlohmann::json::exception&) {
            activity_ = nlohmann::json::object();  // a patch that does not apply: the next whole push repairs it
          }
        } else {
          activity_ = frame.value("data", nlohmann::json::object());
        }
        read_activity(activity_);
        break;
      }
      case HuddleTopic::console:
        console_.assign(message.full);
        ++console_pushes_;
        console_bytes_ += message.size;
        console_largest_bytes_ = std::max(console_largest_bytes_, message.size);
        break;
      default:
        break;  // facilitator notes: nothing a workload waits for
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
  const auto& phase = field(data, "phase");  // null in the lobby
  activity_phase_ = phase.is_number_integer() ? phase.get<std::int64_t>() : -1;
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

const std::optional<FacilitatorConsole::Breakouts>& FacilitatorConsole::breakouts() {
  if (breakouts_read_at_ == console_pushes_) return breakouts_;
  breakouts_read_at_ = console_pushes_;
  breakouts_.reset();
  const auto frame = nlohmann::json::parse(console_, nullptr, false);
  if (!frame.is_object()) return breakouts_;
  const auto data = frame.find("data");
  if (data == frame.end() || !data->is_object()) return breakouts_;
  const auto b = data->find("breakouts");
  if (b == data->end() || !b->is_object()) return breakouts_;
  Breakouts out;
  out.status = b->value("status", "");
  out.formed = b->contains("formedWith") && (*b)["formedWith"].is_string();
  if (const auto rooms = b->find("rooms"); rooms != b->end() && rooms->is_array()) {
    for (const auto& r : *rooms) {
      if (!r.is_object()) continue;
      Room room;
      room.number = r.value("number", std::size_t{0});
      if (const auto m = r.find("members"); m != r.end() && m->is_array()) room.members = m->size();
      if (const auto c = r.find("clock"); c != r.end() && c->is_object()) {
        room.round = c->value("round", 0);
        room.step = c->value("step", 0);
        room.done = c->value("done", false);
        if (const auto d = c->find("deadline"); d != c->end() && d->is_number_integer()) room.deadline = d->get<std::int64_t>();
      }
      room.help = r.value("help", false);
      if (const auto o = r.find("observations"); o != r.end() && o->is_array()) room.observations = o->size();
      out.rooms.push_back(room);
    }
  }
  breakouts_ = std::move(out);
  return breakouts_;
}

}  // namespace huddle::load
