#pragma once
// Everything that went wrong in a run, counted by kind, so a report can say "0 errors" and mean it: failed
// opens (connect or upgrade, by reason), connections the server closed, error replies (by code), frames
// the tool could not read, and steps that did not finish in time.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace huddle::load {

class ErrorCounts {
 public:
  void open_failed(const std::string& reason) { ++open_failed_[reason]; }
  void closed(const std::string& reason) { ++closed_[reason]; }
  void error_reply(const std::string& code) { ++error_replies_[code]; }
  void unreadable_frame() { ++unreadable_frames_; }
  void timed_out(const std::string& step) { timeouts_.push_back(step); }

  std::size_t total() const;
  nlohmann::json to_json() const;

 private:
  std::map<std::string, std::size_t> open_failed_, closed_, error_replies_;
  std::size_t unreadable_frames_ = 0;
  std::vector<std::string> timeouts_;
};

}  // namespace huddle::load
