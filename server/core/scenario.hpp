#pragma once
// A validated scenario script. A session keeps the one it started with, whatever happens to the file later.
#include <string>
#include <vector>

#include "core/phase.hpp"

namespace huddle::core {

struct Scenario {
  std::string id;
  std::string title;
  std::string description;
  std::vector<std::string> competencies;
  int duration_minutes = 0;
  std::string mode = "facilitated";  // or "pod"
  std::string language = "en";       // the BCP 47 tag of the language its text is written in
  std::vector<Phase> phases;
  std::string source;  // the file's text, journaled with the session so replay rebuilds the same scenario
};

}  // namespace huddle::core
