// HuddleRun's breakouts workload (issue 19 item 3): everyone in breakout rooms of four, with room timers,
// observers' checklists and help requests. Measured where a workshop feels it: the participants' replies,
// the facilitator's, the room timers' fan-out (from a step's deadline until each participant has the push
// that shows the next step) and the server's CPU at its busiest, not only on average.
#include <algorithm>
#include <chrono>
#include <cmath>

#include "huddle_run.hpp"
#include "wall_clock.hpp"

namespace huddle::load {

using nlohmann::json;

namespace {

// One room in four asks for the facilitator (issue 19: "help requests").
constexpr std::size_t help_every = 4;
// Each observer saves their round-1 checklist twice, as one does while watching: a first tick, then more
// ticks and a note. The second save replaces the first.
constexpr int checklist_saves = 2;

json checklist_request(std::size_t items, int save, std::uint32_t who) {
  json ticked = json::array();
  for (std::size_t i = 0; i < items; ++i) {
    if (i == 0 || (save == 2 && i % 2 == 0)) ticked.push_back(i);
  }
  return {{"type", "breakout.checklist"},
          {"round", 1},
          {"ticked", ticked},
          {"note", "Named the deadline, then asked and waited (load observer " + std::to_string(who + 1) + ", save " +
                       std::to_string(save) + ")."}};
}

double seconds_between(Micros from, Micros to) { return static_cast<double>(to - from) / 1e6; }

}  // namespace

void HuddleRun::request(std::uint32_t index, json r) {
  auto& p = participants_[index];
  if (p.closed) {
    ++round_.lost;
    return;
  }
  if (p.waiting == Participant::Waiting::nothing) return send(index, Participant::Waiting::request, std::move(r));
  queued_[index].push_back(std::move(r));
}

void HuddleRun::on_request_settled(std::uint32_t index, bool ok) {
  // Those who ask for help send nothing else, so their first answer is the help request's: the room now
  // shows it on the console, and waits for the facilitator.
  if (auto help = help_rooms_.find(index); help != help_rooms_.end()) {
    if (ok) help_to_clear_.push_back(help->second);
    help_rooms_.erase(help);
    clear_help();
  }
  auto queued = queued_.find(index);
  if (queued == queued_.end()) return;
  auto next = std::move(queued->second.front());
  queued->second.pop_front();
  if (queued->second.empty()) queued_.erase(queued);
  send(index, Participant::Waiting::request, std::move(next));
}

void HuddleRun::clear_help() {
  if (clearing_) {
    const auto* reply = console_->reply(clearing_->id);
    if (!reply) return;
    ++(reply->ok() ? clears_.acked : clears_.refused);
    if (!reply->ok()) errors_.error_reply(reply->frame.value("code", "?"));
    clears_.reply_latency.add(reply->at - clearing_->sent_at);
    clears_.last_reply_at = reply->at;
    clearing_.reset();
    changed_.notify();
  }
  if (help_to_clear_.empty()) return;
  const auto room = help_to_clear_.front();
  help_to_clear_.pop_front();
  clearing_ = HelpClear{console_->send({{"type", "breakout.help.clear"}, {"room", room}}), now_us()};
  if (clears_.sent == 0) clears_started_at_ = clearing_->sent_at;
  ++clears_.sent;
  clears_.last_sent_at = clearing_->sent_at;
}

void HuddleRun::on_room(WsClient& client, const WsMessage& message) {
  if (seats_.on_room(client.index(), message) != RoomSeats::Heard::nothing) changed_.notify();
}

boost::asio::awaitable<void> HuddleRun::breakouts() {
  json out;
  const WallClock wall;
  std::vector<std::uint32_t> people;
  for (std::uint32_t i = 0; i < participants_.size(); ++i) {
    if (participants_[i].counts()) people.push_back(i);
  }
  // Participants read whole messages while the rooms run: their seat and their room's clock are in the
  // middle of a `room` push (RoomSeats). Switched on before anything of the workload is on its way, so no
  // push arrives half kept.
  seats_.begin(participants_.size());
  for (auto i : people) pool_.clients()[i]->keep_full_messages(true);
  struct Finally {
    HuddleRun& run;
    const std::vector<std::uint32_t>& people;
    ~Finally() {
      run.seats_.end_learning();
      run.seats_.stop_watching();
      for (auto i : people) run.pool_.clients()[i]->keep_full_messages(false);
    }
  } finally{*this, people};
  const auto console_pushes = console_->console_pushes();
  const auto console_bytes = console_->console_bytes();
  start_window();
  const auto window_started = now_us();

  if (!co_await goto_phase("roleplay")) co_return;
  // Rooms: formed at random, shown on the console, and each participant told theirs by its own push.
  json form_request{{"type", "breakout.form"}, {"forming", "auto"}};  // named: see FacilitatorConsole::create_session
  const auto form_sent = now_us();
  const auto formed = co_await console_->call(std::move(form_request), step_timeout());
  if (!formed || !formed->ok()) {
    errors_.error_reply(formed ? formed->frame.value("code", "?") : "breakout.form: no reply");
    co_return;
  }
  out["form_reply_ms"] = static_cast<double>(formed->at - form_sent) / 1000.0;
  const bool on_console = co_await console_->wait(
      [&] {
        const auto& b = console_->breakouts();
        return b && b->formed && !b->rooms.empty();
      },
      step_timeout());
  const bool seated = on_console && co_await changed_.wait([&] { return seats_.known() >= people.size(); }, step_timeout());
  out["seconds_until_every_seat_known"] = seconds_between(form_sent, now_us());
  seats_.end_learning();
  if (!seated) {
    errors_.timed_out("breakouts: " + std::to_string(seats_.known()) + " of " + std::to_string(people.size()) +
                      " participants learned their room" + (on_console ? "" : " (no rooms on the console)"));
    co_return;
  }
  const std::size_t rooms = console_->breakouts()->rooms.size();
  std::size_t observers = 0;
  for (auto i : people) observers += seats_.seat(i).observer ? 1 : 0;
  log_.note("breakouts: " + std::to_string(rooms) + " rooms, " + std::to_string(observers) + " observers, checklists of " +
            std::to_string(seats_.checklist_items()) + " items");

  // The rounds start: every room's clock runs, all from the same moment. The pushes showing the end of
  // play (round 1, step 1: feedback) and the end of feedback (round 2, step 0) are watched from now on, so
  // they are timed even if the rooms are still busy when the deadlines come.
  seats_.watch(people, {{1, 1}, {2, 0}});
  json start_request{{"type", "breakout.start"}};
  const auto start_sent = now_us();
  const auto started = co_await console_->call(std::move(start_request), step_timeout());
  if (!started || !started->ok()) {
    errors_.error_reply(started ? started->frame.value("code", "?") : "breakout.start: no reply");
    co_return;
  }
  out["start_reply_ms"] = static_cast<double>(started->at - start_sent) / 1000.0;
  // Play's deadline in each room, by room number (index 0 unused), from the rooms' clocks on the console.
  std::vector<std::int64_t> play_deadlines;
  const bool running = co_await console_->wait(
      [&] {
        const auto& b = console_->breakouts();
        if (!b || b->status != "running" || b->rooms.empty()) return false;
        std::vector<std::int64_t> found(b->rooms.size() + 1, 0);
        for (const auto& room : b->rooms) {
          if (!room.deadline || room.number >= found.size()) return false;
          found[room.number] = *room.deadline;
        }
        play_deadlines = std::move(found);
        return true;
      },
      step_timeout());
  if (!running) {
    errors_.timed_out("breakouts: the console never showed every room's clock running");
    co_return;
  }
  const auto play_ends = *std::max_element(play_deadlines.begin() + 1, play_deadlines.end());
  const auto running_at = now_us();

  // During round 1's play, spread over --spread seconds in random order: every observer's first save and
  // the help requests (one person in every fourth room), then the second saves; each participant one
  // request at a time. The facilitator clears each room's request once it is answered (clear_help()).
  std::vector<std::uint32_t> first, second;
  help_rooms_.clear();
  help_to_clear_.clear();
  clearing_.reset();
  clears_ = {};
  queued_.clear();
  std::vector<bool> asking(rooms + 1, false);  // by room number: someone there asks for help
  for (auto i : people) {
    const auto& seat = seats_.seat(i);
    if (seat.observer) {
      first.push_back(i);
      second.push_back(i);
    } else if (seat.room % help_every == 0 && seat.room < asking.size() && !asking[seat.room]) {
      asking[seat.room] = true;
      help_rooms_[i] = seat.room;
      first.push_back(i);
    }
  }
  const auto help_requests = help_rooms_.size();
  std::shuffle(first.begin(), first.end(), random_);
  std::shuffle(second.begin(), second.end(), random_);
  struct Ask {
    std::uint32_t who;
    int save;  // 1 or 2: a checklist save; 0: help
  };
  std::vector<Ask> asks;
  for (auto i : first) asks.push_back({i, seats_.seat(i).observer ? 1 : 0});
  for (auto i : second) asks.push_back({i, checklist_saves});
  round_ = {};
  const auto spacing = std::chrono::microseconds(
      static_cast<long>(options_.spread * 1e6 / static_cast<double>(std::max<std::size_t>(asks.size(), 1))));
  co_await pacer_.run(asks.size(), spacing, [&](std::size_t k) {
    const auto& ask = asks[k];
    if (ask.save == 0) request(ask.who, {{"type", "breakout.help"}});
    else request(ask.who, checklist_request(seats_.checklist_items(), ask.save, ask.who));
  });
  bool ok = co_await wait_round(asks.size(), "breakouts: checklists and help");
  if (ok && !co_await changed_.wait([&] { return help_rooms_.empty() && help_to_clear_.empty() && !clearing_; }, step_timeout())) {
    errors_.timed_out("breakouts: the facilitator's help.clear: " + std::to_string(clears_.settled()) + " of " +
                      std::to_string(help_requests) + " answered");
    ok = false;
  }
  log_.note("breakouts: the facilitator cleared " + std::to_string(clears_.acked) + " of " + std::to_string(help_requests) +
            " help requests");
  // Settled: the console shows every observer's checklist and no room asking for help. Waited for only
  // now, once every reply is in: a console push with 10,000 people in rooms is 1-2 MB to parse.
  const bool settled = ok && round_.refused == 0 && round_.lost == 0 &&
                       co_await console_->wait(
                           [&] {
                             const auto& b = console_->breakouts();
                             if (!b) return false;
                             std::size_t saved = 0;
                             for (const auto& room : b->rooms) {
                               if (room.help) return false;
                               saved += room.observations;
                             }
                             return saved >= observers;
                           },
                           step_timeout());
  const auto settled_at = now_us();
  if (ok && !settled) errors_.timed_out("breakouts: the console never showed every checklist saved and every help request cleared");
  const double quiet_seconds = seconds_between(settled_at, wall.steady_us(play_ends));
  log_.note("breakouts: the activity settled " + std::to_string(std::abs(quiet_seconds)) + " s " +
            (quiet_seconds >= 0 ? "before" : "after") + " play's deadline");

  // The two changes: at play's deadline every room moves to feedback, at feedback's to round 2. Each
  // change's push shows the next deadline, so the round change is timed from the deadline the
  // participant's own step-change push announced.
  const char* names[] = {"step_change", "round_change"};
  for (std::size_t k = 0; k < 2; ++k) {
    const auto until = std::chrono::milliseconds(std::max<Micros>(0, wall.steady_us(play_ends) - now_us()) / 1000) +
                       step_timeout() * static_cast<long>(k + 1);
    if (!co_await changed_.wait([&] { return seats_.all_arrived(k); }, until)) {
      errors_.timed_out(std::string("breakouts: ") + names[k] + ": " + std::to_string(seats_.arrived(k)) + " of " +
                        std::to_string(seats_.expected(k)) + " participants had the push showing it");
    }
  }
  const auto fan_outs_at = now_us();
  out["step_change"] = seats_.result(0, [&](const RoomSeats::Seat& seat) -> std::optional<Micros> {
    if (seat.room >= play_deadlines.size() || play_deadlines[seat.room] == 0) return std::nullopt;
    return wall.steady_us(play_deadlines[seat.room]);
  });
  out["round_change"] = seats_.result(1, [&](const RoomSeats::Seat& seat) -> std::optional<Micros> {
    if (seat.arrived[0] == 0 || seat.deadline[0] == 0) return std::nullopt;
    return wall.steady_us(seat.deadline[0]);
  });
  std::int64_t feedback_ends = 0;  // the latest feedback deadline any step-change push showed
  for (auto i : people) feedback_ends = std::max(feedback_ends, seats_.seat(i).deadline[0]);
  for (std::size_t k = 0; k < 2; ++k) {
    const auto& r = out[names[k]]["after_deadline_ms"];
    log_.note(std::string("breakouts: ") + names[k] + ": " + std::to_string(seats_.arrived(k)) + " of " +
              std::to_string(seats_.expected(k)) + " had it; after the deadline p50 " + r["p50_ms"].dump() + " p99 " +
              r["p99_ms"].dump() + " max " + r["max_ms"].dump() + " ms");
  }

  out["rooms"] = rooms;
  out["participants"] = people.size();
  out["observers"] = observers;
  out["checklist_items"] = seats_.checklist_items();
  out["spread_seconds"] = options_.spread;
  out["checklist_saves"] = observers * checklist_saves;
  out["help_requests"] = help_requests;
  out["requests"] = round_.to_json();
  out["help_clears"] = clears_.to_json();
  // From the first clear sent to the last one answered: how long one facilitator needs to see to them all.
  out["help_clears"]["seconds_clearing"] =
      clears_.last_reply_at ? json(seconds_between(clears_started_at_, clears_.last_reply_at)) : json(nullptr);
  // Negative: the rooms were still busy at play's deadline, and the step change was timed under that load.
  out["settled_seconds_before_deadline"] = quiet_seconds;
  out["console"] = {{"pushes", console_->console_pushes() - console_pushes},
                    {"bytes", console_->console_bytes() - console_bytes},
                    {"largest_bytes", console_->console_largest_bytes()}};
  out["window"] = co_await finish_window();
  // Where the window's CPU went: its share while the rooms were busy (from the clocks running until the
  // activity settled), and where the deadlines fall in the window, to place the peaks the window reports.
  const auto activity_share = probe_.cpu_share(running_at, settled_at);
  out["cpu"] = {{"activity_share", activity_share ? json(*activity_share) : json(nullptr)},
                {"activity_seconds", seconds_between(running_at, settled_at)},
                {"play_deadline_at_s", seconds_between(window_started, wall.steady_us(play_ends))},
                {"feedback_deadline_at_s", feedback_ends ? json(seconds_between(window_started, wall.steady_us(feedback_ends))) : json(nullptr)},
                {"all_changes_in_at_s", seconds_between(window_started, fan_outs_at)}};
  report_["breakouts"] = out;
}

}  // namespace huddle::load
