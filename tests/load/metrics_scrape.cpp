#include "metrics_scrape.hpp"

#include <chrono>
#include <sstream>

#include "http_get.hpp"

namespace huddle::load {

boost::asio::awaitable<MetricsScrape::Values> MetricsScrape::read() {
  Values values;
  const auto response = co_await http_get(executor_, url_, "/metrics", std::chrono::seconds(5));
  if (response.status != 200) co_return values;
  std::istringstream lines(response.body);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.find(' ');
    if (space == std::string::npos) continue;
    try {
      values[line.substr(0, space)] = std::stod(line.substr(space + 1));
    } catch (const std::exception&) {
      // not a plain sample line; skip it
    }
  }
  co_return values;
}

nlohmann::json MetricsScrape::delta(const Values& earlier, const Values& later) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : later) {
    const auto before = earlier.find(name);
    if (before == earlier.end()) continue;
    const auto key = name.rfind("huddle_", 0) == 0 ? name.substr(7) : name;
    out[key] = value - before->second;
  }
  return out;
}

}  // namespace huddle::load
