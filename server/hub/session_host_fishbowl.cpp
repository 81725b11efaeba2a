// SessionHost: the fishbowl requests. Each runs on the session's strand like every other request (see
// session_host.cpp) and ends in exactly one reply.
//
// Anonymity: an anonymous observation reaches the rules without its writer (WriteObservation has no author;
// decide_write_observation adds one only in a named fishbowl). The per-person count and pace are kept by
// `observers_` in memory, as for cards, and the ack carries no observation id. Anonymous observations wait in
// a pen until K different present writers have written (the same count as for cards, card_writers.hpp).
#include "core/fishbowl_rules.hpp"
#include "hub/replies.hpp"
#include "hub/secrets.hpp"
#include "hub/session_host.hpp"

namespace huddle::hub {

using protocol::ErrorCode;

void SessionHost::fishbowl_tap_in(const ClientPtr& client, const protocol::RequestId& id, const protocol::FishbowlTapIn& r) {
  const core::Actor actor = client->binding().actor;
  if (!run(client, id, actor, core::TapIn{r.empty_chair})) return;
  const core::Fishbowl* f = core::current_fishbowl(state_);
  const auto seat = f->seat_of(actor.participant_id);
  const auto place = f->queue_place(actor.participant_id);
  ack(client, id,
            {{"seated", seat.has_value()},
             {"seat", seat ? nlohmann::json(*seat + 1) : nlohmann::json(nullptr)},
             {"queuePosition", place ? nlohmann::json(*place + 1) : nlohmann::json(nullptr)}});
}

void SessionHost::fishbowl_seat(const ClientPtr& client, const protocol::RequestId& id, const protocol::FishbowlSeat& r) {
  if (!run(client, id, client->binding().actor, core::SeatInFishbowl{r.participant_id, r.seat - 1})) return;
  const auto seat = core::current_fishbowl(state_)->seat_of(r.participant_id);
  ack(client, id, {{"seat", seat.value_or(-1) + 1}});
}

void SessionHost::fishbowl_observe(const ClientPtr& client, const protocol::RequestId& id,
                                   const protocol::FishbowlObserve& r) {
  const core::Actor actor = client->binding().actor;
  const std::string content = digest("fishbowl.observe\n" + r.text);
  if (answered_before_writing(client, id, content, observers_, core::current_fishbowl(state_) != nullptr, "observation")) {
    return;
  }
  const core::Millis now = clock_();
  const int phase = state_.phase.value_or(-1);
  const std::string& who = actor.participant_id;
  if (!run(client, id, actor,
           core::WriteObservation{random_id("o-"), r.text, observers_.written(who, phase),
                                  observers_.writers_waiting_with(who, phase, present()), random_u64()})) {
    return;
  }
  observers_.wrote(who, phase, now);
  // A release in this very request already emptied the pen; the commit hook saw it before wrote() ran.
  if (const core::Fishbowl* f = core::current_fishbowl(state_); f && f->held_count() == 0) observers_.released(phase);
  const std::size_t written = observers_.written(who, phase);
  const std::size_t most = core::max_observations_per_person;
  nlohmann::json result = {{"observationsLeft", most > written ? most - written : 0}};
  recent(actor).remember(id, content, result);
  mark({.me = who});
  ack(client, id, result);
}

void SessionHost::fishbowl_surface(const ClientPtr& client, const protocol::RequestId& id,
                                   const protocol::FishbowlSurface& r) {
  if (!run(client, id, client->binding().actor, core::SurfaceObservation{r.observation_id, r.surfaced})) return;
  ack(client, id, {{"observationId", r.observation_id}, {"surfaced", r.surfaced}});
}

}  // namespace huddle::hub
