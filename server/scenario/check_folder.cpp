#include "scenario/check_folder.hpp"

#include "scenario/programme_catalog.hpp"
#include "scenario/scenario_catalog.hpp"

namespace huddle::scenario {

int check_folder(const std::filesystem::path& dir, std::ostream& out, std::ostream& err) {
  int errors = 0;
  const auto report = [&](const ScenarioError& e) {
    err << e.describe() << '\n';
    ++errors;
  };
  ScenarioCatalog scenarios(dir, report);
  // A programme's errors name its file as it lies in the folder checked (programmes/NAME.json), so an editor
  // or CI annotation opens the right one.
  ProgrammeCatalog programmes(dir / "programmes", scenarios, [&](const ScenarioError& e) {
    ScenarioError named = e;
    named.file = (std::filesystem::path("programmes") / e.file).generic_string();
    report(named);
  });
  const auto valid_scenarios = scenarios.list();
  const auto valid_programmes = programmes.list();
  out << valid_scenarios.size() << " valid scenario(s), " << valid_programmes.size() << " valid programme(s), "
      << errors << " error(s) in " << dir.string() << '\n';
  return errors == 0 && !valid_scenarios.empty() ? 0 : 1;
}

}  // namespace huddle::scenario
