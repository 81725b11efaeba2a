#pragma once
// The human summary of a run's report: one line per workload with the numbers a reader looks for first
// (latency to every client, messages, server CPU per message, memory), then the errors. The JSON file has
// everything else.
#include <ostream>

#include <nlohmann/json.hpp>

namespace huddle::load {

class ReportPrinter {
 public:
  explicit ReportPrinter(std::ostream& out) : out_(out) {}
  void print(const nlohmann::json& report);

 private:
  void section(const std::string& name, const nlohmann::json& s);
  void attack(const nlohmann::json& report);
  void breakouts(const nlohmann::json& b);
  std::ostream& out_;
};

}  // namespace huddle::load
