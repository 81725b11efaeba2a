#pragma once
// One line on stderr per step of a run, with the seconds since the run began, so a long run (a 10k join
// can take minutes) shows where it is, and a run that times out shows where it stopped.
#include <cstdio>
#include <string>

#include "micros.hpp"

namespace huddle::load {

class ProgressLog {
 public:
  void note(const std::string& text) const {
    std::fprintf(stderr, "[%8.1f s] %s\n", static_cast<double>(now_us() - started_) / 1e6, text.c_str());
  }

 private:
  Micros started_ = now_us();
};

}  // namespace huddle::load
