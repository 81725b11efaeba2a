// libFuzzer target: scenario::parse_scenario on any text (a facilitator's file, or the scenario a journal
// stores). An error list must describe itself; an accepted scenario must parse again from its stored source
// (replay does exactly that), and must run: every phase is started in turn and each time every view and the
// report are built, so the checker never lets through a script that the session rules then trip over.
// HUDDLE_FUZZ_VERBOSE=1 prints the errors of a refused scenario.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "core/rules.hpp"
#include "fuzz_support.hpp"
#include "scenario/scenario_parser.hpp"

using namespace huddle;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = scenario::parse_scenario(text, "");
  if (auto* errors = std::get_if<std::vector<scenario::ScenarioError>>(&parsed)) {
    fuzz::check(!errors->empty(), "a scenario was refused with no error");
    if (std::getenv("HUDDLE_FUZZ_VERBOSE")) {
      for (const auto& e : *errors) std::fprintf(stderr, "%s\n", e.describe().c_str());
    }
    for (const auto& e : *errors) {
      fuzz::check(!e.message.empty(), "a scenario error has no message");
      fuzz::check(e.line >= 0 && e.column >= 0, "a scenario error has a negative place");
      (void)e.describe();
    }
    return 0;
  }
  auto accepted = std::get<std::shared_ptr<const core::Scenario>>(parsed);
  fuzz::check(accepted != nullptr, "parse_scenario accepted a null scenario");
  fuzz::check(!accepted->phases.empty(), "a scenario without phases was accepted");
  fuzz::check(accepted->source == text, "the scenario's source is not the text it was parsed from");
  fuzz::check(std::holds_alternative<std::shared_ptr<const core::Scenario>>(scenario::parse_scenario(accepted->source, "")),
              "an accepted scenario does not parse again from its source (replay would fail)");

  core::SessionState state;
  core::Millis now = 1'800'000'000'000;
  core::apply(state, core::create_session("FUZZ01", "hash", accepted, 10, now));
  fuzz::check_views(state, now);
  for (std::size_t i = 0; i < accepted->phases.size() && i < 64; ++i) {
    now += 1000;
    auto outcome = core::decide(state, core::Actor::facilitator(), core::NextPhase{}, now);
    fuzz::check(outcome.ok(), "phase.next refused on an accepted scenario");
    for (const auto& e : outcome.events) core::apply(state, e);
    fuzz::check_phase_and_activity(state);
    fuzz::check_views(state, now);
    now += 3'600'000;  // past every timer: the Tick closes polls and expires (or auto-advances) the phase
    auto tick = core::decide(state, core::Actor::system(), core::Tick{}, now);
    for (const auto& e : tick.events) core::apply(state, e);
    fuzz::check_phase_and_activity(state);
    if (state.phase && static_cast<std::size_t>(*state.phase) > i) i = static_cast<std::size_t>(*state.phase);
  }
  fuzz::check_views(state, now);
  return 0;
}
