#pragma once
// The fishbowl of one phase: who sits in the inner circle, who waits to come in, everyone's time in a seat,
// and the outer circle's observations. Kept when the phase is left (the report reads it) and found again on
// coming back, with empty seats.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/fishbowl/fishbowl_seat.hpp"
#include "core/fishbowl/fishbowl_settings.hpp"
#include "core/fishbowl/observation.hpp"
#include "core/fishbowl/talk_time.hpp"
#include "core/millis.hpp"

namespace huddle::core {

class Fishbowl {
 public:
  explicit Fishbowl(FishbowlSettings settings);

  const FishbowlSettings& settings() const { return settings_; }
  const std::vector<FishbowlSeat>& seats() const { return seats_; }
  const std::vector<std::string>& queue() const { return queue_; }
  const std::vector<TalkTime>& talk() const { return talk_; }  // in the order people first sat down
  const std::vector<Observation>& observations() const { return observations_; }  // in the order written
  const std::vector<std::string>& surfaced() const { return surfaced_; }  // observation ids, in surfacing order

  std::optional<int> seat_of(const std::string& participant_id) const;
  // 0-based place in the queue.
  std::optional<std::size_t> queue_place(const std::string& participant_id) const;
  // The first free inner seat (never the empty chair).
  std::optional<int> free_inner_seat() const;
  const Observation* find_observation(const std::string& id) const;

  // Puts `participant_id` in `seat` at `at`: whoever sat there goes back to the outer circle, a seat they
  // held before is freed, and they leave the queue. An empty id frees the seat.
  void seat(int seat, const std::string& participant_id, Millis at);
  void set_queued(const std::string& participant_id, bool queued);
  // Everyone stands up at `at` and the queue empties (the phase was left or the session ended).
  void clear(Millis at);
  void add_observation(Observation observation);
  // Anonymous observations wait in a holding pen, keyed by their random id (so not in arrival order), until
  // release_held() puts the whole pen on the record as one batch shuffled with `seed`: the rule that says
  // when is fishbowl_rules.cpp's. Nothing in the pen is readable, only how many wait.
  void hold(const std::string& id, std::string text);
  void release_held(std::uint64_t seed, bool guessable);
  std::size_t held_count() const { return held_.size(); }
  void set_surfaced(const std::string& id, bool surfaced);

 private:
  void stand_up(FishbowlSeat& seat, Millis at);
  TalkTime& talk_of(const std::string& participant_id);

  FishbowlSettings settings_;
  std::vector<FishbowlSeat> seats_;
  std::vector<std::string> queue_;
  std::vector<TalkTime> talk_;
  std::vector<Observation> observations_;
  std::map<std::string, std::string> held_;  // observation id -> text
  std::vector<std::string> surfaced_;
};

}  // namespace huddle::core
