#include "core/fishbowl/fishbowl_views.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/fishbowl_rules.hpp"

namespace huddle::core {

using json = nlohmann::json;

namespace {

json name_of(const SessionState& s, const std::string& participant_id) {
  if (participant_id.empty()) return nullptr;
  const Participant* p = s.find(participant_id);
  return p ? json(p->name) : json(nullptr);
}

json observation_view(const SessionState& s, const Observation& o) {
  return {{"observationId", o.id}, {"text", o.text}, {"name", name_of(s, o.author_id)}};
}

json public_view(const SessionState& s, const Fishbowl& f, int phase) {
  const FishbowlSettings& settings = f.settings();
  json seats = json::array();
  for (std::size_t i = 0; i < f.seats().size(); ++i) {
    const FishbowlSeat& seat = f.seats()[i];
    seats.push_back({{"seat", i + 1},
                     {"emptyChair", static_cast<int>(i) == settings.empty_chair_index()},
                     {"participantId", seat.free() ? json(nullptr) : json(seat.participant_id)},
                     {"name", name_of(s, seat.participant_id)},
                     {"since", seat.free() ? json(nullptr) : json(seat.since)}});
  }
  json queue = json::array();
  for (const auto& id : f.queue()) queue.push_back({{"participantId", id}, {"name", name_of(s, id)}});
  json talk = json::array();
  for (const auto& t : f.talk()) {
    const auto seat = f.seat_of(t.participant_id);
    talk.push_back({{"participantId", t.participant_id},
                    {"name", name_of(s, t.participant_id)},
                    {"ms", t.ms},
                    {"seatedSince", seat ? json(f.seats()[static_cast<std::size_t>(*seat)].since) : json(nullptr)},
                    {"turns", t.turns}});
  }
  json surfaced = json::array();
  for (const auto& id : f.surfaced()) {
    if (const Observation* o = f.find_observation(id)) surfaced.push_back(observation_view(s, *o));
  }
  return {{"phase", phase},
          {"topic", settings.topic},
          {"prompt", settings.prompt},
          {"seating", settings.volunteer ? "volunteer" : "facilitator"},
          {"observations", settings.named ? "named" : "anonymous"},
          {"seats", std::move(seats)},
          {"queue", std::move(queue)},
          {"talk", std::move(talk)},
          {"surfaced", std::move(surfaced)},
          {"observationCount", f.observations().size()}};
}

}  // namespace

json fishbowl_public_view(const SessionState& s) {
  const Fishbowl* f = current_fishbowl(s);
  return f ? public_view(s, *f, *s.phase) : json(nullptr);
}

json fishbowl_console_view(const SessionState& s) {
  const Fishbowl* f = current_fishbowl(s);
  if (!f) return nullptr;
  json view = public_view(s, *f, *s.phase);
  json all = json::array();
  bool guessable = false;
  for (auto it = f->observations().rbegin(); it != f->observations().rend(); ++it) {
    json o = observation_view(s, *it);
    o["surfaced"] = it->surfaced;
    o["guessable"] = it->guessable;
    guessable = guessable || it->guessable;
    all.push_back(std::move(o));
  }
  view["all"] = std::move(all);
  // Anonymous observations held until K people have written (fishbowl_rules.cpp), and the warning the
  // console shows when some went out to a smaller outer circle.
  const std::size_t k = observation_release_writers;
  view["waiting"] = f->held_count();
  view["releaseWriters"] = f->settings().named ? json(nullptr) : json(k);
  view["warning"] = guessable ? json("Fewer than " + std::to_string(k) +
                                     " people are watching: the authors of these observations may be guessable.")
                              : json(nullptr);
  return view;
}

json fishbowl_report(const SessionState& s, Millis now) {
  json out = json::array();
  for (const auto& [phase, f] : s.activity.fishbowls) {
    std::vector<Millis> ms;
    Millis total = 0;
    for (const auto& t : f.talk()) {
      const auto seat = f.seat_of(t.participant_id);
      const Millis since = seat ? f.seats()[static_cast<std::size_t>(*seat)].since : now;
      ms.push_back(t.ms + std::max<Millis>(0, now - since));
      total += ms.back();
    }
    json talk = json::array();
    for (std::size_t i = 0; i < f.talk().size(); ++i) {
      const TalkTime& t = f.talk()[i];
      // A share to three decimals: enough for a percentage with one decimal on screen.
      const double share = total > 0 ? std::round(static_cast<double>(ms[i]) * 1000.0 / static_cast<double>(total)) / 1000.0 : 0.0;
      talk.push_back({{"name", name_of(s, t.participant_id)}, {"ms", ms[i]}, {"share", share}, {"turns", t.turns}});
    }
    json observations = json::array();
    for (const auto& o : f.observations()) {
      observations.push_back({{"text", o.text}, {"name", name_of(s, o.author_id)}, {"surfaced", o.surfaced}});
    }
    const auto& settings = f.settings();
    out.push_back({{"phase", phase},
                   {"title", s.scenario->phases[static_cast<std::size_t>(phase)].title},
                   {"topic", settings.topic},
                   {"seats", settings.seats},
                   {"emptyChair", settings.empty_chair},
                   {"talk", std::move(talk)},
                   {"observations", std::move(observations)}});
  }
  return out;
}

}  // namespace huddle::core
