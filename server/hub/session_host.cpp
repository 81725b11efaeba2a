#include "hub/session_host.hpp"

#include <algorithm>
#include <utility>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "core/breakout_rules.hpp"
#include "core/forget_named_ballots.hpp"
#include "core/limits.hpp"
#include "core/overloaded.hpp"
#include "core/replay.hpp"
#include "core/replayer.hpp"
#include "core/report.hpp"
#include "core/rules.hpp"
#include "core/breakouts/breakout_views.hpp"
#include "core/views.hpp"
#include "hub/projector_code.hpp"
#include "hub/replies.hpp"
#include "hub/secrets.hpp"
#include "huddle/protocol/server_message.hpp"
#include "store/event_json.hpp"

namespace huddle::hub {

using protocol::ErrorCode;

namespace {
// Bytes of randomness in a resume token (256 bits; PROTOCOL.md asks for at least 128).
constexpr std::size_t resume_token_bytes = 32;
constexpr const char* unsaved_message = "The server could not save this change, so nothing was changed. Please try again.";

// What the durable events of a change take in the journal, counted as the journal stores them.
StorageUse stored_size(const std::vector<core::Event>& events) {
  StorageUse size;
  for (const auto& e : events) {
    if (!core::is_durable(e)) continue;
    ++size.events;
    size.bytes += store::event_to_json(e).dump().size();
  }
  return size;
}

// Changes that must go through even when the quota is reached, so a full session can still be wound up:
// ending it (once), people leaving and being removed (once each, so at most twice the participant limit).
// Each is one small event; the timers' own events (phase deadlines) are bounded by the scenario likewise.
// Deleting a session stores nothing at all.
bool exempt_from_quota(const core::Command& command) {
  return std::holds_alternative<core::EndSession>(command) || std::holds_alternative<core::LeaveSession>(command) ||
         std::holds_alternative<core::RemoveParticipant>(command);
}

std::string megabytes(std::uint64_t bytes) { return std::to_string((bytes + 1024 * 1024 - 1) / (1024 * 1024)); }

std::string new_participant_id() {
  static constexpr char hex[] = "0123456789abcdef";
  auto bits = random_u64();
  std::string id = "p-";
  for (int i = 0; i < 12; ++i, bits >>= 4) id += hex[bits & 0xF];
  return id;
}
}  // namespace

SessionHost::SessionHost(boost::asio::any_io_executor executor, core::SessionState state, store::Journal& journal,
                         boost::asio::any_io_executor journal_executor, Metrics& metrics, Clock clock,
                         StorageLimits limits, StorageUse used)
    : strand_(boost::asio::make_strand(executor)),
      code_(state.code),
      epoch_("e-" + random_token(6)),
      state_(std::move(state)),
      journal_(journal),
      journal_executor_(std::move(journal_executor)),
      metrics_(metrics),
      clock_(std::move(clock)),
      salt_(random_token(16)),
      limits_(limits),
      quota_(limits, used),
      pace_(limits),
      key_hash_(state_.facilitator_key_hash),
      reload_timer_(strand_),
      timer_(strand_),
      people_(strand_),
      counts_(strand_),
      console_(strand_) {
  live_ = state_.status != core::SessionStatus::ended;
  empty_since_ = clock_();
  // Prime the shared topics so the first connection gets snapshots without waiting for a change.
  render(Topic::session, core::session_view(state_), latest_[static_cast<std::size_t>(Topic::session)]);
  render_roster();
  render_participant_roster();
  render(Topic::facilitator, core::facilitator_view(state_), latest_[static_cast<std::size_t>(Topic::facilitator)]);
  render(Topic::activity, core::activity_view(state_), latest_[static_cast<std::size_t>(Topic::activity)]);
  render_console();
}

template <class F>
void SessionHost::on_strand(F&& f) {
  boost::asio::post(strand_, [self = shared_from_this(), f = std::forward<F>(f)]() mutable { f(); });
}

void SessionHost::attach_creator(ClientPtr client, protocol::RequestId id, std::string facilitator_key) {
  on_strand([this, client = std::move(client), id = std::move(id), key = std::move(facilitator_key)] {
    client->binding().session = shared_from_this();
    client->binding().actor = core::Actor::facilitator();
    client->binding().facilitator_key = key;
    facilitators_.push_back(client);
    audience_.add(client);
    const nlohmann::json result = {{"code", code_}, {"facilitatorKey", key}, {"scenarioId", state_.scenario->id},
                                   {"title", state_.scenario->title}};
    when_stored([this, client, id, result] {
      reply_ack(*client, id, result);
      send_snapshots(client);
    });
  });
}

void SessionHost::attach_facilitator(ClientPtr client, protocol::RequestId id, std::string facilitator_key, Missed missed) {
  on_strand([this, client = std::move(client), id = std::move(id), key = std::move(facilitator_key), missed = std::move(missed)] {
    // A deleted session opens for no key: the same answer as a wrong key, or as a code that never existed.
    if (!constant_time_equal(sha256_hex(key), state_.facilitator_key_hash) || deleting_ || deleted_) {
      missed();
      return;
    }
    client->binding().session = shared_from_this();
    client->binding().actor = core::Actor::facilitator();
    client->binding().facilitator_key = key;
    facilitators_.push_back(client);
    audience_.add(client);
    when_stored([this, client, id] {
      reply_ack(*client, id, {{"code", code_}});
      send_snapshots(client);
    });
  });
}

void SessionHost::attach_projector(ClientPtr client, protocol::RequestId id, std::string projector_code, Missed missed) {
  on_strand([this, client = std::move(client), id = std::move(id), typed = std::move(projector_code), missed = std::move(missed)] {
    // Hashed whatever was typed, so a malformed code costs the same as a wrong one. A session without a
    // projector code (a pod, or one journaled before they existed) opens for none.
    const std::string hash = projector_code_hash(typed);
    if (state_.projector_key_hash.empty() || !constant_time_equal(hash, state_.projector_key_hash) || deleting_ || deleted_) {
      missed();
      return;
    }
    client->binding().session = shared_from_this();
    client->binding().projector = true;
    projectors_.push_back(client);
    audience_.add(client);
    when_stored([this, client, id] {
      reply_ack(*client, id, {{"code", code_}, {"title", state_.scenario->title}});
      send_snapshots(client);
    });
  });
}

void SessionHost::projector_link(const ClientPtr& client, const protocol::RequestId& id) {
  const auto& binding = client->binding();
  if (binding.actor.kind != core::Actor::Kind::facilitator || binding.facilitator_key.empty()) {
    refuse(client, id, ErrorCode::forbidden, "Only the facilitator can do that.");
    return;
  }
  const std::string code = projector_code(binding.facilitator_key, code_);
  if (state_.projector_key_hash.empty() || !constant_time_equal(projector_code_hash(code), state_.projector_key_hash)) {
    refuse(client, id, ErrorCode::unavailable,
           "This session was started before projector codes existed; open the projector view from this console instead.");
    return;
  }
  when_stored([client, id, code, this] { reply_ack(*client, id, {{"code", code_}, {"projectorCode", code}}); });
}

void SessionHost::join(ClientPtr client, protocol::RequestId id, std::string name, nlohmann::json extra) {
  on_strand([this, client = std::move(client), id = std::move(id), name = std::move(name), extra = std::move(extra)]() mutable {
    if (deleting_ || deleted_) {
      refuse(client, id, ErrorCode::session_not_found, "This session was deleted.");
      return;
    }
    add_participant(client, id, name, random_token(resume_token_bytes), std::move(extra), nullptr);
  });
}

void SessionHost::join_member(ClientPtr client, protocol::RequestId id, std::string name, std::string resume_token,
                              std::function<void()> joined) {
  on_strand([this, client = std::move(client), id = std::move(id), name = std::move(name), token = std::move(resume_token),
             joined = std::move(joined)]() mutable {
    if (deleting_ || deleted_) {
      refuse(client, id, ErrorCode::session_not_found, "This session was deleted.");
      return;
    }
    const core::Participant* p = state_.find_by_token_hash(sha256_hex(token));
    if (!p) return add_participant(client, id, name, token, nlohmann::json::object(), std::move(joined));
    // Back again: as a resume, and the reply carries the token so this device keeps it.
    const std::string participant_id = p->id;
    client->binding().resume_token = token;
    bind_participant(client, participant_id);
    const nlohmann::json result = {{"participantId", participant_id}, {"name", p->name}, {"resumeToken", token}};
    when_stored([this, client, id, result, joined = std::move(joined)] {
      reply_ack(*client, id, result);
      send_snapshots(client);
      if (joined) joined();
    });
  });
}

void SessionHost::add_participant(const ClientPtr& client, const protocol::RequestId& id, const std::string& name,
                                  const std::string& token, nlohmann::json extra, std::function<void()> joined) {
    const std::string participant_id = new_participant_id();
    if (!run(client, id, core::Actor::visitor(), core::JoinSession{participant_id, name, sha256_hex(token)})) return;
    const core::Participant* p = state_.find(participant_id);
    client->binding().resume_token = token;
    bind_participant(client, participant_id);
    extra.update({{"participantId", participant_id}, {"name", p->name}, {"resumeToken", token}});
    when_stored(
        [this, client, id, extra, joined = std::move(joined)] {
          reply_ack(*client, id, extra);
          send_snapshots(client);
          if (joined) joined();
        },
        [this, client, id] {  // the join itself was not stored: this connection is nobody after all
          unsubscribe(client);
          client->binding() = ClientBinding{true, {}, core::Actor::visitor(), {}, {}};
          reply_error(*client, metrics_, id, ErrorCode::unavailable, unsaved_message);
        });
}

void SessionHost::resume(ClientPtr client, protocol::RequestId id, std::string resume_token, Missed missed) {
  on_strand([this, client = std::move(client), id = std::move(id), token = std::move(resume_token), missed = std::move(missed)] {
    const core::Participant* p = state_.find_by_token_hash(sha256_hex(token));
    if (!p || deleting_ || deleted_) {
      missed();
      return;
    }
    const std::string participant_id = p->id;
    client->binding().resume_token = token;
    bind_participant(client, participant_id);
    const nlohmann::json result = {{"participantId", participant_id}, {"name", p->name}};
    when_stored([this, client, id, result] {
      reply_ack(*client, id, result);
      send_snapshots(client);
    });
  });
}

void SessionHost::bind_participant(const ClientPtr& client, const std::string& participant_id) {
  client->binding().session = shared_from_this();
  client->binding().actor = core::Actor::participant(participant_id);
  participants_[participant_id].push_back(client);
  audience_.add(client);
  auto outcome = core::decide(state_, core::Actor::system(), core::Connect{participant_id}, clock_());
  if (outcome.ok()) commit(outcome.events);
}

void SessionHost::handle(ClientPtr client, protocol::Request request) {
  on_strand([this, client = std::move(client), request = std::move(request)]() mutable {
    if (deleted_ || deleting_) {
      refuse(client, request.id, ErrorCode::session_not_found, "This session was deleted.");
      return;
    }
    if (moving_) {
      refuse(client, request.id, ErrorCode::unavailable, "This session is moving to another server; you will be reconnected.");
      return;
    }
    if (reloading_ && !std::holds_alternative<protocol::Resync>(request.body)) {
      refuse(client, request.id, ErrorCode::unavailable, "The server cannot reach its storage just now; nothing was changed. Try again in a moment.");
      return;
    }
    const core::Actor actor = client->binding().actor;
    const auto& id = request.id;
    // A projector shows the session and changes nothing: it may only ask for its topics again.
    if (client->binding().projector && !std::holds_alternative<protocol::Resync>(request.body)) {
      refuse(client, id, ErrorCode::forbidden, "The projector view only shows the session; it cannot change anything.");
      return;
    }
    auto phase_result = [this] { return nlohmann::json{{"phase", state_.phase ? *state_.phase : -1}}; };
    std::visit(core::overloaded{
                   [&](const protocol::Leave&) {
                     if (!run(client, id, actor, core::LeaveSession{})) return;
                     unsubscribe(client);
                     client->binding() = ClientBinding{true, {}, core::Actor::visitor(), {}, {}};
                     writers_.forget(actor.participant_id);
                     pace_.forget(actor.participant_id);
                     observers_.forget(actor.participant_id);
                     recent_.erase(actor.participant_id);
                     ack(client, id, nlohmann::json::object(),
                         [this, who = actor.participant_id] { close_participant(who, "left the session"); });
                   },
                   [&](const protocol::Resync&) {
                     when_stored([this, client, id] {
                       reply_ack(*client, id);
                       send_snapshots(client, true);
                     });
                   },
                   [&](const protocol::PhaseNext&) {
                     if (run(client, id, actor, core::NextPhase{})) ack(client, id, phase_result());
                   },
                   [&](const protocol::PhaseBack&) {
                     if (run(client, id, actor, core::PreviousPhase{})) ack(client, id, phase_result());
                   },
                   [&](const protocol::PhaseGoto& r) {
                     if (run(client, id, actor, core::GotoPhase{r.index})) ack(client, id, phase_result());
                   },
                   [&](const protocol::ParticipantRemove& r) {
                     if (!run(client, id, actor, core::RemoveParticipant{r.participant_id})) return;
                     // A removed person stops counting as a writer, like one who left (card_writers.hpp).
                     writers_.forget(r.participant_id);
                     observers_.forget(r.participant_id);
                     ack(client, id, nlohmann::json::object(),
                         [this, who = r.participant_id] { close_participant(who, "removed by the facilitator"); });
                   },
                   [&](const protocol::SessionLock& r) {
                     if (run(client, id, actor, core::LockSession{r.locked})) ack(client, id, {{"locked", r.locked}});
                   },
                   [&](const protocol::ParticipantRemoveSince& r) { remove_joined_since(client, id, actor, r.since); },
                   [&](const protocol::SessionEnd&) {
                     if (run(client, id, actor, core::EndSession{})) ack(client, id);
                   },
                   [&](const protocol::PhasePause&) {
                     if (run(client, id, actor, core::PauseTimer{})) ack(client, id);
                   },
                   [&](const protocol::PhaseResume&) {
                     if (run(client, id, actor, core::ResumeTimer{})) ack(client, id);
                   },
                   [&](const protocol::PhaseExtend& r) {
                     if (run(client, id, actor, core::ExtendTimer{r.seconds})) ack(client, id);
                   },
                   [&](const protocol::PollVote& r) { poll_vote(client, id, r); },
                   [&](const protocol::PollWithdraw& r) { poll_withdraw(client, id, r); },
                   [&](const protocol::PollControl& r) { poll_control(client, id, r); },
                   [&](const protocol::PollQuick& r) { poll_quick(client, id, r); },
                   [&](const protocol::PollResults& r) { poll_results(client, id, r); },
                   [&](const protocol::CardSubmit& r) { card_submit(client, id, r); },
                   [&](const protocol::CardVote& r) { card_vote(client, id, r); },
                   [&](const protocol::CardModerate& r) { card_moderate(client, id, r); },
                   [&](const protocol::CardMerge& r) { card_merge(client, id, r); },
                   [&](const protocol::CardRelease& r) { card_release(client, id, r); },
                   [&](const protocol::CardGroupRename& r) { card_group_rename(client, id, r); },
                   [&](const protocol::SessionDelete&) { delete_session(client, id); },
                   [&](const protocol::ProjectorLink&) { projector_link(client, id); },
                   // Breakouts: rooms and rounds are numbered from 1 on the wire and from 0 in core.
                   [&](const protocol::BreakoutForm& r) { run_and_ack(client, id, core::FormRooms{r.forming, random_u64(), r.include_away}); },
                   [&](const protocol::BreakoutMove& r) {
                     run_and_ack(client, id, core::MoveToRoom{r.participant_id, r.room - 1});
                   },
                   [&](const protocol::BreakoutChoose& r) { run_and_ack(client, id, core::ChooseRoom{r.room - 1}); },
                   [&](const protocol::BreakoutStart& r) { run_and_ack(client, id, core::StartRounds{r.restart}); },
                   [&](const protocol::BreakoutTime& r) {
                     run_and_ack(client, id, core::AddRoomTime{r.seconds, r.room == 0 ? -1 : r.room - 1});
                   },
                   [&](const protocol::BreakoutCallback& r) { run_and_ack(client, id, core::CallBackRooms{r.seconds}); },
                   [&](const protocol::BreakoutHelp&) { run_and_ack(client, id, core::AskForHelp{}); },
                   [&](const protocol::BreakoutHelpClear& r) { run_and_ack(client, id, core::ClearHelp{r.room - 1}); },
                   [&](const protocol::BreakoutChecklist& r) {
                     std::vector<long long> ticked(r.ticked.begin(), r.ticked.end());
                     run_and_ack(client, id, core::SaveChecklist{r.round - 1, std::move(ticked), r.note});
                   },
                   [&](const protocol::SessionAnnounce& r) { run_and_ack(client, id, core::Announce{r.text}); },
                   // Fishbowls: seats are numbered from 1 on the wire and from 0 in core.
                   [&](const protocol::FishbowlTapIn& r) { fishbowl_tap_in(client, id, r); },
                   [&](const protocol::FishbowlTapOut&) { run_and_ack(client, id, core::TapOut{}); },
                   [&](const protocol::FishbowlSeat& r) { fishbowl_seat(client, id, r); },
                   [&](const protocol::FishbowlUnseat& r) { run_and_ack(client, id, core::UnseatFromFishbowl{r.participant_id}); },
                   [&](const protocol::FishbowlObserve& r) { fishbowl_observe(client, id, r); },
                   [&](const protocol::FishbowlSurface& r) { fishbowl_surface(client, id, r); },
                   [&](const auto&) {
                     // hello, create, attach, join and resume never reach a bound session (Hub routes them).
                     refuse(client, id, ErrorCode::already_in_session,
                                 "This connection already belongs to a session.");
                   },
               },
               request.body);
  });
}

void SessionHost::detach(ClientPtr client) {
  on_strand([this, client = std::move(client)] {
    const core::Actor actor = client->binding().actor;
    unsubscribe(client);
    if (actor.kind == core::Actor::Kind::participant) {
      auto outcome = core::decide(state_, core::Actor::system(), core::Disconnect{actor.participant_id}, clock_());
      if (outcome.ok()) commit(outcome.events);
    }
    // Drop the client's link to us, or the session would keep its connection alive (and vice versa).
    client->binding().session.reset();
  });
}

bool SessionHost::run(const ClientPtr& client, const protocol::RequestId& id, const core::Actor& actor,
                      core::Command command) {
  auto outcome = core::decide(state_, actor, command, clock_());
  if (!outcome.ok()) {
    refuse(client, id, outcome.rejection->code, outcome.rejection->message);
    return false;
  }
  // decide() is pure: refusing here, before commit(), leaves nothing changed.
  const StorageUse size = stored_size(outcome.events);
  if (size.events > 0 && !exempt_from_quota(command)) {
    if (!quota_.fits(size)) {
      refuse(client, id, ErrorCode::quota_exceeded,
             "This session has stored all it may (" + std::to_string(limits_.max_events) + " changes, " +
                 megabytes(limits_.max_bytes) + " MB), so nothing more can be saved. The facilitator can still end it.");
      return false;
    }
    if (actor.kind == core::Actor::Kind::participant &&
        !pace_.take(actor.participant_id, std::chrono::steady_clock::now())) {
      refuse(client, id, ErrorCode::rate_limited,
             "You are changing things faster than this session allows (" +
                 std::to_string(static_cast<long long>(pace_.per_minute())) +
                 " changes a minute). Wait a moment, then try again.");
      return false;
    }
  }
  commit(outcome.events, size);
  return true;
}

void SessionHost::commit(const std::vector<core::Event>& events) { commit(events, stored_size(events)); }

void SessionHost::commit(const std::vector<core::Event>& events, const StorageUse& size) {
  quota_.add(size);
  bool durable = false;
  for (const auto& e : events) {
    if (core::is_durable(e)) {
      unsynced_.push_back(e);
      durable = true;
    }
    core::apply(state_, e);
    if (std::holds_alternative<core::SessionEnded>(e)) live_ = false;
    core::TopicChanges changes = core::TopicChanges::of(e, state_);
    console_rooms_.note(e, changes, state_);
    if (core::TopicChanges::about_people(e)) {  // the roster and the session's counts go out when due (push_paced_when_due)
      if (changes.session || changes.roster) people_.mark_due();
      changes.session = changes.roster = false;
    }
    if (core::TopicChanges::about_counts(e) && core::counts_push_interval_ms(state_.active_count) > 0 && changes.activity) {
      counts_.mark_due();
      changes.activity = false;
    }
    if (core::TopicChanges::by_participants(e) && core::console_push_interval_ms(state_.active_count) > 0 && changes.console) {
      console_.mark_due();
      changes.console = false;
    }
    mark(changes);
    // A released pen has no waiting writers left (CardWriters is memory the rules cannot see).
    if (const auto* released = std::get_if<core::CardsReleased>(&e)) writers_.released(released->phase);
    if (const auto* released = std::get_if<core::ObservationsReleased>(&e)) observers_.released(released->phase);
    // A poll became anonymous: once this is stored, its named ballot events are deleted (write_unsynced).
    if (std::holds_alternative<core::BallotsRekeyed>(e)) forget_named_ballots_ = true;
  }
  if (durable) {
    ++applied_;
    if (!writing_) write_unsynced();
  }
  arm_timer();
}

void SessionHost::when_stored(std::function<void()> done, std::function<void()> failed) {
  if (stored_ == applied_) {
    done();
    return;
  }
  held_.push_back(Held{applied_, std::move(done), std::move(failed)});
}

void SessionHost::ack(const ClientPtr& client, const protocol::RequestId& id, nlohmann::json result,
                      std::function<void()> then) {
  when_stored(
      [this, client, id, result = std::move(result), then = std::move(then)] {
        reply_ack(*client, id, result);
        if (then) then();
      },
              [this, client, id] { reply_error(*client, metrics_, id, ErrorCode::unavailable, unsaved_message); });
}

void SessionHost::refuse(const ClientPtr& client, const protocol::RequestId& id, ErrorCode code, std::string message) {
  when_stored([this, client, id, code, message = std::move(message)] { reply_error(*client, metrics_, id, code, message); });
}

bool SessionHost::answered_before_writing(const ClientPtr& client, const protocol::RequestId& id, const std::string& content,
                                          const CardWriters& writers, bool paced, std::string_view what) {
  const core::Actor& actor = client->binding().actor;
  if (actor.kind != core::Actor::Kind::participant) return false;
  if (auto again = recent(actor).find(id, content)) {
    ack(client, id, *again);
    return true;
  }
  if (!paced) return false;
  const core::Millis wait = writers.wait_ms(actor.participant_id, clock_());
  if (wait <= 0) return false;
  refuse(client, id, ErrorCode::rate_limited,
         "One " + std::string(what) + " at a time: you can write the next one in " + std::to_string((wait + 999) / 1000) + " s.");
  return true;
}

void SessionHost::write_unsynced() {
  writing_ = true;
  auto batch = std::make_shared<std::vector<core::Event>>(std::move(unsynced_));
  unsynced_.clear();
  const bool forget_named = std::exchange(forget_named_ballots_, false);
  boost::asio::post(journal_executor_, [self = shared_from_this(), batch, change = applied_, forget_named] {
    const std::error_code ec = self->journal_.append(self->code_, *batch);
    // The batch holds a BallotsRekeyed: the ballot events it supersedes (participant ids, names) go from the
    // journal now (poll.hpp). The append is what the request waits for; should this fail, the tallies are
    // the same either way, and the next start tries again (Hub::recover).
    if (!ec && forget_named) {
      if (auto rewritten = self->journal_.rewrite(self->code_, core::forget_named_ballots)) {
        spdlog::error("session {}: could not delete the named ballots of a poll made anonymous: {}", self->code_,
                      rewritten.message());
      }
    }
    boost::asio::post(self->strand_, [self, change, ec] { self->written(change, ec); });
  });
}

void SessionHost::written(std::uint64_t change, std::error_code ec) {
  writing_ = false;
  if (ec == store::fenced()) {
    fenced_out();
    return;
  }
  if (ec) {
    go_back_to_stored(ec);
    return;
  }
  stored_ = change;
  while (!held_.empty() && held_.front().change <= stored_) {
    Held next = std::move(held_.front());
    held_.pop_front();
    next.done();
  }
  if (!unsynced_.empty()) write_unsynced();
}

void SessionHost::go_back_to_stored(const std::error_code& ec) {
  spdlog::error("session {}: journal append failed: {}; its changes since the last stored one are undone", code_,
                ec.message());
  unsynced_.clear();
  if (!reload_from_journal()) {
    // The journal cannot even be read (a networked store that is away): what is stored is unknown, so the
    // session takes no request until it has read it back, trying again every half second. Nothing
    // unacknowledged is ever shown as stored.
    spdlog::error("session {}: cannot read its journal back after a failed write; refusing changes until it can", code_);
    reloading_ = true;
    retry_reload();
  }
  // Presence is not journaled: the connections still open count again.
  for (const auto& [participant_id, clients] : participants_) {
    for (std::size_t i = 0; i < clients.size(); ++i) core::apply(state_, core::PresenceChanged{participant_id, +1});
  }
  applied_ = stored_;
  recent_.clear();  // a remembered reply may be for a change that is gone
  mark({true, true, true, {}, true, true, true, true});
  auto held = std::move(held_);
  held_.clear();
  for (auto& h : held) (h.failed ? h.failed : h.done)();
  arm_timer();
}

bool SessionHost::reload_from_journal() {
  try {
    core::Replayer replayer;
    StorageUse used;
    journal_.for_each(code_, [&](core::Event&& e, std::size_t bytes) {
      replayer.add(e);
      ++used.events;
      used.bytes += bytes;
    });
    state_ = std::move(replayer.state());
    quota_.reset(used);
    return true;
  } catch (const std::exception& e) {
    spdlog::error("session {}: cannot read its journal: {}", code_, e.what());
    return false;
  }
}

void SessionHost::retry_reload() {
  reload_timer_.expires_after(std::chrono::milliseconds(500));
  reload_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;
    auto self = weak.lock();
    if (!self || self->deleted_ || self->moving_) return;
    if (!self->reload_from_journal()) return self->retry_reload();
    spdlog::info("session {}: its journal is readable again; taking changes", self->code_);
    self->reloading_ = false;
    for (const auto& [participant_id, clients] : self->participants_) {
      for (std::size_t i = 0; i < clients.size(); ++i) core::apply(self->state_, core::PresenceChanged{participant_id, +1});
    }
    self->mark({true, true, true, {}, true, true, true, true});
    self->arm_timer();
  });
}

void SessionHost::fenced_out() {
  spdlog::warn("session {}: another node holds its lease now; handing its connections over", code_);
  moving_ = true;
  timer_.cancel();
  unsynced_.clear();
  auto held = std::move(held_);
  held_.clear();
  for (auto& h : held) (h.failed ? h.failed : h.done)();
  close_for_move();
}

void SessionHost::hand_over(std::function<void()> done) {
  on_strand([this, done = std::move(done)]() mutable {
    if (deleted_ || moving_) {
      if (done) done();
      return;
    }
    moving_ = true;
    timer_.cancel();
    // `done` (which gives up the lease) runs before the connections close: by the time a client reconnects,
    // no node still names this one as the session's owner.
    auto finish = [this, done] { close_for_move(done); };
    when_stored(finish, finish);
  });
}

void SessionHost::count_connections(std::size_t at_most, ConnectionCounts done) {
  on_strand([this, at_most, done = std::move(done)] {
    if (participants_.size() > at_most) return;
    std::size_t local = 0;
    std::map<std::string, std::size_t> by_edge;
    for_each_client([&](const ClientPtr& c) {
      if (const auto edge = c->edge(); edge.empty()) ++local;
      else ++by_edge[std::string(edge)];
    });
    done(local, by_edge);
  });
}

void SessionHost::close_for_move(const std::function<void()>& before_closing) {
  live_ = false;
  if (forget_) forget_(code_, false);
  if (before_closing) before_closing();
  // 1012 (service restart): the client reconnects at once, through the balancer, to the session's next node.
  for_each_client([](const ClientPtr& c) { c->close(1012, "this session moved to another server; reconnecting"); });
}

void SessionHost::delete_session(const ClientPtr& client, const protocol::RequestId& id) {
  if (client->binding().actor.kind != core::Actor::Kind::facilitator) {
    refuse(client, id, ErrorCode::forbidden, "Only the facilitator can do that.");
    return;
  }
  erase_after_writes([this, client, id](bool erased) {
    if (!erased) {
      reply_error(*client, metrics_, id, ErrorCode::unavailable, "The server could not delete this session's data. Try again.");
      return;
    }
    reply_ack(*client, id);
    spdlog::info("session {} deleted by its facilitator", code_);
  });
}

void SessionHost::erase(std::function<void(bool)> done) {
  on_strand([this, done = std::move(done)] {
    if (deleted_ || deleting_) {
      done(deleted_);
      return;
    }
    erase_after_writes([this, done](bool erased) {
      if (erased) spdlog::info("session {} deleted with its cohort", code_);
      done(erased);
    });
  });
}

void SessionHost::erase_after_writes(std::function<void(bool)> then) {
  // Nothing new is taken from here on, and the data goes once the writes already under way are done, so
  // none of them can store an event after the delete.
  deleting_ = true;
  timer_.cancel();
  when_stored([this, then = std::move(then)] {
    if (!erase_everything()) {
      deleting_ = false;
      armed_for_.reset();
      arm_timer();
      then(false);
      return;
    }
    then(true);  // before the connections close: a facilitator's ack goes out first
    for_each_client([](const ClientPtr& c) { c->close(1000, "the facilitator deleted this session"); });
  });
}

bool SessionHost::erase_everything() {
  if (auto ec = journal_.remove(code_)) {
    spdlog::error("session {}: could not delete its data: {}", code_, ec.message());
    return false;
  }
  deleted_ = true;
  live_ = false;
  // Forgotten at once, so nothing anyone does next can still find the session.
  if (forget_) forget_(code_, false);
  return true;
}

void SessionHost::set_empty_since(core::Millis since) {
  on_strand([this, since] { empty_since_ = since; });
}

void SessionHost::sweep(core::Millis abandoned_after, core::Millis idle_after) {
  on_strand([this, abandoned_after, idle_after] {
    if (deleted_ || deleting_ || !facilitators_.empty() || !participants_.empty()) return;
    const core::Millis idle = clock_() - empty_since_;
    const bool pod = state_.scenario && state_.scenario->mode == "pod";
    if ((pod || state_.participants.empty()) && idle >= abandoned_after) {
      // Whatever is still being written goes first, then the data; nothing new can come (nobody is here).
      deleting_ = true;
      timer_.cancel();
      when_stored([this, pod, abandoned_after] {
        if (erase_everything()) spdlog::info("{} {} deleted: nobody came for {} min", pod ? "pod" : "session", code_, abandoned_after / 60'000);
        else deleting_ = false;
      });
      return;
    }
    if (state_.status == core::SessionStatus::ended) {
      if (forget_) when_stored([this] { if (!deleted_ && facilitators_.empty() && participants_.empty() && forget_) forget_(code_, true); });
      return;
    }
    if (idle < idle_after) return;
    auto outcome = core::decide(state_, core::Actor::facilitator(), core::EndSession{}, clock_());
    if (!outcome.ok()) return;
    commit(outcome.events);
    spdlog::info("session {} ended: nobody connected for {} h", code_, idle_after / 3'600'000);
  });
}

void SessionHost::report(std::string facilitator_key, std::function<void(int, nlohmann::json)> done, Missed missed) {
  on_strand([this, key = std::move(facilitator_key), done = std::move(done), missed = std::move(missed)] {
    if (!constant_time_equal(sha256_hex(key), state_.facilitator_key_hash) || deleted_) {
      missed();
      return;
    }
    done(200, core::session_report(state_, clock_()));
  });
}

void SessionHost::resume_timers() {
  on_strand([this] { arm_timer(); });
}

void SessionHost::arm_timer() {
  const auto wake = core::next_wakeup(state_);
  if (wake == armed_for_) return;
  armed_for_ = wake;
  timer_.cancel();
  if (!wake) return;
  timer_.expires_after(std::chrono::milliseconds(std::max<core::Millis>(0, *wake - clock_())));
  // Weak: a pending timer must not keep a dropped session alive.
  timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;  // cancelled: re-armed or shutting down
    if (auto self = weak.lock()) self->on_timer();
  });
}

void SessionHost::on_timer() {
  armed_for_.reset();
  if (deleting_ || deleted_ || moving_) return;
  auto outcome = core::decide(state_, core::Actor::system(), core::Tick{}, clock_());
  // Nothing due yet (the clock moved less than the steady timer did) just re-arms.
  if (!outcome.ok() || outcome.events.empty()) {
    arm_timer();
    return;
  }
  commit(outcome.events);
}

void SessionHost::mark(const core::TopicChanges& changes) {
  dirty_.session |= changes.session;
  dirty_.roster |= changes.roster;
  dirty_.facilitator |= changes.facilitator;
  dirty_.activity |= changes.activity;
  dirty_.console |= changes.console;
  dirty_every_me_ |= changes.every_me;
  dirty_every_room_ |= changes.every_room;
  if (!dirty_every_room_) dirty_rooms_.insert(dirty_rooms_.end(), changes.rooms.begin(), changes.rooms.end());
  if (!changes.me.empty()) dirty_me_.push_back(changes.me);
  schedule_flush();
}

void SessionHost::schedule_flush() {
  if (flush_scheduled_) return;
  flush_scheduled_ = true;
  // Posted, not run now: every request already queued on the strand is handled first, so a burst of
  // changes is pushed once.
  on_strand([this] { flush(); });
}

const RenderedTopic& SessionHost::render(Topic topic, const nlohmann::json& data, RenderedTopic& last) {
  // Marked dirty is not changed: a phase change marks every `me` and `room`, a second connection marks
  // the roster, and most of them render exactly what their audience already holds. The text is compared:
  // the frame is all that is kept (rendered_topic.hpp), and the text is needed for a new frame anyway.
  return render_text(topic, protocol::to_json_text(data), last);
}

const RenderedTopic& SessionHost::render_text(Topic topic, std::string text, RenderedTopic& last) {
  if (last.frame && text == last.data()) return last;
  last.version = ++versions_[static_cast<std::size_t>(topic)];
  last.frame = std::make_shared<const PushFrame>(protocol::make_state_text(topic_name(topic), last.version, epoch_, text));
  last.data_size = text.size();
  return last;
}

const RenderedTopic& SessionHost::render_roster() {
  return render_text(Topic::roster, core::roster_text(state_, state_.participants.size()),
                     latest_[static_cast<std::size_t>(Topic::roster)]);
}

const RenderedTopic& SessionHost::render_console() {
  return render_text(Topic::console, console_rooms_.console_text(state_), latest_[static_cast<std::size_t>(Topic::console)]);
}

const RenderedTopic& SessionHost::render_activity(nlohmann::json data) {
  auto& last = latest_[static_cast<std::size_t>(Topic::activity)];
  const auto before = last.version;
  render(Topic::activity, data, last);
  if (last.version == before) return last;  // unchanged
  last.patch.reset();
  if (audience_.size() < core::patch_push_from) {
    activity_data_ = nullptr;  // small sessions get whole pushes, and keep no copy for diffing
    return last;
  }
  if (!activity_data_.is_null()) {
    // RFC 6902 operations, by position in arrays: the board lists cards in release order (CardSort::released)
    // so that new counts are replacements in place.
    const auto ops = nlohmann::json::diff(activity_data_, data);
    auto text = protocol::make_patch(topic_name(Topic::activity), last.version, before, epoch_, ops);
    if (text.size() * core::patch_push_max_share_divisor <= last.frame->payload().size()) {
      last.patch = std::make_shared<const PushFrame>(text, last.frame);
      last.patch_base = before;
    }
  }
  activity_data_ = std::move(data);
  return last;
}

void SessionHost::send(const ClientPtr& client, Topic topic, const RenderedTopic& rendered, bool again) {
  // A frame can be meant for a connection twice: a push that went out while its join was being stored,
  // then the join's snapshots; or a topic marked dirty whose data did not change.
  auto& pushed = client->binding().pushed[static_cast<std::size_t>(topic)];
  if (pushed >= rendered.version && !again) return;
  const bool holds_base = rendered.patch && pushed == rendered.patch_base && !again;
  pushed = rendered.version;
  client->send_state(topic, holds_base ? rendered.patch : rendered.frame);
}

void SessionHost::render_participant_roster() {
  const RenderedTopic& full = latest_[static_cast<std::size_t>(Topic::roster)];
  if (state_.active_count <= core::roster_preview_limit) {
    participant_roster_ = full;
    return;
  }
  const std::string preview = core::roster_text(state_, core::roster_preview_limit);
  if (participant_roster_.frame && preview == participant_roster_.data()) return;
  // The facilitator's version when the full list changed with it (it always does: the counts are in both).
  participant_roster_.version =
      full.version > participant_roster_.version ? full.version : ++versions_[static_cast<std::size_t>(Topic::roster)];
  participant_roster_.frame = std::make_shared<const PushFrame>(
      protocol::make_state_text(topic_name(Topic::roster), participant_roster_.version, epoch_, preview));
  participant_roster_.data_size = preview.size();
}

template <class F>
void SessionHost::for_each_client(F&& f) {
  for (const auto& c : audience_) f(c);
}

void SessionHost::flush() {
  // Pushes wait for the changes they show to be stored (flush_scheduled_ stays set meanwhile, so no second
  // flush is queued); then they carry whatever is dirty by then.
  when_stored([this] { push_dirty(); });
}

PushPace::Wake SessionHost::wake_flush(PushPace SessionHost::*pace) {
  return [weak = weak_from_this(), pace](boost::system::error_code ec) {
    if (ec) return;
    if (auto self = weak.lock()) {
      ((*self).*pace).woke();
      self->schedule_flush();
    }
  };
}

void SessionHost::push_paced_when_due() {
  using std::chrono::milliseconds;
  const auto people = state_.active_count;
  if (people_.take(milliseconds(core::people_push_interval_ms(people)), wake_flush(&SessionHost::people_))) {
    dirty_.session = dirty_.roster = true;
  }
  auto bytes_of = [this](Topic topic) -> std::size_t {  // bigger pushes are paced further apart
    const auto& last = latest_[static_cast<std::size_t>(topic)].frame;
    return last ? last->wire().size() : 0;
  };
  if (dirty_.console) {
    console_.went();
  } else if (console_.take(milliseconds(core::console_push_interval_ms(people, bytes_of(Topic::console))),
                           wake_flush(&SessionHost::console_))) {
    dirty_.console = true;
  }
  // A change that is not paced (a reveal, a new phase) brings the counts with it.
  if (dirty_.activity) {
    counts_.went();
    return;
  }
  const std::size_t bytes = bytes_of(Topic::activity);
  if (counts_.take(milliseconds(core::counts_push_interval_ms(people, bytes)),
                   milliseconds(core::counts_push_storm_interval_ms(people, bytes)), milliseconds(core::counts_push_quiet_ms),
                   wake_flush(&SessionHost::counts_))) {
    dirty_.activity = true;
  }
}

void SessionHost::push_dirty() {
  flush_scheduled_ = false;
  push_paced_when_due();
  // Each dirty topic is rendered, and sent to whoever does not hold that version yet: nobody, when the data
  // did not change (unless someone subscribed meanwhile without it).
  auto shared = [this](Topic topic, nlohmann::json data) -> const RenderedTopic& {
    return render(topic, std::move(data), latest_[static_cast<std::size_t>(topic)]);
  };
  if (dirty_.session) {
    const auto& r = shared(Topic::session, core::session_view(state_));
    for_each_client([&](const ClientPtr& c) { send(c, Topic::session, r); });
  }
  if (dirty_.roster) {
    // The facilitator's roster lists everyone; participants get the first few, with the same version.
    const auto& r = render_roster();
    for (const auto& c : facilitators_) send(c, Topic::roster, r);
    render_participant_roster();
    for (const auto& [id, clients] : participants_) {
      for (const auto& c : clients) send(c, Topic::roster, participant_roster_);
    }
  }
  if (dirty_.facilitator) {
    const auto& r = shared(Topic::facilitator, core::facilitator_view(state_));
    for (const auto& c : facilitators_) send(c, Topic::facilitator, r);
  }
  if (dirty_.activity) {
    const auto& r = render_activity(core::activity_view(state_));
    for_each_client([&](const ClientPtr& c) { send(c, Topic::activity, r); });
  }
  if (dirty_.console) {
    const auto& r = render_console();
    for (const auto& c : facilitators_) send(c, Topic::console, r);
  }
  auto push_me = [this](const std::string& participant_id, const std::vector<ClientPtr>& clients) {
    const auto& r = me_frame(participant_id);
    for (const auto& c : clients) send(c, Topic::me, r);
  };
  if (dirty_every_me_) {
    for (const auto& [participant_id, clients] : participants_) push_me(participant_id, clients);
  } else {
    std::sort(dirty_me_.begin(), dirty_me_.end());
    dirty_me_.erase(std::unique(dirty_me_.begin(), dirty_me_.end()), dirty_me_.end());
    for (const auto& participant_id : dirty_me_) {
      auto it = participants_.find(participant_id);
      if (it != participants_.end()) push_me(participant_id, it->second);
    }
  }
  push_rooms();
  dirty_ = {};
  dirty_me_.clear();
  dirty_every_me_ = false;
}

void SessionHost::push_rooms() {
  if (!dirty_every_room_ && dirty_rooms_.empty()) return;
  // What every room view shares is built once for the lot (a step change renders every member's view).
  RoomViewText views(state_);
  auto push_to = [&](const std::string& participant_id, const std::vector<ClientPtr>& clients) {
    const auto& r = room_frame(participant_id, views);
    for (const auto& c : clients) send(c, Topic::room, r);
  };
  if (dirty_every_room_) {
    for (const auto& [participant_id, clients] : participants_) push_to(participant_id, clients);
  } else if (const core::Breakouts* b = core::current_breakouts(state_)) {
    // A room-local change re-renders that room's members only (issue 19: marking every room made each help
    // request or observer's note cost a render per participant).
    std::sort(dirty_rooms_.begin(), dirty_rooms_.end());
    dirty_rooms_.erase(std::unique(dirty_rooms_.begin(), dirty_rooms_.end()), dirty_rooms_.end());
    for (int room : dirty_rooms_) {
      if (room < 0 || static_cast<std::size_t>(room) >= b->rooms.size()) continue;
      for (const auto& participant_id : b->rooms[static_cast<std::size_t>(room)].members) {
        auto it = participants_.find(participant_id);
        if (it != participants_.end()) push_to(participant_id, it->second);
      }
    }
  }
  dirty_every_room_ = false;
  dirty_rooms_.clear();
}

bool SessionHost::room_pending(const std::string& participant_id) const {
  if (dirty_every_room_) return true;
  if (dirty_rooms_.empty()) return false;
  const core::Breakouts* b = core::current_breakouts(state_);
  const auto room = b ? b->room_of(participant_id) : std::nullopt;
  return room && std::find(dirty_rooms_.begin(), dirty_rooms_.end(), static_cast<int>(*room)) != dirty_rooms_.end();
}

const RenderedTopic& SessionHost::room_frame(const std::string& participant_id) {
  RoomViewText views(state_);
  return room_frame(participant_id, views);
}

const RenderedTopic& SessionHost::room_frame(const std::string& participant_id, RoomViewText& views) {
  return render_text(Topic::room, views.of(participant_id), room_[participant_id]);
}

void SessionHost::run_and_ack(const ClientPtr& client, const protocol::RequestId& id, core::Command command) {
  if (run(client, id, client->binding().actor, std::move(command))) ack(client, id);
}

void SessionHost::send_snapshots(const ClientPtr& client, bool again) {
  // On joining, a topic with a flush pending is left to that flush: the client is subscribed already, and
  // the frame held now would show the session as it was before this very join. A resync gets everything
  // now (the flush then sends only what changed).
  auto pending = [again](bool dirty) { return dirty && !again; };
  auto latest = [this](Topic t) -> const RenderedTopic& { return latest_[static_cast<std::size_t>(t)]; };
  if (!pending(dirty_.session)) send(client, Topic::session, latest(Topic::session), again);
  // A roster change waiting for its push (people_) is this very join, often: the push brings it.
  if (client->binding().projector) {
    // The wall shows what everyone may see: no roster, no private topic.
    if (!pending(dirty_.activity)) send(client, Topic::activity, latest(Topic::activity), again);
    return;
  }
  if (!pending(dirty_.roster || people_.due())) {
    const bool facilitator = client->binding().actor.kind == core::Actor::Kind::facilitator;
    send(client, Topic::roster, facilitator ? latest(Topic::roster) : participant_roster_, again);
  }
  if (!pending(dirty_.activity)) send(client, Topic::activity, latest(Topic::activity), again);
  const auto& actor = client->binding().actor;
  if (actor.kind == core::Actor::Kind::facilitator) {
    if (!pending(dirty_.facilitator)) send(client, Topic::facilitator, latest(Topic::facilitator), again);
    if (!pending(dirty_.console)) send(client, Topic::console, latest(Topic::console), again);
  } else if (actor.kind == core::Actor::Kind::participant) {
    const bool me_pending =
        dirty_every_me_ || std::find(dirty_me_.begin(), dirty_me_.end(), actor.participant_id) != dirty_me_.end();
    if (!pending(me_pending)) send(client, Topic::me, me_frame(actor.participant_id), again);
    if (!pending(room_pending(actor.participant_id))) send(client, Topic::room, room_frame(actor.participant_id), again);
  }
}

void SessionHost::unsubscribe(const ClientPtr& client) {
  audience_.remove(client);
  const auto& actor = client->binding().actor;
  if (client->binding().projector) {
    std::erase(projectors_, client);
  } else if (actor.kind == core::Actor::Kind::facilitator) {
    std::erase(facilitators_, client);
  } else if (actor.kind == core::Actor::Kind::participant) {
    auto it = participants_.find(actor.participant_id);
    if (it == participants_.end()) return;
    std::erase(it->second, client);
    if (it->second.empty()) {
      participants_.erase(it);
      // Gone for good (left or removed): nobody will hold their own topics again. Someone merely offline
      // keeps them, so a reconnect finds the versions it held.
      if (const core::Participant* p = state_.find(actor.participant_id); !p || !p->active) {
        me_.erase(actor.participant_id);
        room_.erase(actor.participant_id);
      }
    }
  }
  if (facilitators_.empty() && participants_.empty()) empty_since_ = clock_();
}

void SessionHost::remove_joined_since(const ClientPtr& client, const protocol::RequestId& id, const core::Actor& actor,
                                      std::int64_t since) {
  auto outcome = core::decide(state_, actor, core::RemoveJoinedSince{since}, clock_());
  if (!outcome.ok()) {
    refuse(client, id, outcome.rejection->code, outcome.rejection->message);
    return;
  }
  std::vector<std::string> removed;
  for (const auto& e : outcome.events) {
    if (const auto* left = std::get_if<core::ParticipantLeft>(&e)) removed.push_back(left->participant_id);
  }
  commit(outcome.events);
  const nlohmann::json result = {{"removed", removed.size()}};  // before `removed` moves into the closer
  ack(client, id, result, [this, removed = std::move(removed)] {
    for (const auto& who : removed) close_participant(who, "removed by the facilitator");
  });
}

void SessionHost::close_participant(const std::string& participant_id, std::string reason) {
  auto it = participants_.find(participant_id);
  if (it == participants_.end()) return;
  for (const auto& c : it->second) c->close(1000, reason);
}

}  // namespace huddle::hub
