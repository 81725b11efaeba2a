// HuddleRun's workloads: broadcast (and slow readers), vote, cards.
#include <algorithm>
#include <cmath>

#include "huddle_run.hpp"

namespace huddle::load {

using nlohmann::json;

namespace {

std::chrono::microseconds spacing_for(std::size_t count, double seconds) {
  return std::chrono::microseconds(static_cast<long>(seconds * 1e6 / static_cast<double>(std::max<std::size_t>(count, 1))));
}

// A card that reads like one and shares keywords with some others, so the server's theme grouping has
// real work: 8 subjects x 6 situations.
std::string card_text(std::size_t i) {
  static const char* subjects[] = {"pricing", "feedback", "one-to-ones", "deadlines",
                                   "hiring",  "budget",   "priorities",  "escalations"};
  static const char* situations[] = {"the team disagrees",   "a customer pushes back", "my manager is away",
                                     "targets change midway", "someone misses a week",  "two projects collide"};
  return std::string("How should I handle ") + subjects[i % 8] + " when " + situations[(i / 8) % 6] +
         "? (load card " + std::to_string(i + 1) + ")";
}

}  // namespace

boost::asio::awaitable<bool> HuddleRun::goto_phase(const std::string& activity) {
  const auto error = co_await console_->goto_activity(activity, "", step_timeout());
  if (!error.empty()) errors_.error_reply(error);
  co_return error.empty();
}

boost::asio::awaitable<void> HuddleRun::broadcast(const std::string& name, bool with_slow_readers) {
  json out;
  // The phase gets an hour first: a phase whose time is up takes added time "from now", so +1 s would
  // expire again a second later and every expiry would be one more push than the updates measured.
  json more_time{{"type", "phase.extend"}, {"seconds", 3600}};
  const auto extended = co_await console_->call(std::move(more_time), step_timeout());
  if (!extended || !extended->ok()) {
    errors_.error_reply(extended ? extended->frame.value("code", "?") : "phase.extend: no reply");
    co_return;
  }
  const bool pushed = co_await console_->wait(
      [&] { return console_->session_version_at(extended->session_pushes_before).has_value(); }, step_timeout());
  if (!pushed || !co_await wait_all_at(HuddleTopic::session, *console_->session_version_at(extended->session_pushes_before),
                                       true, name + ": an hour more")) {
    co_return;
  }
  std::size_t slow = 0;
  if (with_slow_readers) {
    // Each slow reader (chosen at join, see join()) asks for every snapshot again and stops reading as soon
    // as the answer arrives: the snapshots that follow it (a roster among them) pile up in its socket and in
    // its queue at the server, like a browser tab frozen mid-session. The update stream starts once every
    // one of them is stuck.
    slow_phase_ = true;
    round_ = {};
    for (std::uint32_t i = 0; i < participants_.size(); ++i) {
      if (participants_[i].slow && participants_[i].counts()) {
        ++slow;
        send(i, Participant::Waiting::request, {{"type", "resync"}});
      }
    }
    co_await wait_round(slow, name + ": resync");
    out["slow_readers"] = slow;
    out["slow_receive_buffer"] = slow_receive_buffer;
  }
  const auto count = static_cast<std::size_t>(std::llround(options_.rate * options_.duration));
  std::vector<TrackedUpdate> updates(count);
  std::vector<std::int64_t> ids(count);
  tracked_topic_ = HuddleTopic::session;
  tracker_.begin(participants_.size());
  start_window();
  co_await pacer_.run(count, spacing_for(count, options_.duration), [&](std::size_t k) {
    updates[k].sent_at = now_us();
    // +1 s then -1 s: every update changes the session, and the phase's clock stays where it was.
    ids[k] = console_->send({{"type", "phase.extend"}, {"seconds", k % 2 == 0 ? 1 : -1}});
  });
  // Each update's version: the first session push the facilitator got after that update's ack.
  bool ok = co_await console_->wait(
      [&] {
        const auto* last = console_->reply(ids.back());
        return last && console_->session_version_at(last->session_pushes_before);
      },
      step_timeout());
  std::size_t refused = 0;
  for (std::size_t k = 0; ok && k < count; ++k) {
    const auto* reply = console_->reply(ids[k]);
    if (!reply || !reply->ok()) {
      ++refused;
      errors_.error_reply(reply ? reply->frame.value("code", "?") : "phase.extend: no reply");
    }
    if (reply) updates[k].version = console_->session_version_at(reply->session_pushes_before).value_or(UINT64_MAX);
  }
  if (!ok) errors_.timed_out(name + ": the facilitator's acks and pushes");
  if (ok) co_await wait_all_at(HuddleTopic::session, updates.back().version, !with_slow_readers, name + ": last update");
  tracker_.stop();
  tracked_topic_.reset();
  auto delivery = tracker_.resolve(updates, counted(!with_slow_readers));
  out["rate_per_second"] = options_.rate;
  out["duration_seconds"] = options_.duration;
  out["push_bytes"] = console_->session_bytes();
  out["refused"] = refused;
  out["delivery"] = delivery.to_json();
  if (auto by_url = delivery_by_url(updates, !with_slow_readers); !by_url.is_null()) out["delivery_by_url"] = by_url;
  out["window"] = co_await finish_window();
  if (with_slow_readers) {
    // Let them read again: they should catch up to the last update (unless the server closed them).
    for (auto& p : participants_) {
      if (p.slow && !p.closed) pool_.clients()[static_cast<std::size_t>(&p - participants_.data())]->resume_reading();
    }
    std::size_t slow_open = 0, caught_up = 0;
    watch_version(HuddleTopic::session, updates.back().version, true);
    co_await changed_.wait([&] { return watch_.done(); }, std::chrono::seconds(30));
    watch_.stop();
    for (const auto& p : participants_) {
      if (!p.slow || p.closed) continue;
      ++slow_open;
      if (p.version(HuddleTopic::session) >= updates.back().version) ++caught_up;
    }
    out["slow_closed_by_server"] = slow_closed_;
    out["slow_still_open"] = slow_open;
    out["slow_caught_up_after_resuming"] = caught_up;
    if (report_.contains("broadcast")) {
      const double base = report_["broadcast"]["delivery"]["per_client_ms"]["p99_ms"];
      const double now = out["delivery"]["per_client_ms"]["p99_ms"];
      out["others_p99_vs_broadcast"] = base > 0 ? now / base : 0.0;
    }
    slow_phase_ = false;
  }
  report_[name] = out;
}

boost::asio::awaitable<void> HuddleRun::vote() {
  json out;
  if (!co_await goto_phase("poll")) co_return;
  const bool open = co_await console_->wait([&] { return console_->poll() && console_->poll()->open; }, step_timeout());
  if (!open) {
    errors_.timed_out("vote: the poll did not open");
    co_return;
  }
  const auto poll = *console_->poll();
  const auto make_vote = [&](std::size_t i) -> json {
    const auto option = static_cast<int>(i % std::max<std::size_t>(poll.options, 1));
    if (poll.kind == "single") return {{"choice", option}};
    if (poll.kind == "multi") return {{"choices", {option}}};
    if (poll.kind == "wordcloud") return {{"words", {"word" + std::to_string(i % 50)}}};
    if (poll.kind == "open") return {{"text", "load answer " + std::to_string(i)}};
    return {{"value", 1 + static_cast<int>(i % 5)}};  // scale (1..5 fits every scale a scenario may set)
  };
  const auto voters = shuffled_participants();
  round_ = {};
  tracked_topic_ = HuddleTopic::activity;
  tracker_.begin(participants_.size());
  start_window();
  co_await pacer_.run(voters.size(), spacing_for(voters.size(), options_.spread), [&](std::size_t k) {
    send(voters[k], Participant::Waiting::request,
         {{"type", "poll.vote"}, {"pollId", poll.id}, {"vote", make_vote(voters[k])}});
  });
  co_await wait_round(voters.size(), "vote");
  // The final tally: the first activity push in which the facilitator sees every acknowledged ballot.
  const bool tallied = co_await console_->wait(
      [&] { return console_->poll() && console_->poll()->voters >= round_.acked; }, step_timeout());
  const auto final_version = console_->activity_version();
  const auto tally = console_->poll() ? console_->poll()->voters : 0;
  if (!tallied) errors_.timed_out("vote: the facilitator never saw " + std::to_string(round_.acked) + " voters");
  if (tally != joined_) errors_.error_reply("vote: final tally " + std::to_string(tally) + " != " + std::to_string(joined_) + " participants");
  if (tallied) co_await wait_all_at(HuddleTopic::activity, final_version, true, "vote: final tally");
  tracker_.stop();
  tracked_topic_.reset();
  out["poll"] = {{"id", poll.id}, {"kind", poll.kind}};
  out["spread_seconds"] = options_.spread;
  out["final_tally"] = tally;
  out["requests"] = round_.to_json();
  out["since_last_ack"] = tracker_.resolve({{final_version, round_.last_reply_at}}, counted(true)).to_json();
  out["since_last_vote_sent"] = tracker_.resolve({{final_version, round_.last_sent_at}}, counted(true)).to_json();
  out["delivery"] = out["since_last_ack"];
  if (auto by_url = delivery_by_url({{final_version, round_.last_sent_at}}, true); !by_url.is_null()) out["since_last_vote_sent_by_url"] = by_url;
  out["activity_push_bytes"] = console_->activity_bytes();
  out["window"] = co_await finish_window();
  report_["vote"] = out;
}

boost::asio::awaitable<void> HuddleRun::cards() {
  json out;
  if (!co_await goto_phase("cards")) co_return;
  if (!co_await console_->wait([&] { return console_->board() && console_->board()->open; }, step_timeout())) {
    errors_.timed_out("cards: the board did not open");
    co_return;
  }
  auto people = shuffled_participants();
  const auto writers = std::min({people.size(), options_.max_card_writers,
                                 std::max<std::size_t>(3, static_cast<std::size_t>(std::round(options_.card_share * static_cast<double>(people.size()))))});
  tracked_topic_ = HuddleTopic::activity;
  tracker_.begin(participants_.size());
  start_window();
  round_ = {};
  co_await pacer_.run(writers, spacing_for(writers, options_.spread), [&](std::size_t k) {
    send(people[k], Participant::Waiting::request, {{"type", "card.submit"}, {"text", card_text(k)}});
  });
  co_await wait_round(writers, "cards: submit");
  out["cards"] = round_.to_json();
  const auto written = round_.acked;
  // Cards wait until K writers are waiting; the last few may still wait: release them as a facilitator would.
  co_await console_->wait([&] { return console_->board() && console_->board()->card_ids.size() + console_->board()->waiting >= written; },
                          step_timeout());
  std::size_t forced = console_->board() ? console_->board()->waiting : 0;
  if (forced > 0) {
    json request{{"type", "card.release"}, {"force", true}};
    auto released = co_await console_->call(std::move(request), step_timeout());
    if (!released || !released->ok()) errors_.error_reply("card.release refused");
  }
  if (!co_await console_->wait([&] { return console_->board() && console_->board()->card_ids.size() >= written; }, step_timeout())) {
    errors_.timed_out("cards: " + std::to_string(written) + " cards never all on the board");
  }
  const auto card_ids = console_->board() ? console_->board()->card_ids : std::vector<std::string>{};
  const auto metoos = std::min(people.size(), static_cast<std::size_t>(std::round(options_.metoo_share * static_cast<double>(people.size()))));
  std::shuffle(people.begin(), people.end(), random_);
  // Popularity is skewed as in a room: a few cards get most of the "me too"s.
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  round_ = {};
  if (!card_ids.empty()) {
    co_await pacer_.run(metoos, spacing_for(metoos, options_.spread), [&](std::size_t k) {
      const auto u = uniform(random_);
      const auto card = card_ids[std::min(card_ids.size() - 1, static_cast<std::size_t>(u * u * u * static_cast<double>(card_ids.size())))];
      send(people[k], Participant::Waiting::request, {{"type", "card.vote"}, {"cardId", card}, {"vote", true}});
    });
    co_await wait_round(metoos, "cards: me too");
  }
  const bool final_board = co_await console_->wait(
      [&] { return console_->board() && console_->board()->votes >= round_.acked && console_->board()->card_ids.size() >= written; }, step_timeout());
  const auto final_version = console_->activity_version();
  if (!final_board) errors_.timed_out("cards: the facilitator never saw the final board");
  else co_await wait_all_at(HuddleTopic::activity, final_version, true, "cards: final board");
  tracker_.stop();
  tracked_topic_.reset();
  out["released_by_force"] = forced;
  out["board_cards"] = console_->board() ? console_->board()->card_ids.size() : 0;
  out["board_votes"] = console_->board() ? console_->board()->votes : 0;
  out["board_push_bytes"] = console_->activity_bytes();
  out["metoo"] = round_.to_json();
  out["delivery"] = tracker_.resolve({{final_version, round_.last_reply_at}}, counted(true)).to_json();
  out["window"] = co_await finish_window();
  report_["cards"] = out;
}

}  // namespace huddle::load
