#include "core/fishbowl_rules.hpp"

#include <variant>

#include "core/cards/card_text.hpp"
#include "core/overloaded.hpp"

namespace huddle::core {

using protocol::ErrorCode;

namespace {

Fishbowl* fishbowl_of(SessionState& s, int phase) {
  auto it = s.activity.fishbowls.find(phase);
  return it == s.activity.fishbowls.end() ? nullptr : &it->second;
}

Outcome not_fishbowl() { return Outcome::refuse(ErrorCode::phase_invalid, "The current phase is not a fishbowl."); }

// `seat` is freed at `now`; when people seat themselves, the first in the queue takes it.
void free_seat(const SessionState& s, const Fishbowl& f, int seat, Millis now, std::vector<Event>& out) {
  out.push_back(FishbowlSeated{*s.phase, seat, "", now});
  if (f.settings().volunteer && !f.queue().empty()) out.push_back(FishbowlSeated{*s.phase, seat, f.queue().front(), now});
}

}  // namespace

const Fishbowl* current_fishbowl(const SessionState& s) {
  if (!s.phase) return nullptr;
  auto it = s.activity.fishbowls.find(*s.phase);
  return it == s.activity.fishbowls.end() ? nullptr : &it->second;
}

Outcome decide_tap_in(const SessionState& s, const Actor& actor, const TapIn& c, Millis now) {
  const Fishbowl* f = current_fishbowl(s);
  if (!f) return not_fishbowl();
  const std::string& who = actor.participant_id;
  if (f->seat_of(who)) return Outcome::refuse(ErrorCode::invalid_field, "You are already in the inner circle.");
  std::optional<int> seat;
  if (c.empty_chair) {
    const int chair = f->settings().empty_chair_index();
    if (chair < 0) return Outcome::refuse(ErrorCode::invalid_field, "This fishbowl has no empty chair.");
    if (f->seats()[static_cast<std::size_t>(chair)].free()) seat = chair;
  } else if (f->settings().volunteer) {
    seat = f->free_inner_seat();
  }
  if (seat) return Outcome{{FishbowlSeated{*s.phase, *seat, who, now}}, {}};
  if (f->queue_place(who)) return Outcome{};  // already waiting: keeps their place
  return Outcome{{FishbowlQueued{*s.phase, who, true}}, {}};
}

Outcome decide_tap_out(const SessionState& s, const Actor& actor, Millis now) {
  const Fishbowl* f = current_fishbowl(s);
  if (!f) return not_fishbowl();
  Outcome out;
  out.events = fishbowl_leaver_events(s, actor.participant_id, now);
  if (out.events.empty()) return Outcome::refuse(ErrorCode::invalid_field, "You are not in the inner circle or its queue.");
  return out;
}

Outcome decide_seat(const SessionState& s, const SeatInFishbowl& c, Millis now) {
  const Fishbowl* f = current_fishbowl(s);
  if (!f) return not_fishbowl();
  const Participant* p = s.find(c.participant_id);
  if (!p || !p->active) return Outcome::refuse(ErrorCode::participant_not_found, "That participant is not in the session.");
  const int count = f->settings().seat_count();
  if (c.seat < -1 || c.seat >= count) {
    return Outcome::refuse(ErrorCode::invalid_field,
                           "There is no seat " + std::to_string(c.seat + 1) + "; the seats are 1 to " + std::to_string(count) + ".");
  }
  std::optional<int> seat = c.seat >= 0 ? std::optional<int>(static_cast<int>(c.seat)) : f->free_inner_seat();
  if (!seat) {
    return Outcome::refuse(ErrorCode::invalid_field, "All inner seats are taken: choose a seat to give, or unseat someone first.");
  }
  if (f->seat_of(c.participant_id) == seat) return Outcome{};
  Outcome out;
  // Whoever sits there goes back to the outer circle; the seat the newcomer leaves, if any, is freed. Its
  // refill from the queue, in volunteer seating, is what a tap out would cause.
  const auto before = f->seat_of(c.participant_id);
  out.events.push_back(FishbowlSeated{*s.phase, *seat, c.participant_id, now});
  if (before && f->settings().volunteer) {
    for (const auto& waiting : f->queue()) {
      if (waiting == c.participant_id) continue;
      out.events.push_back(FishbowlSeated{*s.phase, *before, waiting, now});
      break;
    }
  }
  return out;
}

Outcome decide_unseat(const SessionState& s, const UnseatFromFishbowl& c, Millis now) {
  const Fishbowl* f = current_fishbowl(s);
  if (!f) return not_fishbowl();
  Outcome out;
  out.events = fishbowl_leaver_events(s, c.participant_id, now);
  if (out.events.empty()) return Outcome::refuse(ErrorCode::invalid_field, "That person is not in the inner circle or its queue.");
  return out;
}

Outcome decide_write_observation(const SessionState& s, const Actor& actor, const WriteObservation& c) {
  const Fishbowl* f = current_fishbowl(s);
  if (!f) return not_fishbowl();
  if (f->seat_of(actor.participant_id)) {
    return Outcome::refuse(ErrorCode::forbidden, "The inner circle talks; observations come from the outer circle.");
  }
  if (c.written >= max_observations_per_person) {
    return Outcome::refuse(ErrorCode::rate_limited, "You have written " + std::to_string(c.written) +
                                                        " observations in this fishbowl, the most it takes from one person.");
  }
  if (f->observations().size() + f->held_count() >= max_observations_per_fishbowl) {
    return Outcome::refuse(ErrorCode::rate_limited, "This fishbowl holds no more observations (" +
                                                        std::to_string(max_observations_per_fishbowl) + ").");
  }
  auto cleaned = clean_observation_text(c.text, max_observation_chars);
  if (auto* rejection = std::get_if<Rejection>(&cleaned)) return Outcome{{}, *rejection};
  std::string text = std::get<std::string>(std::move(cleaned));
  if (f->settings().named) return Outcome{{ObservationWritten{*s.phase, c.observation_id, std::move(text), actor.participant_id}}, {}};
  // Anonymous: into the pen, and the pen out once K different present people have observations in it
  // (counted by the hub, which alone knows writers; card_writers.hpp says who counts). When the outer circle
  // itself is smaller than K, waiting would hold them forever: they go out now, marked guessable, and the
  // facilitator's console says so.
  Outcome out{{ObservationHeld{*s.phase, c.observation_id, std::move(text)}}, {}};
  const std::size_t k = observation_release_writers;
  if (outer_circle_size(s, *f) < k) out.events.push_back(ObservationsReleased{*s.phase, c.seed, true});
  else if (c.writers_waiting >= k) out.events.push_back(ObservationsReleased{*s.phase, c.seed, false});
  return out;
}

std::size_t outer_circle_size(const SessionState& s, const Fishbowl& f) {
  std::size_t n = 0;
  for (const auto& p : s.participants) {
    if (p.active && !f.seat_of(p.id)) ++n;
  }
  return n;
}

Outcome decide_surface_observation(const SessionState& s, const SurfaceObservation& c) {
  const Fishbowl* f = current_fishbowl(s);
  if (!f) return not_fishbowl();
  const Observation* o = f->find_observation(c.observation_id);
  if (!o) return Outcome::refuse(ErrorCode::invalid_field, "There is no observation with that id in this fishbowl.");
  if (o->surfaced == c.surfaced) return Outcome{};
  return Outcome{{ObservationSurfaced{*s.phase, c.observation_id, c.surfaced}}, {}};
}

std::vector<Event> fishbowl_leaver_events(const SessionState& s, const std::string& participant_id, Millis now) {
  std::vector<Event> out;
  const Fishbowl* f = current_fishbowl(s);
  if (!f) return out;
  if (auto seat = f->seat_of(participant_id)) free_seat(s, *f, *seat, now, out);
  else if (f->queue_place(participant_id)) out.push_back(FishbowlQueued{*s.phase, participant_id, false});
  return out;
}

void change_phase_fishbowl(SessionState& s, std::optional<int> next, Millis at) {
  if (s.phase) {
    if (Fishbowl* f = fishbowl_of(s, *s.phase)) f->clear(at);
  }
  if (!next) return;
  const Phase& phase = s.scenario->phases[static_cast<std::size_t>(*next)];
  if (phase.activity_kind == "fishbowl") s.activity.fishbowls.try_emplace(*next, FishbowlSettings::from_activity(phase.activity));
}

void end_fishbowls(SessionState& s, Millis at) {
  for (auto& [phase, f] : s.activity.fishbowls) f.clear(at);
}

void apply_fishbowl(SessionState& s, const Event& event) {
  std::visit(overloaded{
                 [&](const FishbowlSeated& e) {
                   if (Fishbowl* f = fishbowl_of(s, e.phase)) f->seat(e.seat, e.participant_id, e.at);
                 },
                 [&](const FishbowlQueued& e) {
                   if (Fishbowl* f = fishbowl_of(s, e.phase)) f->set_queued(e.participant_id, e.queued);
                 },
                 [&](const ObservationWritten& e) {
                   if (Fishbowl* f = fishbowl_of(s, e.phase)) f->add_observation({e.observation_id, e.text, e.author_id, false});
                 },
                 [&](const ObservationHeld& e) {
                   if (Fishbowl* f = fishbowl_of(s, e.phase)) f->hold(e.observation_id, e.text);
                 },
                 [&](const ObservationsReleased& e) {
                   if (Fishbowl* f = fishbowl_of(s, e.phase)) f->release_held(e.seed, e.guessable);
                 },
                 [&](const ObservationSurfaced& e) {
                   if (Fishbowl* f = fishbowl_of(s, e.phase)) f->set_surfaced(e.observation_id, e.surfaced);
                 },
                 [](const auto&) {},
             },
             event);
}

}  // namespace huddle::core
